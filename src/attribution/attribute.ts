import { type HeuristicOptions, heuristicModels } from './heuristics.js';
import { type MarkovOptions, markovModel } from './markov.js';
import {
  type HeuristicModel,
  HEURISTIC_MODELS,
  type ModelName,
  MODELS,
  type ModelResult,
  type PathSet,
} from './model.js';
import { type ShapleyOptions, shapleyModel } from './shapley.js';

export type ModelChoice = ModelName | 'all' | 'heuristics';
export const MODEL_CHOICES: readonly ModelChoice[] = [...MODELS, 'heuristics', 'all'];

export interface AttributionOptions extends HeuristicOptions, MarkovOptions, ShapleyOptions {}

export function isModelChoice(value: string): value is ModelChoice {
  return (MODEL_CHOICES as readonly string[]).includes(value);
}

/** Runs one model, every heuristic model (`heuristics`), or every model (`all`), in MODELS order. */
export function attribute(
  set: PathSet,
  choice: ModelChoice,
  options: AttributionOptions = {},
): ModelResult[] {
  const models: readonly ModelName[] =
    choice === 'all' ? MODELS : choice === 'heuristics' ? HEURISTIC_MODELS : [choice];
  // The heuristic models in one pass over the paths; they come first in MODELS.
  const heuristic = models.filter((model): model is HeuristicModel =>
    (HEURISTIC_MODELS as readonly string[]).includes(model),
  );
  const results = heuristic.length > 0 ? heuristicModels(heuristic, set, options) : [];
  for (const model of models) {
    if (model === 'markov') results.push(markovModel(set, options));
    else if (model === 'shapley') results.push(shapleyModel(set, options));
  }
  return results;
}
