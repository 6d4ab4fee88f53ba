export * from './model.js';
export { conversion, stageSpans, type Conversion, type StageChange, type StageSpan } from './history.js';
export {
  applyTransition,
  followTransition,
  followTransitions,
  insertStageChanges,
  moveByPrincipal,
  personHistory,
  planTransitions,
  SYSTEM_MOVE,
  transitionPerson,
  type MoveBy,
  type TransitionFollow,
  type TransitionInput,
} from './service.js';
export { lockPeopleStages, stageChangeWrites, stageHistoryInsert } from './store.js';
export { StageChangeSchema, StageSchema } from './schema.js';
export { lifecycleRoutes } from './routes.js';
export { lifecycleCommands } from './commands.js';
