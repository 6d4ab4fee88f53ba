import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/index.js';
import {
  addBusinessDays,
  addBusinessTime,
  type BusinessCalendar,
  businessElapsed,
  DEFAULT_CALENDAR,
  describeHours,
  formatInstant,
  isOpen,
  makeCalendar,
  nextOpening,
  parseDuration,
  parseHolidays,
  parseHours,
  parseInstant,
  subtractBusinessTime,
} from './business-calendar.js';

const H = 3_600_000;
const M = 60_000;

/** A calendar and helpers that read and print wall time in its zone, as a person checks by hand. */
function on(timeZone: string, hours: string, holidays = '') {
  const cal = makeCalendar({ timeZone, hours, holidays });
  const at = (wall: string) => parseInstant(wall, timeZone);
  const show = (instant: Date) => formatInstant(cal, instant);
  return {
    cal,
    at,
    add: (wall: string, ms: number) => show(addBusinessTime(cal, at(wall), { ms })),
    sub: (wall: string, ms: number) => show(subtractBusinessTime(cal, at(wall), { ms })),
    days: (wall: string, n: number) => show(addBusinessDays(cal, at(wall), n)),
    elapsed: (from: string, to: string) => businessElapsed(cal, at(from), at(to)),
  };
}

const berlin = on('Europe/Berlin', 'Mon-Fri 09:00-17:00', '2026-12-25,12-31');

describe('addBusinessTime, worked by hand (Berlin, Mon-Fri 09:00-17:00)', () => {
  it('carries Friday 16:00 + 4h over the weekend to Monday 12:00 (DST began that Sunday)', () => {
    expect(berlin.add('2026-03-27T16:00', 4 * H)).toBe('2026-03-30T12:00:00+02:00');
  });

  it('starts a Saturday clock at Monday 09:00', () => {
    expect(berlin.add('2026-01-10T11:00', 2 * H)).toBe('2026-01-12T11:00:00+01:00');
  });

  it('starts a 07:00 clock at the 09:00 opening', () => {
    expect(berlin.add('2026-01-12T07:00', 1 * H)).toBe('2026-01-12T10:00:00+01:00');
  });

  it('keeps a due landing exactly on 17:00 at 17:00, not the next 09:00', () => {
    expect(berlin.add('2026-01-12T13:00', 4 * H)).toBe('2026-01-12T17:00:00+01:00');
    expect(berlin.add('2026-01-12T09:00', 8 * H)).toBe('2026-01-12T17:00:00+01:00');
  });

  it('skips dated and yearly holidays', () => {
    // Thu 24 Dec: 1 h left; Fri 25 Dec is a holiday; Monday 28 Dec 10:00.
    expect(berlin.add('2026-12-24T16:00', 2 * H)).toBe('2026-12-28T10:00:00+01:00');
    // 12-31 every year: Thu 31 Dec 2026 and Fri 31 Dec 2027.
    expect(berlin.add('2026-12-30T16:00', 2 * H)).toBe('2027-01-01T10:00:00+01:00');
    expect(berlin.add('2027-12-30T16:00', 2 * H)).toBe('2028-01-03T10:00:00+01:00');
    // 25 Dec is dated 2026 only: Monday 25 Dec 2028 is a working day.
    expect(berlin.add('2028-12-25T09:00', 1 * H)).toBe('2028-12-25T10:00:00+01:00');
  });

  it('adds zero as the start itself', () => {
    expect(berlin.add('2026-01-10T11:00', 0)).toBe('2026-01-10T11:00:00+01:00');
  });

  it('walks long durations (40 h a week) to the same hour', () => {
    expect(berlin.add('2026-01-05T09:00', 400 * H)).toBe('2026-03-13T17:00:00+01:00');
    expect(berlin.elapsed('2026-01-05T09:00', '2026-03-13T17:00')).toBe(400 * H);
  });
});

