import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { CadenceSchema, DispositionBody, DispositionResultSchema, DispositionSchema } from './schema.js';
import { dispositionLead, leadCadence, personDispositions } from './service.js';

const tags = ['feedback'];

export const feedbackRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post(
    '/v1/people/:id/disposition',
    {
      config: { permission: 'sales:write' },
      schema: {
        summary:
          'Answer an MQL: accept (or pass on), disqualify with a reason code, or recycle by a re-queue rule',
        tags,
        params: IdParams,
        body: DispositionBody,
        response: responses({ 201: DispositionResultSchema }),
      },
    },
    async (request, reply) => {
      const { remindAt, ...body } = request.body;
      const result = await dispositionLead(
        ctx,
        request.params.id,
        { ...body, ...(remindAt !== undefined && { remindAt: new Date(remindAt) }) },
        request.principal,
      );
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/v1/people/:id/dispositions',
    {
      schema: {
        summary: "A lead's dispositions, newest first",
        tags,
        params: IdParams,
        response: responses({ 200: Type.Object({ items: Type.Array(DispositionSchema) }) }),
      },
    },
    async (request) => ({ items: await personDispositions(ctx, request.params.id, request.principal) }),
  );

  app.get(
    '/v1/people/:id/cadence',
    {
      schema: {
        summary: 'Follow-up cadence against the agreed minimum (6 touches over 14 days) and speed-to-lead',
        tags,
        params: IdParams,
        response: responses({ 200: CadenceSchema }),
      },
    },
    async (request) => leadCadence(ctx, request.params.id, request.principal),
  );
};
