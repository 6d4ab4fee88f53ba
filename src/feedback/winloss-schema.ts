import { Type } from 'typebox';
import { DateTime, MoneySchema, Nullable, StringEnum } from '../core/index.js';
import { LOSS_REASONS, WIN_REASONS } from './winloss-model.js';

const codes = (list: readonly { code: string }[]) => list.map((r) => r.code).join(', ');
const Text = (maxLength: number, description: string) =>
  Type.Optional(Nullable(Type.String({ maxLength, description })));

export const WinLossBody = Type.Object(
  {
    reasonCode: Text(
      64,
      `the agreed reason (code or label): lost ${codes(LOSS_REASONS)}; won ${codes(WIN_REASONS)}`,
    ),
    reasonText: Text(2000, 'free text beside the agreed reason (required with "other")'),
    competitor: Text(200, 'who they chose (required when lost to a competitor), or who we beat'),
    winningFactor: Text(2000, 'what tipped the decision (required when won)'),
    notes: Text(5000, 'anything marketing should hear'),
  },
  { additionalProperties: false },
);

const WinLossClockSchema = Type.Object({
  id: Type.String(),
  status: Type.String(),
  startedAt: DateTime,
  dueAt: DateTime,
  stoppedAt: Nullable(DateTime),
  breachedAt: Nullable(DateTime),
  accountableUserId: Nullable(Type.String()),
  escalationLevel: Type.Integer(),
});

const WinLossFieldsSchema = {
  opportunityId: Type.String(),
  opportunityName: Type.String(),
  ownerUserId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  amount: MoneySchema,
  outcome: StringEnum(['won', 'lost'] as const),
  closedAt: DateTime,
  dueAt: DateTime,
  reasonCode: Nullable(Type.String()),
  reasonLabel: Nullable(Type.String()),
  reasonText: Nullable(Type.String()),
  competitor: Nullable(Type.String()),
  winningFactor: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  complete: Type.Boolean(),
  completedAt: Nullable(DateTime),
  recordedBy: Nullable(Type.String()),
  recordedAt: Nullable(DateTime),
  status: StringEnum(['on_time', 'late', 'pending', 'overdue'] as const, {
    description: 'complete on time or late; incomplete with its due ahead (pending) or passed (overdue)',
  }),
  missing: Type.Array(Type.String(), { description: 'the fields still missing, as JSON pointers' }),
};

export const WinLossItemSchema = Type.Object(WinLossFieldsSchema);

export const WinLossSchema = Type.Object({
  ...WinLossFieldsSchema,
  clock: Nullable(WinLossClockSchema),
});

export const WinLossQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'closed from (YYYY-MM-DD or date-time, included)' })),
    to: Type.Optional(Type.String({ description: 'closed until (a day is included, a date-time excluded)' })),
    outcome: Type.Optional(StringEnum(['won', 'lost'] as const)),
    owner: Type.Optional(Type.String({ description: "the owner's user id" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
  },
  { additionalProperties: false },
);

export const WinLossListSchema = Type.Object({
  from: Nullable(DateTime),
  to: Nullable(DateTime),
  summary: Type.Object({
    total: Type.Integer(),
    missing: Type.Integer({ description: 'records not complete yet' }),
    on_time: Type.Integer(),
    late: Type.Integer(),
    pending: Type.Integer(),
    overdue: Type.Integer(),
  }),
  items: Type.Array(WinLossItemSchema),
});

export const WinLossReasonsSchema = Type.Object({
  won: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
  lost: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
});
