import { isCalendarDay, type Money, ValidationError } from '../core/index.js';
import type { TargetsSection } from './targets.js';

/**
 * Planning as pure arithmetic: the reverse funnel of seed 001 ("SLA Calculation: From
 * Revenue Target to MQL Target") and pipeline coverage. Counts round up at every step, as
 * the seed does (533.33 MQLs are 534): a fraction of a lead still has to be found. Money is
 * integer cents; rates are read as the decimals they are written as (0.6 is 6/10, not the
 * double nearest to it), so 3 deals at a 10% win rate need 30 opportunities, not 31.
 */

export interface FunnelCounts {
  deals: number;
  opportunities: number;
  sqls: number;
  mqls: number;
}

export interface ReverseFunnel extends FunnelCounts {
  revenue: Money;
  averageDealSize: Money;
  winRate: number;
  sqlToOpportunityRate: number;
  mqlToSqlRate: number;
  /** The months the revenue target covers. */
  months: number;
  /** Every step spread over the months, each rounded up (seed: 534 MQLs a quarter, 178 a month). */
  perMonth: FunnelCounts & { revenue: Money };
}

/** The inputs of the reverse funnel: the agreement's targets, possibly overridden. */
export type FunnelInputs = Pick<
  TargetsSection,
  | 'revenuePerPeriod'
  | 'monthsPerPeriod'
  | 'averageDealSize'
  | 'winRate'
  | 'sqlToOpportunityRate'
  | 'mqlToSqlRate'
>;

export function reverseFunnel(targets: FunnelInputs): ReverseFunnel {
  const months = targets.monthsPerPeriod;
  const deals = ceilDiv(targets.revenuePerPeriod.cents, targets.averageDealSize.cents);
  const counts = countsFromDeals(deals, targets);
  return {
    revenue: { ...targets.revenuePerPeriod },
    averageDealSize: { ...targets.averageDealSize },
    winRate: targets.winRate,
    sqlToOpportunityRate: targets.sqlToOpportunityRate,
    mqlToSqlRate: targets.mqlToSqlRate,
    months,
    ...counts,
    perMonth: {
      revenue: {
        cents: ceilDiv(targets.revenuePerPeriod.cents, months),
        currency: targets.revenuePerPeriod.currency,
      },
      deals: ceilDiv(counts.deals, months),
      opportunities: ceilDiv(counts.opportunities, months),
      sqls: ceilDiv(counts.sqls, months),
      mqls: ceilDiv(counts.mqls, months),
    },
  };
}

function countsFromDeals(
  deals: number,
  rates: Pick<FunnelInputs, 'winRate' | 'sqlToOpportunityRate' | 'mqlToSqlRate'>,
): FunnelCounts {
  const opportunities = ceilOver(deals, rates.winRate);
  const sqls = ceilOver(opportunities, rates.sqlToOpportunityRate);
  const mqls = ceilOver(sqls, rates.mqlToSqlRate);
  return { deals, opportunities, sqls, mqls };
}

/**
 * MQLs marketing owes over `months` months: the reverse funnel's period total spread over
 * the period's months and rounded up (1 month: the seed's 178; the whole quarter: 534).
 * The default of the Marketing SLA's "MQL volume" target.
 */
export function mqlVolumeTarget(targets: FunnelInputs, months = 1): number {
  if (!Number.isInteger(months) || months < 1)
    throw new RangeError(`months must be a whole number >= 1, got ${months}`);
  const { mqls } = reverseFunnel(targets);
  return safe(ceilBig(BigInt(mqls) * BigInt(months), BigInt(targets.monthsPerPeriod)));
}

// ---- pipeline coverage

export interface CoverageInputs {
  openPipelineCents: number;
  revenueTargetCents: number;
  winRate: number;
  /** The agreement's fixed coverage (e.g. 3), or null to derive it as 1 / win rate. */
  fixedCoverage: number | null;
  averageDealSizeCents: number;
  sqlToOpportunityRate: number;
  mqlToSqlRate: number;
}

export interface Coverage {
  /** Pipeline needed per unit of revenue target. */
  requiredCoverage: number;
  coverageSource: 'agreement' | 'win_rate';
  requiredPipelineCents: number;
  openPipelineCents: number;
  /** Open pipeline per unit of revenue target (4 decimals). */
  actualCoverage: number;
  /** Pipeline still missing; 0 when covered. */
  gapCents: number;
  /** The missing pipeline walked back through the funnel: opportunities of the average deal size, then SQLs and MQLs, each rounded up. */
  gap: Omit<FunnelCounts, 'deals'>;
}

export function pipelineCoverage(input: CoverageInputs): Coverage {
  const fixed = input.fixedCoverage;
  const requiredPipelineCents =
    fixed === null
      ? ceilOver(input.revenueTargetCents, input.winRate)
      : ceilTimes(input.revenueTargetCents, fixed);
  const gapCents = Math.max(0, requiredPipelineCents - input.openPipelineCents);
  const opportunities = ceilDiv(gapCents, input.averageDealSizeCents);
  const sqls = ceilOver(opportunities, input.sqlToOpportunityRate);
  const mqls = ceilOver(sqls, input.mqlToSqlRate);
  return {
    requiredCoverage: fixed ?? round4(1 / input.winRate),
    coverageSource: fixed === null ? 'win_rate' : 'agreement',
    requiredPipelineCents,
    openPipelineCents: input.openPipelineCents,
    actualCoverage: round4(input.openPipelineCents / input.revenueTargetCents),
    gapCents,
    gap: { opportunities, sqls, mqls },
  };
}

