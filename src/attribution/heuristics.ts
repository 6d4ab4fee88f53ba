import {
  type AggregatedPath,
  type HeuristicModel,
  type ModelResult,
  type PathSet,
  toCredits,
  totals,
} from './model.js';

/**
 * The rule-based models. Like the ChannelAttribution package's `heuristic_models`, they
 * credit every touch, not every distinct channel: a channel touched twice in a path of three
 * gets two thirds under linear. Each model is a split of one conversion over the touches of
 * its path (weights summing to 1), applied to the path's conversions and value alike, so
 * the credits of every model sum to the conversions and value of the converting paths.
 */

/** Shares of a conversion at the funnel's moments; `rest` is shared by the other touches. */
export interface StageWeights {
  firstTouch: number;
  leadCreation: number;
  opportunityCreation: number;
  closedWon: number;
  rest: number;
}

/** Position-based: 40% first touch, 40% lead creation, 20% shared by the touches between. */
export const U_SHAPED: StageWeights = {
  firstTouch: 0.4,
  leadCreation: 0.4,
  opportunityCreation: 0,
  closedWon: 0,
  rest: 0.2,
};
/** 30/30/30 at first touch, lead creation and opportunity creation; 10 shared by the rest. */
export const W_SHAPED: StageWeights = {
  firstTouch: 0.3,
  leadCreation: 0.3,
  opportunityCreation: 0.3,
  closedWon: 0,
  rest: 0.1,
};
/** 22.5% each to first touch, lead creation, opportunity creation and closed-won; 10 shared. */
export const FULL_PATH: StageWeights = {
  firstTouch: 0.225,
  leadCreation: 0.225,
  opportunityCreation: 0.225,
  closedWon: 0.225,
  rest: 0.1,
};

export interface HeuristicOptions {
  /** Time decay: a touch this many days older than another counts half as much (default 7). */
  halfLifeDays?: number | undefined;
  /** The `custom` model's weights (default: U-shaped). */
  stageWeights?: StageWeights | undefined;
}

/** Why weights are refused, or undefined when they can be used. */
export function stageWeightsProblem(w: StageWeights): string | undefined {
  const parts = [w.firstTouch, w.leadCreation, w.opportunityCreation, w.closedWon, w.rest];
  if (parts.some((p) => !Number.isFinite(p) || p < 0)) return 'every weight must be a number of at least 0';
  const sum = parts.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) return `the weights must add up to 1 (100%), they add up to ${sum}`;
  return undefined;
}

/** `direct` (any case, with or without parentheses) is the channel last non-direct skips. */
export function isDirect(name: string): boolean {
  return name.replace(/[()]/g, '').trim().toLowerCase() === 'direct';
}

/**
 * Splits one conversion over the touches of a path by stage weights. The first touch is
 * touch 0; a stage marker the path lacks falls back to the last touch (so on a bare path the
 * stage touches are the first and the last). Anchors that fall on the same touch add up; the
 * touches that are no anchor share `rest`, and when there is none the anchors take it in
 * proportion to their weights. Allocates nothing: it runs once a path and model.
 */
export function stageSplit(path: AggregatedPath, w: StageWeights, into: Float64Array): void {
  const n = path.steps.length;
  const last = n - 1;
  into.fill(0, 0, n);
  // An anchor with no weight is no anchor (-1).
  const first = w.firstTouch > 0 ? 0 : -1;
  const lead = w.leadCreation > 0 ? (path.stages?.lead ?? last) : -1;
  const opportunity = w.opportunityCreation > 0 ? (path.stages?.opportunity ?? last) : -1;
  const won = w.closedWon > 0 ? (path.stages?.won ?? last) : -1;
  let anchored = 0;
  if (first >= 0) {
    into[first]! += w.firstTouch;
    anchored += w.firstTouch;
  }
  if (lead >= 0) {
    into[lead]! += w.leadCreation;
    anchored += w.leadCreation;
  }
  if (opportunity >= 0) {
    into[opportunity]! += w.opportunityCreation;
    anchored += w.opportunityCreation;
  }
  if (won >= 0) {
    into[won]! += w.closedWon;
    anchored += w.closedWon;
  }
  const isAnchor = (i: number) => i === first || i === lead || i === opportunity || i === won;
  let others = 0;
  for (let i = 0; i < n; i++) others += isAnchor(i) ? 0 : 1;
  if (others > 0 && w.rest > 0) {
    for (let i = 0; i < n; i++) if (!isAnchor(i)) into[i] = w.rest / others;
  } else if (anchored > 0) {
    for (let i = 0; i < n; i++) into[i]! /= anchored;
  } else {
    into.fill(1 / n, 0, n);
  }
}

