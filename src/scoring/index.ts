export * from './rules.js';
export { DEFAULT_SCORING_MODEL } from './default-model.js';
export {
  compileModel,
  type CompiledModel,
  type Inactivity,
  type RuleEvidence,
  type RuleResult,
  type ScoreResult,
  DAY_MS,
  SESSION_GAP_MS,
  WEEK_MS,
} from './compile.js';
export { explain, summarize } from './explain.js';
export {
  derivePersonFlags,
  emailDomainOf,
  type FlagInputs,
  NO_FLAGS,
  type PersonFacts,
  type PersonFlags,
  type ScoringEvent,
} from './facts.js';
export { checkModel } from './model-check.js';
export {
  activeModel,
  factsOf,
  readScore,
  scorePeople,
  type ActiveModel,
  type CreatedPerson,
  type ScoringOutcome,
} from './service.js';
export type { EventRecord } from './store.js';
export { scoringRoutes } from './routes.js';
export { scoringCommands } from './commands.js';
export { calibrateScoring, replayScoring } from './analysis.js';
export { calibrate, type CalibrationReport } from './calibrate.js';
export { replay, type ReplayReport } from './replay.js';
export { rescoreJob } from './jobs.js';
export { rescoreProgress, rescoreSlice, type RescoreProgress } from './rescore.js';
