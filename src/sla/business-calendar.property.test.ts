import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessElapsed,
  isOpen,
  makeCalendar,
  subtractBusinessTime,
  type Week,
} from './business-calendar.js';

const M = 60_000;
const H = 60 * M;

/** Zones with DST both ways, half-hour shifts and changes at midnight. */
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
];

/** A day's windows: sorted distinct cut points in quarter hours, paired. */
const day = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((cuts) => {
  const sorted = [...cuts].sort((a, b) => a - b);
  const windows: [number, number][] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) windows.push([sorted[i]! * 15, sorted[i + 1]! * 15]);
  return windows.filter(([s, e], i, all) => s < e && (i === 0 || s > all[i - 1]![1]));
});

const holidayText = fc.oneof(
  fc
    .date({ min: new Date('2025-06-01'), max: new Date('2028-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
);

const calendar: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: fc.array(day, { minLength: 7, maxLength: 7 }),
    holidays: fc.array(holidayText, { maxLength: 8 }),
  })
  .filter(({ week }) => week.some((w) => w.length > 0))
  .map(({ timeZone, week, holidays }) => makeCalendar({ timeZone, hours: week as Week, holidays }));

/** Instants around 2026-2027, on the second, so that DST changes are often crossed. */
const instant = fc
  .integer({ min: Date.UTC(2026, 0, 1) / 1000, max: Date.UTC(2027, 11, 31) / 1000 })
  .map((s) => new Date(s * 1000));
const businessMs = fc.integer({ min: 0, max: 300 * H });

const settings = { numRuns: 300 };

describe('business-time arithmetic, for any calendar', () => {
  it('elapsed(start, add(start, d)) == d', () => {
    fc.assert(
      fc.property(calendar, instant, businessMs, (cal, start, ms) => {
        expect(businessElapsed(cal, start, addBusinessTime(cal, start, { ms }))).toBe(ms);
      }),
      settings,
    );
  });

  it('add is monotone in the duration', () => {
    fc.assert(
      fc.property(calendar, instant, businessMs, businessMs, (cal, start, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const early = addBusinessTime(cal, start, { ms: small });
        const late = addBusinessTime(cal, start, { ms: large });
        expect(early.getTime()).toBeLessThanOrEqual(late.getTime());
      }),
      settings,
    );
  });

  it('add(subtract(x, d), d) is the same business instant as x', () => {
    fc.assert(
      fc.property(calendar, instant, businessMs, (cal, x, ms) => {
        const back = subtractBusinessTime(cal, x, { ms });
        expect(businessElapsed(cal, back, x)).toBe(ms);
        const again = addBusinessTime(cal, back, { ms });
        expect(again.getTime()).toBeLessThanOrEqual(x.getTime());
        expect(businessElapsed(cal, again, x)).toBe(0);
      }),
      settings,
    );
  });

  it('elapsed is additive: a->b + b->c == a->c in any order', () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, (cal, a, b, c) => {
        expect(businessElapsed(cal, a, b) + businessElapsed(cal, b, c)).toBe(businessElapsed(cal, a, c));
      }),
      settings,
    );
  });

  it('a due is inside working time, or exactly at a close', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 300 * H }), (cal, start, ms) => {
        const due = addBusinessTime(cal, start, { ms });
        expect(isOpen(cal, new Date(due.getTime() - 1))).toBe(true);
      }),
      settings,
    );
  });

  it('agrees with reading the wall clock minute by minute', () => {
    /** The obvious definition: open when the wall clock's date is no holiday and its time is in a window. */
    function openByWallClock(cal: BusinessCalendar, t: number): boolean {
      const wall = DateTime.fromMillis(t, { zone: cal.timeZone });
      const date = wall.toISODate()!;
      if (cal.holidays.includes(date) || cal.holidays.includes(date.slice(5))) return false;
      const minute = wall.hour * 60 + wall.minute;
      return cal.week[wall.weekday - 1]!.some(([s, e]) => s <= minute && minute < e);
    }
    // Starts a few hours either side of each zone's 2026 changes.
    const nearChange = fc
      .tuple(
        fc.constantFrom(
          Date.UTC(2026, 2, 29, 1),
          Date.UTC(2026, 9, 25, 1),
          Date.UTC(2026, 2, 8, 7),
          Date.UTC(2026, 10, 1, 6),
          Date.UTC(2026, 3, 5, 3),
          Date.UTC(2026, 8, 6, 4),
          Date.UTC(2026, 3, 4, 15),
          Date.UTC(2026, 9, 3, 15),
        ),
        fc.integer({ min: -30 * 60, max: 30 * 60 }),
      )
      .map(([t, minutes]) => t + minutes * M);
    fc.assert(
      fc.property(calendar, nearChange, fc.integer({ min: 0, max: 48 * 60 }), (cal, from, minutes) => {
        let expected = 0;
        for (let t = from; t < from + minutes * M; t += M) if (openByWallClock(cal, t)) expected += M;
        expect(businessElapsed(cal, new Date(from), new Date(from + minutes * M))).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});
