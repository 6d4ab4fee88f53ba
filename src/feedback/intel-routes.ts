import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { responses } from '../core/index.js';
import type { CompetitorSummary } from './intel-model.js';
import {
  CompetitorDetailSchema,
  CompetitorListSchema,
  CompetitorParams,
  PeriodQuery,
} from './intel-schema.js';
import { getCompetitor, listCompetitors } from './intel-service.js';

const tags = ['feedback'];

/** The battlecard with its address, so a client can open it. */
const linked = <T extends Pick<CompetitorSummary, 'battlecard'>>(s: T) => ({
  ...s,
  battlecard: s.battlecard && {
    ...s.battlecard,
    link: `/v1/messaging/${encodeURIComponent(s.battlecard.id)}`,
  },
});

/** Competitive intelligence: lost and won deals, DQ-05 leads and notes per competitor. */
export const intelRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/competitors',
    {
      schema: {
        summary: 'Every competitor seen: deals lost to it and won against it, win rate, DQ-05s, last seen',
        tags,
        querystring: PeriodQuery,
        response: responses({ 200: CompetitorListSchema }),
      },
    },
    async (request) => {
      const list = await listCompetitors(ctx, request.query, request.principal);
      return { ...list, items: list.items.map(linked) };
    },
  );

  app.get(
    '/v1/competitors/:name',
    {
      schema: {
        summary: 'One competitor: its deals with reasons, DQ-05 leads with notes, battlecard, loss reasons',
        tags,
        params: CompetitorParams,
        querystring: PeriodQuery,
        response: responses({ 200: CompetitorDetailSchema }),
      },
    },
    async (request) =>
      linked(await getCompetitor(ctx, request.params.name, request.query, request.principal)),
  );
};
