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

const MAX_OFFENDING = 50;

/** A "share of records" row: met when the share reaches the target (a target of 1 means every one). */
export function shareRow(
  base: Omit<ComplianceRow, 'actual' | 'value' | 'met' | 'total' | 'missed' | 'offending'>,
  total: number,
  missedIds: readonly string[],
  target: number,
  strictlyAbove = false,
): ComplianceRow {
  const missed = missedIds.length;
  const share = total === 0 ? null : (total - missed) / total;
  return {
    ...base,
    actual: share === null ? 'no records in the period' : `${percent(share)} (${total - missed} of ${total})`,
    value: share,
    met: share === null ? null : strictlyAbove ? share > target : share >= target - 1e-9,
    total,
    missed,
    offending: missedIds.slice(0, MAX_OFFENDING),
  };
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
