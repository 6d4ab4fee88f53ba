import { type HeuristicOptions, heuristicModel } from './heuristics.js';
import { type MarkovOptions, markovModel } from './markov.js';
import { HEURISTIC_MODELS, type ModelName, MODELS, type ModelResult, type PathSet } from './model.js';
import { type ShapleyOptions, shapleyModel } from './shapley.js';

export type ModelChoice = ModelName | 'all' | 'heuristics';
export const MODEL_CHOICES: readonly ModelChoice[] = [...MODELS, 'heuristics', 'all'];

export interface AttributionOptions extends HeuristicOptions, MarkovOptions, ShapleyOptions {}

export function isModelChoice(value: string): value is ModelChoice {
  return (MODEL_CHOICES as readonly string[]).includes(value);
}

/** Runs one model, every heuristic model (`heuristics`), or every model (`all`), in that order. */
export function attribute(
  set: PathSet,
  choice: ModelChoice,
  options: AttributionOptions = {},
): ModelResult[] {
  const models: readonly ModelName[] =
    choice === 'all' ? MODELS : choice === 'heuristics' ? HEURISTIC_MODELS : [choice];
  return models.map((model) => {
    if (model === 'markov') return markovModel(set, options);
    if (model === 'shapley') return shapleyModel(set, options);
    return heuristicModel(model, set, options);
  });
}
