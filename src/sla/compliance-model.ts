import { ValidationError } from '../core/index.js';

/**
 * SLA compliance as pure rules: the period a report covers, and a row of one of seed 001's
 * two SLA tables from its counts (target, actual, Met/Missed, the records that missed).
 */

export interface Period {
  label: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  months: number;
}

/** `2026-10` (a month) or `2026-Q4` (a quarter), in UTC. */
export function parsePeriod(text: string, field = '/period'): Period {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return { label: text, from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)), months: 1 };
  }
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (quarter) {
    const [y, q] = [Number(quarter[1]), Number(quarter[2])];
    return {
      label: `${y}-Q${q}`,
      from: new Date(Date.UTC(y, (q - 1) * 3, 1)),
      to: new Date(Date.UTC(y, q * 3, 1)),
      months: 3,
    };
  }
  throw ValidationError.field(field, `must be a month like 2026-10 or a quarter like 2026-Q4, got "${text}"`);
}

export interface ComplianceRow {
  id: string;
  side: 'marketing' | 'sales';
  metric: string;
  /** The target as the seed words it. */
  target: string;
  /** The actual figure in words (a share, a count, an average), or null when it cannot be measured yet. */
  actual: string | null;
  value: number | null;
  met: boolean | null;
  /** How many records the figure is over, and how many of them missed. */
  total: number;
  missed: number;
  /** Up to 50 ids of the records that missed (people, opportunities). */
  offending: string[];
  measurement: string;
}

export const MAX_OFFENDING = 50;

/** The records that missed: all their ids, or (counted in SQL) how many and the first ids. */
export type Missed = readonly string[] | { count: number; first: readonly string[] };

/** A "share of records" row: met when the share reaches the target (a target of 1 means every one). */
export function shareRow(
  base: Omit<ComplianceRow, 'actual' | 'value' | 'met' | 'total' | 'missed' | 'offending'>,
  total: number,
  missedIds: Missed,
  target: number,
  strictlyAbove = false,
): ComplianceRow {
  const counted = 'count' in missedIds;
  const missed = counted ? missedIds.count : missedIds.length;
  const first = counted ? missedIds.first : missedIds;
  const share = total === 0 ? null : (total - missed) / total;
  return {
    ...base,
    actual: share === null ? 'no records in the period' : `${percent(share)} (${total - missed} of ${total})`,
    value: share,
    met: share === null ? null : strictlyAbove ? share > target : share >= target - 1e-9,
    total,
    missed,
    offending: first.slice(0, MAX_OFFENDING),
  };
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** Seed 001, Marketing SLA, Content support: "new assets for each campaign": every one. */
export const CONTENT_SUPPORT_TARGET = 1;

export interface LaunchedCampaign {
  id: string;
  /** Assets in the library that name the campaign. */
  assets: number;
}

export interface JudgedRequestClock {
  contentRequestId: string;
  met: boolean;
}

/**
 * The "Content support" row from its two measurable halves: the campaigns launched in the
 * period that have at least one asset made for them (share against the seed's "each
 * campaign"), and the content requests of the period delivered within their turnaround (the
 * request clocks that have an answer). Met when both halves reach their target; a half with
 * nothing to judge does not fail the row, and with nothing at all the row is not judged.
 * The offending records are the campaigns without an asset, then the late requests.
 */
export function contentSupportRow(
  campaigns: readonly LaunchedCampaign[],
  clocks: readonly JudgedRequestClock[],
  target = CONTENT_SUPPORT_TARGET,
): ComplianceRow {
  const bare = campaigns.filter((c) => c.assets === 0).map((c) => c.id);
  const late = clocks.filter((c) => !c.met).map((c) => c.contentRequestId);
  const campaignShare = campaigns.length === 0 ? null : (campaigns.length - bare.length) / campaigns.length;
  const onTimeShare = clocks.length === 0 ? null : (clocks.length - late.length) / clocks.length;
  const parts = [
    campaignShare === null
      ? 'no campaign launched'
      : `${percent(campaignShare)} of campaigns launched have an asset (${campaigns.length - bare.length} of ${campaigns.length})`,
    onTimeShare === null
      ? 'no content request due'
      : `${percent(onTimeShare)} of content requests delivered on time (${clocks.length - late.length} of ${clocks.length})`,
  ];
  const judged = [campaignShare, onTimeShare].filter((s): s is number => s !== null);
  return {
    id: 'content_support',
    side: 'marketing',
    metric: 'Content support',
    target: `sales enablement content updated monthly; new assets for each campaign (${percent(target)} of campaigns launched)`,
    actual: judged.length === 0 ? 'no campaigns or content requests in the period' : parts.join('; '),
    // The figure the row is about: the campaigns' share; the requests' share when no campaign launched.
    value: campaignShare ?? onTimeShare,
    met:
      judged.length === 0
        ? null
        : (campaignShare === null || campaignShare >= target - 1e-9) &&
          (onTimeShare === null || onTimeShare >= 1),
    total: campaigns.length + clocks.length,
    missed: bare.length + late.length,
    offending: [...bare, ...late].slice(0, MAX_OFFENDING),
    measurement:
      'campaigns whose start date falls in the period (up to today) with at least one asset naming them, and the content request clocks started in the period that were met or breached',
  };
}
