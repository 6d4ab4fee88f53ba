import type { ChannelCac } from './metrics-model.js';
import { money, pct, rate } from './model.js';

/**
 * Seed 001, "Common Misalignment Patterns — Diagnostic Framework": the five symptoms, each
 * with what each side says, the root cause and the fix exactly as the seed words them, detected
 * from the data with the numbers that show it; plus two checks the issue adds (SLA breaches
 * trending up, scoring drift).
 */

export interface Pattern {
  id: string;
  symptom: string;
  marketingSays: string | null;
  salesSays: string | null;
  rootCause: string;
  fix: string;
  source: 'seed' | 'servio';
}

export const PATTERNS = {
  low_conversion: {
    id: 'low_conversion',
    symptom: 'Low conversion',
    marketingSays: '"We generate enough leads"',
    salesSays: '"Leads are garbage"',
    rootCause: 'MQL criteria too loose; lead scoring not calibrated',
    fix: 'Joint scoring workshop; recalibrate with closed-deal data',
    source: 'seed',
  },
  pipeline_shortfall: {
    id: 'pipeline_shortfall',
    symptom: 'Pipeline shortfall',
    marketingSays: '"We hit MQL targets"',
    salesSays: '"Not enough pipeline"',
    rootCause: "MQLs don't convert to opportunities",
    fix: 'Tighten demographic scoring; add intent signals',
    source: 'seed',
  },
  long_sales_cycles: {
    id: 'long_sales_cycles',
    symptom: 'Long sales cycles',
    marketingSays: '"Leads are well-nurtured"',
    salesSays: '"Leads aren\'t ready to buy"',
    rootCause: "Content nurture doesn't address buying objections",
    fix: 'Map content to buyer journey stages; include sales input on topics',
    source: 'seed',
  },
  high_cac: {
    id: 'high_cac',
    symptom: 'High CAC',
    marketingSays: '"We need more budget"',
    salesSays: '"We need better leads, not more"',
    rootCause: 'Channel mix includes low-quality sources',
    fix: 'Analyze CAC by channel; cut underperformers; reinvest in proven channels',
    source: 'seed',
  },
  revenue_miss_despite_volume: {
    id: 'revenue_miss_despite_volume',
    symptom: 'Revenue miss despite volume',
    marketingSays: '"We delivered 120% of MQL target"',
    salesSays: '"Win rate dropped 15%"',
    rootCause: 'Quantity over quality trade-off',
    fix: 'Shift MQL target to quality-weighted metric; implement MQL-to-revenue tracking',
    source: 'seed',
  },
  sla_breaches_trending_up: {
    id: 'sla_breaches_trending_up',
    symptom: 'SLA breaches trending up',
    marketingSays: null,
    salesSays: null,
    rootCause: 'A promise of the agreement is kept less often than in the prior period',
    fix: 'Review the breached clocks and their escalations in the funnel health review; adjust capacity, routing or the SLA',
    source: 'servio',
  },
  scoring_drift: {
    id: 'scoring_drift',
    symptom: 'Scoring drift',
    marketingSays: null,
    salesSays: null,
    rootCause: 'The lead score no longer separates the leads sales accepts from those it rejects',
    fix: 'Replay and recalibrate the scoring model against recent dispositions (servio scoring calibrate)',
    source: 'servio',
  },
} as const satisfies Record<string, Pattern>;

export type PatternId = keyof typeof PATTERNS;

export interface Finding extends Pattern {
  detected: boolean;
  /** The numbers behind the verdict, in words, whether detected or not. */
  evidence: string[];
}

export interface DiagnosticPeriod {
  mqls: number;
  sqls: number;
  opportunities: number;
  wonDeals: number;
  lostDeals: number;
  wonCents: number;
  salesCycleMedianDays: number | null;
  /** Campaign cost of the range and SQLs by first-touch channel. */
  costCents: number;
  /** Clocks with a verdict (met or breached) per policy, and how many breached. */
  clocks: { policy: string; judged: number; breached: number }[];
}

