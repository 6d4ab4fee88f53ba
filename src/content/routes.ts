import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { ActionBody, IdParams, responses } from '../core/index.js';
import {
  archiveMessage,
  createMessage,
  editMessage,
  getMessage,
  listMessages,
  messageVersion,
  messageVersions,
  reviewMessage,
} from './messaging-service.js';
import {
  createRequest,
  getRequest,
  listRequests,
  requestTypes,
  transitionRequest,
  updateRequest,
} from './request-service.js';
import {
  ArchiveBody,
  AssetPage,
  AssetQuery,
  AssetSchema,
  CreateAssetBody,
  CreateMessageBody,
  CreateRequestBody,
  DeclineBody,
  DeliverBody,
  EditMessageBody,
  EffectivenessSchema,
  LogUsageBody,
  MessagePage,
  MessageQuery,
  MessageSchema,
  MessageVersionSchema,
  RequestPage,
  RequestQuery,
  RequestSchema,
  RequestTypeSchema,
  StaleSchema,
  UpdateAssetBody,
  UpdateRequestBody,
  UsagePage,
  UsageQuery,
  UsageSchema,
  VersionParams,
} from './schema.js';
import {
  assetEffectiveness,
  createAsset,
  getAsset,
  listUsage,
  logUsage,
  searchAssets,
  staleAssets,
  updateAsset,
} from './service.js';

const write = { permission: 'content:write' as const };