function split(
  model: HeuristicModel,
  path: AggregatedPath,
  direct: Uint8Array,
  options: HeuristicOptions,
  into: Float64Array,
): void {
  const n = path.steps.length;
  into.fill(0, 0, n);
  switch (model) {
    case 'first_touch':
      into[0] = 1;
      return;
    case 'last_touch':
      into[n - 1] = 1;
      return;
    case 'last_non_direct': {
      let i = n - 1;
      while (i > 0 && direct[path.steps[i]!]) i--;
      // All direct: the last touch keeps it, as last touch would.
      into[direct[path.steps[i]!] ? n - 1 : i] = 1;
      return;
    }
    case 'linear':
      into.fill(1 / n, 0, n);
      return;
    case 'time_decay': {
      // Bare paths have no times: a touch's age is then how many touches came after it.
      const halfLife = options.halfLifeDays ?? 7;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const age = path.ageDays ? path.ageDays[i]! : n - 1 - i;
        into[i] = 2 ** (-age / halfLife);
        sum += into[i]!;
      }
      for (let i = 0; i < n; i++) into[i]! /= sum;
      return;
    }
    case 'u_shaped':
      stageSplit(path, U_SHAPED, into);
      return;
    case 'w_shaped':
      stageSplit(path, W_SHAPED, into);
      return;
    case 'full_path':
      stageSplit(path, FULL_PATH, into);
      return;
    case 'custom':
      stageSplit(path, options.stageWeights ?? U_SHAPED, into);
      return;
  }
}

/**
 * Heuristic models over a path set, in one pass over the paths (each model's sums are added
 * in path order, as one model alone adds them). On a bare path (no times, no stage markers)
 * every model but last non-direct splits by the path's length alone: those splits are
 * computed once a length and model and reused (the same numbers, computed the same way).
 */
export function heuristicModels(
  models: readonly HeuristicModel[],
  set: PathSet,
  options: HeuristicOptions = {},
): ModelResult[] {
  const k = set.names.length;
  const conversions = models.map(() => new Float64Array(k));
  const value = models.map(() => new Float64Array(k));
  const direct = Uint8Array.from(set.names, (name) => (isDirect(name) ? 1 : 0));
  let longest = 1;
  for (const p of set.paths) longest = Math.max(longest, p.steps.length);
  const weights = new Float64Array(longest);
  const byLength: (Float64Array | undefined)[][] = models.map(() => []);
  for (const path of set.paths) {
    if (path.conversions === 0 && path.value === 0) continue;
    const n = path.steps.length;
    const bare = path.ageDays === undefined && path.stages === undefined;
    for (let m = 0; m < models.length; m++) {
      const model = models[m]!;
      let shares: Float64Array = weights;
      if (bare && model !== 'last_non_direct') {
        let known = byLength[m]![n];
        if (!known) {
          known = new Float64Array(n);
          split(model, path, direct, options, known);
          byLength[m]![n] = known;
        }
        shares = known;
      } else split(model, path, direct, options, weights);
      const c = conversions[m]!;
      const v = value[m]!;
      for (let i = 0; i < n; i++) {
        const id = path.steps[i]!;
        c[id]! += shares[i]! * path.conversions;
        v[id]! += shares[i]! * path.value;
      }
    }
  }
  const total = totals(set);
  return models.map((model, m) => ({
    model,
    credits: toCredits(set.names, conversions[m]!, value[m]!),
    conversions: total.conversions,
    value: total.value,
  }));
}

/** One heuristic model over a path set. */
export function heuristicModel(
  model: HeuristicModel,
  set: PathSet,
  options: HeuristicOptions = {},
): ModelResult {
  return heuristicModels([model], set, options)[0]!;
}
