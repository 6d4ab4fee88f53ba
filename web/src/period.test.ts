import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPeriod, monthOf, monthRange, previousMonth, quarterOf } from './period.ts';

describe('periods', () => {
  it('names the month and quarter of an instant in UTC', () => {
    expect(monthOf(new Date('2026-10-31T23:59:59Z'))).toBe('2026-10');
    expect(quarterOf(new Date('2026-10-01T00:00:00Z'))).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-03-31T12:00:00Z'))).toBe('2026-Q1');
  });

  it('steps back across a year', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });

  it('gives a month as [since, until), each month ending where the next starts', () => {
    expect(monthRange('2026-12')).toEqual({
      since: '2026-12-01T00:00:00.000Z',
      until: '2027-01-01T00:00:00.000Z',
    });
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const name = `${year}-${String(month).padStart(2, '0')}`;
        expect(monthRange(previousMonth(name)).until).toBe(monthRange(name).since);
      }),
    );
  });

  it('knows a month or a quarter from a half-typed one', () => {
    expect(['2026-10', '2026-Q4', '2026-01'].every(isPeriod)).toBe(true);
    expect(['2026-1', '2026-13', '2026-Q5', '2026-Q', ''].some(isPeriod)).toBe(false);
  });
});
