import { change, days, duration, money, pct, rate } from './model.js';

/**
 * The shared metrics: seed 001's "Primary Alignment Metrics" table, row by row, with its
 * formula, target and owner as the seed words them, followed by three figures the issue adds
 * (cost per MQL, cost per SQL, pipeline coverage). Three rows come from the revenue-attribution
 * capability (`RevenueFigures`), never from here: marketing-sourced pipeline, marketing-
 * influenced revenue and CAC by channel. Without those figures the rows say "not available".
 */

/** What the store counts for one range. */
export interface PeriodFacts {
  /** People who entered each stage in the range (first entry of the stage within the range). */
  leads: number;
  mqls: number;
  sqls: number;
  opportunities: number;
  customers: number;
  /** Median wall-clock time from the MQL notification (routing) to the first sales touch. */
  speedToLeadMedianMs: number | null;
  /** Median days from SQL acceptance to close of the deals won in the range. */
  salesCycleMedianDays: number | null;
  /** Opportunities won in the range, in the report currency. */
  wonDeals: number;
  wonCents: number;
  /** Campaign cost spread over the range (each campaign's cost pro rata over its days). */
  marketingCostCents: number;
}

/** One channel's customer acquisition cost, as the revenue-attribution capability computes it. */
export interface ChannelCac {
  channel: string;
  costCents: number;
  customers: number;
  /** cost / customers; null without customers. */
  cacCents: number | null;
}

/** One range's attribution figures (money in the report currency). */
export interface RevenuePeriod {
  /** Pipeline created in the range from marketing-generated leads, and all pipeline created in it. */
  marketingSourcedPipelineCents: number;
  totalPipelineCents: number;
  /** Revenue closed in the range: marketing-sourced, marketing-influenced, sales-sourced, and all. */
  marketingSourcedRevenueCents: number;
  marketingInfluencedRevenueCents: number;
  salesSourcedRevenueCents: number;
  totalRevenueCents: number;
  cacByChannel: ChannelCac[];
}

/**
 * The input the revenue-attribution capability (`revenueAttribution`, `campaignEconomics` of
 * `src/attribution`) provides for the current and the prior range (`revenue-source.ts`).
 * Reports never compute these figures themselves; without them the rows read "not available".
 */
export interface RevenueFigures {
  currency: string;
  current: RevenuePeriod;
  prior: RevenuePeriod | null;
}

/** CAC by channel alone (what the diagnostics read): every `RevenueFigures` is one. */
export interface CacFigures {
  currency: string;
  current: Pick<RevenuePeriod, 'cacByChannel'>;
  prior: Pick<RevenuePeriod, 'cacByChannel'> | null;
}

export type MetricStatus = 'met' | 'missed' | 'benchmark' | 'no_data' | 'not_available';

export interface MetricRow {
  id: string;
  metric: string;
  formula: string;
  target: string;
  owner: string;
  /** `seed`: a row of seed 001's table; `servio`: a figure the issue adds. */
  source: 'seed' | 'servio';
  value: number | null;
  display: string;
  prior: number | null;
  priorDisplay: string;
  /** Relative change from the prior range, null when either is missing. */
  change: number | null;
  status: MetricStatus;
  note: string | null;
  /** CAC by channel only: one line per channel. */
  channels?: { channel: string; cacCents: number | null; priorCacCents: number | null; customers: number }[];
}

export interface MetricTargets {
  /** The agreement's MQL-to-SQL acceptance target (seed: 60%). */
  mqlToSqlAcceptance: number;
  /** The agreement's SQL-to-opportunity rate (seed: 50%). */
  sqlToOpportunity: number;
  currency: string;
}

export interface CoverageFigure {
  actual: number;
  required: number;
  openPipelineCents: number;
  requiredPipelineCents: number;
}

const NOT_AVAILABLE = 'not available: comes from revenue attribution, not connected in this build';

type Base = Pick<MetricRow, 'id' | 'metric' | 'formula' | 'target' | 'owner' | 'source'>;

function row(
  base: Base,
  value: number | null,
  prior: number | null,
  show: (v: number | null) => string,
  status: MetricStatus,
  note: string | null = null,
): MetricRow {
  return {
    ...base,
    value,
    display: show(value),
    prior,
    priorDisplay: show(prior),
    change: change(value, prior),
    status: value === null && status !== 'not_available' ? 'no_data' : status,
    note,
  };
}

function unavailable(base: Base): MetricRow {
  return { ...row(base, null, null, () => '—', 'not_available', NOT_AVAILABLE) };
}

/** Met when the share lies within [low, high]. */
function within(value: number | null, low: number, high: number): MetricStatus {
  return value === null ? 'no_data' : value >= low && value <= high ? 'met' : 'missed';
}

