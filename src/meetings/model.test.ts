import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  carriedOver,
  DEFAULT_SERIES,
  defaultCadence,
  durationLabel,
  editCadence,
  type MeetingKind,
  nextOccurrences,
  previousBusinessDay,
  reviewPeriod,
  seriesOf,
} from './model.js';

const cadence = defaultCadence();
const standup = seriesOf(cadence, 'pipeline_standup');

describe('the default cadence (seed 001, Meeting Cadence)', () => {
  it('reproduces the four series with their attendees, durations and agendas', () => {
    expect(
      DEFAULT_SERIES.map((s) => [
        s.name,
        s.cadence,
        durationLabel(s.durationMinutes),
        s.attendees.join(' + '),
      ]),
    ).toEqual([
      ['Pipeline Standup', 'daily', '15 minutes', 'SDR team lead + Marketing campaign manager'],
      [
        'Campaign Performance Review',
        'weekly',
        '30 minutes',
        'Marketing ops + Sales ops + 1 AE representative',
      ],
      ['Funnel Health Review', 'monthly', '60 minutes', 'VP Marketing + VP Sales + RevOps'],
      ['Strategic Planning', 'quarterly', 'Half-day', 'CMO + CRO + RevOps + team leads'],
    ]);
    expect(standup.agenda.map((a) => a.title)).toEqual([
      "Yesterday's MQLs delivered",
      "Today's follow-up priorities",
      'Any lead quality flags',
    ]);
    expect(seriesOf(cadence, 'funnel_health').agenda.map((a) => a.title)).toEqual([
      'Full-funnel conversion rates',
      'SLA compliance',
      'Pipeline coverage ratio',
      'Attribution analysis',
      'Competitive intelligence debrief',
    ]);
    expect(seriesOf(cadence, 'quarterly_planning').output).toEqual([
      'Updated SLAs',
      'Next-quarter campaign calendar',
      'ICP documentation',
      'Scoring model changes',
    ]);
    // The defaults are never shared: editing a copy leaves the next one untouched.
    defaultCadence().series[0]!.attendees.push('someone');
    expect(defaultCadence().series[0]!.attendees).toHaveLength(2);
  });
});

