import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { parseAmountToCents, responses } from '../core/index.js';
import { CoverageQuery, CoverageSchema, ReverseFunnelQuery, ReverseFunnelSchema } from './schema.js';
import { jointPlanningRoutes } from './plans-routes.js';
import { planCoverage, planReverseFunnel } from './service.js';

const tags = ['planning'];

/** `/v1/plan`: the reverse funnel from the revenue target, and pipeline coverage. */
export const planningRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/plan/reverse-funnel',
    {
      schema: {
        summary:
          'Deals, opportunities, SQLs and MQLs needed for the revenue target (seed 001, SLA Calculation)',
        description:
          "Each step rounds up. Every input defaults to the agreement's targets; give one to ask what if.",
        tags,
        querystring: ReverseFunnelQuery,
        response: responses({ 200: ReverseFunnelSchema }),
      },
    },
    async (request) => {
      const { revenue, dealSize, winRate, sqlToOpp, mqlToSql, months } = request.query;
      return planReverseFunnel(ctx, {
        revenueCents: revenue === undefined ? undefined : parseAmountToCents(revenue),
        dealSizeCents: dealSize === undefined ? undefined : parseAmountToCents(dealSize),
        winRate,
        sqlToOpp,
        mqlToSql,
        months,
      });
    },
  );

  app.get(
    '/v1/plan/coverage',
    {
      schema: {
        summary: 'Open pipeline of a period against its revenue target, and the gap in money and MQLs',
        tags,
        querystring: CoverageQuery,
        response: responses({ 200: CoverageSchema }),
      },
    },
    async (request) => planCoverage(ctx, { period: request.query.period }),
  );

  // Personas, the buying-process map, sales plays, joint plans and maturity: this folder's too.
  await app.register(jointPlanningRoutes, { ctx });
};
