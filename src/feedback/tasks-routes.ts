import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { CompleteTaskBody, MarketingTaskSchema, TaskQuery } from './tasks-schema.js';
import { completeMarketingTask, getMarketingTask, listMarketingTasks } from './tasks-service.js';

const tags = ['feedback'];

/** `/v1/marketing-tasks`: issue 8's DQ codes driving marketing's work. */
export const marketingTaskRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/marketing-tasks',
    {
      schema: {
        summary: "Marketing tasks from DQ codes' marketing actions, per campaign and lead source",
        tags,
        querystring: TaskQuery,
        response: responses({ 200: Type.Object({ items: Type.Array(MarketingTaskSchema) }) }),
      },
    },
    async (request) => ({ items: await listMarketingTasks(ctx, request.query) }),
  );

  app.get(
    '/v1/marketing-tasks/:id',
    {
      schema: {
        summary: 'A marketing task',
        tags,
        params: IdParams,
        response: responses({ 200: MarketingTaskSchema }),
      },
    },
    async (request) => getMarketingTask(ctx, request.params.id),
  );

  app.post(
    '/v1/marketing-tasks/:id/complete',
    {
      config: { permission: 'campaigns:write' },
      schema: {
        summary: 'Marketing completes a task, saying what it did',
        tags,
        params: IdParams,
        body: CompleteTaskBody,
        response: responses({ 200: MarketingTaskSchema }),
      },
    },
    async (request) => completeMarketingTask(ctx, request.params.id, request.body.note, request.principal),
  );
};
