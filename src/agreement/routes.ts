import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { PageOf, responses } from '../core/index.js';
import {
  AgreementVersionSchema,
  AgreementVersionSummarySchema,
  ApproveBody,
  DocumentQuery,
  FormatQuery,
  ProposeJsonBody,
  ProposeQuery,
  ProposeYamlBody,
  RejectBody,
  ValidateJsonBody,
  ValidationResultSchema,
  VersionParams,
  VersionsQuery,
} from './schema.js';
import {
  activeAgreementVersion,
  approveAgreement,
  getAgreementVersion,
  listAgreementVersions,
  proposeAgreement,
  rejectAgreement,
} from './service.js';
import { renderSlaDocument } from './sla-document.js';
import { validateAgreement } from './validate.js';
import { parseAgreementYaml, toYaml, validateAgreementYaml } from './yaml.js';

const YAML_TYPES = ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/x-yaml'];
const YAML_REPLY = 'text/yaml; charset=utf-8';

/** JSON by default; with `format=yaml`, the document as YAML text. */
function jsonOrYaml(json: object) {
  return {
    ...responses({}),
    200: {
      description: 'the version (JSON), or its document as YAML with format=yaml',
      content: { 'application/json': { schema: json }, 'text/yaml': { schema: Type.String() } },
    },
  };
}

/** A body in one of the YAML types arrives as text; JSON bodies as objects. */
function bodySchemas(json: object, yaml: object) {
  return {
    content: {
      'application/json': { schema: json },
      ...Object.fromEntries(YAML_TYPES.map((type) => [type, { schema: yaml }])),
    },
  };
}

export const agreementRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  // Registered inside this plugin, so only these routes take YAML.
  app.addContentTypeParser(
    YAML_TYPES,
    { parseAs: 'string', bodyLimit: ctx.config.bodyLimitBytes },
    (_request, body, done) => done(null, body),
  );
  const tags = ['agreement'];

  app.get(
    '/v1/agreement',
    {
      schema: {
        summary: 'The agreement in force (format=yaml: the document as YAML)',
        tags,
        querystring: FormatQuery,
        response: jsonOrYaml(AgreementVersionSchema),
      },
    },
    async (request, reply) => {
      const active = await activeAgreementVersion(ctx);
      if (request.query.format !== 'yaml') return active;
      return reply.type(YAML_REPLY).send(toYaml(active.document, active));
    },
  );

  app.get(
    '/v1/agreement.yaml',
    {
      schema: {
        summary: 'The agreement in force as YAML, ready to edit and propose',
        tags,
        produces: ['text/yaml'],
        response: responses({ 200: Type.String() }),
      },
    },
    async (_request, reply) => {
      const active = await activeAgreementVersion(ctx);
      return reply.type(YAML_REPLY).send(toYaml(active.document, active));
    },
  );

  app.get(
    '/v1/agreement/document',
    {
      schema: {
        summary:
          'The agreement in force as the human SLA document (format=md: Markdown; html: a standalone page)',
        tags,
        querystring: DocumentQuery,
        produces: ['text/markdown', 'text/html'],
        response: responses({ 200: Type.String() }),
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'md';
      const text = renderSlaDocument(await activeAgreementVersion(ctx), format);
      return reply
        .type(format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8')
        .send(text);
    },
  );

  app.get(
    '/v1/agreement/versions',
    {
      schema: {
        summary: 'Every version of the agreement, newest first',
        tags,
        querystring: VersionsQuery,
        response: responses({ 200: PageOf(AgreementVersionSummarySchema) }),
      },
    },
    async (request) => {
      const { limit = 50, cursor, status } = request.query;
      return listAgreementVersions(ctx, { limit, cursor, status });
    },
  );

  app.get(
    '/v1/agreement/versions/:version',
    {
      schema: {
        summary: 'One version of the agreement with its approvals (format=yaml: the document as YAML)',
        tags,
        params: VersionParams,
        querystring: FormatQuery,
        response: jsonOrYaml(AgreementVersionSchema),
      },
    },
    async (request, reply) => {
      const found = await getAgreementVersion(ctx, request.params.version);
      if (request.query.format !== 'yaml') return found;
      return reply.type(YAML_REPLY).send(toYaml(found.document, found));
    },
  );

  app.post(
    '/v1/agreement/versions',
    {
      config: { permission: 'agreement:propose' },
      schema: {
        summary: 'Propose a new version: JSON { document, summary } or the document as YAML',
        description:
          'The version takes effect once a marketing and a sales approver have both approved it. Every error of the document is reported with its path (422).',
        tags,
        querystring: ProposeQuery,
        body: bodySchemas(ProposeJsonBody, ProposeYamlBody),
        response: responses({ 201: AgreementVersionSchema }),
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      const proposed =
        typeof body === 'string'
          ? await proposeAgreement(ctx, parseAgreementYaml(body), request.query.summary, request.principal)
          : await proposeAgreement(
              ctx,
              (body as { document: unknown }).document,
              (body as { summary?: string }).summary ?? request.query.summary,
              request.principal,
              { path: '/document' },
            );
      return reply.status(201).send(proposed);
    },
  );

  app.post(
    '/v1/agreement/versions/:version/approve',
    {
      config: { permission: 'agreement:approve' },
      schema: {
        summary: 'Approve a proposed version for one side; it takes effect once both sides have',
        description:
          'A marketing key approves the marketing side, a sales manager key the sales side; admin and revops keys say which side. The same approver cannot approve both sides (409).',
        tags,
        params: VersionParams,
        body: ApproveBody,
        response: responses({ 200: AgreementVersionSchema }),
      },
      // A marketing or sales manager key has nothing to say: no body is `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => approveAgreement(ctx, request.params.version, request.principal, request.body.side),
  );

  app.post(
    '/v1/agreement/versions/:version/reject',
    {
      config: { permission: 'agreement:approve' },
      schema: {
        summary: 'Reject a proposed version, saying why',
        tags,
        params: VersionParams,
        body: RejectBody,
        response: responses({ 200: AgreementVersionSchema }),
      },
    },
    async (request) => rejectAgreement(ctx, request.params.version, request.body.reason, request.principal),
  );

  app.post(
    '/v1/agreement/validate',
    {
      schema: {
        summary: 'Check a document (JSON { document } or YAML) without proposing it',
        tags,
        body: bodySchemas(ValidateJsonBody, ProposeYamlBody),
        response: responses({ 200: ValidationResultSchema }),
      },
    },
    async (request) => {
      const body = request.body as unknown;
      const result =
        typeof body === 'string'
          ? validateAgreementYaml(body)
          : validateAgreement((body as { document: unknown }).document);
      return { valid: result.valid, errors: result.errors };
    },
  );
};
