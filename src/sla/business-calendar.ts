import { DateTime, IANAZone } from 'luxon';
import { type FieldIssue, ValidationError } from '../core/index.js';
import {
  type Compiled,
  compileDays,
  intervals,
  localDay,
  MAX_IDLE_DAYS,
  noWorkingTime,
  plainWeek,
  wallToInstant,
} from './calendar-days.js';
import {
  canonicalHolidays,
  DAY_NAMES,
  formatHours,
  parseHoliday,
  parseHolidays,
  parseHours,
} from './calendar-syntax.js';

export {
  canonicalHolidays,
  formatHours,
  MAX_BUSINESS_DAYS,
  MAX_DURATION_MS,
  parseDuration,
  parseHolidays,
  parseHours,
} from './calendar-syntax.js';

/**
 * Business calendars and exact business-time arithmetic (DESIGN.md: "SLA clock started
 * (business hours of the owner's calendar)"). Pure: instants in, instants out.
 *
 * Conventions, one place to read them:
 * - A window `[start, end)` is wall-clock minutes of a weekday in the calendar's zone: the
 *   calendar is open while the wall clock reads a time of that day inside a window. So a
 *   window spanning a spring-forward gap is shorter by the gap (Berlin `01:00-04:00` on the
 *   last Sunday of March is 2 h; `02:00-03:00` that day is empty) and one spanning a
 *   fall-back repeat is longer (`01:00-04:00` on the last Sunday of October is 4 h, and the
 *   repeated hour is worked twice). Weekdays and holidays are wall-clock dates too.
 * - Adding 0 returns the start unchanged. A due that lands exactly on a closing time is that
 *   closing time, not the next opening; subtracting that lands on an opening is that opening.
 * - `businessElapsed(from, to)` is negative when `to` is before `from`:
 *   `elapsed(a, b) == -elapsed(b, a)`, so `elapsed(a, b) + elapsed(b, c) == elapsed(a, c)`
 *   for every order.
 * - Business days: see `addBusinessDays`.
 */

/** `[start, end)` in minutes of the day; `end` may be 1440 (`24:00`). */
export type Window = readonly [start: number, end: number];
/** Index 0 is Monday, 6 Sunday; each day's windows sorted and disjoint. */
export type Week = readonly (readonly Window[])[];

export interface BusinessCalendar {
  /** IANA zone the windows and holidays are read in. */
  readonly timeZone: string;
  readonly week: Week;
  /** `YYYY-MM-DD` (that date) and `MM-DD` (every year). */
  readonly holidays: readonly string[];
}

/** Business time in ms, or whole business days of the calendar. */
export type BusinessDuration = { ms: number } | { businessDays: number };

export interface CalendarFields {
  timeZone: string;
  hours: string | Week;
  holidays?: string | readonly string[] | undefined;
}

/** Where to point a bad piece: `/timeZone` for the API, `--tz` for the CLI. */
export interface CalendarFieldNames {
  timeZone: string;
  hours: string;
  holidays: string;
}

const API_FIELDS: CalendarFieldNames = { timeZone: '/timeZone', hours: '/hours', holidays: '/holidays' };

/** A checked calendar; refuses an unknown zone, bad windows, bad holidays and a week with no working time. */
export function makeCalendar(
  fields: CalendarFields,
  names: CalendarFieldNames = API_FIELDS,
): BusinessCalendar {
  if (!IANAZone.isValidZone(fields.timeZone))
    throw ValidationError.field(
      names.timeZone,
      `"${fields.timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`,
    );
  const week = typeof fields.hours === 'string' ? parseHours(fields.hours, names.hours) : fields.hours;
  const issues = weekIssues(week, names.hours);
  if (issues.length > 0) throw new ValidationError(`${names.hours}: ${issues[0]!.message}`, issues);
  const holidays =
    fields.holidays === undefined
      ? []
      : typeof fields.holidays === 'string'
        ? parseHolidays(fields.holidays, names.holidays)
        : canonicalHolidays(fields.holidays.map((h) => parseHoliday(h, names.holidays)));
  return { timeZone: fields.timeZone, week, holidays };
}

