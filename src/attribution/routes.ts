import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { responses, ValidationError } from '../core/index.js';
import { parseStageWeights } from './commands.js';
import { AttributionQuery, AttributionReportSchema } from './schema.js';
import { attributionFromStore } from './service.js';

const tags = ['attribution'];

/** `GET /v1/attribution`: credits per channel or campaign under one or every model. */
export const attributionRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/attribution',
    {
      config: { permission: 'attribution:read' },
      schema: {
        summary: 'Credits per channel or campaign under every attribution model, from the touchpoint log',
        description:
          'Conversions of a stage within [from, to), each with the touches of its person or account; ' +
          'people who became leads in the range without converting are the null journeys. ' +
          'Credits of every model sum to the conversions and value they distribute.',
        tags,
        querystring: AttributionQuery,
        response: responses({ 200: AttributionReportSchema }),
      },
    },
    async (request) => {
      const { weights, halfLifeDays, ...query } = request.query;
      const stageWeights = weights === undefined ? undefined : parseStageWeights(weights);
      if (typeof stageWeights === 'string')
        throw ValidationError.field('/weights', stageWeights.replace(/^--weights:? ?/, ''));
      return attributionFromStore(ctx, { ...query, halfLifeDays, stageWeights });
    },
  );
};
