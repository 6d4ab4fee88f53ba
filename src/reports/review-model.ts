import { DQ_CODES } from '../lifecycle/index.js';
import { pct, rate } from './model.js';
import type { CampaignWeek, DealLine } from './review-store.js';

/**
 * The judgements of the weekly pipeline review (seed 001, "Pipeline Review Agenda"): which
 * campaign performed best and worst, and the action items the figures call for.
 */

export interface CampaignVerdict extends CampaignWeek {
  acceptance: number | null;
  /** Best: "[N] MQLs at [X%] acceptance"; worst: the issue and the recommended action. */
  summary: string;
  action: string | null;
}

/**
 * Best: the most accepted MQLs (then the higher acceptance, then the name). Worst, among the
 * other campaigns: the lowest acceptance (then the more MQLs); its recommended action is the
 * seed's marketing action for its most frequent disqualification code.
 */
export function campaignVerdicts(
  campaigns: readonly CampaignWeek[],
  acceptanceTarget: number,
): { best: CampaignVerdict | null; worst: CampaignVerdict | null } {
  const rated = campaigns.map((c) => ({ ...c, acceptance: rate(c.accepted, c.mqls) }));
  const best = [...rated].sort(
    (a, b) =>
      b.accepted - a.accepted || (b.acceptance ?? 0) - (a.acceptance ?? 0) || a.name.localeCompare(b.name),
  )[0];
  const rest = rated.filter((c) => c !== best);
  const worst = [...rest].sort(
    (a, b) => (a.acceptance ?? 0) - (b.acceptance ?? 0) || b.mqls - a.mqls || a.name.localeCompare(b.name),
  )[0];
  const target = pct(acceptanceTarget, 0);
  return {
    best: best
      ? { ...best, summary: `${best.mqls} MQLs at ${pct(best.acceptance)} acceptance`, action: null }
      : null,
    worst: worst
      ? {
          ...worst,
          summary: `${worst.mqls} MQLs at ${pct(worst.acceptance)} acceptance (target ${target}+)${
            worst.topDqCode ? `; most rejected as ${worst.topDqCode}` : ''
          }`,
          action:
            worst.topDqCode && worst.topDqCode in DQ_CODES
              ? DQ_CODES[worst.topDqCode as keyof typeof DQ_CODES].marketingAction
              : (worst.acceptance ?? 0) < acceptanceTarget
                ? 'Review targeting with sales; compare its MQLs with the accepted ones'
                : 'Keep running; no quality issue this week',
        }
      : null,
  };
}

export interface ActionItem {
  owner: string;
  action: string;
  due: string;
}

export interface ReviewFacts {
  mqls: number;
  mqlTarget: number;
  acceptance: number | null;
  acceptanceTarget: number;
  speedMedianMs: number | null;
  stalled: DealLine[];
  atRisk: (DealLine & { reasons: string[] })[];
  worst: CampaignVerdict | null;
  /** The day action items fall due (the review's Friday). */
  due: string;
}

/** Seed template: "ACTION ITEMS: - [Owner] [Action] [Due date]", from what the figures show. */
export function actionItems(f: ReviewFacts): ActionItem[] {
  const items: ActionItem[] = [];
  if (f.mqls < f.mqlTarget)
    items.push({
      owner: 'Marketing',
      action: `Close the MQL gap: ${f.mqls} delivered against a target of ${f.mqlTarget}`,
      due: f.due,
    });
  if (f.acceptance !== null && f.acceptance <= f.acceptanceTarget)
    items.push({
      owner: 'Marketing + Sales',
      action: `Review rejected MQLs: acceptance ${pct(f.acceptance)} against a target of ${pct(f.acceptanceTarget, 0)}+`,
      due: f.due,
    });
  if (f.speedMedianMs !== null && f.speedMedianMs >= 4 * 3_600_000)
    items.push({
      owner: 'Sales manager',
      action: `Bring speed-to-lead under 4 hours (median ${Math.round((f.speedMedianMs / 3_600_000) * 10) / 10} hours)`,
      due: f.due,
    });
  for (const deal of f.stalled.slice(0, 5))
    items.push({
      owner: deal.owner ?? 'Sales manager',
      action: `Re-engage stalled deal "${deal.name}" (no activity for ${deal.idleDays} days) and log the next step`,
      due: f.due,
    });
  for (const deal of f.atRisk.filter((d) => !f.stalled.some((s) => s.id === d.id)).slice(0, 5))
    items.push({
      owner: deal.owner ?? 'Sales manager',
      action: `Deal at risk "${deal.name}": ${deal.reasons.join('; ')}`,
      due: f.due,
    });
  if (f.worst?.action)
    items.push({ owner: 'Marketing', action: `${f.worst.name}: ${f.worst.action}`, due: f.due });
  return items;
}