function weekIssues(week: Week, path: string): FieldIssue[] {
  if (week.length !== 7) return [{ path, message: 'a week has 7 days, Monday first' }];
  const issues: FieldIssue[] = [];
  week.forEach((windows, day) => {
    let previousEnd = -1;
    for (const [start, end] of windows) {
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= 1440 && start < end))
        issues.push({ path, message: `${DAY_NAMES[day]}: [${start}, ${end}) is not a window of the day` });
      else if (start < previousEnd)
        issues.push({ path, message: `${DAY_NAMES[day]}: windows overlap or are out of order` });
      previousEnd = end;
    }
  });
  if (issues.length === 0 && week.every((w) => w.length === 0))
    issues.push({ path, message: 'no working time at all: a due date would never come' });
  return issues;
}

/** Mon-Fri 09:00-17:00, no holidays, in `timeZone`: what a user without a calendar works. */
export function defaultCalendar(timeZone: string): BusinessCalendar {
  return makeCalendar({ timeZone, hours: 'Mon-Fri 09:00-17:00' });
}

export const DEFAULT_CALENDAR: BusinessCalendar = defaultCalendar('UTC');

export function describeHours(calendar: BusinessCalendar): string {
  return formatHours(calendar.week);
}

const compiledCalendars = new WeakMap<BusinessCalendar, Compiled>();

/** The calendar checked (a hand-built one too) and compiled, once per calendar object. */
function compile(calendar: BusinessCalendar): Compiled {
  let c = compiledCalendars.get(calendar);
  if (!c) {
    const checked = makeCalendar({
      timeZone: calendar.timeZone,
      hours: calendar.week,
      holidays: calendar.holidays,
    });
    c = compileDays(checked.timeZone, checked.week, checked.holidays);
    compiledCalendars.set(calendar, c);
  }
  return c;
}

// ---- walks; every one goes a day at a time and skips plain weeks whole

function forward(c: Compiled, t: number, ms: number): number {
  if (ms === 0) return t;
  const first = localDay(c, t);
  let remaining = ms;
  let idle = 0;
  for (let d = first; ; d++) {
    // Two days on, every interval is after t even where the clock went back over midnight.
    while (d >= first + 2 && remaining > c.weekMs && plainWeek(c, d)) {
      remaining -= c.weekMs;
      d += 7;
    }
    const iv = intervals(c, d);
    for (let i = 0; i < iv.length; i += 2) {
      const e = iv[i + 1]!;
      if (e <= t) continue;
      const from = Math.max(iv[i]!, t);
      if (remaining <= e - from) return from + remaining;
      remaining -= e - from;
    }
    idle = iv.length > 0 ? 0 : idle + 1;
    if (idle > MAX_IDLE_DAYS) noWorkingTime(c, d);
  }
}

function backward(c: Compiled, t: number, ms: number): number {
  if (ms === 0) return t;
  const first = localDay(c, t) + 1;
  let remaining = ms;
  let idle = 0;
  for (let d = first; ; d--) {
    while (d <= first - 3 && remaining > c.weekMs && plainWeek(c, d - 6)) {
      remaining -= c.weekMs;
      d -= 7;
    }
    const iv = intervals(c, d);
    for (let i = iv.length - 2; i >= 0; i -= 2) {
      const s = iv[i]!;
      if (s >= t) continue;
      const to = Math.min(iv[i + 1]!, t);
      if (remaining <= to - s) return to - remaining;
      remaining -= to - s;
    }
    idle = iv.length > 0 ? 0 : idle + 1;
    if (idle > MAX_IDLE_DAYS) noWorkingTime(c, d);
  }
}

