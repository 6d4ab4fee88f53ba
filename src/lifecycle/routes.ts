import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { describeFunnel } from './funnel.js';
import {
  ConversionQuerySchema,
  ConversionSchema,
  FunnelSchema,
  StageChangeSchema,
  TransitionBody,
} from './schema.js';
import { personHistory, stageConversion, transitionPerson } from './service.js';

const tags = ['lifecycle'];

export const lifecycleRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post(
    '/v1/people/:id/transitions',
    {
      config: { permission: 'lifecycle:write' },
      schema: {
        summary: 'Move a person to another funnel stage (checked against the transition table)',
        tags,
        params: IdParams,
        body: TransitionBody,
        response: responses({ 201: StageChangeSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await transitionPerson(ctx, { personId: request.params.id, ...request.body }, request.principal),
        ),
  );

  app.get(
    '/v1/people/:id/transitions',
    {
      schema: {
        summary: "A person's stage history",
        tags,
        params: IdParams,
        response: responses({ 200: Type.Object({ items: Type.Array(StageChangeSchema) }) }),
      },
    },
    async (request) => ({ items: await personHistory(ctx, request.params.id, request.principal) }),
  );

  app.get(
    '/v1/lifecycle',
    {
      schema: {
        summary: 'Funnel stages, the transition table and the DQ reason codes',
        tags,
        response: responses({ 200: FunnelSchema }),
      },
    },
    async () => describeFunnel(),
  );

  app.get(
    '/v1/lifecycle/conversion',
    {
      schema: {
        summary: 'Stage-to-stage conversion of the cohort that entered `from` in [since, until)',
        tags,
        querystring: ConversionQuerySchema,
        response: responses({ 200: ConversionSchema }),
      },
    },
    async (request) =>
      stageConversion(ctx, {
        from: request.query.from,
        to: request.query.to,
        since: new Date(request.query.since),
        until: new Date(request.query.until),
      }),
  );
};
