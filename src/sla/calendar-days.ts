import { IANAZone } from 'luxon';
import { ValidationError } from '../core/index.js';
import type { Week } from './business-calendar.js';

/**
 * A business calendar compiled for arithmetic: holidays as day numbers (days since
 * 1970-01-01 of the wall-clock date), the zone's offsets sampled once a day, and each day's
 * working intervals as real instants, cached. The walks in `business-calendar.ts` read only
 * these. Assumes, as every zone since 1970 allows, at most one offset change in three days.
 */

export const MIN = 60_000;
const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** Consecutive days without working time after which a walk gives up (holidays covering years). */
export const MAX_IDLE_DAYS = 3_660;
const CACHE_DAYS = 4_096;

export interface Compiled {
  zone: IANAZone;
  week: Week;
  dated: Set<number>;
  yearly: Set<number>;
  /** Business ms of a week without holidays or offset changes. */
  weekMs: number;
  days: Map<number, readonly number[]>;
  samples: Map<number, number>;
}

/** Month * 100 + day of a day number (days since 1970-01-01), by Hinnant's civil-from-days. */
function monthDay(dayNumber: number): number {
  const z = dayNumber + 719_468;
  const doe = z - Math.floor(z / 146_097) * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  return (mp < 10 ? mp + 3 : mp - 9) * 100 + day;
}

export function isHoliday(c: Compiled, d: number): boolean {
  return c.dated.has(d) || c.yearly.has(monthDay(d));
}

/** Day number of the wall-clock date of instant `t` in the calendar's zone. */
export function localDay(c: Compiled, t: number): number {
  return Math.floor((t + c.zone.offset(t) * MIN) / DAY);
}

/** The zone's offset (ms) 14 h before UTC midnight of day `k`: before any zone's local midnight. */
function sample(c: Compiled, k: number): number {
  let offset = c.samples.get(k);
  if (offset === undefined) {
    if (c.samples.size >= CACHE_DAYS) c.samples.clear();
    offset = c.zone.offset(k * DAY - 14 * HOUR) * MIN;
    c.samples.set(k, offset);
  }
  return offset;
}

/**
 * The offset is the same all through day `d`, and days `d` to `d + span - 1`: local days lie
 * within 14 h before and 12 h after their UTC day, so samples from day `d` to day `d + span + 2`
 * bracket them (an offset changing and changing back within three days does not happen).
 */
function steady(c: Compiled, d: number, span = 1): boolean {
  const offset = sample(c, d);
  for (let k = d + 1; k <= d + span + 2; k++) if (sample(c, k) !== offset) return false;
  return true;
}

interface Transition {
  /** The first instant of the new offset; `before` applies earlier, `after` from it on. */
  at: number;
  before: number;
  after: number;
}

/** The offset change near day `d` (called only when `steady(c, d)` is false). */
function transition(c: Compiled, d: number): Transition {
  const before = sample(c, d);
  let k = d + 1;
  while (sample(c, k) === before) k++;
  let lo = d * DAY - 14 * HOUR;
  let hi = k * DAY - 14 * HOUR;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (c.zone.offset(mid) * MIN === before) lo = mid;
    else hi = mid;
  }
  return { at: hi, before, after: sample(c, k) };
}

/**
 * The first instant the wall clock reads `wall` (ms as if UTC): the first occurrence in a
 * repeated hour; in a skipped one, the instant the clock jumps past it.
 */
export function wallToInstant(c: Compiled, wall: number): number {
  const d = Math.floor(wall / DAY);
  if (steady(c, d)) return wall - sample(c, d);
  const { at, before, after } = transition(c, d);
  const early = wall - before;
  const late = wall - after;
  if (early < at) return late >= at ? Math.min(early, late) : early;
  return Math.max(late, at);
}

/**
 * Day `d`'s working intervals as real instants `[s0, e0, s1, e1, ...]`, sorted, disjoint,
 * empty ones dropped: the instants whose wall-clock time on day `d` lies in a window.
 */
export function intervals(c: Compiled, d: number): readonly number[] {
  const cached = c.days.get(d);
  if (cached) return cached;
  const result: number[] = [];
  const windows = isHoliday(c, d) ? [] : c.week[(((d + 3) % 7) + 7) % 7]!;
  if (windows.length > 0 && steady(c, d)) {
    const offset = sample(c, d);
    for (const [start, end] of windows)
      result.push(d * DAY + start * MIN - offset, d * DAY + end * MIN - offset);
  } else if (windows.length > 0) {
    // Before the change the wall clock reads t + before, from it on t + after.
    const { at, before, after } = transition(c, d);
    const pieces: [number, number][] = [];
    for (const [start, end] of windows) {
      const wallStart = d * DAY + start * MIN;
      const wallEnd = d * DAY + end * MIN;
      pieces.push([wallStart - before, Math.min(wallEnd - before, at)]);
      pieces.push([Math.max(wallStart - after, at), wallEnd - after]);
    }
    pieces.sort((a, b) => a[0] - b[0]);
    for (const [s, e] of pieces) {
      if (s >= e) continue;
      const last = result.length - 1;
      if (last > 0 && s <= result[last]!) result[last] = Math.max(result[last]!, e);
      else result.push(s, e);
    }
  }
  if (c.days.size >= CACHE_DAYS) c.days.clear();
  c.days.set(d, result);
  return result;
}

/** Seven days from `d` with no holiday and no offset change: exactly `weekMs` of business time. */
export function plainWeek(c: Compiled, d: number): boolean {
  for (let k = 0; k < 7; k++) if (isHoliday(c, d + k)) return false;
  return steady(c, d, 7);
}

export function noWorkingTime(c: Compiled, d: number): never {
  throw ValidationError.field(
    '/holidays',
    `no working time in the ${MAX_IDLE_DAYS} days around ${new Date(d * DAY).toISOString().slice(0, 10)} (${c.zone.name})`,
  );
}

/** Compiles a checked calendar. */
export function compileDays(timeZone: string, week: Week, holidays: readonly string[]): Compiled {
  const dated = new Set<number>();
  const yearly = new Set<number>();
  for (const h of holidays) {
    if (h.length === 10)
      dated.add(Date.UTC(Number(h.slice(0, 4)), Number(h.slice(5, 7)) - 1, Number(h.slice(8))) / DAY);
    else yearly.add(Number(h.slice(0, 2)) * 100 + Number(h.slice(3)));
  }
  let weekMs = 0;
  for (const windows of week) for (const [s, e] of windows) weekMs += (e - s) * MIN;
  return {
    zone: IANAZone.create(timeZone),
    week,
    dated,
    yearly,
    weekMs,
    days: new Map(),
    samples: new Map(),
  };
}
