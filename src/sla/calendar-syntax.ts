import { Duration } from 'luxon';
import { ValidationError } from '../core/index.js';
import type { BusinessDuration, Week, Window } from './business-calendar.js';

/**
 * The text forms of a business calendar, shared by the CLI flags (`--hours`, `--holidays`,
 * `--add`) and the API fields: parsed here, checked, and printed back in one canonical form
 * so that two spellings of the same hours store the same text.
 */

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const FULL_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The largest `ms` duration accepted: 100,000 hours, far beyond any SLA, and bounded work. */
export const MAX_DURATION_MS = 100_000 * 3_600_000;
/** The largest number of business days accepted (about 14 years of a five-day week). */
export const MAX_BUSINESS_DAYS = 3_650;

function fail(field: string, piece: string, why: string): never {
  const message = `"${piece}": ${why}`;
  throw new ValidationError(`${field}: ${message}`, [{ path: field, message }]);
}

function dayIndex(field: string, name: string): number {
  const lower = name.toLowerCase();
  const index = FULL_DAY_NAMES.findIndex((full) => full === lower || full.slice(0, 3) === lower);
  if (index < 0) fail(field, name, `unknown day (use ${DAY_NAMES.join(', ')})`);
  return index;
}

/** `Mon-Fri`, `Sat`, `Mon,Wed,Fri`, `Sun-Thu` (a range may wrap past Sunday). */
function parseDays(field: string, text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const range = part.trim().split('-');
    if (range.length > 2 || range.some((r) => r.trim() === ''))
      fail(field, part.trim(), 'not a day or day range');
    const from = dayIndex(field, range[0]!.trim());
    const to = dayIndex(field, (range[1] ?? range[0]!).trim());
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days];
}

/** `HH:MM` as minutes of the day; `24:00` only where `endOfDay` allows it. */
function parseClock(field: string, text: string, endOfDay: boolean): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && (minutes !== 0 || !endOfDay)))
    fail(
      field,
      text,
      endOfDay ? 'not a time HH:MM from 00:00 to 24:00' : 'not a time HH:MM from 00:00 to 23:59',
    );
  return hours * 60 + minutes;
}

