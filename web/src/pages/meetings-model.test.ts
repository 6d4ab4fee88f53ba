import { describe, expect, it } from 'vitest';
import {
  type ActionItem,
  actionCounts,
  canComplete,
  type CadenceView,
  figureLabel,
  figureText,
  upcoming,
} from './meetings-model.ts';

const item = (over: Partial<ActionItem>): ActionItem => ({
  id: 'a',
  meetingId: 'm',
  title: 't',
  ownerUserId: 'usr_1',
  ownerName: 'Ada',
  teamId: null,
  teamName: null,
  dueOn: '2026-10-07',
  status: 'open',
  completedAt: null,
  overdue: false,
  ...over,
});

describe('upcoming', () => {
  it('lists the next meeting of each series soonest first, with the seed duration label', () => {
    const cadence: CadenceView = {
      timeZone: 'UTC',
      series: [
        {
          kind: 'quarterly_planning',
          name: 'Strategic Planning',
          cadence: 'quarterly',
          durationMinutes: 240,
          attendees: ['CMO', 'CRO'],
          agenda: [],
          output: [],
          next: [{ date: '2027-01-01', startsAt: '2027-01-01T09:00:00.000Z' }],
        },
        {
          kind: 'pipeline_standup',
          name: 'Pipeline Standup',
          cadence: 'daily',
          durationMinutes: 15,
          attendees: ['SDR team lead'],
          agenda: [],
          output: [],
          next: [{ date: '2026-11-03', startsAt: '2026-11-03T09:00:00.000Z' }],
        },
        {
          kind: 'x',
          name: 'Never',
          cadence: 'weekly',
          durationMinutes: 30,
          attendees: [],
          agenda: [],
          output: [],
          next: [],
        },
      ],
    };
    expect(upcoming(cadence).map((r) => [r.name, r.date, r.duration, r.attendees])).toEqual([
      ['Pipeline Standup', '2026-11-03', '15 minutes', 'SDR team lead'],
      ['Strategic Planning', '2027-01-01', 'Half-day', 'CMO, CRO'],
    ]);
  });
});

describe('action items', () => {
  it('counts open and overdue ones', () => {
    expect(
      actionCounts([item({ overdue: true }), item({}), item({ status: 'done', overdue: false })]),
    ).toEqual({ open: 2, overdue: 1 });
  });

  it('offers completion to the owner and to the managing roles only, and never twice', () => {
    expect(canComplete({ permissions: ['read'], userId: 'usr_1' }, item({}))).toBe(true);
    expect(canComplete({ permissions: ['read'], userId: 'usr_2' }, item({}))).toBe(false);
    expect(canComplete({ permissions: ['read'], userId: null }, item({ ownerUserId: null }))).toBe(false);
    expect(canComplete({ permissions: ['read', 'meetings:write'], userId: null }, item({}))).toBe(true);
    expect(
      canComplete({ permissions: ['read', 'meetings:write'], userId: null }, item({ status: 'done' })),
    ).toBe(false);
  });
});

describe('figureText', () => {
  it('reads shares as percentages and cents as dollars', () => {
    expect(figureText('acceptance', 0.3333)).toBe('33.3%');
    expect(figureText('wonCents', 5_000_000)).toBe('$50,000');
    expect(figureText('mqls', 1234)).toBe('1,234');
    expect(figureText('best', 'Webinar Oct')).toBe('Webinar Oct');
    expect(figureText('acceptance', null)).toBe('—');
  });
});

describe('figureLabel', () => {
  it('spells a figure name as words, with the funnel acronyms in capitals', () => {
    expect(figureLabel('atRiskClocks')).toBe('at risk clocks');
    expect(figureLabel('mqlTarget')).toBe('MQL target');
    expect(figureLabel('mqls')).toBe('MQLs');
    expect(figureLabel('dq05')).toBe('DQ-05');
    expect(figureLabel('Marketing-sourced')).toBe('marketing-sourced');
  });
});