/** The metric table of a range with the prior range beside it. */
export function alignmentMetrics(input: {
  current: PeriodFacts;
  prior: PeriodFacts;
  targets: MetricTargets;
  revenue: RevenueFigures | undefined;
  coverage: CoverageFigure | null;
}): MetricRow[] {
  const { current: c, prior: p, targets: t, revenue } = input;
  const cur = t.currency;
  const rows: MetricRow[] = [];

  // ---- seed 001, Primary Alignment Metrics (in the seed's order)
  const sourcedBase: Base = {
    id: 'marketing_sourced_pipeline',
    metric: 'Marketing-sourced pipeline',
    formula: 'Total pipeline value from marketing-generated leads',
    target: '40-60% of total pipeline',
    owner: 'Joint',
    source: 'seed',
  };
  const influencedBase: Base = {
    id: 'marketing_influenced_revenue',
    metric: 'Marketing-influenced revenue',
    formula: 'Closed revenue where marketing touched the journey',
    target: '60-80% of total revenue',
    owner: 'Joint',
    source: 'seed',
  };
  if (revenue) {
    const share = (
      r: RevenuePeriod | null,
      part: (r: RevenuePeriod) => number,
      whole: (r: RevenuePeriod) => number,
    ) => (r === null ? null : rate(part(r), whole(r)));
    const sourced = share(
      revenue.current,
      (r) => r.marketingSourcedPipelineCents,
      (r) => r.totalPipelineCents,
    );
    rows.push(
      row(
        sourcedBase,
        sourced,
        share(
          revenue.prior,
          (r) => r.marketingSourcedPipelineCents,
          (r) => r.totalPipelineCents,
        ),
        (v) => pct(v),
        within(sourced, 0.4, 0.6),
        `${money(revenue.current.marketingSourcedPipelineCents, revenue.currency)} of ${money(revenue.current.totalPipelineCents, revenue.currency)}`,
      ),
    );
    const influenced = share(
      revenue.current,
      (r) => r.marketingInfluencedRevenueCents,
      (r) => r.totalRevenueCents,
    );
    rows.push(
      row(
        influencedBase,
        influenced,
        share(
          revenue.prior,
          (r) => r.marketingInfluencedRevenueCents,
          (r) => r.totalRevenueCents,
        ),
        (v) => pct(v),
        within(influenced, 0.6, 0.8),
        `${money(revenue.current.marketingInfluencedRevenueCents, revenue.currency)} of ${money(revenue.current.totalRevenueCents, revenue.currency)}`,
      ),
    );
  } else rows.push(unavailable(sourcedBase), unavailable(influencedBase));

  const leadToCustomer = rate(c.customers, c.leads);
  rows.push(
    row(
      {
        id: 'lead_to_customer',
        metric: 'Lead-to-customer rate',
        formula: 'Customers / Total leads',
        target: 'Industry-dependent (SaaS: 2-5%)',
        owner: 'Joint',
        source: 'seed',
      },
      leadToCustomer,
      rate(p.customers, p.leads),
      (v) => pct(v, 2),
      // Judged against the floor of the seed's SaaS band (more customers is never a miss);
      // other industries read the figure, not the status.
      leadToCustomer !== null && leadToCustomer >= 0.02 ? 'met' : 'missed',
      `${c.customers} customers / ${c.leads} leads entering in the range`,
    ),
  );
  const acceptance = rate(c.sqls, c.mqls);
  rows.push(
    row(
      {
        id: 'mql_to_sql_acceptance',
        metric: 'MQL-to-SQL acceptance rate',
        formula: 'SQLs / MQLs',
        target: `> ${pct(t.mqlToSqlAcceptance, 0)}`,
        owner: 'Marketing quality indicator',
        source: 'seed',
      },
      acceptance,
      rate(p.sqls, p.mqls),
      (v) => pct(v),
      acceptance !== null && acceptance > t.mqlToSqlAcceptance ? 'met' : 'missed',
      `${c.sqls} SQLs / ${c.mqls} MQLs`,
    ),
  );
  const sqlToOpp = rate(c.opportunities, c.sqls);
  rows.push(
    row(
      {
        id: 'sql_to_opportunity',
        metric: 'SQL-to-opportunity rate',
        formula: 'Opportunities / SQLs',
        target: `> ${pct(t.sqlToOpportunity, 0)}`,
        owner: 'Sales quality indicator',
        source: 'seed',
      },
      sqlToOpp,
      rate(p.opportunities, p.sqls),
      (v) => pct(v),
      sqlToOpp !== null && sqlToOpp > t.sqlToOpportunity ? 'met' : 'missed',
      `${c.opportunities} opportunities / ${c.sqls} SQLs`,
    ),
  );
  rows.push(
    row(
      {
        id: 'speed_to_lead',
        metric: 'Speed-to-lead',
        formula: 'Median time from MQL to first sales touch',
        target: '< 1 hour',
        owner: 'Sales',
        source: 'seed',
      },
      c.speedToLeadMedianMs,
      p.speedToLeadMedianMs,
      duration,
      c.speedToLeadMedianMs !== null && c.speedToLeadMedianMs < 3_600_000 ? 'met' : 'missed',
      'from the MQL notification (routing) to the first sales activity, wall-clock',
    ),
  );
  rows.push(
    row(
      {
        id: 'sales_cycle',
        metric: 'Sales cycle length',
        formula: 'Median days from SQL to close',
        target: 'Benchmark against prior quarters',
        owner: 'Joint',
        source: 'seed',
      },
      c.salesCycleMedianDays,
      p.salesCycleMedianDays,
      days,
      'benchmark',
      'deals won in the range',
    ),
  );
  const dealSize = c.wonDeals === 0 ? null : Math.round(c.wonCents / c.wonDeals);
  rows.push(
    row(
      {
        id: 'average_deal_size',
        metric: 'Average deal size',
        formula: 'Revenue / Deals',
        target: 'Benchmark against prior quarters',
        owner: 'Joint',
        source: 'seed',
      },
      dealSize,
      p.wonDeals === 0 ? null : Math.round(p.wonCents / p.wonDeals),
      (v) => money(v, cur),
      'benchmark',
      `${money(c.wonCents, cur)} won in ${c.wonDeals} deals`,
    ),
  );
  const cacBase: Base = {
    id: 'cac_by_channel',
    metric: 'CAC by channel',
    formula: 'Total acquisition cost / Customers by channel',
    target: 'Decreasing quarter-over-quarter',
    owner: 'Joint',
    source: 'seed',
  };
  if (revenue) rows.push(cacRow(cacBase, revenue));
  else rows.push(unavailable(cacBase));

  // ---- added by the issue
  const perMql = c.mqls === 0 ? null : Math.round(c.marketingCostCents / c.mqls);
  const priorPerMql = p.mqls === 0 ? null : Math.round(p.marketingCostCents / p.mqls);
  rows.push(
    row(
      {
        id: 'cost_per_mql',
        metric: 'Cost per MQL',
        formula: 'Campaign cost of the period / MQLs',
        target: 'Benchmark against the prior period',
        owner: 'Marketing',
        source: 'servio',
      },
      perMql,
      priorPerMql,
      (v) => money(v, cur),
      'benchmark',
      `${money(c.marketingCostCents, cur)} campaign cost / ${c.mqls} MQLs`,
    ),
  );
  rows.push(
    row(
      {
        id: 'cost_per_sql',
        metric: 'Cost per SQL',
        formula: 'Campaign cost of the period / SQLs',
        target: 'Benchmark against the prior period',
        owner: 'Joint',
        source: 'servio',
      },
      c.sqls === 0 ? null : Math.round(c.marketingCostCents / c.sqls),
      p.sqls === 0 ? null : Math.round(p.marketingCostCents / p.sqls),
      (v) => money(v, cur),
      'benchmark',
      `${money(c.marketingCostCents, cur)} campaign cost / ${c.sqls} SQLs`,
    ),
  );
  const cov = input.coverage;
  rows.push({
    ...row(
      {
        id: 'pipeline_coverage',
        metric: 'Pipeline coverage',
        formula: 'Open pipeline closing in the period / revenue target of the period',
        target: cov ? `${cov.required}x` : 'see the agreement',
        owner: 'Joint',
        source: 'servio',
      },
      cov?.actual ?? null,
      null,
      (v) => (v === null ? '—' : `${v}x`),
      cov && cov.actual >= cov.required ? 'met' : 'missed',
      cov
        ? `${money(cov.openPipelineCents, cur)} open of ${money(cov.requiredPipelineCents, cur)} required (today's open pipeline; no prior figure)`
        : null,
    ),
  });
  return rows;
}

