import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/index.js';
import {
  type CalendarCampaign,
  calendarByPlay,
  checkGoals,
  defaultGoals,
  elapsedShare,
  goalProgress,
  nextQuarter,
  overlapsQuarter,
  parseQuarter,
  previousQuarter,
  progressStatus,
  quarterAt,
} from './plans-model.js';

describe('parseQuarter', () => {
  it('reads 2026-Q4 as October to December, bounded in UTC', () => {
    const q = parseQuarter('2026-q4');
    expect(q).toMatchObject({ label: '2026-Q4', year: 2026, q: 4, from: '2026-10-01', to: '2026-12-31' });
    expect(q.start.toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(q.end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(parseQuarter('2024-Q1').to).toBe('2024-03-31');
  });

  it('refuses anything else, naming the field', () => {
    for (const bad of ['2026-Q5', '2026-Q0', '2026-10', 'Q4 2026', ''])
      expect(() => parseQuarter(bad, '/quarter')).toThrow(ValidationError);
    try {
      parseQuarter('soon');
    } catch (error) {
      expect((error as ValidationError).issues[0]!.path).toBe('/quarter');
    }
  });

  it('steps back and forth across years, and the quarter of an instant contains it', () => {
    expect(previousQuarter(parseQuarter('2026-Q1')).label).toBe('2025-Q4');
    expect(nextQuarter(parseQuarter('2026-Q4')).label).toBe('2027-Q1');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (at) => {
          const q = quarterAt(at);
          expect(q.start.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(at.getTime()).toBeLessThan(q.end.getTime());
          expect(previousQuarter(nextQuarter(q)).label).toBe(q.label);
          expect(nextQuarter(q).start.getTime()).toBe(q.end.getTime());
        },
      ),
    );
  });
});

describe('elapsedShare and progressStatus', () => {
  const q4 = parseQuarter('2026-Q4');
  it('is 0 before the quarter, 1 after it, and the share of time in between', () => {
    expect(elapsedShare(q4, new Date('2026-09-30T00:00:00Z'))).toBe(0);
    expect(elapsedShare(q4, new Date('2027-02-01T00:00:00Z'))).toBe(1);
    expect(elapsedShare(q4, new Date('2026-11-16T00:00:00Z'))).toBe(0.5);
  });
  it('is met at the target, on track while keeping pace, behind otherwise', () => {
    expect(progressStatus(100, 100, 0.2)).toBe('met');
    expect(progressStatus(100, 50, 0.5)).toBe('on_track');
    expect(progressStatus(100, 49, 0.5)).toBe('behind');
    expect(progressStatus(100, 0, 0)).toBe('not_started');
  });
});

describe('goals', () => {
  it('checks each goal and refuses two goals of one team on one metric', () => {
    const { issues } = checkGoals([
      { team: 'marketing', metric: 'mqls', target: 534, ownerUserId: null, note: null },
      { team: ' ', metric: 'mqls', target: -1, ownerUserId: null, note: null },
      { team: 'sales', metric: 'revenue', target: 10.5, ownerUserId: null, note: null },
      { team: 'marketing', metric: 'mqls', target: 600, ownerUserId: null, note: null },
    ]);
    expect(issues.map((i) => i.path)).toEqual([
      '/goals/1/team',
      '/goals/1/target',
      '/goals/2/target',
      '/goals/3',
    ]);
  });

  it('defaults to the funnel split between the teams, and tracks only plan metrics live', () => {
    const targets = { revenue: 100_000_000, won_deals: 40, opportunities: 160, sqls: 320, mqls: 534 };
    const goals = defaultGoals(targets);
    expect(goals.map((g) => [g.team, g.metric, g.target])).toEqual([
      ['marketing', 'mqls', 534],
      ['sales', 'sqls', 320],
      ['sales', 'opportunities', 160],
      ['sales', 'revenue', 100_000_000],
      ['both', 'won_deals', 40],
    ]);
    const actuals = { revenue: 0, won_deals: 0, opportunities: 0, sqls: 0, mqls: 267 };
    expect(goalProgress(goals[0]!, actuals, 0.5)).toMatchObject({
      actual: 267,
      share: 0.5,
      status: 'on_track',
    });
    const custom = { team: 'sales', metric: 'win_rate', target: 0.25, ownerUserId: null, note: null };
    expect(goalProgress(custom, actuals, 0.5)).toMatchObject({ actual: null, share: null, status: null });
  });
});

describe('calendarByPlay', () => {
  const q4 = parseQuarter('2026-Q4');
  const c = (
    id: string,
    startsOn: string | null,
    endsOn: string | null,
    playId: string | null,
  ): CalendarCampaign => ({
    id,
    name: id,
    channel: 'email',
    status: 'planned',
    startsOn,
    endsOn,
    costCents: 0,
    currency: 'USD',
    playId,
  });

  it('keeps campaigns overlapping the quarter, grouped by play name, those without a play last', () => {
    const plays = [
      { id: 'p2', name: 'Win back', personaId: null },
      { id: 'p1', name: 'Expand', personaId: null },
      { id: 'p3', name: 'Idle', personaId: null },
    ];
    const groups = calendarByPlay(
      [
        c('b', '2026-11-01', '2026-11-30', 'p1'),
        c('a', '2026-09-15', '2026-10-01', 'p1'),
        c('before', '2026-01-01', '2026-09-30', 'p2'),
        c('after', '2027-01-01', null, 'p2'),
        c('open', null, null, 'p2'),
        c('loose', '2026-12-31', '2027-02-01', null),
      ],
      plays,
      q4,
    );
    expect(groups.map((g) => [g.play?.name ?? null, g.campaigns.map((x) => x.id)])).toEqual([
      ['Expand', ['a', 'b']],
      ['Win back', ['open']],
      [null, ['loose']],
    ]);
  });

  it('overlap is symmetric with the campaign dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 100 }), (offset, length) => {
        const start = new Date(Date.UTC(2026, 6, 1) + offset * 86_400_000);
        const end = new Date(start.getTime() + length * 86_400_000);
        const day = (d: Date) => d.toISOString().slice(0, 10);
        const expected = start < q4.end && end >= q4.start;
        expect(overlapsQuarter({ startsOn: day(start), endsOn: day(end) }, q4)).toBe(expected);
      }),
    );
  });
});
