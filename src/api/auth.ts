import type { FastifyInstance } from 'fastify';
import { authenticate, can, type Permission, type Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { ForbiddenError } from '../core/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** What the caller's role must grant; `read` when absent. */
    permission?: Permission;
    /** Answers without a key (health, the OpenAPI document, the docs). */
    public?: boolean;
  }
}

function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** Every route but the public ones needs a valid key (401) whose role grants the route (403). */
export function installAuth(app: FastifyInstance, ctx: Ctx): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const url = request.routeOptions.url;
    if (config.public || url === undefined || url === '/docs' || url.startsWith('/docs/')) return;
    const secret =
      bearer(request.headers.authorization) ?? (request.headers['x-api-key'] as string | undefined);
    request.principal = await authenticate(ctx, secret);
    const permission = config.permission ?? 'read';
    if (!can(request.principal.role, permission)) {
      throw new ForbiddenError(`The ${request.principal.role} role may not do this (needs ${permission})`, {
        role: request.principal.role,
        permission,
      });
    }
  });
}
