import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { rangeBound } from './flags-model.js';
import {
  CampaignQualitySchema,
  FlagQuery,
  QualityFlagSchema,
  RaiseFlagBody,
  ResolveFlagBody,
} from './flags-schema.js';
import { campaignQualitySummary, listQualityFlags, raiseFlag, resolveFlag } from './flags-service.js';

const tags = ['feedback'];

/** `/v1/quality-flags` and `/v1/campaigns/:id/quality`: issue 8's lead-quality flags. */
export const qualityRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post(
    '/v1/quality-flags',
    {
      config: { permission: 'sales:write' },
      schema: {
        summary:
          "Flag a lead's (or a campaign's) quality: it reaches the owner of the campaign that sourced it",
        tags,
        body: RaiseFlagBody,
        response: responses({ 201: QualityFlagSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await raiseFlag(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/quality-flags',
    {
      schema: {
        summary: 'Lead-quality flags, newest first (a rep sees the flags they raised)',
        tags,
        querystring: FlagQuery,
        response: responses({ 200: Type.Object({ items: Type.Array(QualityFlagSchema) }) }),
      },
    },
    async (request) => {
      const { from, to, ...query } = request.query;
      const items = await listQualityFlags(
        ctx,
        { ...query, from: rangeBound(from, '/from'), to: rangeBound(to, '/to') },
        request.principal,
      );
      return { items };
    },
  );

  app.post(
    '/v1/quality-flags/:id/resolve',
    {
      config: { permission: 'campaigns:write' },
      schema: {
        summary: 'The campaign owner acknowledges or resolves a flag, with a response to sales',
        tags,
        params: IdParams,
        body: ResolveFlagBody,
        response: responses({ 200: QualityFlagSchema }),
      },
    },
    async (request) => resolveFlag(ctx, request.params.id, request.body, request.principal),
  );

  app.get(
    '/v1/campaigns/:id/quality',
    {
      schema: {
        summary: "A campaign's lead quality: flags by kind and the share of its leads flagged",
        tags,
        params: IdParams,
        response: responses({ 200: CampaignQualitySchema }),
      },
    },
    async (request) => campaignQualitySummary(ctx, request.params.id),
  );
};
