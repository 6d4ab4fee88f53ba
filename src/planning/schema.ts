import { Type } from 'typebox';
import { MoneySchema, StringEnum } from '../core/index.js';

const Amount = (description: string) =>
  Type.Optional(
    Type.String({
      pattern: '^\\$?[0-9][0-9,]*(\\.[0-9]{1,2})?$',
      maxLength: 30,
      description: `${description}, in major units (1000000 or 1,000,000.00); default: the agreement's`,
    }),
  );
const Rate = (description: string) =>
  Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 1, description: `${description}; default: the agreement's` }),
  );

export const ReverseFunnelQuery = Type.Object(
  {
    revenue: Amount('revenue target of the period'),
    dealSize: Amount('average deal size'),
    winRate: Rate('won deals per opportunity'),
    sqlToOpp: Rate('opportunities per SQL'),
    mqlToSql: Rate('SQLs per MQL'),
    months: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 12,
        description: "months in the period; default: the agreement's",
      }),
    ),
  },
  { additionalProperties: false },
);

const Counts = {
  deals: Type.Integer(),
  opportunities: Type.Integer(),
  sqls: Type.Integer(),
  mqls: Type.Integer(),
};

export const ReverseFunnelSchema = Type.Object({
  agreementVersion: Type.Integer({ description: 'the agreement version the defaults came from' }),
  overridden: Type.Array(Type.String(), {
    description: 'inputs given by the caller instead of the agreement',
  }),
  revenue: MoneySchema,
  averageDealSize: MoneySchema,
  winRate: Type.Number(),
  sqlToOpportunityRate: Type.Number(),
  mqlToSqlRate: Type.Number(),
  months: Type.Integer(),
  ...Counts,
  perMonth: Type.Object(
    { revenue: MoneySchema, ...Counts },
    { description: 'each step spread over the months, rounded up' },
  ),
});

export const CoverageQuery = Type.Object(
  {
    period: Type.Optional(
      Type.String({
        maxLength: 20,
        description: 'a quarter (2026-Q4) or a month (2026-10); default: the current quarter',
      }),
    ),
  },
  { additionalProperties: false },
);

const Pipeline = Type.Object({
  currency: Type.String(),
  cents: Type.Integer(),
  opportunities: Type.Integer(),
});

export const CoverageSchema = Type.Object({
  period: Type.Object({
    label: Type.String(),
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    months: Type.Integer(),
  }),
  agreementVersion: Type.Integer(),
  revenueTarget: MoneySchema,
  openPipeline: MoneySchema,
  opportunities: Type.Integer({ description: 'open opportunities closing within the period' }),
  requiredCoverage: Type.Number({ description: 'pipeline needed per unit of revenue target' }),
  coverageSource: StringEnum(['agreement', 'win_rate'] as const, {
    description: 'fixed by the agreement, or derived as 1 / win rate',
  }),
  requiredPipeline: MoneySchema,
  actualCoverage: Type.Number(),
  gap: MoneySchema,
  gapFunnel: Type.Object(
    { opportunities: Type.Integer(), sqls: Type.Integer(), mqls: Type.Integer() },
    { description: 'the missing pipeline as opportunities of the average deal size, then SQLs and MQLs' },
  ),
  otherCurrencies: Type.Array(Pipeline, { description: 'open pipeline in other currencies, not counted' }),
  undatedOpenOpportunities: Type.Integer({ description: 'open opportunities without a close date' }),
});
