import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { DateTime, IdParams, Nullable, PageOf, responses, StringEnum } from '../core/index.js';
import { acknowledgeBreach, listClocks } from './clock-service.js';
import { slaCompliance } from './compliance.js';

const tags = ['sla'];

export const ClockSchema = Type.Object({
  id: Type.String(),
  policy: Type.String({ description: "the agreement's SLA policy id" }),
  personId: Nullable(Type.String({ description: 'null for a content request clock' })),
  contentRequestId: Nullable(
    Type.String({ description: 'the content request whose turnaround it measures' }),
  ),
  opportunityId: Nullable(
    Type.String({ description: 'the closed opportunity whose win/loss feedback it waits for' }),
  ),
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

const ComplianceRowSchema = Type.Object({
  id: Type.String(),
  side: StringEnum(['marketing', 'sales'] as const),
  metric: Type.String(),
  target: Type.String(),
  actual: Nullable(Type.String()),
  value: Nullable(Type.Number()),
  met: Nullable(Type.Boolean({ description: 'null: nothing to judge in the period, or not measured yet' })),
  total: Type.Integer(),
  missed: Type.Integer(),
  offending: Type.Array(Type.String(), { description: 'up to 50 ids of the records that missed' }),
  measurement: Type.String(),
});

export const ComplianceSchema = Type.Object({
  period: Type.String(),
  from: DateTime,
  to: DateTime,
  agreementVersion: Type.Integer(),
  marketing: Type.Array(ComplianceRowSchema, { description: 'seed 001, Marketing SLA to Sales' }),
  sales: Type.Array(ComplianceRowSchema, { description: 'seed 001, Sales SLA to Marketing' }),
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

  app.get(
    '/v1/sla/compliance',
    {
      schema: {
        summary:
          'Every row of both SLA tables for a month or quarter: target, actual, Met/Missed, the records that missed',
        tags,
        querystring: Type.Object(
          { period: Type.String({ description: 'a month (2026-10) or a quarter (2026-Q4)' }) },
          { additionalProperties: false },
        ),
        response: responses({ 200: ComplianceSchema }),
      },
    },
    async (request) => slaCompliance(ctx, request.query.period),
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