function cacRow(base: Base, revenue: RevenueFigures): MetricRow {
  const prior = new Map((revenue.prior?.cacByChannel ?? []).map((c) => [c.channel, c.cacCents]));
  const channels = revenue.current.cacByChannel.map((c) => ({
    channel: c.channel,
    cacCents: c.cacCents,
    priorCacCents: prior.get(c.channel) ?? null,
    customers: c.customers,
  }));
  const total = (list: ChannelCac[]) => {
    const customers = list.reduce((a, c) => a + c.customers, 0);
    return customers === 0 ? null : Math.round(list.reduce((a, c) => a + c.costCents, 0) / customers);
  };
  const value = total(revenue.current.cacByChannel);
  const priorValue = revenue.prior ? total(revenue.prior.cacByChannel) : null;
  const rising = channels.filter(
    (c) => c.cacCents !== null && c.priorCacCents !== null && c.cacCents > c.priorCacCents,
  );
  return {
    ...row(
      base,
      value,
      priorValue,
      (v) => money(v, revenue.currency),
      value === null || priorValue === null ? 'benchmark' : rising.length === 0 ? 'met' : 'missed',
      rising.length ? `rising in ${rising.map((c) => c.channel).join(', ')}` : 'all channels, blended',
    ),
    channels,
  };
}
