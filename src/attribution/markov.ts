import { type ModelResult, type PathSet, toCredits, totals } from './model.js';

/**
 * The data-driven Markov chain model, following the ChannelAttribution package's
 * `markov_model` so that results compare:
 * - a state is a window of `order` consecutive touches (a path shorter than the order is one
 *   state); consecutive identical states collapse, so at order 1 `A > A > B` is `A > B`;
 * - every path starts in (start) and ends in (conversion) and/or (null); a path's transitions
 *   count once per journey that followed it (its conversions plus its nulls), the last state's
 *   transition to (conversion) counts its conversions and to (null) its nulls;
 * - the removal effect of a channel is RE(x) = 1 - P(conversion with x removed) / P(conversion),
 *   removing x sending the transitions into every state that contains x to (null);
 * - credits are RE(x) / sum(RE) of the conversions, and likewise for value.
 * Value: the package simulates and gives each simulated conversion a value drawn from the
 * values per conversion observed on the state it converted from; it does not weight the
 * transition matrix by value. The exact counterpart used here is the expected value of a
 * journey, E[V] = sum over states s of P(convert from s) x (mean value per conversion at s),
 * and RE_value(x) = 1 - E[V with x removed] / E[V].
 * Unlike the package, nothing is simulated: the absorption probabilities solve the chain's
 * linear system exactly (Gauss-Seidel to 1e-13).
 */

export const MAX_ORDER = 4;
const TOLERANCE = 1e-13;
const MAX_SWEEPS = 1_000_000;

export interface MarkovOptions {
  order?: number | undefined;
}

/** The chain built from a path set: state 0 is (start); (conversion) and (null) are implicit. */
export interface MarkovChain {
  /** Per transient state: the channel ids its window holds. */
  stateChannels: number[][];
  /** CSR adjacency: edges of state s are [rowStart[s], rowStart[s + 1]). */
  rowStart: Int32Array;
  edgeTo: Int32Array;
  edgeProbability: Float64Array;
  toConversion: Float64Array;
  /** Mean value per conversion of the journeys that converted from each state. */
  valuePerConversion: Float64Array;
}

export function buildChain(set: PathSet, order = 1): MarkovChain {
  const stateIds = new Map<string, number>();
  // Order 1: the state of each channel id, by index (-1 until seen); no map lookup a touch.
  const byChannel = new Int32Array(order === 1 ? set.names.length : 0).fill(-1);
  const stateChannels: number[][] = [[]];
  // Per state, its outgoing transition counts by target state, in the order first seen.
  const counts: Map<number, number>[] = [new Map()];
  const outConversions: number[] = [0];
  const outNulls: number[] = [0];
  const outValue: number[] = [0];
  const newState = (channels: number[]): number => {
    const id = stateChannels.length;
    stateChannels.push(channels);
    counts.push(new Map());
    outConversions.push(0);
    outNulls.push(0);
    outValue.push(0);
    return id;
  };
  const stateOf = (steps: readonly number[], from: number, to: number): number => {
    if (to - from === 1 && order === 1) {
      const channel = steps[from]!;
      let id = byChannel[channel]!;
      if (id < 0) {
        id = newState([channel]);
        byChannel[channel] = id;
      }
      return id;
    }
    // Higher orders key a state by its window's ids.
    const key = steps.slice(from, to).join(',');
    let id = stateIds.get(key);
    if (id === undefined) {
      id = newState([...new Set(steps.slice(from, to))]);
      stateIds.set(key, id);
    }
    return id;
  };
  const add = (from: number, to: number, weight: number) => {
    const row = counts[from]!;
    row.set(to, (row.get(to) ?? 0) + weight);
  };
  for (const path of set.paths) {
    const journeys = path.conversions + path.nulls;
    if (journeys === 0) continue;
    const steps = path.steps;
    const windows = Math.max(1, steps.length - order + 1);
    let previous = 0;
    for (let i = 0; i < windows; i++) {
      const state = stateOf(steps, i, Math.min(steps.length, i + order));
      if (state === previous) continue;
      add(previous, state, journeys);
      previous = state;
    }
    outConversions[previous]! += path.conversions;
    outNulls[previous]! += path.nulls;
    outValue[previous]! += path.value;
  }
  const n = stateChannels.length;
  const rowStart = new Int32Array(n + 1);
  for (let s = 0; s < n; s++) rowStart[s + 1] = rowStart[s]! + counts[s]!.size;
  const edgeTo = new Int32Array(rowStart[n]!);
  const edgeProbability = new Float64Array(rowStart[n]!);
  const toConversion = new Float64Array(n);
  const valuePerConversion = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const row = counts[s]!;
    let out = outConversions[s]! + outNulls[s]!;
    for (const weight of row.values()) out += weight;
    if (out === 0) continue;
    let e = rowStart[s]!;
    for (const [to, weight] of row) {
      edgeTo[e] = to;
      edgeProbability[e] = weight / out;
      e++;
    }
    toConversion[s] = outConversions[s]! / out;
    valuePerConversion[s] = outConversions[s]! > 0 ? outValue[s]! / outConversions[s]! : 0;
  }
  return { stateChannels, rowStart, edgeTo, edgeProbability, toConversion, valuePerConversion };
}