function elapsed(c: Compiled, from: number, to: number): number {
  if (to < from) return 0 - elapsed(c, to, from); // never -0
  const first = localDay(c, from);
  const last = localDay(c, to) + 1;
  let total = 0;
  for (let d = first; d <= last; d++) {
    while (d >= first + 2 && d + 7 <= last - 2 && plainWeek(c, d)) {
      total += c.weekMs;
      d += 7;
    }
    const iv = intervals(c, d);
    for (let i = 0; i < iv.length; i += 2) {
      const s = Math.max(iv[i]!, from);
      const e = Math.min(iv[i + 1]!, to);
      if (e > s) total += e - s;
    }
  }
  return total;
}

/** The first day from `d` (inclusive), stepping by `step`, that has working time. */
function workingDay(c: Compiled, d: number, step: 1 | -1): number {
  for (let idle = 0; idle <= MAX_IDLE_DAYS; idle++, d += step) if (intervals(c, d).length > 0) return d;
  return noWorkingTime(c, d);
}

/** The `n`th working day after working day `d` (n = 0 is `d`). */
function nthWorkingDay(c: Compiled, d: number, n: number, step: 1 | -1): number {
  let day = d;
  for (let k = 0; k < n; k++) day = workingDay(c, day + step, step);
  return day;
}

function dayMs(iv: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < iv.length; i += 2) total += iv[i + 1]! - iv[i]!;
  return total;
}

/** Earliest open instant at or after `t`, with the day it belongs to. */
function opening(c: Compiled, t: number): { at: number; day: number } {
  let d = localDay(c, t);
  for (let idle = 0; idle <= MAX_IDLE_DAYS; d++) {
    const iv = intervals(c, d);
    for (let i = 0; i < iv.length; i += 2) if (iv[i + 1]! > t) return { at: Math.max(iv[i]!, t), day: d };
    idle = iv.length > 0 ? 0 : idle + 1;
  }
  return noWorkingTime(c, d);
}

/** Latest instant at or before `t` that is open or a closing time, with its day. */
function closing(c: Compiled, t: number): { at: number; day: number } {
  let d = localDay(c, t) + 1;
  for (let idle = 0; idle <= MAX_IDLE_DAYS; d--) {
    const iv = intervals(c, d);
    for (let i = iv.length - 2; i >= 0; i -= 2)
      if (iv[i]! < t) return { at: Math.min(iv[i + 1]!, t), day: d };
    idle = iv.length > 0 ? 0 : idle + 1;
  }
  return noWorkingTime(c, d);
}

function forwardDays(c: Compiled, t: number, n: number): number {
  if (n === 0) return t;
  const { at, day } = opening(c, t);
  const iv = intervals(c, day);
  const into = elapsed(c, iv[0]!, at);
  if (into === 0) {
    const target = intervals(c, nthWorkingDay(c, day, n - 1, 1));
    return target[target.length - 1]!;
  }
  const target = intervals(c, nthWorkingDay(c, day, n, 1));
  return into >= dayMs(target) ? target[target.length - 1]! : forward(c, target[0]!, into);
}

function backwardDays(c: Compiled, t: number, n: number): number {
  if (n === 0) return t;
  const { at, day } = closing(c, t);
  const iv = intervals(c, day);
  const left = elapsed(c, at, iv[iv.length - 1]!);
  if (left === 0) return intervals(c, nthWorkingDay(c, day, n - 1, -1))[0]!;
  const target = intervals(c, nthWorkingDay(c, day, n, -1));
  return left >= dayMs(target) ? target[0]! : backward(c, target[target.length - 1]!, left);
}

// ---- the public arithmetic: Dates in, Dates out

function ms(instant: Date): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw ValidationError.field('/start', 'not a date-time');
  return t;
}

