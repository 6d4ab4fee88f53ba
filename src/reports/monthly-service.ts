import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { type ComplianceRow, listPeriodMqls, parsePeriod, slaCompliance } from '../sla/index.js';
import type { Finding } from './diagnostics-model.js';
import { EMPTY_GROUP, funnelGroup } from './funnel-model.js';
import { periodFunnel } from './funnel-store.js';
import type { CacFigures, RevenuePeriod } from './metrics-model.js';
import { campaignsOfMqls, scoresOfMqls } from './mql-model.js';
import { monthlyFiguresFor } from './revenue-source.js';

import { currentMonth, monthRange, previousMonth } from './model.js';
import {
  type AttributionLine,
  attributionLines,
  executiveSummary,
  type FunnelLine,
  funnelLines,
  keyInsights,
  priorities,
} from './monthly-model.js';
import { type CampaignVerdict, campaignVerdicts } from './review-model.js';
import { diagnostics } from './review-service.js';
import { rangeTargets } from './service.js';
import { type SpeedToLeadFigures, speedToLeadFigures } from './speed-to-lead-model.js';
import * as store from './store.js';

/** The month's revenue figures in full, and the prior month's CAC by channel. */
type MonthlyFigures = CacFigures & { current: RevenuePeriod };

export interface MonthlyReport {
  month: string;
  /** "October 2026", as the template's title reads. */
  title: string;
  from: string;
  to: string;
  priorMonth: string;
  agreementVersion: number;
  currency: string;
  executiveSummary: string;
  marketingSla: ComplianceRow[];
  salesSla: ComplianceRow[];
  funnel: FunnelLine[];
  mqlTarget: number;
  revenueAttribution:
    | { available: true; totalCents: number; lines: AttributionLine[] }
    | { available: false; note: string };
  speedToLead: SpeedToLeadFigures & { medianMs: number | null };
  campaigns: { best: CampaignVerdict | null; worst: CampaignVerdict | null };
  keyInsights: string[];
  priorities: { priority: string; owner: string }[];
  diagnostics: Finding[];
}

/**
 * Seed 001, "Monthly Marketing-Sales Report", for a month (default: the current one) against
 * the month before. The revenue attribution section comes from the attribution capability
 * (`monthlyFiguresFor`) unless `revenue` is given; with `null` the section
 * says "not available".
 */
export async function monthlyReport(
  ctx: Ctx,
  input: { month?: string | undefined },
  revenue?: MonthlyFigures | null,
): Promise<MonthlyReport> {
  const range = input.month === undefined ? currentMonth(ctx.clock.now()) : monthRange(input.month);
  const month = range.from.slice(0, 7);
  const prior = previousMonth(range);
  const { version, document } = await getActiveAgreement(ctx.db, ctx.clock);
  const t = document.targets;
  const currency = t.revenuePerPeriod.currency;
  // The revenue rows are read once (diagnostics get them too), beside everything else; of
  // the prior month only CAC by channel, which is all its diagnostics compare.
  const figuresRead =
    revenue === undefined ? monthlyFiguresFor(ctx, range, prior, currency) : Promise.resolve(revenue);
  // The diagnostics count the months' stage entries from the two period funnels (the
  // funnel's volume of a stage is the people who entered it in the range, as they count).
  const nowRead = periodFunnel(ctx.db, range, 'total');
  const beforeRead = periodFunnel(ctx.db, prior, 'total');
  const entries = {
    current: nowRead.then((rows) => (rows[0] ?? EMPTY_GROUP).volumes),
    prior: beforeRead.then((rows) => (rows[0] ?? EMPTY_GROUP).volumes),
  };
  // The month's MQLs once, with what each part needs of them: its compliance tables, its
  // campaigns and its diagnostics' score averages probed each MQL's stages apart before.
  const mqlsRead = listPeriodMqls(ctx, parsePeriod(month), document.scoring.threshold, true);
  const scores = mqlsRead.then(scoresOfMqls);
  const [compliance, now, before, speed, mqls, diag, figures] = await Promise.all([
    slaCompliance(ctx, month, { mqls: mqlsRead }),
    nowRead,
    beforeRead,
    store.speedToLead(ctx.db, range, ctx.clock.now()),
    mqlsRead,
    diagnostics(ctx, { from: range.from, to: range.to }, figuresRead, { entries, scores }),
    figuresRead,
    // Awaited here too, so that a failed read is handled before the diagnostics reach it.
    entries.current,
    entries.prior,
    scores,
  ]);
  const campaigns = campaignsOfMqls(mqls);
  const funnel = funnelLines(
    funnelGroup(now[0] ?? EMPTY_GROUP).stages,
    funnelGroup(before[0] ?? EMPTY_GROUP).stages,
  );
  const speedFigures = {
    ...speedToLeadFigures(speed.buckets, {
      mqlToSqlRate: t.mqlToSqlRate,
      sqlToOpportunityRate: t.sqlToOpportunityRate,
      averageDealSizeCents: t.averageDealSize.cents,
    }),
    medianMs: speed.medianMs,
  };
  const verdicts = campaignVerdicts(campaigns, document.funnel.mqlToSqlAcceptanceTarget);
  const mqlTarget = rangeTargets(t, range).mqls;
  const title = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    range.start,
  );
  const sla = [...compliance.marketing, ...compliance.sales];
  const facts = {
    monthLabel: title,
    sla,
    funnel,
    mqls: funnel.find((s) => s.stage === 'mql')?.volume ?? 0,
    mqlTarget,
    speed: speedFigures,
    currency,
    best: verdicts.best,
    worst: verdicts.worst,
    findings: diag.findings,
  };
  return {
    month,
    title,
    from: range.from,
    to: range.to,
    priorMonth: prior.from.slice(0, 7),
    agreementVersion: version,
    currency,
    executiveSummary: executiveSummary(facts),
    marketingSla: compliance.marketing,
    salesSla: compliance.sales,
    funnel,
    mqlTarget,
    revenueAttribution: figures
      ? {
          available: true,
          totalCents: figures.current.totalRevenueCents,
          lines: attributionLines(figures.current),
        }
      : {
          available: false,
          note: 'not available: revenue attribution was left out of this report',
        },
    speedToLead: speedFigures,
    campaigns: verdicts,
    keyInsights: keyInsights(facts),
    priorities: priorities(facts),
    diagnostics: diag.findings,
  };
}
