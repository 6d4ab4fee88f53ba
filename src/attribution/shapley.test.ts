import { describe, expect, it } from 'vitest';
import { barePaths, type ModelResult } from './model.js';
import { EXACT_LIMIT, shapleyModel } from './shapley.js';

const credit = (result: ModelResult, key: string) => result.credits.find((c) => c.key === key)!;

describe('shapleyModel', () => {
  it('is exact over coalitions (hand-computed)', () => {
    // {A,B}: 2 conversions worth 20; {A}: 1 worth 10; {B,C} (B > C > B): 3 worth 60.
    // v(A)=1, v(B)=v(C)=0, v(AB)=3, v(AC)=1, v(BC)=3, v(ABC)=6.
    // phi(A) = 1/3 (1-0) + 1/6 (3-0) + 1/6 (1-0) + 1/3 (6-3) = 2
    // phi(B) = 1/3 (0) + 1/6 (3-1) + 1/6 (3-0) + 1/3 (6-1) = 2.5;  phi(C) = 6 - 2 - 2.5 = 1.5.
    // Value likewise: A 10 + 10 = 20, B 10 + 30 = 40, C 30.
    const result = shapleyModel(
      barePaths([
        { path: ['A', 'B'], conversions: 2, value: 20, nulls: 5 },
        { path: ['A'], conversions: 1, value: 10, nulls: 0 },
        { path: ['B', 'C', 'B'], conversions: 3, value: 60, nulls: 1 },
      ]),
    );
    expect(result.method).toBe('exact');
    expect(credit(result, 'A').conversions).toBeCloseTo(2, 12);
    expect(credit(result, 'B').conversions).toBeCloseTo(2.5, 12);
    expect(credit(result, 'C').conversions).toBeCloseTo(1.5, 12);
    expect(credit(result, 'B').value).toBeCloseTo(40, 12);
  });

  it(`samples orderings beyond ${EXACT_LIMIT} channels and states a standard error`, () => {
    // 20 channels; path i is channels i and i+1 with i+1 conversions. The exact value gives
    // each path's conversions to its two channels in halves.
    const rows = Array.from({ length: 19 }, (_, i) => ({
      path: [`c${i}`, `c${i + 1}`],
      conversions: i + 1,
      value: 0,
      nulls: 0,
    }));
    const result = shapleyModel(barePaths(rows), { samples: 4_000, seed: 7 });
    expect(result.method).toBe('sampled');
    expect(result.samples).toBe(4_000);
    const total = result.credits.reduce((sum, c) => sum + c.conversions, 0);
    expect(total).toBeCloseTo(190, 9);
    for (let i = 0; i < 20; i++) {
      const exact = (i > 0 ? i / 2 : 0) + (i < 19 ? (i + 1) / 2 : 0);
      const c = credit(result, `c${i}`);
      expect(c.standardError).toBeGreaterThan(0);
      expect(Math.abs(c.conversions - exact)).toBeLessThan(5 * c.standardError! + 1e-9);
    }
  });
});
