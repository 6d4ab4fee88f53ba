import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../app.js';
import { ActionBody, IdParams, responses } from '../core/index.js';
import {
  CreateWebhookBody,
  DeliveryPage,
  DeliveryQuery,
  DeliverySchema,
  OutboxPage,
  OutboxQuery,
  UpdateWebhookBody,
  WebhookListQuery,
  WebhookPage,
  WebhookSchema,
  WebhookWithSecretSchema,
} from './schema.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listOutbox,
  listWebhookDeliveries,
  listWebhooks,
  retryDelivery,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
} from './service.js';

const tags = ['webhooks'];
/**
 * Reads too: subscriptions name where data goes, and the outbox carries every person's
 * notifications, which a rep scoped to their own book must not see.
 */
const config = { permission: 'webhooks:manage' as const };

/** An action (rotate, test, retry) has no fields: an absent body counts as `{}`. */
async function absentBodyIsEmpty(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}

/** `/v1/webhooks`, `/v1/deliveries`, `/v1/outbox`: signed notifications out, and their log. */
export const notifyRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/webhooks',
    {
      config,
      schema: {
        summary: 'List webhook subscriptions (secrets are never shown again)',
        tags,
        querystring: WebhookListQuery,
        response: responses({ 200: WebhookPage }),
      },
    },
    async (request) => listWebhooks(ctx, request.query),
  );

  app.post(
    '/v1/webhooks',
    {
      config,
      schema: {
        summary: 'Subscribe a URL to notifications; the signing secret is returned once',
        tags,
        body: CreateWebhookBody,
        response: responses({ 201: WebhookWithSecretSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWebhook(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/webhooks/:id',
    {
      config,
      schema: {
        summary: 'Get a webhook subscription',
        tags,
        params: IdParams,
        response: responses({ 200: WebhookSchema }),
      },
    },
    async (request) => getWebhook(ctx, request.params.id),
  );

  app.patch(
    '/v1/webhooks/:id',
    {
      config,
      schema: {
        summary: 'Change a webhook subscription (url, events, format, active, description)',
        tags,
        params: IdParams,
        body: UpdateWebhookBody,
        response: responses({ 200: WebhookSchema }),
      },
    },
    async (request) => updateWebhook(ctx, request.params.id, request.body, request.principal),
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      config,
      schema: {
        summary: 'Remove a webhook subscription and its delivery log',
        tags,
        params: IdParams,
        response: responses({ 200: WebhookSchema }),
      },
    },
    async (request) => deleteWebhook(ctx, request.params.id, request.principal),
  );

  app.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      config,
      schema: {
        summary: 'Replace the signing secret; the new one is returned once and signs every later attempt',
        tags,
        params: IdParams,
        body: ActionBody,
        response: responses({ 200: WebhookWithSecretSchema }),
      },
      preValidation: absentBodyIsEmpty,
    },
    async (request) => rotateWebhookSecret(ctx, request.params.id, request.principal),
  );

  app.post(
    '/v1/webhooks/:id/test',
    {
      config,
      schema: {
        summary: 'Send a webhook.test notification to this subscription only',
        tags,
        params: IdParams,
        body: ActionBody,
        response: responses({ 202: DeliverySchema }),
      },
      preValidation: absentBodyIsEmpty,
    },
    async (request, reply) =>
      reply.status(202).send(await testWebhook(ctx, request.params.id, request.principal)),
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      config,
      schema: {
        summary: "A subscription's deliveries: attempts, last status code and error",
        tags,
        params: IdParams,
        querystring: DeliveryQuery,
        response: responses({ 200: DeliveryPage }),
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      return listWebhookDeliveries(ctx, request.params.id, { status }, { limit, cursor });
    },
  );

  app.post(
    '/v1/deliveries/:id/retry',
    {
      config,
      schema: {
        summary: 'Send a failed or dead delivery again (same delivery id, fresh retry schedule)',
        tags,
        params: IdParams,
        body: ActionBody,
        response: responses({ 200: DeliverySchema }),
      },
      preValidation: absentBodyIsEmpty,
    },
    async (request) => retryDelivery(ctx, request.params.id, request.principal),
  );

  app.get(
    '/v1/outbox',
    {
      config,
      schema: {
        summary: 'Published notifications, newest last, by type or subject',
        tags,
        querystring: OutboxQuery,
        response: responses({ 200: OutboxPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listOutbox(ctx, filter, { limit, cursor });
    },
  );
};
