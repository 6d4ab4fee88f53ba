import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import type { Money } from '../core/index.js';
import {
  type Coverage,
  type Period,
  parsePeriod,
  periodRevenueTarget,
  pipelineCoverage,
  quarterOf,
  type ReverseFunnel,
  reverseFunnel,
  type TargetOverrides,
  withOverrides,
} from './model.js';
import * as store from './store.js';
import type { TargetsSection } from './targets.js';

/** The names callers give the overrides (the query's and, kebab-cased, the CLI's). */
const OVERRIDE_NAMES: Record<keyof TargetOverrides, string> = {
  revenueCents: 'revenue',
  dealSizeCents: 'dealSize',
  winRate: 'winRate',
  sqlToOpp: 'sqlToOpp',
  mqlToSql: 'mqlToSql',
  months: 'months',
};

export interface ReverseFunnelPlan extends ReverseFunnel {
  /** The agreement version the defaults came from. */
  agreementVersion: number;
  /** Which inputs the caller overrode (the others are the agreement's). */
  overridden: string[];
}

/** The seed's reverse funnel over the agreement's targets, with any what-if overrides. */
export async function planReverseFunnel(
  ctx: Ctx,
  overrides: TargetOverrides = {},
): Promise<ReverseFunnelPlan> {
  const active = await getActiveAgreement(ctx.db, ctx.clock);
  const targets = withOverrides(active.document.targets, overrides);
  return {
    ...reverseFunnel(targets),
    agreementVersion: active.version,
    overridden: (Object.keys(OVERRIDE_NAMES) as (keyof TargetOverrides)[])
      .filter((k) => overrides[k] !== undefined)
      .map((k) => OVERRIDE_NAMES[k]),
  };
}

export interface CoverageReport {
  period: Period;
  agreementVersion: number;
  revenueTarget: Money;
  openPipeline: Money;
  /** Open opportunities closing within the period, in the target's currency. */
  opportunities: number;
  requiredCoverage: number;
  coverageSource: Coverage['coverageSource'];
  requiredPipeline: Money;
  actualCoverage: number;
  /** Pipeline still missing (0 when covered), and what it takes to find it. */
  gap: Money;
  gapFunnel: Coverage['gap'];
  /** Open pipeline of the period in other currencies: not converted, not counted. */
  otherCurrencies: { currency: string; cents: number; opportunities: number }[];
  /** Open opportunities without a close date: in no period. */
  undatedOpenOpportunities: number;
}

/**
 * Pipeline coverage of a period (default: the current quarter): the open pipeline closing
 * within it against the period's revenue target, the coverage required (the agreement's,
 * or 1 / win rate) and the gap in money and in MQLs.
 */
export async function planCoverage(
  ctx: Ctx,
  input: { period?: string | undefined } = {},
): Promise<CoverageReport> {
  const period = input.period === undefined ? quarterOf(ctx.clock.now()) : parsePeriod(input.period);
  const active = await getActiveAgreement(ctx.db, ctx.clock);
  const targets: TargetsSection = active.document.targets;
  const currency = targets.revenuePerPeriod.currency;
  const [totals, undated] = await Promise.all([
    store.listOpenPipeline(ctx.db, period),
    store.countOpenUndated(ctx.db),
  ]);
  const mine = totals.find((t) => t.currency === currency) ?? { currency, cents: 0, opportunities: 0 };
  const revenueTarget = periodRevenueTarget(targets, period.months);
  const coverage = pipelineCoverage({
    openPipelineCents: mine.cents,
    revenueTargetCents: revenueTarget.cents,
    winRate: targets.winRate,
    fixedCoverage: targets.pipelineCoverage,
    averageDealSizeCents: targets.averageDealSize.cents,
    sqlToOpportunityRate: targets.sqlToOpportunityRate,
    mqlToSqlRate: targets.mqlToSqlRate,
  });
  return {
    period,
    agreementVersion: active.version,
    revenueTarget,
    openPipeline: { cents: mine.cents, currency },
    opportunities: mine.opportunities,
    requiredCoverage: coverage.requiredCoverage,
    coverageSource: coverage.coverageSource,
    requiredPipeline: { cents: coverage.requiredPipelineCents, currency },
    actualCoverage: coverage.actualCoverage,
    gap: { cents: coverage.gapCents, currency },
    gapFunnel: coverage.gap,
    otherCurrencies: totals.filter((t) => t.currency !== currency),
    undatedOpenOpportunities: undated,
  };
}
