import { type ModelResult, type PathSet, toCredits, totals } from './model.js';

/**
 * Shapley value over channel sets. The coalition value is the one of Zhao et al., "Shapley
 * Value Methods for Attribution Modeling in Online Advertising" (2018): v(S) = the
 * conversions (and value) of the journeys whose set of channels is a subset of S. Order and
 * repetition within a path do not matter, nulls do not enter. Because v is a sum of one
 * unanimity game per path, the Shapley value gives each path's conversions to its distinct
 * channels in equal parts; the exact computation below does not rely on that (it walks all
 * 2^n coalitions), and the tests check the two agree.
 *
 * Up to EXACT_LIMIT channels the value is exact. Beyond, it is estimated from random
 * orderings of the channels: in an ordering, a path's conversions are the marginal
 * contribution of whichever of its channels comes last, so each sample costs one pass over
 * the distinct channel sets. The standard error of each credit is stated with the result.
 */

export const EXACT_LIMIT = 15;

export interface ShapleyOptions {
  /** Orderings sampled beyond EXACT_LIMIT channels (default 2,000). */
  samples?: number | undefined;
  /** Seed of the sampler, so that a run can be repeated. */
  seed?: number | undefined;
}

/** Distinct channel sets with their conversions and value. */
function channelSets(set: PathSet): { members: number[]; conversions: number; value: number }[] {
  const bySet = new Map<string, { members: number[]; conversions: number; value: number }>();
  for (const path of set.paths) {
    if (path.conversions === 0 && path.value === 0) continue;
    const members = [...new Set(path.steps)].sort((a, b) => a - b);
    const key = members.join(',');
    const entry = bySet.get(key);
    if (entry) {
      entry.conversions += path.conversions;
      entry.value += path.value;
    } else bySet.set(key, { members, conversions: path.conversions, value: path.value });
  }
  return [...bySet.values()];
}

function exact(
  n: number,
  sets: ReturnType<typeof channelSets>,
): { conversions: Float64Array; value: Float64Array } {
  const size = 1 << n;
  const vc = new Float64Array(size);
  const vv = new Float64Array(size);
  for (const s of sets) {
    let mask = 0;
    for (const m of s.members) mask |= 1 << m;
    vc[mask]! += s.conversions;
    vv[mask]! += s.value;
  }
  // Zeta transform: v(S) = sum over T subset of S of the mass of T.
  for (let bit = 0; bit < n; bit++) {
    for (let mask = 0; mask < size; mask++) {
      if (mask & (1 << bit)) {
        vc[mask]! += vc[mask ^ (1 << bit)]!;
        vv[mask]! += vv[mask ^ (1 << bit)]!;
      }
    }
  }
  // |S|! (n - |S| - 1)! / n!
  const factorial = [1];
  for (let i = 1; i <= n; i++) factorial.push(factorial[i - 1]! * i);
  const weight = Array.from({ length: n }, (_, s) => (factorial[s]! * factorial[n - s - 1]!) / factorial[n]!);
  const popcount = new Uint8Array(size);
  for (let mask = 1; mask < size; mask++) popcount[mask] = popcount[mask >> 1]! + (mask & 1);
  const conversions = new Float64Array(n);
  const value = new Float64Array(n);
  for (let mask = 0; mask < size; mask++) {
    const w = weight[popcount[mask]!];
    if (w === undefined) continue;
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i)) continue;
      const withI = mask | (1 << i);
      conversions[i]! += w * (vc[withI]! - vc[mask]!);
      value[i]! += w * (vv[withI]! - vv[mask]!);
    }
  }
  return { conversions, value };
}

/** A small, seeded generator (mulberry32): the same seed gives the same estimate. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function sampled(n: number, sets: ReturnType<typeof channelSets>, samples: number, seed: number) {
  const random = seededRandom(seed);
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  const value = new Float64Array(n);
  const rank = new Int32Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  const draw = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    order.forEach((channel, position) => {
      rank[channel] = position;
    });
    draw.fill(0);
    for (const set of sets) {
      let lastChannel = set.members[0]!;
      for (const m of set.members) if (rank[m]! > rank[lastChannel]!) lastChannel = m;
      draw[lastChannel]! += set.conversions;
      value[lastChannel]! += set.value;
    }
    for (let i = 0; i < n; i++) {
      sum[i]! += draw[i]!;
      sumSquares[i]! += draw[i]! * draw[i]!;
    }
  }
  const conversions = sum.map((x) => x / samples);
  const standardErrors = conversions.map((mean, i) => {
    if (samples < 2) return Number.NaN;
    const variance = Math.max(0, (sumSquares[i]! - samples * mean * mean) / (samples - 1));
    return Math.sqrt(variance / samples);
  });
  return { conversions, value: value.map((x) => x / samples), standardErrors };
}

export function shapleyModel(set: PathSet, options: ShapleyOptions = {}): ModelResult {
  const n = set.names.length;
  const sets = channelSets(set);
  const total = totals(set);
  if (n <= EXACT_LIMIT) {
    const { conversions, value } = exact(n, sets);
    return {
      model: 'shapley',
      credits: toCredits(set.names, conversions, value),
      conversions: total.conversions,
      value: total.value,
      method: 'exact',
    };
  }
  const samples = options.samples ?? 2_000;
  const { conversions, value, standardErrors } = sampled(n, sets, samples, options.seed ?? 1);
  return {
    model: 'shapley',
    credits: toCredits(set.names, conversions, value, standardErrors),
    conversions: total.conversions,
    value: total.value,
    method: 'sampled',
    samples,
  };
}
