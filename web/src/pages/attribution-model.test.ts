import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributionReport, RevenueAttribution } from '../types.ts';
import {
  addDays,
  isDay,
  modelLabel,
  revenueSeries,
  sideBySide,
  sideBySideSummary,
} from './attribution-model.ts';

const report = (models: AttributionReport['models']): AttributionReport => ({
  source: { from: '2026-10-01', to: '2026-11-01', conversion: 'opportunity', by: 'channel', level: 'person' },
  conversions: 4,
  value: 400,
  nulls: 0,
  paths: 4,
  models,
});

describe('sideBySide', () => {
  it('puts each key on one row with a cell per model, zero where a model gives it nothing', () => {
    const table = sideBySide(
      report([
        {
          model: 'first_touch',
          conversions: 4,
          value: 400,
          credits: [
            { key: 'email', conversions: 3, value: 300, share: 0.75 },
            { key: 'paid_search', conversions: 1, value: 100, share: 0.25 },
          ],
        },
        {
          model: 'last_touch',
          conversions: 4,
          value: 400,
          credits: [
            { key: 'events', conversions: 2, value: 200, share: 0.5 },
            { key: 'email', conversions: 2, value: 200, share: 0.5 },
          ],
        },
      ]),
    );
    expect(table.models).toEqual(['first_touch', 'last_touch']);
    // mean shares: email 0.625, events 0.25, paid_search 0.125
    expect(table.rows.map((row) => row.key)).toEqual(['email', 'events', 'paid_search']);
    expect(table.rows[1]!.cells).toEqual([
      { conversions: 0, value: 0, share: 0 },
      { conversions: 2, value: 200, share: 0.5 },
    ]);
    expect(sideBySideSummary(table, 1)).toBe('email: First touch 75.0%, Last touch 50.0%');
    expect(sideBySideSummary(table, 2, (key) => key.toUpperCase())).toBe(
      'EMAIL: First touch 75.0%, Last touch 50.0%; EVENTS: First touch 0.0%, Last touch 50.0%',
    );
  });

  it('keeps every credit of every model, whatever the keys', () => {
    const credit = fc.record({
      key: fc.constantFrom('a', 'b', 'c', 'd'),
      conversions: fc.nat(20),
      value: fc.nat(1000),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(credit, { selector: (c) => c.key }), { maxLength: 5 }), (lists) => {
        const table = sideBySide(
          report(lists.map((credits, i) => ({ model: `m${i}`, credits, conversions: 0, value: 0 }))),
        );
        const keys = new Set(lists.flat().map((c) => c.key));
        expect(table.rows.length).toBe(keys.size);
        lists.forEach((credits, i) => {
          for (const c of credits) {
            expect(table.rows.find((row) => row.key === c.key)!.cells[i]!.value).toBe(c.value);
          }
          const total = table.rows.reduce((sum, row) => sum + row.cells[i]!.conversions, 0);
          expect(total).toBe(credits.reduce((sum, c) => sum + c.conversions, 0));
        });
      }),
    );
  });
});

describe('labels and days', () => {
  it('names models as people read them', () => {
    expect(modelLabel('time_decay')).toBe('Time decay');
    expect(modelLabel('markov')).toBe('Markov');
  });

  it('adds days across month and year ends, and checks a day', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isDay('2026-10-05')).toBe(true);
    expect(isDay('2026-13-05')).toBe(false);
    expect(isDay('2026-10-5')).toBe(false);
  });
});

describe('revenueSeries', () => {
  it('gives each period its sourced, influenced and sales-sourced amounts in major units', () => {
    const figures = (sourced: number, influenced: number, total: number) => ({
      total: { cents: total, deals: 3 },
      sourced: { cents: sourced, deals: 1, share: sourced / total },
      influenced: { cents: influenced, deals: 2, share: influenced / total },
      salesSourced: { cents: total - sourced, deals: 2, share: (total - sourced) / total },
    });
    const revenue: RevenueAttribution = {
      from: '2026-09-01',
      to: '2026-10-31',
      period: 'month',
      currency: 'USD',
      periods: [
        {
          label: '2026-09',
          from: '2026-09-01',
          to: '2026-09-30',
          pipeline: figures(1, 1, 1),
          revenue: figures(10_000, 25_000, 40_000),
        },
        {
          label: '2026-10',
          from: '2026-10-01',
          to: '2026-10-31',
          pipeline: figures(1, 1, 1),
          revenue: figures(0, 5_000, 5_000),
        },
      ],
      total: { pipeline: figures(2, 2, 2), revenue: figures(10_000, 30_000, 45_000) },
      otherCurrencies: [],
    };
    expect(revenueSeries(revenue)).toEqual({
      labels: ['2026-09', '2026-10'],
      sourced: [100, 0],
      influenced: [250, 50],
      salesSourced: [300, 50],
    });
  });
});
