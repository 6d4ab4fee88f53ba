import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { ValidationError } from '../core/index.js';
import { pipelineCoverage, reverseFunnel } from '../planning/index.js';
import { EMPTY_GROUP, type FunnelGroup, funnelGroup, sortGroups } from './funnel-model.js';
import { cohortFunnel, type FunnelDimension, periodFunnel } from './funnel-store.js';
import { revenueFiguresFor } from './revenue-source.js';
import { alignmentMetrics, type MetricRow, type PeriodFacts, type RevenueFigures } from './metrics-model.js';
import { currentMonth, priorRange, type ReportRange, reportRange } from './model.js';
import { LOST_PIPELINE_FORMULA, type SpeedToLeadFigures, speedToLeadFigures } from './speed-to-lead-model.js';
import * as store from './store.js';

type Agreement = Awaited<ReturnType<typeof getActiveAgreement>>;
type Targets = Agreement['document']['targets'];

export interface RangeInput {
  from?: string | undefined;
  to?: string | undefined;
}

/** The range asked for, or the current month; both bounds or neither. */
export function rangeOf(ctx: Ctx, input: RangeInput): ReportRange {
  if (input.from === undefined && input.to === undefined) return currentMonth(ctx.clock.now());
  if (input.from === undefined) throw ValidationError.field('/from', 'is required with to');
  if (input.to === undefined) throw ValidationError.field('/to', 'is required with from');
  return reportRange(input.from, input.to);
}

