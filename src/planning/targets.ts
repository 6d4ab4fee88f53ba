import { type Static, Type } from 'typebox';

/**
 * The agreement's `targets` section: the revenue goal and the conversion assumptions the
 * reverse funnel walks back through (seed 001, "SLA Calculation: From Revenue Target to
 * MQL Target"). Money is integer cents with a currency; rates are shares in (0, 1].
 * Cross-field rules (one currency) are in the agreement's validation.
 */

const PositiveMoney = (description: string) =>
  Type.Object(
    {
      cents: Type.Integer({
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'integer minor units, more than zero',
      }),
      currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. USD' }),
    },
    { additionalProperties: false, description },
  );

const Rate = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 1, description });

export const TargetsSection = Type.Object(
  {
    revenuePerPeriod: PositiveMoney('the revenue goal of one planning period (seed: $1,000,000 a quarter)'),
    monthsPerPeriod: Type.Integer({
      minimum: 1,
      maximum: 12,
      description: 'how many months the planning period has (seed: a quarter, 3)',
    }),
    averageDealSize: PositiveMoney('average revenue of a won deal (seed: $25,000)'),
    winRate: Rate('won deals per opportunity (seed: 25%)'),
    sqlToOpportunityRate: Rate('opportunities per SQL (seed: 50%)'),
    mqlToSqlRate: Rate('SQLs per MQL (seed: 60%)'),
    pipelineCoverage: Type.Union([Type.Number({ minimum: 1, maximum: 100 }), Type.Null()], {
      description:
        'open pipeline required per unit of revenue target; null derives it from the win rate (1 / winRate). The seed cites 3x as an example.',
    }),
  },
  { additionalProperties: false },
);

export type TargetsSection = Static<typeof TargetsSection>;

/** Seed 001, "SLA Calculation": the numbers of its worked example. */
export const DEFAULT_TARGETS: TargetsSection = {
  // "REVENUE TARGET: $1,000,000 / quarter"
  revenuePerPeriod: { cents: 100_000_000, currency: 'USD' },
  monthsPerPeriod: 3,
  // "AVERAGE DEAL SIZE: $25,000"
  averageDealSize: { cents: 2_500_000, currency: 'USD' },
  // "WIN RATE: 25%", "SQL-TO-OPPORTUNITY RATE: 50%", "MQL-TO-SQL RATE: 60%"
  winRate: 0.25,
  sqlToOpportunityRate: 0.5,
  mqlToSqlRate: 0.6,
  // The template's "Required pipeline coverage: [X]x (e.g., 3x)" is an example: derive it.
  pipelineCoverage: null,
};
