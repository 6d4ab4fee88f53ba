import { describe, expect, it } from 'vitest';
import { heuristicModel, stageWeightsProblem } from './heuristics.js';
import { barePaths, type HeuristicModel, type Journey, journeysToPaths, type ModelResult } from './model.js';

/** Credits as { key: [conversions, value] }, rounded for comparison. */
function byKey(result: ModelResult): Record<string, [number, number]> {
  return Object.fromEntries(
    result.credits
      .filter((c) => c.conversions !== 0 || c.value !== 0)
      .map((c) => [c.key, [c.conversions, c.value]]),
  );
}

function expectCredits(result: ModelResult, expected: Record<string, [number, number]>) {
  const actual = byKey(result);
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, [conversions, value]] of Object.entries(expected)) {
    expect(actual[key]![0], `${result.model} ${key} conversions`).toBeCloseTo(conversions, 12);
    expect(actual[key]![1], `${result.model} ${key} value`).toBeCloseTo(value, 12);
  }
}

// P1 A > B > A: 1 conversion worth 30; P2 C: 1 worth 10; P3 B > direct: 2 worth 100;
// P4 A > B: 3 nulls (nothing to credit).
const SET = barePaths([
  { path: ['A', 'B', 'A'], conversions: 1, value: 30, nulls: 0 },
  { path: ['C'], conversions: 1, value: 10, nulls: 0 },
  { path: ['B', 'direct'], conversions: 2, value: 100, nulls: 0 },
  { path: ['A', 'B'], conversions: 0, value: 0, nulls: 3 },
]);
const run = (model: HeuristicModel, halfLifeDays?: number) => heuristicModel(model, SET, { halfLifeDays });

describe('heuristic models on bare paths (hand-computed)', () => {
  it('first touch: A gets P1, C gets P2, B gets P3', () => {
    expectCredits(run('first_touch'), { A: [1, 30], C: [1, 10], B: [2, 100] });
  });

  it('last touch: A gets P1, C gets P2, direct gets P3', () => {
    expectCredits(run('last_touch'), { A: [1, 30], C: [1, 10], direct: [2, 100] });
  });

  it('last non-direct touch: P3 goes past direct to B', () => {
    expectCredits(run('last_non_direct'), { A: [1, 30], C: [1, 10], B: [2, 100] });
  });

  it('linear credits every touch: A touched twice in a path of three gets two thirds', () => {
    // P1: A 2/3 (20), B 1/3 (10); P2: C 1 (10); P3: B 1 (50), direct 1 (50).
    expectCredits(run('linear'), { A: [2 / 3, 20], B: [4 / 3, 60], C: [1, 10], direct: [1, 50] });
  });

  it('time decay: on a bare path a touch ages one step per later touch', () => {
    // Half-life 1 touch. P1 ages 2,1,0 -> 1/4, 1/2, 1 (sum 7/4): A (1/4 + 1) / (7/4) = 5/7, B 2/7.
    // P3 ages 1,0 -> 1/2, 1 (sum 3/2): B 1/3, direct 2/3, times 2 conversions.
    expectCredits(run('time_decay', 1), {
      A: [5 / 7, (5 / 7) * 30],
      B: [2 / 7 + 2 / 3, (2 / 7) * 30 + 100 / 3],
      C: [1, 10],
      direct: [4 / 3, 200 / 3],
    });
  });

  it('U-shaped falls back to first and last touch: 40/40 at the ends, 20 between', () => {
    // P1: A first .4 + A last .4, B between .2. P3: B .4, direct .4, nothing between:
    // the anchors take the 20 in proportion, .5 each.
    expectCredits(run('u_shaped'), { A: [0.8, 24], B: [1.2, 56], C: [1, 10], direct: [1, 50] });
  });

  it('W-shaped on a bare path: lead and opportunity creation fall on the last touch', () => {
    // P1: A .3 first + .3 + .3 last = .9, B .1. P3: B .3, direct .6 -> /.9 -> 1/3, 2/3 (x2).
    expectCredits(run('w_shaped'), {
      A: [0.9, 27],
      B: [0.1 + 2 / 3, 3 + 100 / 3],
      C: [1, 10],
      direct: [4 / 3, 200 / 3],
    });
  });

  it('full path on a bare path: 22.5 first, 3 x 22.5 last, 10 between', () => {
    // P1: A .225 + .675 = .9, B .1 (value 3). P3: B .225/.9 = .25, direct .75, times 2
    // conversions worth 100: B .5 (25), direct 1.5 (75).
    expectCredits(run('full_path'), { A: [0.9, 27], B: [0.6, 28], C: [1, 10], direct: [1.5, 75] });
  });
});

