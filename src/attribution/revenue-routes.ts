import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import {
  CostEntryList,
  CostEntryQuery,
  CostEntrySchema,
  CreateCostEntryBody,
  ECONOMICS_DEFINITIONS,
  EconomicsSchema,
  REVENUE_DEFINITIONS,
  RevenueAttributionSchema,
  RevenueQuery,
  RoiQuery,
} from './revenue-schema.js';
import {
  campaignEconomics,
  createCostEntry,
  deleteCostEntry,
  getCostEntry,
  listCostEntries,
  revenueAttribution,
} from './revenue-service.js';

const tags = ['attribution'];
const read = { permission: 'attribution:read' as const };
const write = { permission: 'costs:write' as const };

/** Sourced / influenced revenue, campaign economics and ROI, and the cost entries they read. */
export const revenueRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/attribution/revenue',
    {
      config: read,
      schema: {
        summary: 'Marketing-sourced, marketing-influenced and sales-sourced pipeline and revenue, per period',
        description: REVENUE_DEFINITIONS,
        tags,
        querystring: RevenueQuery,
        response: responses({ 200: RevenueAttributionSchema }),
      },
    },
    async (request) => revenueAttribution(ctx, request.query),
  );

  app.get(
    '/v1/attribution/roi',
    {
      config: read,
      schema: {
        summary: 'Campaign economics: spend, cost per lead/MQL/SQL, CAC, ROMI, lead sources, value metrics',
        description: ECONOMICS_DEFINITIONS,
        tags,
        querystring: RoiQuery,
        response: responses({ 200: EconomicsSchema }),
      },
    },
    async (request) => campaignEconomics(ctx, request.query),
  );

  app.get(
    '/v1/cost-entries',
    {
      config: read,
      schema: {
        summary:
          'Marketing and sales costs outside campaigns (the inputs of spend per lead and cost per deal)',
        tags,
        querystring: CostEntryQuery,
        response: responses({ 200: CostEntryList }),
      },
    },
    async (request) => ({ items: await listCostEntries(ctx, request.query) }),
  );

  app.post(
    '/v1/cost-entries',
    {
      config: write,
      schema: {
        summary: 'Record a marketing or sales cost over a month, a quarter or a range of days',
        tags,
        body: CreateCostEntryBody,
        response: responses({ 201: CostEntrySchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCostEntry(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/cost-entries/:id',
    {
      config: read,
      schema: {
        summary: 'Get a cost entry',
        tags,
        params: IdParams,
        response: responses({ 200: CostEntrySchema }),
      },
    },
    async (request) => getCostEntry(ctx, request.params.id),
  );

  app.delete(
    '/v1/cost-entries/:id',
    {
      config: write,
      schema: {
        summary: 'Delete a cost entry (returns it as it was)',
        tags,
        params: IdParams,
        response: responses({ 200: CostEntrySchema }),
      },
    },
    async (request) => deleteCostEntry(ctx, request.params.id, request.principal),
  );
};
