import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { activeScoringModel } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { IdParams, NotFoundError, responses } from '../core/index.js';
import { visiblePerson } from '../people/index.js';
import { Type } from 'typebox';
import { calibrateScoring, replayScoring } from './analysis.js';
import { rescoreProgress } from './rescore.js';
import { explain } from './explain.js';
import { CalibrationSchema, ReplayBody, ReplaySchema, ScoreSchema } from './schema.js';
import { activeModel, readScore } from './service.js';

export const scoringRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/people/:id/score',
    {
      schema: {
        summary:
          "A person's score now: fit and engagement, every rule that fired with its evidence, and the score history",
        tags: ['scoring'],
        params: IdParams,
        response: responses({ 200: ScoreSchema }),
      },
    },
    async (request) => {
      await visiblePerson(ctx, request.params.id, request.principal);
      const { version, model } = await activeScoringModel(ctx.db, ctx.clock);
      const score = await readScore(ctx.db, activeModel(version, model), request.params.id, ctx.clock.now());
      if (!score) throw new NotFoundError('Person', request.params.id);
      return {
        ...score,
        explanation: explain(score),
        history: score.history.map((h) => ({
          at: h.at,
          modelVersion: h.model_version,
          fit: h.fit,
          engagement: h.engagement,
          total: h.total,
          cause: h.cause,
        })),
      };
    },
  );

  app.post(
    '/v1/scoring/replay',
    {
      schema: {
        summary:
          'Re-score history under a proposed model next to the current one (MQLs per week, accepted and won people it passes, rejected ones it still passes)',
        tags: ['scoring'],
        body: ReplayBody,
        response: responses({ 200: ReplaySchema }),
      },
    },
    async (request) =>
      replayScoring(ctx, {
        agreement: request.body.agreement,
        scoring: request.body.scoring as never,
        version: request.body.version,
        from: new Date(request.body.from),
        to: new Date(request.body.to),
      }),
  );

  app.get(
    '/v1/scoring/calibration',
    {
      schema: {
        summary:
          'Conversion by score band, lift per rule and the threshold that holds the MQL-to-SQL acceptance target',
        tags: ['scoring'],
        querystring: Type.Object(
          { until: Type.Optional(Type.String({ format: 'date-time' })) },
          { additionalProperties: false },
        ),
        response: responses({ 200: CalibrationSchema }),
      },
    },
    async (request) =>
      calibrateScoring(ctx, request.query.until ? new Date(request.query.until) : ctx.clock.now()),
  );

  app.get(
    '/v1/scoring/rescoring',
    {
      schema: {
        summary:
          'Progress of re-scoring everyone under the active model (runs in the background after a new version takes effect)',
        tags: ['scoring'],
        response: responses({
          200: Type.Object({ version: Type.Integer(), scored: Type.Integer(), remaining: Type.Integer() }),
        }),
      },
    },
    async () => rescoreProgress(ctx),
  );
};
