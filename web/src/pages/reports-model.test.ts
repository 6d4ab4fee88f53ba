import { describe, expect, it } from 'vitest';
import { isIsoWeek, isMonth, isoWeekOf, reportFileName } from './reports-model.ts';

describe('reportFileName', () => {
  it('names a download by report, period and format', () => {
    expect(reportFileName('monthly-alignment-report', '2026-10', 'md')).toBe(
      'monthly-alignment-report-2026-10.md',
    );
    expect(reportFileName('pipeline-review', '2026-W43', 'csv')).toBe('pipeline-review-2026-W43.csv');
  });
});

describe('isoWeekOf', () => {
  it('follows ISO 8601 across year ends', () => {
    expect(isoWeekOf(new Date('2026-10-22T12:00:00Z'))).toBe('2026-W43');
    expect(isoWeekOf(new Date('2026-01-01T00:00:00Z'))).toBe('2026-W01'); // a Thursday
    expect(isoWeekOf(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53'); // a Friday of 2026's last week
    expect(isoWeekOf(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01'); // a Monday
    expect(isoWeekOf(new Date('2026-11-23T23:59:00Z'))).toBe('2026-W48'); // a Monday
  });

  it('checks weeks and months as the API takes them', () => {
    expect(isIsoWeek('2026-W43')).toBe(true);
    expect(isIsoWeek('2026-W54')).toBe(false);
    expect(isIsoWeek('2026-43')).toBe(false);
    expect(isMonth('2026-10')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
  });
});
