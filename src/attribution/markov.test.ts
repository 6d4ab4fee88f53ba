import { describe, expect, it } from 'vitest';
import { markovModel } from './markov.js';
import { barePaths, type ModelResult } from './model.js';

const credit = (result: ModelResult, key: string) => result.credits.find((c) => c.key === key)!;

describe('markovModel (hand-computed, exact)', () => {
  // A > B: 1 conversion worth 30; A: 1 null; B: 1 conversion worth 90.
  const set = barePaths([
    { path: ['A', 'B'], conversions: 1, value: 30, nulls: 0 },
    { path: ['A'], conversions: 0, value: 0, nulls: 1 },
    { path: ['B'], conversions: 1, value: 90, nulls: 0 },
  ]);

  it('computes removal effects and credits of conversions and value at order 1', () => {
    // start -> A 2/3, start -> B 1/3; A -> B 1/2, A -> null 1/2; B -> conversion 1.
    // P(conv) = 2/3 * 1/2 + 1/3 = 2/3.
    // Without A: 1/3, RE(A) = 1 - (1/3)/(2/3) = 1/2. Without B: 0, RE(B) = 1.
    // Conversions 2: A = 2 * (1/2) / (3/2) = 2/3, B = 4/3.
    // Value: mean value per conversion at B = (30 + 90) / 2 = 60; E[V] = 2/3 * 60 = 40;
    // without A 20 (RE 1/2), without B 0 (RE 1): A = 120 * 1/3 = 40, B = 80.
    const result = markovModel(set);
    expect(result.removalEffects!['A']).toBeCloseTo(0.5, 12);
    expect(result.removalEffects!['B']).toBeCloseTo(1, 12);
    expect(credit(result, 'A').conversions).toBeCloseTo(2 / 3, 12);
    expect(credit(result, 'B').conversions).toBeCloseTo(4 / 3, 12);
    expect(credit(result, 'A').value).toBeCloseTo(40, 10);
    expect(credit(result, 'B').value).toBeCloseTo(80, 10);
    expect(credit(result, 'B').share).toBeCloseTo(2 / 3, 12);
  });

  it('solves a chain with a cycle exactly', () => {
    // A > B > A: 1 conversion; A: 1 null. start -> A (2); A -> B 1, A -> conv 1, A -> null 1
    // (1/3 each); B -> A 1. p(A) = 1/3 + 1/3 p(A) -> p(A) = 1/2 = P(conv).
    // Without B: p(A) = 1/3, RE(B) = 1 - (1/3)/(1/2) = 1/3. Without A: RE(A) = 1.
    // Credits of 1 conversion: A = 1 / (4/3) = 3/4, B = 1/4.
    const cyclic = barePaths([
      { path: ['A', 'B', 'A'], conversions: 1, value: 0, nulls: 0 },
      { path: ['A'], conversions: 0, value: 0, nulls: 1 },
    ]);
    const result = markovModel(cyclic);
    expect(result.removalEffects!['B']).toBeCloseTo(1 / 3, 12);
    expect(credit(result, 'A').conversions).toBeCloseTo(0.75, 12);
    expect(credit(result, 'B').conversions).toBeCloseTo(0.25, 12);
  });

  it('collapses consecutive repeats: A > A > B is A > B', () => {
    const repeated = barePaths([
      { path: ['A', 'A', 'B'], conversions: 1, value: 30, nulls: 0 },
      { path: ['A', 'A'], conversions: 0, value: 0, nulls: 1 },
      { path: ['B', 'B', 'B'], conversions: 1, value: 90, nulls: 0 },
    ]);
    expect(markovModel(repeated).credits).toEqual(markovModel(set).credits);
  });

  it('reads windows of touches at higher orders', () => {
    // A > B > C: 1 conversion; A > C: 1 null.
    // Order 1: start -> A; A -> B 1/2, A -> C 1/2; B -> C; C -> conv 1/2, null 1/2.
    //   P = 1/2; without B: A -> C only, 1/4, RE(B) = 1/2; RE(A) = RE(C) = 1 -> A .4, B .2, C .4.
    // Order 2: states AB, BC, AC; every channel is in every converting state: RE = 1 each.
    const rows = [
      { path: ['A', 'B', 'C'], conversions: 1, value: 0, nulls: 0 },
      { path: ['A', 'C'], conversions: 0, value: 0, nulls: 1 },
    ];
    const first = markovModel(barePaths(rows), { order: 1 });
    expect(credit(first, 'A').conversions).toBeCloseTo(0.4, 12);
    expect(credit(first, 'B').conversions).toBeCloseTo(0.2, 12);
    expect(credit(first, 'C').conversions).toBeCloseTo(0.4, 12);
    const second = markovModel(barePaths(rows), { order: 2 });
    for (const key of ['A', 'B', 'C']) expect(credit(second, key).conversions).toBeCloseTo(1 / 3, 12);
  });

  it('credits nothing when nothing converted, and refuses an order beyond 4', () => {
    const none = markovModel(barePaths([{ path: ['A'], conversions: 0, value: 0, nulls: 4 }]));
    expect(none.credits).toEqual([{ key: 'A', conversions: 0, value: 0, share: 0 }]);
    expect(() => markovModel(set, { order: 5 })).toThrow(/order/);
  });
});
