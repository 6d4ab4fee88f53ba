import { Type } from 'typebox';
import { DateOnly, DateTime, MoneySchema, Nullable, StringEnum } from '../core/index.js';
import { ATTRIBUTIONS, ECONOMICS_GROUPINGS } from './revenue-economics.js';
import { PERIOD_KINDS } from './revenue-periods.js';

/** The definitions, as the API docs state them (the code: revenue-model.ts, revenue-economics.ts). */
export const REVENUE_DEFINITIONS = `
**Journey** of an opportunity: every touch of its primary contact, of every contact of its account and of
the account itself — touchpoints of the log (with the anonymous visits stitched to those contacts) and
sales activities (calls, emails, meetings) with them or on the deal.
**Marketing touch**: a touchpoint of the log (website, forms, email, ads, events, content) other than an
unsubscribe or a touch of a sales channel (\`outbound\`). **Sales touch**: a sales activity, or a touchpoint
of a sales channel.
**Marketing-sourced**: the first touch at or before the opportunity's creation is a marketing touch (a tie
goes to sales); with no touch before creation, an opportunity \`source\` naming a marketing channel.
**Sales-sourced**: every other opportunity, so sourced + sales-sourced = total, exactly.
**Marketing-influenced**: marketing-sourced, or any marketing touch at or before the close (open pipeline:
at or before the end of the period, or now), so influenced >= sourced.
**Pipeline** of a period: opportunities created in it, at their amount. **Revenue**: opportunities won
(closed) in it. Periods are calendar months or quarters of \`timeZone\` (default UTC), clipped to
\`from\`..\`to\` (inclusive days; default the current quarter). One currency is counted (default the
agreement's revenue target's); deals in others are listed in \`otherCurrencies\`.`.trim();

export const ECONOMICS_DEFINITIONS = `
**Spend**: a campaign's cost spread evenly over its days, the part within the range; marketing cost entries
(\`/v1/cost-entries\`) add to the marketing spend but to no channel. **Lead source**: a person's (or a
journey's) first touch naming a channel or campaign, else \`unattributed\`; leads created, MQLs and SQLs
reached and opportunities created in the range are counted by it. SQL is the sales-accepted stage.
**Revenue credit** (\`attribution\`): \`first_touch\` (default) gives each won marketing-sourced deal to its
lead source; \`last_touch\` to the last attributable marketing touch before the close; \`linear\` splits it
evenly over those touches. **CAC** = spend / customers credited; **ROMI** = (credited revenue - spend) /
spend. Totals carry seed 004's value metrics: marketing spend per sales-accepted lead, sales cost per
closed (won) deal, share of revenue from marketing-sourced leads, and blended CAC.`.trim();

const RangeQuery = {
  from: Type.Optional(
    Type.String({ maxLength: 10, description: 'first day YYYY-MM-DD; default: the current quarter' }),
  ),
  to: Type.Optional(Type.String({ maxLength: 10, description: 'last day YYYY-MM-DD, inclusive' })),
  timeZone: Type.Optional(
    Type.String({ maxLength: 64, description: 'IANA time zone of the days; default UTC' }),
  ),
  currency: Type.Optional(
    Type.String({ maxLength: 3, description: "default: the agreement's target currency" }),
  ),
};

export const RevenueQuery = Type.Object(
  { ...RangeQuery, period: Type.Optional(StringEnum(PERIOD_KINDS, { description: 'default month' })) },
  { additionalProperties: false },
);

export const RoiQuery = Type.Object(
  {
    ...RangeQuery,
    by: Type.Optional(StringEnum(ECONOMICS_GROUPINGS, { description: 'default channel' })),
    attribution: Type.Optional(
      StringEnum(ATTRIBUTIONS, { description: 'revenue credit; default first_touch' }),
    ),
  },
  { additionalProperties: false },
);

