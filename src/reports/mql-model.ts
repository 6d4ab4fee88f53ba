import type { CampaignWeek } from './review-store.js';

/**
 * The month's campaigns and MQL score averages from the month's MQL rows (`listPeriodMqls` of
 * src/sla with the reports' facts), read once for the monthly report and its compliance
 * tables. They count what `campaignsOfRange` and `mqlScores` count in SQL, row for row (a
 * store test holds the two to each other).
 */

/** What the two need of an MQL (their first MQL entry in the range). */
export interface MqlFacts {
  /** Reached SQL since the MQL entry. */
  accepted: boolean;
  /** Disqualified since the MQL entry; the reason code of the first such entry. */
  disqualified: boolean;
  dqCode: string | null;
  /** The first touch's campaign, when it exists. */
  campaignId: string | null;
  campaignName: string | null;
  /** The current score, when scored. */
  currentScore: number | null;
}

export interface MqlScores {
  acceptedAvg: number | null;
  accepted: number;
  rejectedAvg: number | null;
  rejected: number;
}

/**
 * MQLs by the campaign of their first touch (those without one are not counted): how many
 * sales accepted, how many were rejected with a reason code and not accepted, and the most
 * frequent such code (on a tie the first in code-point order, as PostgreSQL's `mode()` picks
 * under the database's C collation).
 */
export function campaignsOfMqls(mqls: readonly MqlFacts[]): CampaignWeek[] {
  const byId = new Map<string, CampaignWeek & { codes: Map<string, number> }>();
  for (const m of mqls) {
    if (m.campaignId === null) continue;
    let c = byId.get(m.campaignId);
    if (!c) {
      c = {
        campaignId: m.campaignId,
        name: m.campaignName ?? '',
        mqls: 0,
        accepted: 0,
        disqualified: 0,
        topDqCode: null,
        codes: new Map(),
      };
      byId.set(m.campaignId, c);
    }
    c.mqls += 1;
    if (m.accepted) c.accepted += 1;
    else if (m.dqCode !== null) {
      c.disqualified += 1;
      c.codes.set(m.dqCode, (c.codes.get(m.dqCode) ?? 0) + 1);
    }
  }
  return [...byId.values()].map(({ codes, ...c }) => ({ ...c, topDqCode: modeOf(codes) }));
}

function modeOf(counts: ReadonlyMap<string, number>): string | null {
  let top: string | null = null;
  let most = 0;
  for (const [code, n] of counts)
    if (n > most || (n === most && top !== null && code < top)) {
      top = code;
      most = n;
    }
  return top;
}

/**
 * The current scores of the scored MQLs that later reached SQL, and of those disqualified
 * since and never accepted: their averages and counts.
 */
export function scoresOfMqls(mqls: readonly MqlFacts[]): MqlScores {
  let acceptedSum = 0;
  let accepted = 0;
  let rejectedSum = 0;
  let rejected = 0;
  for (const m of mqls) {
    if (m.currentScore === null) continue;
    if (m.accepted) {
      acceptedSum += m.currentScore;
      accepted += 1;
    } else if (m.disqualified) {
      rejectedSum += m.currentScore;
      rejected += 1;
    }
  }
  return {
    acceptedAvg: accepted === 0 ? null : acceptedSum / accepted,
    accepted,
    rejectedAvg: rejected === 0 ? null : rejectedSum / rejected,
    rejected,
  };
}
