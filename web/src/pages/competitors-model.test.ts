import { describe, expect, it } from 'vitest';
import {
  flagged,
  moneyText,
  orderForReview,
  overallWinRate,
  reasonText,
  statusText,
  totalLost,
  winRateText,
} from './competitors-model.ts';

describe('competitors page model', () => {
  it('adds up win rate and lost value across competitors, per currency', () => {
    const items = [
      { won: 1, lost: 3, lostValue: [{ cents: 300_000, currency: 'USD' }] },
      {
        won: 1,
        lost: 1,
        lostValue: [
          { cents: 100_000, currency: 'USD' },
          { cents: 50_000, currency: 'EUR' },
        ],
      },
      { won: 0, lost: 0, lostValue: [] },
    ];
    expect(overallWinRate(items)).toBeCloseTo(2 / 6);
    expect(overallWinRate([{ won: 0, lost: 0 }])).toBeNull();
    expect(totalLost(items)).toEqual([
      { cents: 400_000, currency: 'USD' },
      { cents: 50_000, currency: 'EUR' },
    ]);
    expect(moneyText(totalLost(items))).toBe('$4,000 + €500.00');
    expect(moneyText([])).toBe('–');
    expect(winRateText(0.5)).toBe('50%');
  });

  it('flags missing and late feedback and puts it first', () => {
    const rows = [
      { id: 'a', status: 'on_time' as const, closedAt: '2026-03-05T00:00:00Z' },
      { id: 'b', status: 'pending' as const, closedAt: '2026-03-09T00:00:00Z' },
      { id: 'c', status: 'late' as const, closedAt: '2026-03-01T00:00:00Z' },
      { id: 'd', status: 'overdue' as const, closedAt: '2026-03-02T00:00:00Z' },
    ];
    expect(orderForReview(rows).map((r) => r.id)).toEqual(['d', 'b', 'c', 'a']);
    expect(rows.filter(flagged).map((r) => r.id)).toEqual(['b', 'c', 'd']);
    expect(statusText({ status: 'overdue', missing: ['/reasonCode', '/winningFactor'] })).toBe(
      'Missing (overdue): reasonCode, winningFactor',
    );
    expect(statusText({ status: 'on_time', missing: [] })).toBe('Recorded in time');
  });

  it('shows the agreed reason with the text beside it', () => {
    expect(reasonText({ reasonLabel: 'Price', reasonText: 'over budget' })).toBe('Price: over budget');
    expect(reasonText({ reasonLabel: null, reasonText: null })).toBe('–');
  });
});
