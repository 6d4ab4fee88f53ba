import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { type FlagDigest, leadQualityFlagsOfRange } from '../feedback/index.js';
import { type DiagnosticPeriod, diagnose, type Finding } from './diagnostics-model.js';
import type { CacFigures } from './metrics-model.js';
import type { MqlScores } from './mql-model.js';
import { cacFiguresFor } from './revenue-source.js';
import {
  DAY_MS,
  dayText,
  isoWeekOf,
  isoWeekRange,
  monthRange,
  priorRange,
  type ReportRange,
  rate,
  reportRange,
} from './model.js';
import { actionItems, type ActionItem, type CampaignVerdict, campaignVerdicts } from './review-model.js';
import * as review from './review-store.js';
import { rangeTargets } from './service.js';
import * as store from './store.js';

/** Sections of the seed's agenda there is no data for yet: left out, and said so. */
export const OMITTED_REVIEW_SECTIONS = [
  {
    section: 'Content requests from sales',
    reason: 'no content-request records exist yet (a later capability); the section is left out',
  },
  {
    section: 'Competitive intelligence',
    reason: 'no competitive-intelligence records exist yet; the section is left out',
  },
];

export interface PipelineReview {
  week: string;
  from: string;
  to: string;
  /** The instant the review reads the pipeline at: the week's end, or now if earlier. */
  asOf: Date;
  agreementVersion: number;
  currency: string;
  funnel: {
    mqls: number;
    mqlTarget: number;
    accepted: number;
    acceptance: number | null;
    acceptanceTarget: number;
    speedToLeadMedianMs: number | null;
    speedToLeadTarget: string;
  };
  deals: {
    month: string;
    closingThisMonth: { count: number; top: review.DealLine[] };
    stalled: { idleDays: number; count: number; deals: review.DealLine[] };
    atRisk: { count: number; deals: (review.DealLine & { reasons: string[] })[] };
  };
  campaigns: { best: CampaignVerdict | null; worst: CampaignVerdict | null; all: review.CampaignWeek[] };
  actionItems: ActionItem[];
  /** 4. Feedback loop: the week's lead-quality flags from sales (feedback/flags-*). */
  leadQualityFlags: FlagDigest;
  omittedSections: { section: string; reason: string }[];
}

/** Seed 001, "Pipeline Review Agenda", for an ISO week (default: the current one). */
export async function pipelineReview(
  ctx: Ctx,
  input: { week?: string | undefined },
): Promise<PipelineReview> {
  const now = ctx.clock.now();
  const week = isoWeekRange(input.week ?? isoWeekOf(now));
  const asOf = new Date(Math.min(week.end.getTime(), now.getTime()));
  const { version, document } = await getActiveAgreement(ctx.db, ctx.clock);
  const currency = document.targets.revenuePerPeriod.currency;
  const acceptanceTarget = document.funnel.mqlToSqlAcceptanceTarget;
  const month = monthRange(week.from.slice(0, 7));
  const [acceptance, speed, closing, stalled, atRisk, campaigns, flags] = await Promise.all([
    store.mqlAcceptance(ctx.db, week),
    store.speedToLead(ctx.db, week, now),
    review.dealsClosing(ctx.db, month, asOf, 10),
    review.stalledDeals(ctx.db, asOf, 14, 20),
    review.dealsAtRisk(ctx.db, asOf, 20),
    review.campaignsOfRange(ctx.db, week),
    leadQualityFlagsOfRange(ctx, week),
  ]);
  const mqlTarget = rangeTargets(document.targets, week).mqls;
  const verdicts = campaignVerdicts(campaigns, acceptanceTarget);
  const share = rate(acceptance.accepted, acceptance.mqls);
  return {
    week: week.label,
    from: week.from,
    to: week.to,
    asOf,
    agreementVersion: version,
    currency,
    funnel: {
      mqls: acceptance.mqls,
      mqlTarget,
      accepted: acceptance.accepted,
      acceptance: share,
      acceptanceTarget,
      speedToLeadMedianMs: speed.medianMs,
      speedToLeadTarget: '< 4 hours',
    },
    deals: {
      month: month.from.slice(0, 7),
      closingThisMonth: { count: closing.count, top: closing.deals },
      stalled: { idleDays: 14, count: stalled.count, deals: stalled.deals },
      atRisk,
    },
    campaigns: { ...verdicts, all: campaigns },
    actionItems: actionItems({
      mqls: acceptance.mqls,
      mqlTarget,
      acceptance: share,
      acceptanceTarget,
      speedMedianMs: speed.medianMs,
      stalled: stalled.deals,
      atRisk: atRisk.deals,
      worst: verdicts.worst,
      // Due by the Friday of the week after the review.
      due: dayText(new Date(week.start.getTime() + 11 * DAY_MS)),
    }),
    leadQualityFlags: flags,
    omittedSections: OMITTED_REVIEW_SECTIONS,
  };
}

