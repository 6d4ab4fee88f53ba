export * from './rules.js';
export { DEFAULT_SCORING_MODEL } from './default-model.js';