describe('split shifts and 24:00', () => {
  const split = on(
    'Europe/Berlin',
    'Mon-Wed 09:00-17:00; Thu 09:00-12:00,13:00-18:00; Fri 09:00-12:00,12:30-17:00',
  );

  it('skips the lunch break', () => {
    expect(split.add('2026-01-08T11:00', 2 * H)).toBe('2026-01-08T14:00:00+01:00');
    expect(split.add('2026-01-09T11:30', 1 * H)).toBe('2026-01-09T13:00:00+01:00');
  });

  it('ends a due at the close of the morning shift when it lands there', () => {
    expect(split.add('2026-01-08T11:00', 1 * H)).toBe('2026-01-08T12:00:00+01:00');
  });

  it('counts an evening shift to midnight and a 24/7 week without a seam', () => {
    const evening = on('UTC', 'Mon-Fri 18:00-24:00');
    expect(evening.add('2026-01-05T23:00', 2 * H)).toBe('2026-01-06T19:00:00Z');
    expect(evening.add('2026-01-05T22:00', 2 * H)).toBe('2026-01-06T00:00:00Z');
    const always = on('UTC', 'Mon-Sun 00:00-24:00');
    expect(always.add('2026-01-05T23:00', 2 * H)).toBe('2026-01-06T01:00:00Z');
  });
});

describe('daylight saving', () => {
  it('Europe/Berlin: a 24/7 Sunday is 23 h in March and 25 h in October', () => {
    const always = on('Europe/Berlin', 'Mon-Sun 00:00-24:00');
    expect(always.elapsed('2026-03-29T00:00', '2026-03-30T00:00')).toBe(23 * H);
    expect(always.elapsed('2026-10-25T00:00', '2026-10-26T00:00')).toBe(25 * H);
    expect(always.add('2026-03-29T00:00', 24 * H)).toBe('2026-03-30T01:00:00+02:00');
  });

  it('Europe/Berlin: a window over the skipped hour is shorter, over the repeated one longer', () => {
    const night = on('Europe/Berlin', 'Sun 01:00-04:00');
    expect(night.elapsed('2026-03-29T00:00', '2026-03-30T00:00')).toBe(2 * H);
    expect(night.elapsed('2026-10-25T00:00', '2026-10-26T00:00')).toBe(4 * H);
    expect(night.add('2026-03-29T00:00', 2 * H)).toBe('2026-03-29T04:00:00+02:00');
    const skipped = on('Europe/Berlin', 'Sun 02:00-03:00');
    expect(skipped.elapsed('2026-03-29T00:00', '2026-03-30T00:00')).toBe(0);
    expect(skipped.add('2026-03-29T00:00', 30 * M)).toBe('2026-04-05T02:30:00+02:00');
    // The clock jumps 02:00 -> 03:00: a 02:30-03:30 window is open 03:00-03:30.
    expect(on('Europe/Berlin', 'Sun 02:30-03:30').elapsed('2026-03-29T00:00', '2026-03-30T00:00')).toBe(
      30 * M,
    );
  });

  it('America/New_York: Friday 16:00 + 4h is Monday 12:00 across the March change', () => {
    const ny = on('America/New_York', 'Mon-Fri 09:00-17:00');
    expect(ny.add('2026-03-06T16:00', 4 * H)).toBe('2026-03-09T12:00:00-04:00');
    expect(ny.add('2026-10-30T16:00', 4 * H)).toBe('2026-11-02T12:00:00-05:00');
    const always = on('America/New_York', 'Mon-Sun 00:00-24:00');
    expect(always.elapsed('2026-03-08T00:00', '2026-03-09T00:00')).toBe(23 * H);
    expect(always.elapsed('2026-11-01T00:00', '2026-11-02T00:00')).toBe(25 * H);
    const early = on('America/New_York', 'Sun 00:00-03:00');
    // 01:00-02:00 is worked twice on 1 November: 4 h of business time in that window.
    expect(early.elapsed('2026-11-01T00:00', '2026-11-02T00:00')).toBe(4 * H);
  });
});

