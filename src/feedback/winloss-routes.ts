import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { LOSS_REASONS, WIN_REASONS } from './winloss-model.js';
import {
  WinLossBody,
  WinLossListSchema,
  WinLossQuery,
  WinLossReasonsSchema,
  WinLossSchema,
} from './winloss-schema.js';
import { getWinLoss, listWinLoss, recordWinLoss } from './winloss-service.js';

const tags = ['feedback'];

/** Win/loss feedback of closed deals (seed 001: reason recorded within 48 hours of the close). */
export const winLossRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post(
    '/v1/opportunities/:id/win-loss',
    {
      config: { permission: 'sales:write' },
      schema: {
        summary:
          "Record or amend a closed deal's win/loss feedback: agreed reason, competitor when lost to one, winning factor when won",
        tags,
        params: IdParams,
        body: WinLossBody,
        response: responses({ 200: WinLossSchema }),
      },
    },
    async (request) => recordWinLoss(ctx, request.params.id, request.body, request.principal),
  );

  app.get(
    '/v1/opportunities/:id/win-loss',
    {
      schema: {
        summary: "A closed deal's win/loss record, its status against the 48 hours and its SLA clock",
        tags,
        params: IdParams,
        response: responses({ 200: WinLossSchema }),
      },
    },
    async (request) => getWinLoss(ctx, request.params.id, request.principal),
  );

  app.get(
    '/v1/win-loss',
    {
      schema: {
        summary: 'Closed deals of a period with their win/loss records, the missing ones flagged',
        tags,
        querystring: WinLossQuery,
        response: responses({ 200: WinLossListSchema }),
      },
    },
    async (request) => listWinLoss(ctx, request.query, request.principal),
  );

  app.get(
    '/v1/win-loss/reasons',
    {
      schema: {
        summary: 'The agreed win and loss reasons',
        tags,
        response: responses({ 200: WinLossReasonsSchema }),
      },
    },
    async () => ({ won: [...WIN_REASONS], lost: [...LOSS_REASONS] }),
  );
};
