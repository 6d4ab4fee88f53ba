import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentSupportRow, parsePeriod, shareRow } from './compliance-model.js';

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

describe('contentSupportRow', () => {
  it('shares the campaigns with an asset, adds the late requests, and is met only when both halves are', () => {
    const row = contentSupportRow(
      [
        { id: 'cmp_a', assets: 2 },
        { id: 'cmp_b', assets: 0 },
        { id: 'cmp_c', assets: 1 },
        { id: 'cmp_d', assets: 1 },
      ],
      [
        { contentRequestId: 'crq_1', met: true },
        { contentRequestId: 'crq_2', met: false },
      ],
    );
    expect(row).toMatchObject({
      id: 'content_support',
      side: 'marketing',
      value: 0.75,
      met: false,
      total: 6,
      missed: 2,
      offending: ['cmp_b', 'crq_2'],
      actual:
        '75% of campaigns launched have an asset (3 of 4); 50% of content requests delivered on time (1 of 2)',
    });
    expect(row.target).toMatch(/new assets for each campaign \(100% of campaigns launched\)/);
  });

  it('is met when every campaign has an asset and every judged request was on time', () => {
    const row = contentSupportRow([{ id: 'cmp_a', assets: 1 }], [{ contentRequestId: 'crq_1', met: true }]);
    expect(row).toMatchObject({ value: 1, met: true, missed: 0 });
  });

  it('judges the half that has records, and nothing when the period has neither', () => {
    expect(contentSupportRow([], [{ contentRequestId: 'crq_1', met: false }])).toMatchObject({
      value: 0,
      met: false,
      actual: 'no campaign launched; 0% of content requests delivered on time (0 of 1)',
    });
    expect(contentSupportRow([{ id: 'cmp_a', assets: 0 }], [])).toMatchObject({ value: 0, met: false });
    expect(contentSupportRow([], [])).toMatchObject({ value: null, met: null, total: 0 });
  });

  it('counts every record once: missed never exceeds total and the offending list is capped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(3), { maxLength: 80 }),
        fc.array(fc.boolean(), { maxLength: 80 }),
        (assets, met) => {
          const row = contentSupportRow(
            assets.map((n, i) => ({ id: `cmp_${i}`, assets: n })),
            met.map((m, i) => ({ contentRequestId: `crq_${i}`, met: m })),
          );
          expect(row.total).toBe(assets.length + met.length);
          expect(row.missed).toBe(assets.filter((n) => n === 0).length + met.filter((m) => !m).length);
          expect(row.offending.length).toBe(Math.min(50, row.missed));
          if (row.met === true) expect(row.missed).toBe(0);
        },
      ),
    );
  });
});
