/**
 * Attribution over journeys (issue #6, "Models"): the shapes every model reads and returns,
 * and the two rules that apply before any model runs: the lookback window and the grouping
 * of touches by channel or by campaign. Pure: values in, values out.
 */

/** The funnel moments a touch can mark; the stage-weighted models anchor credit on them. */
export const STAGE_MARKERS = ['first_touch', 'lead_creation', 'opportunity_creation', 'closed_won'] as const;
export type StageMarker = (typeof STAGE_MARKERS)[number];

/** One touchpoint of a journey. */
export interface Touch {
  channel: string;
  campaign: string | null;
  at: Date;
  /** Set on the touch that was the last one before the person reached that stage. */
  stages?: readonly StageMarker[];
}

/** The ordered touches of a person (or of every contact of an account) and how it ended. */
export interface Journey {
  touches: readonly Touch[];
  /** 0 or more conversions, their value (major units) and the journeys that did not convert. */
  conversions: number;
  value: number;
  nulls: number;
  /** When the journey converted (or, for a null path, when it was observed to end). */
  endedAt: Date;
}

/** Where the stage markers fall in a path (indexes of its touches). */
export interface StageIndexes {
  lead?: number;
  opportunity?: number;
  won?: number;
}

/**
 * A path as the models read it: channel (or campaign) ids in touch order, with the counts of
 * every journey that followed it. Paths read from a file have no ages and no stage markers.
 */
export interface AggregatedPath {
  steps: readonly number[];
  conversions: number;
  value: number;
  nulls: number;
  /** Days from each touch to the end of its journey (for time decay); absent on bare paths. */
  ageDays?: readonly number[];
  stages?: StageIndexes;
}

/** The paths of one run, with the names behind the ids in `steps`. */
export interface PathSet {
  names: readonly string[];
  paths: readonly AggregatedPath[];
}

export type Grouping = 'channel' | 'campaign';

/** Touches without a campaign still count, under this key, when grouping by campaign. */
export const NO_CAMPAIGN = '(no campaign)';
export const NO_CHANNEL = '(none)';

export interface PathOptions {
  by: Grouping;
  /** Touches more than this many days before the end of their journey are dropped. */
  lookbackDays?: number | undefined;
}

const DAY_MS = 86_400_000;

/** Interns names to small integer ids, in order of first appearance. */
export class Names {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(name, id);
      this.list.push(name);
    }
    return id;
  }
}

/**
 * Journeys to paths: the lookback window drops touches older than `lookbackDays` before the
 * journey's end, grouping keys each touch by channel or campaign, and a journey left without
 * touches is dropped (nothing can be credited with it). Stage markers follow their touch;
 * a marker on a dropped touch is lost, so its anchor falls back like a bare path's.
 */
export function journeysToPaths(journeys: readonly Journey[], options: PathOptions): PathSet {
  const names = new Names();
  const paths: AggregatedPath[] = [];
  for (const journey of journeys) {
    const end = journey.endedAt.getTime();
    const kept = journey.touches.filter(
      (t) => options.lookbackDays === undefined || end - t.at.getTime() <= options.lookbackDays * DAY_MS,
    );
    if (kept.length === 0) continue;
    const stages: StageIndexes = {};
    kept.forEach((touch, index) => {
      for (const marker of touch.stages ?? []) {
        if (marker === 'lead_creation') stages.lead = index;
        else if (marker === 'opportunity_creation') stages.opportunity = index;
        else if (marker === 'closed_won') stages.won = index;
      }
    });
    paths.push({
      steps: kept.map((t) =>
        names.id(options.by === 'campaign' ? (t.campaign ?? NO_CAMPAIGN) : t.channel || NO_CHANNEL),
      ),
      conversions: journey.conversions,
      value: journey.value,
      nulls: journey.nulls,
      ageDays: kept.map((t) => Math.max(0, (end - t.at.getTime()) / DAY_MS)),
      stages,
    });
  }
  return { names: names.list, paths };
}

/** Bare paths of names (as in the file layout) to a path set; identical paths are merged. */
export function barePaths(
  rows: readonly { path: readonly string[]; conversions: number; value: number; nulls: number }[],
): PathSet {
  const names = new Names();
  const merged = new Map<string, AggregatedPath & { steps: number[] }>();
  for (const row of rows) {
    if (row.path.length === 0) continue;
    const steps = row.path.map((name) => names.id(name));
    const key = steps.join(',');
    const existing = merged.get(key);
    if (existing) {
      existing.conversions += row.conversions;
      existing.value += row.value;
      existing.nulls += row.nulls;
    } else merged.set(key, { steps, conversions: row.conversions, value: row.value, nulls: row.nulls });
  }
  return { names: names.list, paths: [...merged.values()] };
}

/** What every model distributes: the conversions and value of the converting paths. */
export function totals(set: PathSet): { conversions: number; value: number; nulls: number } {
  let conversions = 0;
  let value = 0;
  let nulls = 0;
  for (const p of set.paths) {
    conversions += p.conversions;
    value += p.value;
    nulls += p.nulls;
  }
  return { conversions, value, nulls };
}

export const HEURISTIC_MODELS = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'time_decay',
  'u_shaped',
  'w_shaped',
  'full_path',
  'custom',
] as const;
export const MODELS = [...HEURISTIC_MODELS, 'markov', 'shapley'] as const;
export type ModelName = (typeof MODELS)[number];
export type HeuristicModel = (typeof HEURISTIC_MODELS)[number];

export function isModel(value: string): value is ModelName {
  return (MODELS as readonly string[]).includes(value);
}

/** The credit of one channel (or campaign) under one model. */
export interface Credit {
  key: string;
  conversions: number;
  value: number;
  /** Share of the conversions credited (0..1). */
  share: number;
  /** Monte Carlo Shapley only: the standard error of `conversions`. */
  standardError?: number;
}

export interface ModelResult {
  model: ModelName;
  credits: Credit[];
  conversions: number;
  value: number;
  /** Markov: RE(x) per key; Shapley: how it was computed. */
  removalEffects?: Record<string, number>;
  method?: 'exact' | 'sampled';
  samples?: number;
}

/** Credit arrays indexed by id to the sorted credits of a result (largest first). */
export function toCredits(
  names: readonly string[],
  conversions: ArrayLike<number>,
  value: ArrayLike<number>,
  standardErrors?: ArrayLike<number>,
): Credit[] {
  let total = 0;
  for (let i = 0; i < names.length; i++) total += conversions[i] ?? 0;
  const credits: Credit[] = names.map((key, i) => {
    const credit: Credit = {
      key,
      conversions: conversions[i] ?? 0,
      value: value[i] ?? 0,
      share: total > 0 ? (conversions[i] ?? 0) / total : 0,
    };
    if (standardErrors) credit.standardError = standardErrors[i] ?? 0;
    return credit;
  });
  return credits.sort((a, b) => b.conversions - a.conversions || a.key.localeCompare(b.key));
}