/**
 * Due = start + duration. Business time is counted only inside windows; a start outside them
 * begins at the next opening. Business days: see `addBusinessDays`.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, duration: BusinessDuration): Date {
  if ('businessDays' in duration) return addBusinessDays(calendar, start, duration.businessDays);
  const c = compile(calendar);
  const t = ms(start);
  return new Date(duration.ms >= 0 ? forward(c, t, duration.ms) : backward(c, t, -duration.ms));
}

/** start - duration: the latest instant from which `duration` of business time ends at `start`. */
export function subtractBusinessTime(
  calendar: BusinessCalendar,
  start: Date,
  duration: BusinessDuration,
): Date {
  if ('businessDays' in duration) return addBusinessDays(calendar, start, -duration.businessDays);
  return addBusinessTime(calendar, start, { ms: -duration.ms });
}

/**
 * Business days are working days of the calendar (a day with working time, not a holiday),
 * and `n` of them keep the business time of day: a start 1 h after Tuesday's opening is due
 * 1 h after the opening of the nth working day after (Thursday 10:00 for Tue 10:00 + 2d in a
 * 09:00-17:00 week). This is what "reply within 2 business days" means to the person
 * promised it, and unlike "n times the hours of a day" it does not depend on how long the
 * days are. Measured in business time rather than wall time, the offset lands inside the
 * windows even when the target day has other hours; a target day shorter than the offset
 * ends the due at its close. A start not yet into a working day (before the opening, a
 * weekend, a holiday, exactly a close) counts that day whole: Saturday + 1d is Monday 17:00,
 * the same business instant as Tuesday 09:00, written as the close (as a due landing on a
 * close is). Negative `n` goes backwards, mirrored (an opening instead of a close).
 */
export function addBusinessDays(calendar: BusinessCalendar, start: Date, n: number): Date {
  if (!Number.isInteger(n))
    throw ValidationError.field('/businessDays', `${n} is not a whole number of days`);
  const c = compile(calendar);
  const t = ms(start);
  return new Date(n >= 0 ? forwardDays(c, t, n) : backwardDays(c, t, -n));
}

/** Business ms between two instants; negative when `to` is before `from`. */
export function businessElapsed(calendar: BusinessCalendar, from: Date, to: Date): number {
  return elapsed(compile(calendar), ms(from), ms(to));
}

/** Inside a window (`[opening, closing)`) and not a holiday. */
export function isOpen(calendar: BusinessCalendar, instant: Date): boolean {
  const c = compile(calendar);
  const t = ms(instant);
  const d = localDay(c, t);
  for (let day = d - 1; day <= d + 1; day++) {
    const iv = intervals(c, day);
    for (let i = 0; i < iv.length; i += 2) if (iv[i]! <= t && t < iv[i + 1]!) return true;
  }
  return false;
}

/** The earliest instant at or after `instant` when the calendar is open (`instant` itself when open). */
export function nextOpening(calendar: BusinessCalendar, instant: Date): Date {
  return new Date(opening(compile(calendar), ms(instant)).at);
}

// ---- instants as people write them

/** ISO 8601 with the offset of the calendar's zone, without milliseconds when they are 0. */
export function formatInstant(calendar: BusinessCalendar, instant: Date): string {
  return DateTime.fromMillis(instant.getTime(), { zone: calendar.timeZone }).toISO({
    suppressMilliseconds: true,
  })!;
}

/**
 * ISO 8601: with an offset (`Z`, `+02:00`) it is that instant; without one it is wall time
 * in `timeZone` (the first occurrence in a repeated hour, after the gap in a skipped one).
 */
export function parseInstant(text: string, timeZone: string, field = '/start'): Date {
  const trimmed = text.trim();
  const hasOffset = /T.*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/.test(trimmed);
  const parsed = DateTime.fromISO(trimmed, { zone: 'UTC' });
  if (!parsed.isValid) throw ValidationError.field(field, `"${text}" is not an ISO 8601 date-time`);
  if (hasOffset) return parsed.toJSDate();
  if (!IANAZone.isValidZone(timeZone))
    throw ValidationError.field(field, `no time zone to read "${text}" in`);
  const c = compile(defaultCalendar(timeZone));
  return new Date(wallToInstant(c, parsed.toMillis()));
}
