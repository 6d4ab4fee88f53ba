import { type AttributionOptions, attribute, type ModelChoice } from './attribute.js';
import { type ModelResult, type PathSet, totals } from './model.js';

/** What `servio attribution` and `GET /v1/attribution` return. */
export interface AttributionReport<Source = Record<string, unknown>> {
  /** Where the paths came from: a file, or the store's query. */
  source: Source;
  conversions: number;
  value: number;
  nulls: number;
  /** Distinct paths the models read. */
  paths: number;
  models: ModelResult[];
}

export function attributionReport<Source>(
  set: PathSet,
  source: Source,
  model: ModelChoice,
  options: AttributionOptions,
): AttributionReport<Source> {
  return { source, ...totals(set), paths: set.paths.length, models: attribute(set, model, options) };
}
