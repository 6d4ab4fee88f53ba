import { DateTime, IANAZone } from 'luxon';
import { type FieldIssue, isCalendarDay, ValidationError } from '../core/index.js';

/** How revenue attribution buckets its range: calendar months or quarters of a time zone. */
export const PERIOD_KINDS = ['month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A range of whole days of one time zone: [start, end) as instants. */
export interface DayRange {
  /** First day, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  to: string;
  timeZone: string;
  start: Date;
  /** The instant the day after `to` begins in the zone (exclusive). */
  end: Date;
}

/** One bucket of a report: a month (`2026-10`) or a quarter (`2026-Q4`), clipped to the range. */
export interface PeriodWindow extends DayRange {
  label: string;
}

/** The zone if luxon knows it, else a 422 naming `/timeZone`. */
export function checkZone(timeZone: string): string {
  if (!IANAZone.isValidZone(timeZone))
    throw ValidationError.field(
      '/timeZone',
      `must be an IANA time zone such as Europe/Paris, got "${timeZone}"`,
    );
  return timeZone;
}

function startOfDay(day: string, zone: string): DateTime {
  return DateTime.fromISO(day, { zone }).startOf('day');
}

/**
 * Checks a range of days in a zone. Both ends are inclusive calendar days; each day begins
 * at its local midnight, so a month of Europe/Paris ends an hour earlier in UTC than in London.
 */
export function dayRange(from: string, to: string, timeZone: string): DayRange {
  const issues: FieldIssue[] = [];
  if (!isCalendarDay(from))
    issues.push({ path: '/from', message: `must be a day YYYY-MM-DD, got "${from}"` });
  if (!isCalendarDay(to)) issues.push({ path: '/to', message: `must be a day YYYY-MM-DD, got "${to}"` });
  if (!IANAZone.isValidZone(timeZone))
    issues.push({
      path: '/timeZone',
      message: `must be an IANA time zone such as Europe/Paris, got "${timeZone}"`,
    });
  if (issues.length === 0 && from > to) issues.push({ path: '/to', message: 'must not be before from' });
  if (issues.length > 0) throw new ValidationError('The range is invalid', issues);
  return {
    from,
    to,
    timeZone,
    start: startOfDay(from, timeZone).toJSDate(),
    end: startOfDay(to, timeZone).plus({ days: 1 }).toJSDate(),
  };
}

/** The calendar quarter that contains `at` in the zone, as a range of days (the default range). */
export function quarterRange(at: Date, timeZone: string): DayRange {
  const local = DateTime.fromJSDate(at, { zone: timeZone }).startOf('quarter');
  return dayRange(local.toISODate()!, local.endOf('quarter').toISODate()!, timeZone);
}

/** The months or quarters that meet the range, each clipped to it, in order. */
export function periodWindows(range: DayRange, kind: PeriodKind): PeriodWindow[] {
  const zone = range.timeZone;
  const out: PeriodWindow[] = [];
  let cursor = startOfDay(range.from, zone).startOf(kind);
  const last = startOfDay(range.to, zone);
  while (cursor <= last) {
    const next = cursor.plus(kind === 'month' ? { months: 1 } : { months: 3 });
    const from = laterDay(cursor.toISODate()!, range.from);
    const to = earlierDay(next.minus({ days: 1 }).toISODate()!, range.to);
    out.push({
      ...dayRange(from, to, zone),
      label: kind === 'month' ? cursor.toFormat('yyyy-MM') : `${cursor.year}-Q${cursor.quarter}`,
    });
    cursor = next;
  }
  return out;
}

/** `YYYY-MM-DD` days compare as text. */
const laterDay = (a: string, b: string) => (a < b ? b : a);
const earlierDay = (a: string, b: string) => (a < b ? a : b);

/** The calendar day of an instant in the zone, `YYYY-MM-DD`. */
export function localDay(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}

/** Whole days from `from` to `to` inclusive (both `YYYY-MM-DD`); 0 when `to` is before `from`. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return b < a ? 0 : Math.round((b - a) / 86_400_000) + 1;
}

/**
 * The part of an amount spread evenly over the days `startsOn..endsOn` that falls on the days
 * `from..to` (all inclusive). Cents are cut at day boundaries by cumulative rounding, so the
 * parts of adjacent ranges add up to the whole amount exactly.
 */
export function prorate(cents: number, startsOn: string, endsOn: string, from: string, to: string): number {
  const span = daysBetween(startsOn, endsOn);
  if (span === 0) return 0;
  const lo = laterDay(from, startsOn);
  const hi = earlierDay(to, endsOn);
  if (lo > hi) return 0;
  const before = daysBetween(startsOn, lo) - 1;
  const upTo = before + daysBetween(lo, hi);
  const cumulative = (days: number) => Math.round((cents * days) / span);
  return cumulative(upTo) - cumulative(before);
}
