import { describe, expect, it } from 'vitest';
import { parsePeriod, shareRow } from './compliance-model.js';

describe('parsePeriod', () => {
  it('reads a month and a quarter in UTC, and names the field for anything else', () => {
    expect(parsePeriod('2026-10')).toEqual({
      label: '2026-10',
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2026-11-01T00:00:00Z'),
      months: 1,
    });
    expect(parsePeriod('2026-q4')).toMatchObject({
      label: '2026-Q4',
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
      months: 3,
    });
    expect(() => parsePeriod('2026-13')).toThrow(/must be a month like 2026-10/);
    expect(() => parsePeriod('October')).toThrow(/must be a month like 2026-10/);
  });
});

describe('shareRow', () => {
  const base = { id: 'x', side: 'sales' as const, metric: 'm', target: 't', measurement: 'w' };
  it('meets a 100% target only when nothing missed, and says so in words', () => {
    expect(shareRow(base, 4, [], 1)).toMatchObject({
      met: true,
      actual: '100% (4 of 4)',
      value: 1,
      missed: 0,
    });
    expect(shareRow(base, 4, ['per_1'], 1)).toMatchObject({
      met: false,
      actual: '75% (3 of 4)',
      offending: ['per_1'],
    });
  });
  it('judges "more than" targets strictly and has no verdict without records', () => {
    expect(shareRow(base, 10, ['a', 'b', 'c', 'd'], 0.6, true).met).toBe(false);
    expect(shareRow(base, 10, ['a', 'b', 'c'], 0.6, true).met).toBe(true);
    expect(shareRow(base, 0, [], 1)).toMatchObject({
      met: null,
      value: null,
      actual: 'no records in the period',
    });
  });
});