export interface DiagnosticInput {
  current: DiagnosticPeriod;
  prior: DiagnosticPeriod;
  /** MQLs the agreement asks for over the range, and opportunities and revenue it needs. */
  mqlTarget: number;
  opportunitiesNeeded: number;
  revenueTargetCents: number;
  acceptanceTarget: number;
  currency: string;
  /** Most frequent disqualification codes of the range. */
  topDqCodes: { code: string; count: number }[];
  /** Average current score of the range's MQLs that sales accepted, and of those it rejected. */
  scores: { acceptedAvg: number | null; accepted: number; rejectedAvg: number | null; rejected: number };
  /** From revenue attribution when connected; otherwise cost per SQL is the stand-in. */
  cacByChannel: { current: ChannelCac[]; prior: ChannelCac[] } | undefined;
}

/** A win rate of won / (won + lost) deals closed in a range. */
function winRate(p: DiagnosticPeriod): number | null {
  return rate(p.wonDeals, p.wonDeals + p.lostDeals);
}

/** Thresholds of the detectors, stated once. */
export const THRESHOLDS = {
  /** Long sales cycles: the median grew by at least this share over the prior range. */
  cycleGrowth: 0.2,
  /** High CAC (or cost per SQL): grew by at least this share. */
  costGrowth: 0.2,
  /** Revenue miss despite volume: the seed's "Win rate dropped 15%" (relative). */
  winRateDrop: 0.15,
  /** SLA breaches trending up: the breach share rose by at least 5 points, over at least 5 clocks. */
  breachRise: 0.05,
  minClocks: 5,
} as const;

