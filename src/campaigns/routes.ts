import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import {
  CampaignPage,
  CampaignQuery,
  CampaignSchema,
  CreateCampaignBody,
  UpdateCampaignBody,
} from './schema.js';
import { createCampaign, deleteCampaign, getCampaign, listCampaigns, updateCampaign } from './service.js';

const tags = ['campaigns'];
const write = { permission: 'campaigns:write' as const };

/** `/v1/campaigns`: what marketing runs and spends on; touchpoints and deals point at it. */
export const campaignRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/campaigns',
    {
      schema: {
        summary: 'List campaigns',
        tags,
        querystring: CampaignQuery,
        response: responses({ 200: CampaignPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listCampaigns(ctx, filter, { limit, cursor });
    },
  );

  app.post(
    '/v1/campaigns',
    {
      config: write,
      schema: {
        summary: 'Create a campaign',
        tags,
        body: CreateCampaignBody,
        response: responses({ 201: CampaignSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCampaign(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/campaigns/:id',
    {
      schema: {
        summary: 'Get a campaign',
        tags,
        params: IdParams,
        response: responses({ 200: CampaignSchema }),
      },
    },
    async (request) => getCampaign(ctx, request.params.id),
  );

  app.patch(
    '/v1/campaigns/:id',
    {
      config: write,
      schema: {
        summary: 'Update a campaign',
        tags,
        params: IdParams,
        body: UpdateCampaignBody,
        response: responses({ 200: CampaignSchema }),
      },
    },
    async (request) => updateCampaign(ctx, request.params.id, request.body, request.principal),
  );

  app.delete(
    '/v1/campaigns/:id',
    {
      config: write,
      schema: {
        summary: 'Delete a campaign nothing refers to (409 once touchpoints or opportunities point at it)',
        tags,
        params: IdParams,
        response: responses({ 200: CampaignSchema }),
      },
    },
    async (request) => deleteCampaign(ctx, request.params.id, request.principal),
  );
};