describe('subtractBusinessTime', () => {
  it('goes back over the weekend and stops on an opening', () => {
    expect(berlin.sub('2026-03-30T12:00', 4 * H)).toBe('2026-03-27T16:00:00+01:00');
    expect(berlin.sub('2026-01-12T09:00', 1 * H)).toBe('2026-01-09T16:00:00+01:00');
    expect(berlin.sub('2026-01-12T10:00', 1 * H)).toBe('2026-01-12T09:00:00+01:00');
  });
});

describe('addBusinessDays', () => {
  it('keeps the business time of day', () => {
    expect(berlin.days('2026-01-06T10:00', 2)).toBe('2026-01-08T10:00:00+01:00');
    expect(berlin.days('2026-01-09T10:00', 1)).toBe('2026-01-12T10:00:00+01:00');
    expect(berlin.days('2026-12-24T10:00', 1)).toBe('2026-12-28T10:00:00+01:00');
  });

  it('counts a day not yet started whole, ending at its close', () => {
    expect(berlin.days('2026-01-10T11:00', 1)).toBe('2026-01-12T17:00:00+01:00');
    expect(berlin.days('2026-01-12T07:00', 1)).toBe('2026-01-12T17:00:00+01:00');
    expect(berlin.days('2026-01-12T17:00', 1)).toBe('2026-01-13T17:00:00+01:00');
  });

  it('caps at the close of a shorter target day', () => {
    const short = on('UTC', 'Mon-Thu 09:00-17:00; Fri 09:00-12:00');
    expect(short.days('2026-01-08T15:00', 1)).toBe('2026-01-09T12:00:00Z');
  });

  it('goes backwards with a negative count or subtract', () => {
    expect(berlin.days('2026-01-08T10:00', -2)).toBe('2026-01-06T10:00:00+01:00');
    expect(berlin.days('2026-01-12T07:00', -1)).toBe('2026-01-09T09:00:00+01:00');
    const due = subtractBusinessTime(berlin.cal, berlin.at('2026-01-12T10:00'), { businessDays: 1 });
    expect(formatInstant(berlin.cal, due)).toBe('2026-01-09T10:00:00+01:00');
  });
});

describe('businessElapsed, isOpen, nextOpening', () => {
  it('counts only working time, negative when the end is earlier', () => {
    expect(berlin.elapsed('2026-03-27T16:00', '2026-03-30T12:00')).toBe(4 * H);
    expect(berlin.elapsed('2026-03-30T12:00', '2026-03-27T16:00')).toBe(-4 * H);
    expect(berlin.elapsed('2026-01-10T00:00', '2026-01-11T23:59')).toBe(0);
  });

  it('is open inside a window only, and opens next at the next window', () => {
    expect(isOpen(berlin.cal, berlin.at('2026-01-12T09:00'))).toBe(true);
    expect(isOpen(berlin.cal, berlin.at('2026-01-12T17:00'))).toBe(false);
    expect(isOpen(berlin.cal, berlin.at('2026-12-25T10:00'))).toBe(false);
    expect(formatInstant(berlin.cal, nextOpening(berlin.cal, berlin.at('2026-12-24T17:00')))).toBe(
      '2026-12-28T09:00:00+01:00',
    );
    const open = berlin.at('2026-01-12T10:15');
    expect(nextOpening(berlin.cal, open)).toEqual(open);
  });

  it('has a default of Mon-Fri 09:00-17:00 UTC without holidays', () => {
    expect(DEFAULT_CALENDAR).toMatchObject({ timeZone: 'UTC', holidays: [] });
    expect(describeHours(DEFAULT_CALENDAR)).toBe('Mon-Fri 09:00-17:00');
  });
});

