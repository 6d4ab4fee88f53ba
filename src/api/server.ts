import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Ctx } from '../app.js';
import { installAuth } from './auth.js';
import { installDashboard } from './dashboard.js';
import { installErrorHandling } from './errors.js';
import { healthRoutes } from './health.js';
import { installIdempotency } from './idempotency.js';
import { ROUTE_MODULES } from './modules.js';
import { ProblemSchema } from '../core/index.js';

export interface ServerOptions {
  /** Log each request (the server does; tests do not). */
  logRequests?: boolean;
  /** Where the built dashboard is (default web/dist); served at `/`. */
  dashboardDir?: string;
}

export const API_VERSION = '0.1.0';

/** The HTTP API: one Fastify instance, each capability's routes mounted as a plugin. */
export async function buildServer(ctx: Ctx, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    bodyLimit: ctx.config.bodyLimitBytes,
    // Unknown properties are refused, not silently dropped; query strings are coerced.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true, useDefaults: true },
    },
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ProblemSchema);
  installErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Servio Align API',
        version: API_VERSION,
        description:
          'The executable agreement between Marketing and Sales. Authenticate with `Authorization: Bearer <api key>`; errors are RFC 9457 problem details.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(rateLimit, {
    max: ctx.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.headers.authorization ?? request.ip,
    allowList: (request) => request.url === '/health',
  });

  installAuth(app, ctx);
  installIdempotency(app, ctx);

  await app.register(healthRoutes, { ctx });
  for (const routes of ROUTE_MODULES) await app.register(routes, { ctx });
  await installDashboard(app, options.dashboardDir);
  return app;
}
