import { ValidationError } from '../core/index.js';

/**
 * Reports as pure arithmetic over counts the store hands in: report ranges and their prior
 * range, rates, medians, and the seed's "Primary Alignment Metrics" table (seed 001, Shared
 * Metrics Dashboard) with each row's formula, target and owner exactly as the seed words them.
 */

export const DAY_MS = 86_400_000;

/** A report's range: calendar days in UTC, `to` inclusive in the label and exclusive as an instant. */
export interface ReportRange {
  from: string;
  to: string;
  start: Date;
  /** Exclusive: the instant after the last day. */
  end: Date;
  days: number;
}

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(text: string, field: string): Date {
  const at = new Date(`${text}T00:00:00.000Z`);
  if (!DAY_TEXT.test(text) || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text)
    throw ValidationError.field(field, `must be a calendar day like 2026-10-01, got "${text}"`);
  return at;
}

export function dayText(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `from`..`to`, both days included; at most ~3 years so that every report stays bounded. */
export function reportRange(from: string, to: string): ReportRange {
  const start = parseDay(from, '/from');
  const last = parseDay(to, '/to');
  if (last < start) throw ValidationError.field('/to', `must not be before from (${from}), got "${to}"`);
  const end = new Date(last.getTime() + DAY_MS);
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  if (days > 1100) throw ValidationError.field('/to', `a report covers at most 1,100 days, got ${days}`);
  return { from, to, start, end, days };
}

/**
 * The range just before `range`, the "prior period" of every report: the same number of whole
 * calendar months when `range` is whole months (October -> September), else the same number
 * of days.
 */
export function priorRange(range: ReportRange): ReportRange {
  const s = range.start;
  const e = range.end;
  if (s.getUTCDate() === 1 && e.getUTCDate() === 1) {
    const months = (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + e.getUTCMonth() - s.getUTCMonth();
    const start = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() - months, 1));
    return {
      from: dayText(start),
      to: dayText(new Date(s.getTime() - DAY_MS)),
      start,
      end: s,
      days: Math.round((s.getTime() - start.getTime()) / DAY_MS),
    };
  }
  const start = new Date(s.getTime() - range.days * DAY_MS);
  return {
    from: dayText(start),
    to: dayText(new Date(s.getTime() - DAY_MS)),
    start,
    end: s,
    days: range.days,
  };
}

/** A calendar month `2026-10`, and the month before it (the monthly report compares the two). */
export function monthRange(month: string, field = '/month'): ReportRange {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw ValidationError.field(field, `must be a month like 2026-10, got "${month}"`);
  const start = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  const end = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
  return {
    from: dayText(start),
    to: dayText(new Date(end.getTime() - DAY_MS)),
    start,
    end,
    days: Math.round((end.getTime() - start.getTime()) / DAY_MS),
  };
}

export function previousMonth(month: ReportRange): ReportRange {
  return priorRange(month);
}

/** The month containing `now`, from its first day to its last (the default of ranged reports). */
export function currentMonth(now: Date): ReportRange {
  return monthRange(now.toISOString().slice(0, 7));
}

/** An ISO week `2026-W43`: Monday 00:00 UTC to the next Monday. */
export function isoWeekRange(week: string, field = '/week'): ReportRange & { label: string } {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  const weekNo = match ? Number(match[2]) : 0;
  if (!match || weekNo < 1 || weekNo > 53)
    throw ValidationError.field(field, `must be an ISO week like 2026-W43, got "${week}"`);
  const year = Number(match[1]);
  // ISO 8601: week 1 is the week with the year's first Thursday (the one holding 4 January).
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS);
  const start = new Date(monday1.getTime() + (weekNo - 1) * 7 * DAY_MS);
  if (weekNo === 53 && isoWeekOf(start) !== week)
    throw ValidationError.field(field, `${year} has no week 53`);
  const end = new Date(start.getTime() + 7 * DAY_MS);
  return {
    label: week,
    from: dayText(start),
    to: dayText(new Date(end.getTime() - DAY_MS)),
    start,
    end,
    days: 7,
  };
}

/** The ISO week of an instant, `2026-W43`. */
export function isoWeekOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - jan1) / (7 * DAY_MS));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

// ---- numbers

/** `part / whole`, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The median of a list (the mean of the two middle values for an even count), null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Relative change from `prior` to `current` (0.25 is +25%), null without a prior figure. */
export function change(current: number | null, prior: number | null): number | null {
  if (current === null || prior === null || prior === 0) return null;
  return (current - prior) / prior;
}

export function pct(share: number | null, digits = 1): string {
  if (share === null) return '—';
  const factor = 10 ** digits;
  return `${Math.round(share * 100 * factor) / factor}%`;
}

export function signedPct(share: number | null): string {
  if (share === null) return '—';
  const text = pct(share);
  return share > 0 ? `+${text}` : text;
}

export function days(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 10) / 10} days`;
}

/** A duration in minutes or hours, as a person reads it. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = ms / 60_000;
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  return `${Math.round((minutes / 60) * 10) / 10} hours`;
}

export function money(cents: number | null, currency: string): string {
  if (cents === null) return '—';
  const value = cents / 100;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(
    value,
  );
}
