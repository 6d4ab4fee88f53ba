import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute } from './attribute.js';
import { heuristicModel } from './heuristics.js';
import { barePaths, HEURISTIC_MODELS, MODELS, totals } from './model.js';
import { shapleyModel } from './shapley.js';

const CHANNELS = ['A', 'B', 'C', 'D', 'direct', 'F'];

/** Random path sets: value only on converting paths, as journeys carry it. */
const pathRows = fc.array(
  fc
    .record({
      path: fc.array(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 6 }),
      conversions: fc.integer({ min: 0, max: 3 }),
      value: fc.integer({ min: 0, max: 5_000 }),
      nulls: fc.integer({ min: 0, max: 3 }),
    })
    .map((row) => ({ ...row, value: row.conversions > 0 ? row.value : 0 })),
  { minLength: 1, maxLength: 25 },
);

describe('attribution invariants (DESIGN.md, Quality)', () => {
  it('the credits of every model sum to the conversions and value they distribute', () => {
    fc.assert(
      fc.property(pathRows, fc.integer({ min: 1, max: 4 }), (rows, order) => {
        const set = barePaths(rows);
        const total = totals(set);
        const results = attribute(set, 'all', { order, halfLifeDays: 3 });
        expect(results.map((r) => r.model)).toEqual([...MODELS]);
        for (const result of results) {
          const conversions = result.credits.reduce((s, c) => s + c.conversions, 0);
          const value = result.credits.reduce((s, c) => s + c.value, 0);
          expect(conversions, result.model).toBeCloseTo(total.conversions, 6);
          expect(value, result.model).toBeCloseTo(total.value, 6);
          for (const c of result.credits) expect(c.conversions, result.model).toBeGreaterThanOrEqual(-1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('exact Shapley over subset coalitions splits each path equally among its distinct channels', () => {
    fc.assert(
      fc.property(pathRows, (rows) => {
        const set = barePaths(rows);
        const expected = new Map<string, number>();
        for (const row of rows) {
          const distinct = [...new Set(row.path)];
          for (const c of distinct)
            expected.set(c, (expected.get(c) ?? 0) + row.conversions / distinct.length);
        }
        for (const c of shapleyModel(set).credits)
          expect(c.conversions, c.key).toBeCloseTo(expected.get(c.key) ?? 0, 9);
      }),
      { numRuns: 100 },
    );
  });

  it('a heuristic split reused by path length gives what splitting every path gives', () => {
    // Bare paths reuse one split a length; an (empty) stage record makes each path split anew.
    fc.assert(
      fc.property(pathRows, (rows) => {
        const set = barePaths(rows);
        const each = { ...set, paths: set.paths.map((p) => ({ ...p, stages: {} })) };
        for (const model of HEURISTIC_MODELS)
          expect(heuristicModel(model, set, { halfLifeDays: 2 }), model).toEqual(
            heuristicModel(model, each, { halfLifeDays: 2 }),
          );
      }),
      { numRuns: 100 },
    );
  });
});
