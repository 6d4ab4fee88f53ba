import { Type } from 'typebox';
import { DateTime, MoneySchema, Nullable } from '../core/index.js';

export const PeriodQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'from (YYYY-MM-DD or date-time, included)' })),
    to: Type.Optional(Type.String({ description: 'until (a day is included, a date-time excluded)' })),
  },
  { additionalProperties: false },
);

export const CompetitorParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'any case and spacing' }),
});

const BattlecardSchema = Type.Object({
  id: Type.String(),
  competitor: Type.String(),
  title: Type.String(),
  version: Type.Integer(),
  reviewedOn: Nullable(Type.String({ description: 'last review (YYYY-MM-DD)' })),
  updatedAt: DateTime,
  link: Type.String({ description: 'the messaging item in the API' }),
});

const SummaryFields = {
  key: Type.String({ description: 'the normalised name (lower case, single spaces)' }),
  name: Type.String({ description: 'as last written' }),
  lost: Type.Integer({ description: 'deals lost to it' }),
  lostValue: Type.Array(MoneySchema, { description: 'their value, one sum a currency' }),
  won: Type.Integer({ description: 'deals won against it' }),
  wonValue: Type.Array(MoneySchema),
  winRate: Nullable(Type.Number({ description: 'won / (won + lost)' })),
  dq05: Type.Integer({ description: 'DQ-05 disqualifications whose notes name it' }),
  lastSeen: DateTime,
  battlecard: Nullable(BattlecardSchema),
};

export const CompetitorListSchema = Type.Object({
  from: Nullable(DateTime),
  to: Nullable(DateTime),
  items: Type.Array(Type.Object(SummaryFields)),
  unattributedDq05: Type.Integer({ description: 'DQ-05 disqualifications naming no known competitor' }),
});

const DealSchema = Type.Object({
  opportunityId: Type.String(),
  name: Type.String(),
  competitor: Type.String(),
  outcome: Type.String(),
  amount: MoneySchema,
  closedAt: DateTime,
  ownerUserId: Nullable(Type.String()),
  reasonCode: Nullable(Type.String()),
  reasonLabel: Nullable(Type.String()),
  reasonText: Nullable(Type.String()),
  winningFactor: Nullable(Type.String()),
  notes: Nullable(Type.String()),
});

export const CompetitorDetailSchema = Type.Object({
  ...SummaryFields,
  from: Nullable(DateTime),
  to: Nullable(DateTime),
  lostDeals: Type.Array(DealSchema),
  wonDeals: Type.Array(DealSchema),
  dq05Leads: Type.Array(
    Type.Object({
      personId: Type.String(),
      name: Nullable(Type.String()),
      company: Nullable(Type.String()),
      decidedAt: DateTime,
      notes: Nullable(Type.String({ description: "the rep's notes" })),
      ownerUserId: Nullable(Type.String()),
    }),
  ),
  notes: Type.Array(
    Type.Object({
      opportunityId: Type.String(),
      outcome: Type.String(),
      closedAt: DateTime,
      notes: Type.String(),
    }),
  ),
  lossReasons: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
});