/** People who entered each funnel stage in a range, as `countStageEntries` counts them. */
export type StageEntries = Record<store.FunnelStage, number>;

async function diagnosticPeriod(
  ctx: Ctx,
  range: ReportRange,
  currency: string,
  entries?: Promise<StageEntries>,
): Promise<DiagnosticPeriod> {
  const now = ctx.clock.now();
  const [counts, deals, cost, clocks] = await Promise.all([
    entries ?? store.countStageEntries(ctx.db, range),
    store.closedDeals(ctx.db, range, currency),
    store.campaignCost(ctx.db, range, currency),
    store.clockVerdicts(ctx.db, range, now),
  ]);
  return {
    mqls: counts.mql,
    sqls: counts.sql,
    opportunities: counts.opportunity,
    wonDeals: deals.won,
    lostDeals: deals.lost,
    wonCents: deals.wonCents,
    salesCycleMedianDays: deals.cycleMedianDays,
    costCents: cost.cents,
    clocks,
  };
}

export interface DiagnosticsReport {
  from: string;
  to: string;
  prior: { from: string; to: string };
  agreementVersion: number;
  detected: number;
  findings: Finding[];
}

/**
 * The seed's five misalignment patterns and the two added checks over a range (default: the
 * 30 days up to today) against the range before it.
 */
export async function diagnostics(
  ctx: Ctx,
  input: { from?: string | undefined; to?: string | undefined },
  /** CAC by channel of both ranges, or its read under way (the monthly report shares its own). */
  revenue?: CacFigures | null | Promise<CacFigures | null>,
  /**
   * Reads the monthly report already has under way, so that they are not made twice: the
   * stage entries of the range and of the range before it (from its two period funnels), and
   * the range's MQL score averages (from its MQL rows).
   */
  shared?: {
    entries?: { current: Promise<StageEntries>; prior: Promise<StageEntries> };
    scores?: Promise<MqlScores>;
  },
): Promise<DiagnosticsReport> {
  const today = dayText(ctx.clock.now());
  const range = reportRange(
    input.from ?? dayText(new Date(new Date(`${input.to ?? today}T00:00:00Z`).getTime() - 29 * DAY_MS)),
    input.to ?? today,
  );
  const prior = priorRange(range);
  const { version, document } = await getActiveAgreement(ctx.db, ctx.clock);
  const currency = document.targets.revenuePerPeriod.currency;
  // The revenue rows are read beside the periods' facts, not before them.
  const [figures, current, before, dq, scores] = await Promise.all([
    revenue === undefined ? cacFiguresFor(ctx, range, prior, currency) : revenue,
    diagnosticPeriod(ctx, range, currency, shared?.entries?.current),
    diagnosticPeriod(ctx, prior, currency, shared?.entries?.prior),
    store.dqCodes(ctx.db, range),
    shared?.scores ?? store.mqlScores(ctx.db, range),
  ]);
  const targets = rangeTargets(document.targets, range);
  const findings = diagnose({
    current,
    prior: before,
    mqlTarget: targets.mqls,
    opportunitiesNeeded: targets.opportunities,
    revenueTargetCents: targets.revenueCents,
    acceptanceTarget: document.funnel.mqlToSqlAcceptanceTarget,
    currency,
    topDqCodes: dq,
    scores,
    cacByChannel: figures
      ? { current: figures.current.cacByChannel, prior: figures.prior?.cacByChannel ?? [] }
      : undefined,
  });
  return {
    from: range.from,
    to: range.to,
    prior: { from: prior.from, to: prior.to },
    agreementVersion: version,
    detected: findings.filter((f) => f.detected).length,
    findings,
  };
}