/** `/v1/content`, `/v1/messaging`, `/v1/content-requests`: issue 8's messaging consistency and content requests. */
export const contentRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  const library = ['content'];
  app.get(
    '/v1/content/assets',
    {
      schema: {
        summary: 'Search the content library by type, stage, persona, industry and words',
        tags: library,
        querystring: AssetQuery,
        response: responses({ 200: AssetPage }),
      },
    },
    async (request) => {
      const { limit, cursor, q, ...filter } = request.query;
      return searchAssets(ctx, { ...filter, text: q }, { limit, cursor });
    },
  );
  app.post(
    '/v1/content/assets',
    {
      config: write,
      schema: {
        summary: 'Add an asset to the library',
        tags: library,
        body: CreateAssetBody,
        response: responses({ 201: AssetSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await createAsset(ctx, request.body, request.principal)),
  );
  app.get(
    '/v1/content/assets/stale',
    {
      schema: {
        summary: 'Assets not sent for 90 days, or past their review or expiry day',
        tags: library,
        response: responses({ 200: StaleSchema }),
      },
    },
    async () => staleAssets(ctx),
  );
  app.get(
    '/v1/content/assets/:id',
    {
      schema: {
        summary: 'Get an asset',
        tags: library,
        params: IdParams,
        response: responses({ 200: AssetSchema }),
      },
    },
    async (request) => getAsset(ctx, request.params.id),
  );
  app.patch(
    '/v1/content/assets/:id',
    {
      config: write,
      schema: {
        summary: 'Change an asset (a new version), or retire it',
        tags: library,
        params: IdParams,
        body: UpdateAssetBody,
        response: responses({ 200: AssetSchema }),
      },
    },
    async (request) => updateAsset(ctx, request.params.id, request.body, request.principal),
  );
  app.post(
    '/v1/content/usage',
    {
      config: { permission: 'content:usage' as const },
      schema: {
        summary: 'Log an asset sent to a person and/or for an opportunity',
        tags: library,
        body: LogUsageBody,
        response: responses({ 201: UsageSchema }),
      },
    },
    async (request, reply) => {
      const { sentAt, ...rest } = request.body;
      return reply
        .status(201)
        .send(
          await logUsage(ctx, { ...rest, sentAt: sentAt ? new Date(sentAt) : undefined }, request.principal),
        );
    },
  );
  app.get(
    '/v1/content/usage',
    {
      schema: {
        summary: 'Assets sent, oldest first',
        tags: library,
        querystring: UsageQuery,
        response: responses({ 200: UsagePage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listUsage(ctx, filter, { limit, cursor });
    },
  );
  app.get(
    '/v1/content/effectiveness',
    {
      schema: {
        summary: 'Per asset: sends, influenced opportunities and won revenue',
        tags: library,
        querystring: Type.Object(
          { assetId: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: responses({ 200: EffectivenessSchema }),
      },
    },
    async (request) => assetEffectiveness(ctx, { assetId: request.query.assetId }),
  );

  const messaging = ['messaging'];
  app.get(
    '/v1/messaging',
    {
      schema: {
        summary: 'Value propositions, positioning, brand guidelines, talking points and battlecards',
        tags: messaging,
        querystring: MessageQuery,
        response: responses({ 200: MessagePage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listMessages(ctx, filter, { limit, cursor });
    },
  );
  app.post(
    '/v1/messaging',
    {
      config: write,
      schema: {
        summary: 'Write a messaging item (version 1)',
        tags: messaging,
        body: CreateMessageBody,
        response: responses({ 201: MessageSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMessage(ctx, request.body, request.principal)),
  );
  app.get(
    '/v1/messaging/:id',
    {
      schema: {
        summary: 'A messaging item as it now reads',
        tags: messaging,
        params: IdParams,
        response: responses({ 200: MessageSchema }),
      },
    },
    async (request) => getMessage(ctx, request.params.id),
  );
  app.patch(
    '/v1/messaging/:id',
    {
      config: write,
      schema: {
        summary: 'Edit a messaging item: a new version, the old ones stay readable',
        tags: messaging,
        params: IdParams,
        body: EditMessageBody,
        response: responses({ 200: MessageSchema }),
      },
    },
    async (request) => editMessage(ctx, request.params.id, request.body, request.principal),
  );
  app.get(
    '/v1/messaging/:id/versions',
    {
      schema: {
        summary: 'Every version of a messaging item, newest first',
        tags: messaging,
        params: IdParams,
        response: responses({ 200: Type.Array(MessageVersionSchema) }),
      },
    },
    async (request) => messageVersions(ctx, request.params.id),
  );
  app.get(
    '/v1/messaging/:id/versions/:version',
    {
      schema: {
        summary: 'One version of a messaging item',
        tags: messaging,
        params: VersionParams,
        response: responses({ 200: MessageVersionSchema }),
      },
    },
    async (request) => messageVersion(ctx, request.params.id, request.params.version),
  );
  app.post(
    '/v1/messaging/:id/review',
    {
      config: write,
      schema: {
        summary: 'Confirm the item still holds: the review date moves, the version does not',
        tags: messaging,
        params: IdParams,
        body: ActionBody,
        response: responses({ 200: MessageSchema }),
      },
    },
    async (request) => reviewMessage(ctx, request.params.id, request.principal),
  );
  app.post(
    '/v1/messaging/:id/archive',
    {
      config: write,
      schema: {
        summary: 'Archive or restore a messaging item',
        tags: messaging,
        params: IdParams,
        body: ArchiveBody,
        response: responses({ 200: MessageSchema }),
      },
    },
    async (request) => archiveMessage(ctx, request.params.id, request.body.archived, request.principal),
  );

  const requests = ['content requests'];
  app.get(
    '/v1/content-requests/types',
    {
      schema: {
        summary: 'The request types and turnaround targets (seed 001, Sales-to-Marketing Content Requests)',
        tags: requests,
        response: responses({ 200: RequestTypeSchema }),
      },
    },
    async () => requestTypes(),
  );
  app.get(
    '/v1/content-requests',
    {
      schema: {
        summary: 'The content request queue',
        tags: requests,
        querystring: RequestQuery,
        response: responses({ 200: RequestPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listRequests(ctx, filter, { limit, cursor });
    },
  );
  app.post(
    '/v1/content-requests',
    {
      config: { permission: 'content:request' as const },
      schema: {
        summary: "Ask marketing for content: due on the seed's turnaround, with an SLA clock",
        tags: requests,
        body: CreateRequestBody,
        response: responses({ 201: RequestSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRequest(ctx, request.body, request.principal)),
  );
  app.get(
    '/v1/content-requests/:id',
    {
      schema: {
        summary: 'Get a content request',
        tags: requests,
        params: IdParams,
        response: responses({ 200: RequestSchema }),
      },
    },
    async (request) => getRequest(ctx, request.params.id),
  );
  app.patch(
    '/v1/content-requests/:id',
    {
      config: write,
      schema: {
        summary: 'Retitle a request or give it a marketing owner (who answers for its clock)',
        tags: requests,
        params: IdParams,
        body: UpdateRequestBody,
        response: responses({ 200: RequestSchema }),
      },
    },
    async (request) => updateRequest(ctx, request.params.id, request.body, request.principal),
  );
  for (const action of ['start', 'reopen'] as const)
    app.post(
      `/v1/content-requests/:id/${action}`,
      {
        config: write,
        schema: {
          summary:
            action === 'start'
              ? 'Start work on a request (in progress)'
              : 'Put a request in progress back to open',
          tags: requests,
          params: IdParams,
          body: ActionBody,
          response: responses({ 200: RequestSchema }),
        },
      },
      async (request) => transitionRequest(ctx, request.params.id, { action }, request.principal),
    );
  app.post(
    '/v1/content-requests/:id/deliver',
    {
      config: write,
      schema: {
        summary: 'Deliver a request with the asset produced; its clock stops (met when on time)',
        tags: requests,
        params: IdParams,
        body: DeliverBody,
        response: responses({ 200: RequestSchema }),
      },
    },
    async (request) =>
      transitionRequest(
        ctx,
        request.params.id,
        { action: 'deliver', assetId: request.body.assetId },
        request.principal,
      ),
  );
  app.post(
    '/v1/content-requests/:id/decline',
    {
      config: write,
      schema: {
        summary: 'Decline a request with the reason; its clock is cancelled',
        tags: requests,
        params: IdParams,
        body: DeclineBody,
        response: responses({ 200: RequestSchema }),
      },
    },
    async (request) =>
      transitionRequest(
        ctx,
        request.params.id,
        { action: 'decline', reason: request.body.reason },
        request.principal,
      ),
  );
};
