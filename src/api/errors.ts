import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type FieldIssue, isDomainError } from '../core/index.js';

/**
 * The one place where errors become HTTP: RFC 9457 problem details, with the path of each
 * bad field in `errors`.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `https://servio.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type('application/problem+json').send(body);
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Ajv's issues as field paths a client can act on (`/events/3/type: is required`). */
function validationIssues(error: FastifyError): FieldIssue[] {
  const context = error.validationContext ?? 'body';
  return ((error.validation ?? []) as AjvIssue[]).map((issue) => {
    let path = `/${context}${issue.instancePath}`;
    let message = issue.message ?? issue.keyword;
    if (issue.keyword === 'required') path += `/${String(issue.params.missingProperty)}`;
    if (issue.keyword === 'additionalProperties') {
      path += `/${String(issue.params.additionalProperty)}`;
      message = 'is not a known property';
    }
    if (issue.keyword === 'required') message = 'is required';
    if (issue.keyword === 'enum')
      message = `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}`;
    return { path, message };
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const instance = request.url;
    if (isDomainError(error)) {
      const issues = 'issues' in error ? (error.issues as FieldIssue[]) : undefined;
      return sendProblem(
        reply,
        // Details extend the problem; they never replace its standard members.
        {
          ...error.details,
          ...problem(error.status, error.code, error.message, {
            instance,
            ...(issues && issues.length > 0 ? { errors: issues } : {}),
          }),
        },
      );
    }
    if (error.validation) {
      const errors = validationIssues(error);
      const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      return sendProblem(reply, problem(400, 'invalid_request', detail, { instance, errors }));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(
        reply,
        problem(
          413,
          'body_too_large',
          `The request body is larger than ${app.initialConfig.bodyLimit} bytes`,
          { instance },
        ),
      );
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(
        reply,
        problem(
          415,
          'unsupported_media_type',
          `${error.message}: this route takes application/json (CSV imports take text/csv)`,
          { instance },
        ),
      );
    }
    if (error.statusCode === 429) {
      return sendProblem(reply, problem(429, 'rate_limited', error.message, { instance }));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, problem(error.statusCode, 'bad_request', error.message, { instance }));
    }
    // Two concurrent writes can both pass a service's checks; the database's constraints
    // then decide, and the loser gets the answer the check would have given.
    const database = error as unknown as { code?: string; constraint?: string; detail?: string };
    if (database.code === '23505') {
      return sendProblem(
        reply,
        problem(
          409,
          'duplicate',
          `A concurrent request created the same record (${database.detail ?? database.constraint})`,
          { instance },
        ),
      );
    }
    if (database.code === '23503') {
      return sendProblem(
        reply,
        problem(
          422,
          'reference_not_found',
          `A referenced record does not exist or was just removed (${database.detail ?? database.constraint})`,
          { instance },
        ),
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      problem(500, 'internal_error', 'An unexpected error occurred; it has been logged', { instance }),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`, {
        instance: request.url,
      }),
    ),
  );
}
