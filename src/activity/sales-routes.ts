import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import {
  LogActivityBody,
  SalesActivityPage,
  SalesActivityQuerySchema,
  SalesActivitySchema,
} from './sales-schema.js';
import { getSalesActivity, listSalesActivities, logSalesActivity } from './sales-service.js';

const tags = ['activities'];

/** `/v1/activities`: calls, emails and meetings of the sales team; a rep sees their own. */
export const salesActivityRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/activities',
    {
      schema: {
        summary: 'List sales activities (a rep sees their own)',
        tags,
        querystring: SalesActivityQuerySchema,
        response: responses({ 200: SalesActivityPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listSalesActivities(ctx, filter, { limit, cursor }, request.principal);
    },
  );

  app.post(
    '/v1/activities',
    {
      config: { permission: 'sales:write' },
      schema: {
        summary: 'Log a sales activity (201; 200 with the first one when its externalId was already logged)',
        tags,
        body: LogActivityBody,
        response: responses({ 200: SalesActivitySchema, 201: SalesActivitySchema }),
      },
    },
    async (request, reply) => {
      const { activity, created } = await logSalesActivity(ctx, request.body, request.principal);
      return reply.status(created ? 201 : 200).send(activity);
    },
  );

  app.get(
    '/v1/activities/:id',
    {
      schema: {
        summary: 'Get a sales activity',
        tags,
        params: IdParams,
        response: responses({ 200: SalesActivitySchema }),
      },
    },
    async (request) => getSalesActivity(ctx, request.params.id, request.principal),
  );
};