const Split = Type.Object({
  cents: Type.Integer(),
  deals: Type.Integer(),
  share: Type.Number({ description: 'of the total amount; 0 when the total is 0' }),
});
const Figures = Type.Object({
  total: Type.Object({ cents: Type.Integer(), deals: Type.Integer() }),
  sourced: Split,
  influenced: Split,
  salesSourced: Split,
});
const PeriodFigures = {
  pipeline: Figures,
  revenue: Figures,
};

export const RevenueAttributionSchema = Type.Object({
  from: DateOnly,
  to: DateOnly,
  timeZone: Type.String(),
  period: StringEnum(PERIOD_KINDS),
  currency: Type.String(),
  periods: Type.Array(Type.Object({ label: Type.String(), from: DateOnly, to: DateOnly, ...PeriodFigures })),
  total: Type.Object(PeriodFigures),
  otherCurrencies: Type.Array(Type.Object({ currency: Type.String(), deals: Type.Integer() })),
});

const Cents = Nullable(Type.Integer());
export const EconomicsSchema = Type.Object({
  from: DateOnly,
  to: DateOnly,
  timeZone: Type.String(),
  by: StringEnum(ECONOMICS_GROUPINGS),
  attribution: StringEnum(ATTRIBUTIONS),
  currency: Type.String(),
  rows: Type.Array(
    Type.Object({
      key: Type.String({ description: 'the channel or the campaign id; unattributed for the rest' }),
      name: Type.String(),
      channel: Nullable(Type.String()),
      spendCents: Type.Integer(),
      leads: Type.Integer(),
      mqls: Type.Integer(),
      sqls: Type.Integer(),
      opportunities: Type.Integer(),
      pipelineCents: Type.Integer(),
      customers: Type.Number({ description: 'won deals credited (fractional under linear)' }),
      revenueCents: Type.Integer(),
      costPerLeadCents: Cents,
      costPerMqlCents: Cents,
      costPerSqlCents: Cents,
      cacCents: Cents,
      romi: Nullable(Type.Number()),
    }),
  ),
  totals: Type.Object({
    campaignSpendCents: Type.Integer(),
    otherMarketingCostCents: Type.Integer(),
    marketingSpendCents: Type.Integer(),
    salesCostCents: Type.Integer(),
    leads: Type.Integer(),
    mqls: Type.Integer(),
    sqls: Type.Integer(),
    opportunities: Type.Integer(),
    wonDeals: Type.Integer(),
    revenueCents: Type.Integer(),
    marketingSourcedRevenueCents: Type.Integer(),
    marketingSpendPerAcceptedLeadCents: Cents,
    salesCostPerClosedDealCents: Cents,
    marketingSourcedRevenueShare: Type.Number(),
    blendedCacCents: Cents,
    romi: Nullable(Type.Number()),
  }),
});

export const CostEntrySchema = Type.Object({
  id: Type.String(),
  function: StringEnum(['marketing', 'sales'] as const),
  category: Type.String(),
  amount: MoneySchema,
  startsOn: DateOnly,
  endsOn: DateOnly,
  notes: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const CreateCostEntryBody = Type.Object(
  {
    function: StringEnum(['marketing', 'sales'] as const),
    category: Type.String({ minLength: 1, maxLength: 200, description: 'salaries, tools, agency, ...' }),
    amount: MoneySchema,
    period: Type.Optional(
      Type.String({ maxLength: 10, description: 'a month (2026-10) or a quarter (2026-Q4)' }),
    ),
    startsOn: Type.Optional(Type.String({ maxLength: 10, description: 'or the first day, with endsOn' })),
    endsOn: Type.Optional(Type.String({ maxLength: 10 })),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const CostEntryQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 10, description: 'entries ending on or after this day' })),
    to: Type.Optional(Type.String({ maxLength: 10, description: 'entries starting on or before this day' })),
    function: Type.Optional(StringEnum(['marketing', 'sales'] as const)),
  },
  { additionalProperties: false },
);

export const CostEntryList = Type.Object({ items: Type.Array(CostEntrySchema) });
