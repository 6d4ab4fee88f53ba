import { describe, expect, it } from 'vitest';
import {
  isQuarter,
  type JointPlan,
  planValue,
  playCoverage,
  quarterDays,
  shiftQuarter,
  timelineRows,
} from './joint-plan-model.ts';

const campaign = (name: string, startsOn: string | null, endsOn: string | null) => ({
  id: name,
  name,
  channel: 'email',
  status: 'active',
  startsOn,
  endsOn,
  costCents: 0,
  currency: 'USD',
  playId: null,
});

describe('quarters', () => {
  it('steps across years and knows a quarter label', () => {
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftQuarter('2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftQuarter('2026-Q2', 0)).toBe('2026-Q2');
    expect(isQuarter('2026-Q4')).toBe(true);
    expect(isQuarter('2026-10')).toBe(false);
  });
});

describe('timelineRows', () => {
  it('clips each campaign to the quarter, open ends to its first and last day', () => {
    const plan: Pick<JointPlan, 'quarter' | 'calendar'> = {
      quarter: { label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' },
      calendar: [
        {
          play: { id: 'p1', name: 'Expand', personaId: null },
          campaigns: [
            campaign('webinar', '2026-10-15', '2026-10-15'),
            campaign('series', '2026-09-01', null),
          ],
        },
        { play: null, campaigns: [campaign('spill', '2026-12-20', '2027-01-10')] },
      ],
    };
    expect(timelineRows(plan)).toEqual([
      { label: 'webinar', play: 'Expand', startDay: 14, endDay: 14 },
      { label: 'series', play: 'Expand', startDay: 0, endDay: 91 },
      { label: 'spill', play: 'No play', startDay: 80, endDay: 91 },
    ]);
    expect(playCoverage(plan.calendar)).toEqual({ withPlay: 2, total: 3 });
    expect(quarterDays(plan.quarter)).toBe(92);
  });
});

describe('planValue', () => {
  it('reads revenue as money and the rest as counts', () => {
    expect(planValue('revenue', 100_000_000, 'USD')).toBe('$1,000,000');
    expect(planValue('mqls', 1534, 'USD')).toBe('1,534');
    expect(planValue('win_rate', null, 'USD')).toBe('–');
  });
});