/** The revenue target of a period of `months` months: the agreement's per-period goal pro rata, rounded up to the cent. */
export function periodRevenueTarget(
  targets: Pick<TargetsSection, 'revenuePerPeriod' | 'monthsPerPeriod'>,
  months: number,
): Money {
  return {
    cents: safe(
      ceilBig(BigInt(targets.revenuePerPeriod.cents) * BigInt(months), BigInt(targets.monthsPerPeriod)),
    ),
    currency: targets.revenuePerPeriod.currency,
  };
}

// ---- periods

export interface Period {
  /** `2026-Q4` or `2026-10`. */
  label: string;
  /** First and last calendar day, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  months: number;
}

/** A quarter (`2026-Q4`) or a month (`2026-10`); a `ValidationError` at `path` otherwise. */
export function parsePeriod(text: string, path = '/period'): Period {
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(text);
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (quarter) {
    const year = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    return {
      label: `${year}-Q${quarter[2]}`,
      from: day(year, first, 1),
      to: lastDay(year, first + 2),
      months: 3,
    };
  }
  if (month && isCalendarDay(`${month[1]}-${month[2]}-01`)) {
    const year = Number(month[1]);
    const m = Number(month[2]);
    return { label: text, from: day(year, m, 1), to: lastDay(year, m), months: 1 };
  }
  throw ValidationError.field(
    path,
    `must be a quarter such as 2026-Q4 or a month such as 2026-10, got "${text}"`,
  );
}

/** The quarter `at` falls in (UTC). */
export function quarterOf(at: Date): Period {
  return parsePeriod(`${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`);
}

function day(year: number, month: number, dayOfMonth: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

function lastDay(year: number, month: number): string {
  return day(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

// ---- exact arithmetic

/**
 * A positive finite number as the decimal fraction it is written as (`String(x)`, the
 * shortest form that reads back as x): 0.6 -> 6/10, 1e-7 -> 1/10^7.
 */
export function decimalFraction(x: number): { num: bigint; den: bigint } {
  if (!Number.isFinite(x) || x <= 0) throw new RangeError(`expected a positive number, got ${x}`);
  const [mantissa = '', exponent = '0'] = String(x).toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  let num = BigInt(`${whole}${fraction}`);
  let den = 10n ** BigInt(fraction.length);
  const e = Number(exponent);
  if (e > 0) num *= 10n ** BigInt(e);
  else den *= 10n ** BigInt(-e);
  return { num, den };
}

/** ceil(a / b) for whole a >= 0 and b > 0, exactly (no float division). */
function ceilDiv(a: number, b: number): number {
  return safe(ceilBig(BigInt(a), BigInt(b)));
}

/** A count or amount back as a number, refused when a number cannot hold it exactly. */
function safe(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ValidationError(
      `The plan needs more than ${Number.MAX_SAFE_INTEGER} at one step: check the rates and the deal size`,
      [{ path: '', message: 'the reverse funnel exceeds the largest exact number' }],
    );
  return Number(value);
}

/** ceil(n / rate), exactly. */
function ceilOver(n: number, rate: number): number {
  const { num, den } = decimalFraction(rate);
  return safe(ceilBig(BigInt(n) * den, num));
}

/** ceil(n * factor), exactly. */
function ceilTimes(n: number, factor: number): number {
  const { num, den } = decimalFraction(factor);
  return safe(ceilBig(BigInt(n) * num, den));
}

function ceilBig(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

// ---- what-if overrides of the agreement's targets

/** Values a caller may put in place of the agreement's for one calculation. */
export interface TargetOverrides {
  revenueCents?: number | undefined;
  dealSizeCents?: number | undefined;
  winRate?: number | undefined;
  sqlToOpp?: number | undefined;
  mqlToSql?: number | undefined;
  months?: number | undefined;
}

/** The targets with the overrides in place; a `ValidationError` naming each bad override. */
export function withOverrides(targets: TargetsSection, o: TargetOverrides): TargetsSection {
  const issues: { path: string; message: string }[] = [];
  const money = (name: string, cents: number | undefined) => {
    if (cents !== undefined && !(Number.isSafeInteger(cents) && cents > 0))
      issues.push({ path: `/${name}`, message: 'must be an amount greater than 0' });
  };
  const share = (name: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0 && value <= 1))
      issues.push({ path: `/${name}`, message: `must be a rate greater than 0 and at most 1, got ${value}` });
  };
  money('revenue', o.revenueCents);
  money('dealSize', o.dealSizeCents);
  share('winRate', o.winRate);
  share('sqlToOpp', o.sqlToOpp);
  share('mqlToSql', o.mqlToSql);
  if (o.months !== undefined && !(Number.isInteger(o.months) && o.months >= 1 && o.months <= 12))
    issues.push({ path: '/months', message: `must be a whole number from 1 to 12, got ${o.months}` });
  if (issues.length > 0)
    throw new ValidationError(
      `Invalid planning input: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
    );
  return {
    ...targets,
    revenuePerPeriod: {
      ...targets.revenuePerPeriod,
      cents: o.revenueCents ?? targets.revenuePerPeriod.cents,
    },
    averageDealSize: { ...targets.averageDealSize, cents: o.dealSizeCents ?? targets.averageDealSize.cents },
    winRate: o.winRate ?? targets.winRate,
    sqlToOpportunityRate: o.sqlToOpp ?? targets.sqlToOpportunityRate,
    mqlToSqlRate: o.mqlToSql ?? targets.mqlToSqlRate,
    monthsPerPeriod: o.months ?? targets.monthsPerPeriod,
  };
}
