import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { DateTime, IdParams, Nullable, PageOf, responses, StringEnum } from '../core/index.js';
import { acknowledgeBreach, listClocks } from './clock-service.js';

const tags = ['sla'];

export const ClockSchema = Type.Object({
  id: Type.String(),
  policy: Type.String({ description: "the agreement's SLA policy id" }),
  personId: Type.String(),
  agreementVersion: Type.Integer(),
  startedAt: DateTime,
  dueAt: DateTime,
  stoppedAt: Nullable(DateTime),
  status: StringEnum(['running', 'met', 'breached', 'cancelled', 'fired'] as const),
  breachedAt: Nullable(DateTime),
  accountableUserId: Nullable(Type.String()),
  escalationLevel: Type.Integer({ description: 'escalation steps sent (1: team lead, 2: VP)' }),
  acknowledgedAt: Nullable(DateTime),
  acknowledgedBy: Nullable(Type.String()),
  acknowledgement: Nullable(Type.String()),
});

export const clockRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/sla/clocks',
    {
      schema: {
        summary: 'SLA clocks, newest first (a rep sees the clocks they are accountable for)',
        tags,
        querystring: Type.Object(
          {
            personId: Type.Optional(Type.String()),
            status: Type.Optional(StringEnum(['running', 'met', 'breached', 'cancelled', 'fired'] as const)),
            policy: Type.Optional(Type.String()),
            accountableUserId: Type.Optional(Type.String()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            cursor: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: PageOf(ClockSchema) }),
      },
    },
    async (request) =>
      listClocks(ctx, { ...request.query, limit: request.query.limit ?? 100 }, request.principal),
  );

  app.post(
    '/v1/sla/clocks/:id/acknowledge',
    {
      config: { permission: 'sales:write' },
      schema: {
        summary: 'Answer for a breach with a note; its escalation stops',
        tags,
        params: IdParams,
        body: Type.Object(
          { note: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: responses({ 200: ClockSchema }),
      },
    },
    async (request) => acknowledgeBreach(ctx, request.params.id, request.body.note, request.principal),
  );
};