/** How many months of the agreement's planning period a range is: whole calendar months exactly, else days / 30.4375. */
export function monthsIn(range: ReportRange): number {
  const s = range.start;
  const e = range.end;
  if (s.getUTCDate() === 1 && e.getUTCDate() === 1)
    return (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + e.getUTCMonth() - s.getUTCMonth();
  return range.days / 30.4375;
}

/** The agreement's targets over a range: MQLs, opportunities and revenue, pro rata and rounded up. */
export function rangeTargets(targets: Targets, range: ReportRange) {
  const plan = reverseFunnel(targets);
  const share = monthsIn(range) / targets.monthsPerPeriod;
  // Shares are rounded to 9 places first so that 534 x 1/3 is 178, not 178.00000000000003 -> 179.
  const up = (n: number) => Math.ceil(Math.round(n * share * 1e9) / 1e9);
  return {
    mqls: up(plan.mqls),
    sqls: up(plan.sqls),
    opportunities: up(plan.opportunities),
    revenueCents: up(targets.revenuePerPeriod.cents),
    currency: targets.revenuePerPeriod.currency,
  };
}

/** Everything the metric table needs for one range. */
export async function periodFacts(ctx: Ctx, range: ReportRange, currency: string): Promise<PeriodFacts> {
  const now = ctx.clock.now();
  const [counts, speed, deals, cost] = await Promise.all([
    store.countStageEntries(ctx.db, range),
    store.speedToLead(ctx.db, range, now),
    store.closedDeals(ctx.db, range, currency),
    store.campaignCost(ctx.db, range, currency),
  ]);
  return {
    leads: counts.lead,
    mqls: counts.mql,
    sqls: counts.sql,
    opportunities: counts.opportunity,
    customers: counts.customer,
    speedToLeadMedianMs: speed.medianMs,
    salesCycleMedianDays: deals.cycleMedianDays,
    wonDeals: deals.won,
    wonCents: deals.wonCents,
    marketingCostCents: cost.cents,
  };
}

export interface MetricsReport {
  from: string;
  to: string;
  prior: { from: string; to: string };
  agreementVersion: number;
  currency: string;
  metrics: MetricRow[];
}

/**
 * The shared metrics of a range beside the prior range. The three rows of the revenue-
 * attribution capability come from it (`revenueFiguresFor`) unless `revenue` is given;
 * `null` leaves them "not available".
 */
export async function metricsReport(
  ctx: Ctx,
  input: RangeInput,
  revenue?: RevenueFigures | null,
): Promise<MetricsReport> {
  const range = rangeOf(ctx, input);
  const prior = priorRange(range);
  const { version, document } = await getActiveAgreement(ctx.db, ctx.clock);
  const targets = document.targets;
  const currency = targets.revenuePerPeriod.currency;
  // The revenue rows are read beside the funnel facts, not after them.
  const [current, before, open, figures] = await Promise.all([
    periodFacts(ctx, range, currency),
    periodFacts(ctx, prior, currency),
    store.openPipeline(ctx.db, range, currency),
    revenue === undefined ? revenueFiguresFor(ctx, range, prior, currency) : revenue,
  ]);
  const revenueTarget = rangeTargets(targets, range).revenueCents;
  const coverage = pipelineCoverage({
    openPipelineCents: open,
    revenueTargetCents: revenueTarget,
    winRate: targets.winRate,
    fixedCoverage: targets.pipelineCoverage,
    averageDealSizeCents: targets.averageDealSize.cents,
    sqlToOpportunityRate: targets.sqlToOpportunityRate,
    mqlToSqlRate: targets.mqlToSqlRate,
  });
  return {
    from: range.from,
    to: range.to,
    prior: { from: prior.from, to: prior.to },
    agreementVersion: version,
    currency,
    metrics: alignmentMetrics({
      current,
      prior: before,
      targets: {
        mqlToSqlAcceptance: document.funnel.mqlToSqlAcceptanceTarget,
        sqlToOpportunity: targets.sqlToOpportunityRate,
        currency,
      },
      revenue: figures ?? undefined,
      coverage: {
        actual: coverage.actualCoverage,
        required: coverage.requiredCoverage,
        openPipelineCents: open,
        requiredPipelineCents: coverage.requiredPipelineCents,
      },
    }),
  };
}

export interface FunnelReport {
  from: string;
  to: string;
  view: 'cohort' | 'period';
  by: FunnelDimension;
  /** Cohort view: the stage whose entry in the range defines the cohort. */
  anchor: store.FunnelStage;
  total: FunnelGroup;
  groups: FunnelGroup[];
}

export async function funnelReport(
  ctx: Ctx,
  input: RangeInput & { view?: 'cohort' | 'period'; by?: FunnelDimension; anchor?: store.FunnelStage },
): Promise<FunnelReport> {
  const range = rangeOf(ctx, input);
  const view = input.view ?? 'period';
  const by = input.by ?? 'total';
  const anchor = view === 'cohort' ? (input.anchor ?? 'lead') : 'lead';
  const read = (dimension: FunnelDimension) =>
    view === 'cohort'
      ? cohortFunnel(ctx.db, range, dimension, anchor)
      : periodFunnel(ctx.db, range, dimension);
  const [total, groups] = await Promise.all([read('total'), by === 'total' ? [] : read(by)]);
  return {
    from: range.from,
    to: range.to,
    view,
    by,
    anchor,
    total: funnelGroup(total[0] ?? EMPTY_GROUP, anchor),
    groups: sortGroups(groups.map((g) => funnelGroup(g, anchor))),
  };
}

export interface SpeedToLeadReport extends SpeedToLeadFigures {
  from: string;
  to: string;
  currency: string;
  medianMs: number | null;
  /** Leads routed less than 24 hours ago and not touched yet: not in any bucket. */
  waiting: number;
  formula: string;
  measurement: string;
}

export async function speedToLeadReport(ctx: Ctx, input: RangeInput): Promise<SpeedToLeadReport> {
  const range = rangeOf(ctx, input);
  const { document } = await getActiveAgreement(ctx.db, ctx.clock);
  const t = document.targets;
  const speed = await store.speedToLead(ctx.db, range, ctx.clock.now());
  return {
    from: range.from,
    to: range.to,
    currency: t.averageDealSize.currency,
    medianMs: speed.medianMs,
    waiting: speed.waiting,
    ...speedToLeadFigures(speed.buckets, {
      mqlToSqlRate: t.mqlToSqlRate,
      sqlToOpportunityRate: t.sqlToOpportunityRate,
      averageDealSizeCents: t.averageDealSize.cents,
    }),
    formula: LOST_PIPELINE_FORMULA,
    measurement:
      'mql_first_touch SLA clocks started in the range: from the MQL notification (routing) to the first sales activity, wall-clock; unanswered after 24 hours counts as "> 24 hours"',
  };
}
