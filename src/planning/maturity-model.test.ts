import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRatings,
  compareRatings,
  MATURITY_DIMENSIONS,
  MATURITY_MODEL,
  type MaturityLevel,
  type MaturityRatings,
  maturityGaps,
  overallLevel,
} from './maturity-model.js';

const rate = (process: number, staffing: number, systems: number, metrics: number): MaturityRatings => ({
  process: { level: process as MaturityLevel, note: null },
  staffing: { level: staffing as MaturityLevel, note: null },
  systems: { level: systems as MaturityLevel, note: null },
  metrics: { level: metrics as MaturityLevel, note: null },
});

const level = fc.integer({ min: 1, max: 4 });

describe('the maturity model (seed 004)', () => {
  it('has four levels with a cell for every dimension, as the seed words them', () => {
    expect(MATURITY_MODEL.map((l) => l.name)).toEqual([
      'Ad Hoc Projects',
      'Departmental Alignment',
      'Customer Alignment',
      'Customer Alignment',
    ]);
    for (const l of MATURITY_MODEL)
      for (const d of MATURITY_DIMENSIONS) expect(l.cells[d].length).toBeGreaterThan(0);
    expect(MATURITY_MODEL[1]!.cells.process).toEqual([
      'marketing and sales have a shared planning process for lead quantities, etc.',
      'alignment projects are selected based on expected value',
      'project decisions are based on data analysis',
    ]);
    expect(MATURITY_MODEL[3]!.cells.metrics).toContain(
      'management reports show trends in high-level alignment metrics (marketing spend per accepted lead, etc.)',
    );
  });
});

describe('overallLevel', () => {
  it('is the level of the least mature dimension', () => {
    expect(overallLevel(rate(3, 2, 4, 3))).toBe(2);
    fc.assert(
      fc.property(level, level, level, level, (a, b, c, d) => {
        const overall = overallLevel(rate(a, b, c, d));
        expect(overall).toBe(Math.min(a, b, c, d));
      }),
    );
  });
});

describe('maturityGaps', () => {
  it("lists the next level's cell for each dimension below it", () => {
    const { nextLevel, gaps } = maturityGaps(rate(2, 1, 2, 1));
    expect(nextLevel).toBe(2);
    expect(gaps.map((g) => g.dimension)).toEqual(['staffing', 'metrics']);
    expect(gaps[0]).toEqual({
      dimension: 'staffing',
      level: 1,
      toReach: 2,
      cell: MATURITY_MODEL[1]!.cells.staffing,
    });
  });

  it('has no gaps at level 4', () => {
    expect(maturityGaps(rate(4, 4, 4, 4))).toEqual({ nextLevel: null, gaps: [] });
  });

  it('names exactly the dimensions below overall + 1, never one at or above it', () => {
    fc.assert(
      fc.property(level, level, level, level, (a, b, c, d) => {
        const ratings = rate(a, b, c, d);
        const overall = overallLevel(ratings);
        const { nextLevel, gaps } = maturityGaps(ratings);
        if (overall === 4) {
          expect(gaps).toEqual([]);
          return;
        }
        expect(nextLevel).toBe(overall + 1);
        expect(gaps.length).toBeGreaterThan(0);
        for (const g of gaps) expect(ratings[g.dimension].level).toBeLessThan(overall + 1);
        const named = new Set(gaps.map((g) => g.dimension));
        for (const dim of MATURITY_DIMENSIONS)
          if (!named.has(dim)) expect(ratings[dim].level).toBeGreaterThanOrEqual(overall + 1);
      }),
      // Every dimension at the top (no next level) is one case in 256: always try it.
      { examples: [[4, 4, 4, 4]] },
    );
  });
});

describe('compareRatings', () => {
  it('gives each dimension its move since the earlier assessment', () => {
    expect(compareRatings(rate(1, 2, 2, 1), rate(2, 2, 1, 3))).toEqual([
      { dimension: 'process', from: 1, to: 2, delta: 1 },
      { dimension: 'staffing', from: 2, to: 2, delta: 0 },
      { dimension: 'systems', from: 2, to: 1, delta: -1 },
      { dimension: 'metrics', from: 1, to: 3, delta: 2 },
    ]);
  });
});

describe('checkRatings', () => {
  it('requires every dimension at a level from 1 to 4, and names what is wrong', () => {
    const { value, issues } = checkRatings({
      process: { level: 5 },
      staffing: { level: 2, note: '  ' },
      culture: { level: 1 },
      systems: { level: 1, note: ' CRM only ' },
    });
    expect(value).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual([
      '/dimensions/culture',
      '/dimensions/process/level',
      '/dimensions/metrics',
    ]);
    const ok = checkRatings({
      process: { level: 2 },
      staffing: { level: 2, note: '  ' },
      systems: { level: 1, note: ' CRM only ' },
      metrics: { level: 3 },
    });
    expect(ok.issues).toEqual([]);
    expect(ok.value?.staffing.note).toBeNull();
    expect(ok.value?.systems.note).toBe('CRM only');
  });
});