function parseWindow(field: string, text: string): Window {
  const parts = text.split('-');
  if (parts.length !== 2) fail(field, text, 'a window is HH:MM-HH:MM');
  const start = parseClock(field, parts[0]!.trim(), false);
  const end = parseClock(field, parts[1]!.trim(), true);
  if (end <= start) fail(field, text, 'the window closes before it opens');
  return [start, end];
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * `"Mon-Wed 09:00-17:00; Thu 09:00-12:00,13:00-18:00"`: day groups separated by `;`, each
 * days then windows. Days not named are closed. Windows touching end to start merge
 * (`09:00-12:00,12:00-17:00` is `09:00-17:00`); overlapping ones are refused, also across
 * groups naming the same day.
 */
export function parseHours(text: string, field = '/hours'): Week {
  const week: Window[][] = [[], [], [], [], [], [], []];
  const groups = text
    .split(';')
    .map((g) => g.trim())
    .filter((g) => g !== '');
  if (groups.length === 0) fail(field, text, 'no working hours (e.g. "Mon-Fri 09:00-17:00")');
  for (const group of groups) {
    const match = /^([A-Za-z][A-Za-z,\s-]*?)\s+(\d.*)$/.exec(group);
    if (!match) fail(field, group, 'a group is days then windows, e.g. "Mon-Fri 09:00-17:00"');
    const days = parseDays(field, match[1]!.replace(/\s+/g, ''));
    const windows = match[2]!.split(',').map((w) => parseWindow(field, w.trim()));
    for (const day of days) week[day]!.push(...windows);
  }
  return week.map((windows, day) => {
    const sorted = [...windows].sort((a, b) => a[0] - b[0]);
    const merged: Window[] = [];
    for (const window of sorted) {
      const last = merged[merged.length - 1];
      if (last && window[0] < last[1])
        fail(
          field,
          `${DAY_NAMES[day]} ${formatClock(window[0])}-${formatClock(window[1])}`,
          `overlaps ${formatClock(last[0])}-${formatClock(last[1])}`,
        );
      if (last && window[0] === last[1]) merged[merged.length - 1] = [last[0], window[1]];
      else merged.push(window);
    }
    return merged;
  });
}

/** The canonical `--hours` text: consecutive days with the same windows share a group. */
export function formatHours(week: Week): string {
  const text = (day: number) => week[day]!.map(([s, e]) => `${formatClock(s)}-${formatClock(e)}`).join(',');
  const groups: string[] = [];
  for (let day = 0; day < 7; ) {
    const windows = text(day);
    let last = day;
    while (last + 1 < 7 && text(last + 1) === windows) last += 1;
    if (windows !== '') groups.push(`${DAY_NAMES[day]}${last > day ? `-${DAY_NAMES[last]}` : ''} ${windows}`);
    day = last + 1;
  }
  return groups.join('; ');
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` (that day) or `MM-DD` (every year; `02-29` only in leap years). */
export function parseHoliday(text: string, field = '/holidays'): string {
  const match = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(text);
  const year = match?.[1] === undefined ? undefined : Number(match[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const leap = year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  const days = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  if (!match || days === undefined || day < 1 || day > days)
    fail(field, text, 'not a date YYYY-MM-DD or a yearly MM-DD');
  return text;
}

/** `2026-12-25,12-31`: dates and yearly dates, comma or space separated; sorted, unique. */
export function parseHolidays(text: string, field = '/holidays'): string[] {
  const items = text.split(/[\s,]+/).filter((s) => s !== '');
  return canonicalHolidays(items.map((item) => parseHoliday(item, field)));
}

export function canonicalHolidays(holidays: readonly string[]): string[] {
  // Dated holidays first, then yearly ones; each in date order.
  return [...new Set(holidays)].sort((a, b) =>
    a.length !== b.length ? b.length - a.length : a < b ? -1 : a > b ? 1 : 0,
  );
}

const UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000 };

/**
 * `4h`, `30m`, `90s` (business time), `2d` (business days), or an ISO 8601 duration:
 * `PT4H30M` is business time, `P2D` business days. Years, months and weeks are refused (a
 * business month is not a fixed thing), and so is a mix of days and time (`P1DT4H`): say
 * which one the promise is in.
 */
export function parseDuration(text: string, field = '/duration'): BusinessDuration {
  const trimmed = text.trim();
  const short = /^(\d+)\s*([dhms])$/i.exec(trimmed);
  let result: BusinessDuration;
  if (short) {
    const n = Number(short[1]);
    const unit = short[2]!.toLowerCase();
    result = unit === 'd' ? { businessDays: n } : { ms: n * UNITS[unit]! };
  } else if (/^P/i.test(trimmed)) {
    const duration = Duration.fromISO(trimmed.toUpperCase());
    if (!duration.isValid) fail(field, text, 'not an ISO 8601 duration (e.g. PT4H, P2D)');
    const { years, months, weeks, days, hours, minutes, seconds, milliseconds } = duration.toObject();
    if (years || months || weeks) fail(field, text, 'years, months and weeks are not business durations');
    const time =
      (hours ?? 0) * 3_600_000 + (minutes ?? 0) * 60_000 + (seconds ?? 0) * 1_000 + (milliseconds ?? 0);
    if (days && time) fail(field, text, 'give business days or business time, not both');
    if (days !== undefined && !Number.isInteger(days)) fail(field, text, 'business days must be whole');
    if (!Number.isInteger(time)) fail(field, text, 'finer than a millisecond');
    result = days ? { businessDays: days } : { ms: time };
  } else {
    return fail(field, text, 'not a duration: use 4h, 30m, 90s, 2d or ISO 8601 (PT4H, P2D)');
  }
  if ('ms' in result && !(result.ms >= 0 && result.ms <= MAX_DURATION_MS))
    fail(field, text, `more than ${MAX_DURATION_MS / 3_600_000} hours`);
  if ('businessDays' in result && !(result.businessDays >= 0 && result.businessDays <= MAX_BUSINESS_DAYS))
    fail(field, text, `more than ${MAX_BUSINESS_DAYS} business days`);
  return result;
}
