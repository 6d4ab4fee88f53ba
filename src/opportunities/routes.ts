import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import {
  CloseOpportunityBody,
  CreateOpportunityBody,
  OpportunityPage,
  OpportunityQuery,
  OpportunitySchema,
  UpdateOpportunityBody,
} from './schema.js';
import {
  closeOpportunityById,
  createOpportunity,
  getOpportunity,
  listOpportunities,
  updateOpportunity,
} from './service.js';

const tags = ['opportunities'];
const write = { permission: 'sales:write' as const };

/** `/v1/opportunities`: the pipeline; a sales rep sees and changes only their own deals. */
export const opportunityRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/opportunities',
    {
      schema: {
        summary: 'List opportunities (a rep sees their own)',
        tags,
        querystring: OpportunityQuery,
        response: responses({ 200: OpportunityPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listOpportunities(ctx, filter, { limit, cursor }, request.principal);
    },
  );

  app.post(
    '/v1/opportunities',
    {
      config: write,
      schema: {
        summary: 'Create an opportunity',
        tags,
        body: CreateOpportunityBody,
        response: responses({ 201: OpportunitySchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOpportunity(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/opportunities/:id',
    {
      schema: {
        summary: 'Get an opportunity',
        tags,
        params: IdParams,
        response: responses({ 200: OpportunitySchema }),
      },
    },
    async (request) => getOpportunity(ctx, request.params.id, request.principal),
  );

  app.patch(
    '/v1/opportunities/:id',
    {
      config: write,
      schema: {
        summary: 'Update an opportunity (stage moves between open stages; closing is /close)',
        tags,
        params: IdParams,
        body: UpdateOpportunityBody,
        response: responses({ 200: OpportunitySchema }),
      },
    },
    async (request) => updateOpportunity(ctx, request.params.id, request.body, request.principal),
  );

  app.post(
    '/v1/opportunities/:id/close',
    {
      config: write,
      schema: {
        summary: 'Close an opportunity as won or lost, with the reason (409 when already closed)',
        tags,
        params: IdParams,
        body: CloseOpportunityBody,
        response: responses({ 200: OpportunitySchema }),
      },
    },
    async (request) => closeOpportunityById(ctx, request.params.id, request.body, request.principal),
  );
};