/**
 * P(conversion) and E[value] from (start), with the states in `removed` sent to (null).
 * Gauss-Seidel sweeps from the newest state back to (start): paths mostly move to states
 * seen later, so a backward sweep converges in few passes.
 */
export function solveChain(chain: MarkovChain, removed?: Uint8Array): { conversion: number; value: number } {
  const n = chain.stateChannels.length;
  const p = new Float64Array(n);
  const v = new Float64Array(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let change = 0;
    for (let s = n - 1; s >= 0; s--) {
      if (removed?.[s]) continue;
      let ps = chain.toConversion[s]!;
      let vs = ps * chain.valuePerConversion[s]!;
      for (let e = chain.rowStart[s]!; e < chain.rowStart[s + 1]!; e++) {
        const to = chain.edgeTo[e]!;
        ps += chain.edgeProbability[e]! * p[to]!;
        vs += chain.edgeProbability[e]! * v[to]!;
      }
      const scale = Math.max(1, Math.abs(vs));
      change = Math.max(change, Math.abs(ps - p[s]!), Math.abs(vs - v[s]!) / scale);
      p[s] = ps;
      v[s] = vs;
    }
    if (change < TOLERANCE) return { conversion: p[0]!, value: v[0]! };
  }
  throw new Error(`the Markov chain did not converge in ${MAX_SWEEPS} sweeps`);
}

/** Removal effects and credits of every channel. */
export function markovModel(set: PathSet, options: MarkovOptions = {}): ModelResult {
  const order = options.order ?? 1;
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER)
    throw new RangeError(`order must be a whole number from 1 to ${MAX_ORDER}`);
  const total = totals(set);
  const k = set.names.length;
  const conversions = new Float64Array(k);
  const value = new Float64Array(k);
  const removalEffects: Record<string, number> = {};
  const chain = buildChain(set, order);
  const base = solveChain(chain);
  const re = new Float64Array(k);
  const reValue = new Float64Array(k);
  if (base.conversion > 0) {
    const removed = new Uint8Array(chain.stateChannels.length);
    for (let c = 0; c < k; c++) {
      chain.stateChannels.forEach((channels, s) => {
        removed[s] = channels.includes(c) ? 1 : 0;
      });
      const without = solveChain(chain, removed);
      re[c] = Math.max(0, 1 - without.conversion / base.conversion);
      reValue[c] = base.value > 0 ? Math.max(0, 1 - without.value / base.value) : 0;
    }
    const sum = re.reduce((a, b) => a + b, 0);
    const sumValue = reValue.reduce((a, b) => a + b, 0);
    for (let c = 0; c < k; c++) {
      conversions[c] = sum > 0 ? (re[c]! / sum) * total.conversions : 0;
      value[c] = sumValue > 0 ? (reValue[c]! / sumValue) * total.value : 0;
    }
  }
  set.names.forEach((name, c) => {
    removalEffects[name] = re[c]!;
  });
  return {
    model: 'markov',
    credits: toCredits(set.names, conversions, value),
    conversions: total.conversions,
    value: total.value,
    removalEffects,
  };
}
