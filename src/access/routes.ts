import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { permissionsOf } from './model.js';
import { ApiKeySchema, CreateApiKeyBody, CreatedApiKeySchema, WhoAmISchema } from './schema.js';
import { createApiKey, listKeys, revokeKey } from './service.js';

const tags = ['keys'];
const config = { permission: 'keys:manage' as const };

export const accessRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/me',
    {
      schema: {
        summary: 'Who the key is: its role, its user and what the role may do',
        tags,
        response: responses({ 200: WhoAmISchema }),
      },
    },
    async (request) => {
      const { kind, id, name, role, userId } = request.principal;
      return { kind, keyId: id, name, role, userId, permissions: [...permissionsOf(role)] };
    },
  );

  app.get(
    '/v1/keys',
    {
      config,
      schema: {
        summary: 'List API keys (secrets are never shown again)',
        tags,
        response: responses({ 200: Type.Object({ items: Type.Array(ApiKeySchema) }) }),
      },
    },
    async () => ({ items: await listKeys(ctx) }),
  );

  app.post(
    '/v1/keys',
    {
      config,
      schema: {
        summary: 'Create an API key with a role',
        tags,
        body: CreateApiKeyBody,
        response: responses({ 201: CreatedApiKeySchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiKey(ctx, request.body, request.principal)),
  );

  app.delete(
    '/v1/keys/:id',
    {
      config,
      schema: {
        summary: 'Revoke an API key',
        tags,
        params: IdParams,
        response: responses({ 200: ApiKeySchema }),
      },
    },
    async (request) => revokeKey(ctx, request.params.id, request.principal),
  );
};