describe('stage-weighted models on journeys with stage markers (hand-computed)', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day));
  const journey: Journey = {
    touches: [
      { channel: 'A', campaign: null, at: at(1) },
      { channel: 'B', campaign: null, at: at(2), stages: ['lead_creation'] },
      { channel: 'C', campaign: null, at: at(3) },
      { channel: 'D', campaign: null, at: at(4), stages: ['opportunity_creation'] },
      { channel: 'E', campaign: null, at: at(5) },
    ],
    conversions: 1,
    value: 1000,
    nulls: 0,
    endedAt: at(5),
  };
  const set = journeysToPaths([journey], { by: 'channel' });

  it('U-shaped: 40 first touch, 40 lead creation, 20 over C, D, E', () => {
    const third = 0.2 / 3;
    expectCredits(heuristicModel('u_shaped', set), {
      A: [0.4, 400],
      B: [0.4, 400],
      C: [third, third * 1000],
      D: [third, third * 1000],
      E: [third, third * 1000],
    });
  });

  it('W-shaped: 30 first touch, lead and opportunity creation; 5 each to C and E', () => {
    expectCredits(heuristicModel('w_shaped', set), {
      A: [0.3, 300],
      B: [0.3, 300],
      C: [0.05, 50],
      D: [0.3, 300],
      E: [0.05, 50],
    });
  });

  it('full path: closed-won has no marker, so its 22.5 falls on the last touch E', () => {
    expectCredits(heuristicModel('full_path', set), {
      A: [0.225, 225],
      B: [0.225, 225],
      C: [0.1, 100],
      D: [0.225, 225],
      E: [0.225, 225],
    });
  });

  it('custom weights: half to first touch and half to opportunity creation', () => {
    const stageWeights = {
      firstTouch: 0.5,
      leadCreation: 0,
      opportunityCreation: 0.5,
      closedWon: 0,
      rest: 0,
    };
    expect(stageWeightsProblem(stageWeights)).toBeUndefined();
    expectCredits(heuristicModel('custom', set, { stageWeights }), { A: [0.5, 500], D: [0.5, 500] });
  });

  it('time decay uses days before the conversion: half-life 2 days', () => {
    // Ages 4,3,2,1,0 days -> 2^-2, 2^-1.5, 2^-1, 2^-0.5, 1.
    const w = [4, 3, 2, 1, 0].map((age) => 2 ** (-age / 2));
    const sum = w.reduce((a, b) => a + b, 0);
    const result = heuristicModel('time_decay', set, { halfLifeDays: 2 });
    expectCredits(
      result,
      Object.fromEntries('ABCDE'.split('').map((k, i) => [k, [w[i]! / sum, (1000 * w[i]!) / sum]])),
    );
  });

  it('the lookback window drops older touches, and grouping by campaign keys by campaign', () => {
    const tagged: Journey = {
      ...journey,
      touches: journey.touches.map((t, i) => ({ ...t, campaign: i % 2 === 0 ? 'spring' : null })),
    };
    const recent = journeysToPaths([tagged], { by: 'campaign', lookbackDays: 2 });
    // Days 3, 4, 5 remain: C (spring), D (none), E (spring).
    expect(recent.names).toEqual(['spring', '(no campaign)']);
    expectCredits(heuristicModel('linear', recent), {
      spring: [2 / 3, 2000 / 3],
      '(no campaign)': [1 / 3, 1000 / 3],
    });
  });

  it('refuses weights that do not add up to 1', () => {
    expect(
      stageWeightsProblem({
        firstTouch: 0.5,
        leadCreation: 0.5,
        opportunityCreation: 0.5,
        closedWon: 0,
        rest: 0,
      }),
    ).toMatch(/add up to 1/);
  });
});
