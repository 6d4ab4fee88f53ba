import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatMoney, formatPercent, slaCountdown, trend } from './format.ts';

describe('formatMoney', () => {
  it('shows whole dollars for large amounts and cents for small ones', () => {
    expect(formatMoney(100_000_000)).toBe('$1,000,000');
    expect(formatMoney(1_999)).toBe('$19.99');
  });
});

describe('formatPercent', () => {
  it('shows a rate with one decimal and a dash when there is none', () => {
    expect(formatPercent(0.3148148)).toBe('31.5%');
    expect(formatPercent(null)).toBe('–');
  });
});

describe('slaCountdown', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('counts down to the due time', () => {
    expect(slaCountdown('2026-11-23T15:30:00Z', now)).toEqual({ text: '3h 30m left', overdue: false });
  });
  it('says how late a clock is once past due', () => {
    expect(slaCountdown('2026-11-21T10:00:00Z', now)).toEqual({ text: 'overdue by 2d 2h', overdue: true });
  });
  it('is overdue exactly when the due time has passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (offset) => {
        expect(slaCountdown(new Date(now + offset).toISOString(), now).overdue).toBe(offset < 0);
      }),
    );
  });
});

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect(formatDuration(90 * 60_000)).toBe('1h 30m');
    expect(formatDuration(59 * 60_000)).toBe('59m');
    expect(formatDuration(-(26 * 3_600_000))).toBe('1d 2h');
  });
});

describe('trend', () => {
  it('gives a rate change in points and a count change in units', () => {
    expect(trend(0.5, 0.4, 'rate')).toEqual({ text: '+10.0 pts', direction: 'up' });
    expect(trend(40, 57, 'count')).toEqual({ text: '−17', direction: 'down' });
    expect(trend(3, 3, 'count')).toEqual({ text: '±0', direction: 'flat' });
  });
  it('has nothing to say without both periods', () => {
    expect(trend(null, 3, 'count')).toBeNull();
    expect(trend(3, undefined, 'rate')).toBeNull();
  });
});