describe('nextOccurrences', () => {
  it('keeps the 09:00 standup at 09:00 in Paris across the spring DST change, on business days only', () => {
    // Friday 2026-03-27 08:30Z is after that day's standup (09:00 CET = 08:00Z).
    const next = nextOccurrences(standup, 'Europe/Paris', new Date('2026-03-27T08:30:00Z'), 3);
    expect(next.map((o) => [o.date, o.startsAt.toISOString()])).toEqual([
      ['2026-03-30', '2026-03-30T07:00:00.000Z'], // Monday, summer time (CEST)
      ['2026-03-31', '2026-03-31T07:00:00.000Z'],
      ['2026-04-01', '2026-04-01T07:00:00.000Z'],
    ]);
  });

  it('moves back an hour in UTC after the autumn change, and counts a meeting starting now', () => {
    const next = nextOccurrences(standup, 'Europe/Paris', new Date('2026-10-23T07:00:00Z'), 2);
    expect(next.map((o) => o.startsAt.toISOString())).toEqual([
      '2026-10-23T07:00:00.000Z', // Friday, still CEST
      '2026-10-26T08:00:00.000Z', // Monday, CET
    ]);
  });

  it('meets weekly on its weekday, monthly on the first business day, quarterly on the first business day of a quarter', () => {
    const from = new Date('2026-10-31T12:00:00Z'); // a Saturday
    const one = (kind: MeetingKind) => nextOccurrences(seriesOf(cadence, kind), 'America/New_York', from, 2);
    expect(one('campaign_review').map((o) => [o.date, o.startsAt.toISOString()])).toEqual([
      ['2026-11-06', '2026-11-06T19:00:00.000Z'], // Friday 14:00 EST (DST ended Nov 1)
      ['2026-11-13', '2026-11-13T19:00:00.000Z'],
    ]);
    expect(one('funnel_health').map((o) => o.date)).toEqual(['2026-11-02', '2026-12-01']); // Nov 1 is a Sunday
    expect(one('quarterly_planning').map((o) => o.date)).toEqual(['2027-01-01', '2027-04-01']);
  });

  it('gives only business days at the local start time, strictly later each time and never before `from` (property)', () => {
    const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2035-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        fc.constantFrom('00:30', '09:00', '13:15', '23:45'),
        (from, zone, startTime) => {
          const series = { ...standup, startTime };
          const next = nextOccurrences(series, zone, from, 6);
          expect(next).toHaveLength(6);
          let last = from.getTime() - 1;
          for (const o of next) {
            const local = DateTime.fromJSDate(o.startsAt, { zone });
            expect(local.weekday).toBeLessThanOrEqual(5);
            expect(local.toFormat('HH:mm')).toBe(startTime);
            expect(local.toISODate()).toBe(o.date);
            expect(o.startsAt.getTime()).toBeGreaterThan(last);
            last = o.startsAt.getTime();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('reviewPeriod', () => {
  it('reviews since the previous business day for the standup, up to its start', () => {
    expect(previousBusinessDay('2026-10-05')).toBe('2026-10-02'); // Monday -> Friday
    const p = reviewPeriod(standup, '2026-10-05', 'Europe/Paris');
    expect(p).toMatchObject({ from: '2026-10-02', to: '2026-10-05', label: 'since 2026-10-02' });
    expect(p.start.toISOString()).toBe('2026-10-01T22:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-10-05T07:00:00.000Z');
  });

  it('reviews the ISO week, the month before, and the quarter before', () => {
    expect(reviewPeriod(seriesOf(cadence, 'campaign_review'), '2026-10-09', 'UTC')).toMatchObject({
      week: '2026-W41',
      from: '2026-10-05',
      to: '2026-10-11',
    });
    expect(reviewPeriod(seriesOf(cadence, 'funnel_health'), '2026-11-02', 'UTC')).toMatchObject({
      month: '2026-10',
      from: '2026-10-01',
      to: '2026-10-31',
    });
    expect(reviewPeriod(seriesOf(cadence, 'quarterly_planning'), '2027-01-01', 'UTC')).toMatchObject({
      quarter: '2026-Q4',
      nextQuarter: '2027-Q1',
      from: '2026-10-01',
      to: '2026-12-31',
    });
  });
});

describe('carriedOver', () => {
  const item = (id: string, kind: MeetingKind, meetingDate: string, dueOn: string) => ({
    id,
    kind,
    meetingDate,
    dueOn,
  });
  it("carries the series' own open items and every overdue one, never an item of a later meeting", () => {
    const open = [
      item('own', 'pipeline_standup', '2026-10-01', '2026-10-20'),
      item('other-not-due', 'campaign_review', '2026-10-02', '2026-10-20'),
      item('other-overdue', 'campaign_review', '2026-10-02', '2026-10-04'),
      item('later', 'pipeline_standup', '2026-10-06', '2026-10-01'),
      item('same-day', 'pipeline_standup', '2026-10-05', '2026-10-01'),
    ];
    expect(carriedOver(open, 'pipeline_standup', '2026-10-05').map((i) => [i.id, i.overdue])).toEqual([
      ['other-overdue', true],
      ['own', false],
    ]);
  });
});

describe('editCadence', () => {
  it('applies edits and names every bad field', () => {
    const edited = editCadence(cadence, {
      timeZone: 'Europe/Paris',
      series: { pipeline_standup: { startTime: '08:45', attendees: ['SDR team lead'] } },
    });
    expect(edited.timeZone).toBe('Europe/Paris');
    expect(seriesOf(edited, 'pipeline_standup')).toMatchObject({
      startTime: '08:45',
      attendees: ['SDR team lead'],
    });
    expect(seriesOf(cadence, 'pipeline_standup').startTime).toBe('09:00');

    expect(() =>
      editCadence(cadence, {
        timeZone: 'Mars/Olympus',
        series: {
          campaign_review: { weekday: null, startTime: '25:00' },
          nope: { name: 'x' },
        },
      }),
    ).toThrow(
      expect.objectContaining({
        issues: [
          { path: '/timeZone', message: expect.any(String) },
          { path: '/series/campaign_review/startTime', message: expect.any(String) },
          { path: '/series/campaign_review/weekday', message: expect.any(String) },
          { path: '/series/nope', message: expect.any(String) },
        ],
      }),
    );
  });
});