export function diagnose(input: DiagnosticInput): Finding[] {
  const { current: c, prior: p, currency } = input;
  const findings: Finding[] = [];
  const find = (id: PatternId, detected: boolean, evidence: string[]) =>
    findings.push({ ...PATTERNS[id], detected, evidence });

  // Low conversion: MQLs come, sales does not accept them.
  const acceptance = rate(c.sqls, c.mqls);
  const dq = input.topDqCodes.map((d) => `${d.code} x${d.count}`).join(', ');
  find('low_conversion', acceptance !== null && acceptance <= input.acceptanceTarget, [
    `MQL-to-SQL acceptance ${pct(acceptance)} (${c.sqls} SQLs / ${c.mqls} MQLs; target > ${pct(input.acceptanceTarget, 0)})`,
    ...(dq ? [`most frequent disqualification codes: ${dq}`] : []),
  ]);

  // Pipeline shortfall: the MQL target is hit, the opportunities are not there.
  find('pipeline_shortfall', c.mqls >= input.mqlTarget && c.opportunities < input.opportunitiesNeeded, [
    `${c.mqls} MQLs against a target of ${input.mqlTarget} (${pct(rate(c.mqls, input.mqlTarget), 0)})`,
    `${c.opportunities} opportunities against ${input.opportunitiesNeeded} needed by the reverse funnel`,
    `SQL-to-opportunity ${pct(rate(c.opportunities, c.sqls))}`,
  ]);

  // Long sales cycles: the median SQL-to-close grew against the prior range.
  const cycleGrowth =
    c.salesCycleMedianDays !== null && p.salesCycleMedianDays !== null && p.salesCycleMedianDays > 0
      ? (c.salesCycleMedianDays - p.salesCycleMedianDays) / p.salesCycleMedianDays
      : null;
  find('long_sales_cycles', cycleGrowth !== null && cycleGrowth >= THRESHOLDS.cycleGrowth, [
    `median sales cycle ${fmtDays(c.salesCycleMedianDays)} against ${fmtDays(p.salesCycleMedianDays)} in the prior period` +
      (cycleGrowth === null ? '' : ` (${cycleGrowth >= 0 ? '+' : ''}${pct(cycleGrowth)})`),
  ]);

  // High CAC: by channel from revenue attribution where a channel has a CAC in both periods;
  // else blended cost per SQL as the stand-in.
  const priorCac = new Map((input.cacByChannel?.prior ?? []).map((x) => [x.channel, x.cacCents]));
  const comparable = (input.cacByChannel?.current ?? []).filter(
    (x) => x.cacCents !== null && priorCac.get(x.channel) != null,
  );
  if (comparable.length > 0) {
    const rising = comparable.filter(
      (x) => x.cacCents! >= priorCac.get(x.channel)! * (1 + THRESHOLDS.costGrowth),
    );
    find(
      'high_cac',
      rising.length > 0,
      rising.length
        ? rising.map(
            (x) =>
              `${x.channel}: CAC ${money(x.cacCents, currency)} against ${money(priorCac.get(x.channel) ?? null, currency)} in the prior period`,
          )
        : ['no channel whose CAC rose by 20% or more'],
    );
  } else {
    const now = c.sqls === 0 ? null : c.costCents / c.sqls;
    const before = p.sqls === 0 ? null : p.costCents / p.sqls;
    const why = input.cacByChannel
      ? 'no channel has a CAC (won customers) in both periods'
      : 'CAC by channel was left out';
    find('high_cac', now !== null && before !== null && now >= before * (1 + THRESHOLDS.costGrowth), [
      `cost per SQL ${money(now === null ? null : Math.round(now), currency)} against ${money(before === null ? null : Math.round(before), currency)} in the prior period (${why})`,
    ]);
  }

  // Revenue miss despite volume: the MQL target is hit, revenue is missed and the win rate fell.
  const winNow = winRate(c);
  const winBefore = winRate(p);
  const dropped = winNow !== null && winBefore !== null && winNow <= winBefore * (1 - THRESHOLDS.winRateDrop);
  find(
    'revenue_miss_despite_volume',
    c.mqls >= input.mqlTarget && c.wonCents < input.revenueTargetCents && dropped,
    [
      `${c.mqls} MQLs delivered, ${pct(rate(c.mqls, input.mqlTarget), 0)} of the MQL target`,
      `revenue won ${money(c.wonCents, currency)} against a target of ${money(input.revenueTargetCents, currency)}`,
      `win rate ${pct(winNow)} against ${pct(winBefore)} in the prior period`,
    ],
  );

  // SLA breaches trending up, policy by policy.
  const priorClocks = new Map(p.clocks.map((x) => [x.policy, x]));
  const rises = c.clocks
    .map((x) => {
      const before = priorClocks.get(x.policy);
      const share = rate(x.breached, x.judged);
      const priorShare = before ? rate(before.breached, before.judged) : null;
      return { ...x, share, priorShare };
    })
    .filter(
      (x) =>
        x.judged >= THRESHOLDS.minClocks &&
        x.share !== null &&
        x.share - (x.priorShare ?? 0) >= THRESHOLDS.breachRise,
    );
  find(
    'sla_breaches_trending_up',
    rises.length > 0,
    rises.length
      ? rises.map(
          (x) =>
            `${x.policy}: ${pct(x.share)} breached (${x.breached} of ${x.judged}) against ${pct(x.priorShare)} in the prior period`,
        )
      : c.clocks.map(
          (x) => `${x.policy}: ${pct(rate(x.breached, x.judged))} breached (${x.breached} of ${x.judged})`,
        ),
  );

  // Scoring drift: rejected MQLs score as high as accepted ones.
  const s = input.scores;
  find(
    'scoring_drift',
    s.accepted > 0 &&
      s.rejected > 0 &&
      s.rejectedAvg !== null &&
      s.acceptedAvg !== null &&
      s.rejectedAvg >= s.acceptedAvg,
    [
      `average score of accepted MQLs ${fmtScore(s.acceptedAvg)} (${s.accepted}), of rejected MQLs ${fmtScore(s.rejectedAvg)} (${s.rejected})`,
    ],
  );
  return findings;
}

function fmtDays(value: number | null): string {
  return value === null ? 'n/a' : `${Math.round(value * 10) / 10} days`;
}

function fmtScore(value: number | null): string {
  return value === null ? 'n/a' : String(Math.round(value * 10) / 10);
}
