import type { Finding } from './diagnostics-model.js';
import type { FunnelStageFigures } from './funnel-model.js';
import type { RevenuePeriod } from './metrics-model.js';
import { change, duration, money, pct, rate, signedPct } from './model.js';
import type { CampaignVerdict } from './review-model.js';
import type { SpeedToLeadFigures } from './speed-to-lead-model.js';

/**
 * The words of seed 001's "Monthly Marketing-Sales Report" generated from its figures: the
 * executive summary, the key insights (each with its numbers) and next month's priorities.
 */

export interface SlaLine {
  side: 'marketing' | 'sales';
  metric: string;
  target: string;
  actual: string | null;
  met: boolean | null;
}

export interface FunnelLine extends FunnelStageFigures {
  priorVolume: number;
  /** Change of the volume against the prior month. */
  change: number | null;
}

export function funnelLines(current: FunnelStageFigures[], prior: FunnelStageFigures[]): FunnelLine[] {
  return current.map((stage) => {
    const before = prior.find((p) => p.stage === stage.stage)?.volume ?? 0;
    return { ...stage, priorVolume: before, change: change(stage.volume, before) };
  });
}

export interface AttributionLine {
  label: 'Marketing-sourced' | 'Marketing-influenced' | 'Sales-sourced';
  cents: number;
  share: number | null;
}

export function attributionLines(r: RevenuePeriod): AttributionLine[] {
  return [
    {
      label: 'Marketing-sourced',
      cents: r.marketingSourcedRevenueCents,
      share: rate(r.marketingSourcedRevenueCents, r.totalRevenueCents),
    },
    {
      label: 'Marketing-influenced',
      cents: r.marketingInfluencedRevenueCents,
      share: rate(r.marketingInfluencedRevenueCents, r.totalRevenueCents),
    },
    {
      label: 'Sales-sourced',
      cents: r.salesSourcedRevenueCents,
      share: rate(r.salesSourcedRevenueCents, r.totalRevenueCents),
    },
  ];
}

export interface MonthlyFacts {
  monthLabel: string;
  sla: SlaLine[];
  funnel: FunnelLine[];
  mqls: number;
  mqlTarget: number;
  speed: SpeedToLeadFigures & { medianMs: number | null };
  currency: string;
  best: CampaignVerdict | null;
  worst: CampaignVerdict | null;
  findings: Finding[];
}

/** Seed: "[2-3 sentences on overall alignment health]". */
export function executiveSummary(f: MonthlyFacts): string {
  const judged = f.sla.filter((s) => s.met !== null);
  const met = judged.filter((s) => s.met);
  const side = (name: 'marketing' | 'sales') => {
    const rows = judged.filter((s) => s.side === name);
    return `${name} ${rows.filter((s) => s.met).length}/${rows.length}`;
  };
  const acceptance = f.funnel.find((s) => s.stage === 'sql')?.conversion ?? null;
  const detected = f.findings.filter((x) => x.detected);
  return [
    `In ${f.monthLabel}, ${met.length} of ${judged.length} SLA commitments with data were met (${side('marketing')}, ${side('sales')}).`,
    `Marketing delivered ${f.mqls} MQLs against a target of ${f.mqlTarget} (${pct(rate(f.mqls, f.mqlTarget), 0)}); SQLs were ${pct(acceptance)} of MQLs.`,
    detected.length === 0
      ? 'No misalignment pattern of the diagnostic framework shows in the data.'
      : `Misalignment patterns detected: ${detected.map((d) => d.symptom).join(', ')}.`,
  ].join(' ');
}

/** Seed: "[Insight with supporting data]", the ones the month's data supports, biggest first. */
export function keyInsights(f: MonthlyFacts): string[] {
  const out: string[] = [];
  const moves = f.funnel
    .filter((s) => s.change !== null)
    .sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!));
  const move = moves[0];
  if (move)
    out.push(
      `${move.label} ${move.change! >= 0 ? 'rose' : 'fell'} ${signedPct(move.change)} against the prior month (${move.priorVolume} -> ${move.volume}).`,
    );
  if (f.speed.measured > 0) {
    const fast = f.speed.buckets[0]!;
    const slow = f.speed.buckets[f.speed.buckets.length - 1]!;
    out.push(
      `${pct(fast.share)} of leads were contacted within 5 minutes and ${pct(slow.share)} after more than 24 hours (median ${duration(f.speed.medianMs)}); slow follow-up cost an estimated ${money(f.speed.lostCents, f.currency)} of pipeline.`,
    );
  }
  if (f.best)
    out.push(
      `Best campaign: ${f.best.name}, ${f.best.summary}${f.worst ? `; weakest: ${f.worst.name}, ${f.worst.summary}` : ''}.`,
    );
  const missed = f.sla.filter((s) => s.met === false);
  if (missed.length)
    out.push(
      `SLA rows missed: ${missed.map((s) => `${s.metric} (${s.actual ?? 'n/a'} against ${s.target})`).join('; ')}.`,
    );
  return out;
}

const OWNER_OF: Record<string, string> = {
  low_conversion: 'Marketing + Sales',
  pipeline_shortfall: 'Marketing',
  long_sales_cycles: 'Marketing + Sales',
  high_cac: 'Marketing',
  revenue_miss_despite_volume: 'RevOps',
  sla_breaches_trending_up: 'Sales manager',
  scoring_drift: 'RevOps',
};

/** Seed: "[Priority + owner]": the fix of every detected pattern, then each missed SLA row. */
export function priorities(f: MonthlyFacts): { priority: string; owner: string }[] {
  const out = f.findings
    .filter((x) => x.detected)
    .map((x) => ({ priority: `${x.symptom}: ${x.fix}`, owner: OWNER_OF[x.id] ?? 'RevOps' }));
  for (const s of f.sla.filter((row) => row.met === false))
    out.push({
      priority: `Meet "${s.metric}": ${s.target} (now ${s.actual ?? 'n/a'})`,
      owner: s.side === 'marketing' ? 'Marketing' : 'Sales',
    });
  return out.slice(0, 5);
}