describe('the text forms', () => {
  it('reads hours in groups, merges touching windows and prints them back canonically', () => {
    const week = parseHours(
      'mon-wed 09:00-12:00, 12:00-17:00; Thu 09:00-12:00,13:00-18:00 ; Sun-Mon 18:00-20:00',
    );
    expect(week[0]).toEqual([
      [540, 1020],
      [1080, 1200],
    ]);
    expect(week[4]).toEqual([]);
    expect(describeHours(makeCalendar({ timeZone: 'UTC', hours: week }))).toBe(
      'Mon 09:00-17:00,18:00-20:00; Tue-Wed 09:00-17:00; Thu 09:00-12:00,13:00-18:00; Sun 18:00-20:00',
    );
    expect(parseHours('Mon-Fri 09:00-24:00')[4]).toEqual([[540, 1440]]);
  });

  it('names the flag and the bad piece', () => {
    const bad = (text: string) => {
      try {
        parseHours(text, '--hours');
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).message;
      }
      throw new Error(`accepted ${text}`);
    };
    expect(bad('Mon-Fry 09:00-17:00')).toBe(
      '--hours: "Fry": unknown day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)',
    );
    expect(bad('Mon 17:00-09:00')).toContain('"17:00-09:00": the window closes before it opens');
    expect(bad('Mon 09:00-13:00,12:00-17:00')).toContain('"Mon 12:00-17:00": overlaps 09:00-13:00');
    expect(bad('Mon 09:00-24:30')).toContain('"24:30"');
    expect(bad('Mon 24:00-24:00')).toContain('"24:00"');
    expect(bad('')).toContain('no working hours');
    expect(bad('09:00-17:00')).toContain('days then windows');
    expect(() => parseHolidays('2026-02-30', '--holidays')).toThrow('--holidays: "2026-02-30"');
    expect(() => parseHolidays('13-01')).toThrow('"13-01"');
    expect(parseHolidays('12-31, 2026-12-25 02-29 12-31')).toEqual(['2026-12-25', '02-29', '12-31']);
  });

  it('reads durations as business time or business days', () => {
    expect(parseDuration('4h')).toEqual({ ms: 4 * H });
    expect(parseDuration('30m')).toEqual({ ms: 30 * M });
    expect(parseDuration('90s')).toEqual({ ms: 90_000 });
    expect(parseDuration('2d')).toEqual({ businessDays: 2 });
    expect(parseDuration('PT1H30M')).toEqual({ ms: 90 * M });
    expect(parseDuration('P3D')).toEqual({ businessDays: 3 });
    expect(() => parseDuration('4x', '--add')).toThrow('--add: "4x"');
    expect(() => parseDuration('P1M', '--add')).toThrow('years, months and weeks');
    expect(() => parseDuration('P1DT4H', '--add')).toThrow('not both');
    expect(() => parseDuration('999999h', '--add')).toThrow('more than');
  });

  it('refuses a calendar that never works, and an unknown zone', () => {
    const week = [[], [], [], [], [], [], []];
    expect(() => makeCalendar({ timeZone: 'UTC', hours: week })).toThrow('no working time');
    expect(() => makeCalendar({ timeZone: 'Mars/Olympus', hours: 'Mon 09:00-10:00' })).toThrow('/timeZone');
    const hand: BusinessCalendar = { timeZone: 'UTC', week, holidays: [] };
    expect(() => addBusinessTime(hand, new Date(), { ms: H })).toThrow('no working time');
  });

  it('reads a start without an offset as wall time in the zone', () => {
    expect(parseInstant('2026-03-27T16:00', 'Europe/Berlin').toISOString()).toBe('2026-03-27T15:00:00.000Z');
    expect(parseInstant('2026-03-27T16:00:00Z', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-27T16:00:00.000Z',
    );
    // The skipped hour: the instant the clock jumps past it; the repeated hour: its first time.
    expect(parseInstant('2026-03-29T02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(parseInstant('2026-10-25T02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(() => parseInstant('yesterday', 'UTC', '--start')).toThrow('--start');
  });
});
