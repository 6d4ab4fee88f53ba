// The agreement's section schema first: agreement/model.ts reads it while this folder's
// service (which reads the agreement) may still be loading.
export { DEFAULT_TARGETS, TargetsSection } from './targets.js';
export * from './model.js';
export { planCoverage, planReverseFunnel, type CoverageReport, type ReverseFunnelPlan } from './service.js';
export { CoverageSchema, ReverseFunnelSchema } from './schema.js';
export { planningRoutes } from './routes.js';
export { planningCommands } from './commands.js';
export * from './personas-model.js';
export * from './plans-model.js';
export * from './maturity-model.js';
export {
  createPersona,
  deletePersona,
  getBuyingProcess,
  getPersona,
  listPersonas,
  putBuyingProcess,
  updatePersona,
  type BuyingProcessMap,
  type PersonaInput,
} from './personas-service.js';
export {
  createPlay,
  deletePlay,
  getPlan,
  getPlay,
  listPlays,
  planCalendar,
  putPlan,
  updatePlay,
  type JointPlan,
  type PlanInput,
  type PlayInput,
  type SalesPlay,
} from './plans-service.js';
export { assessMaturity, getMaturity, maturityHistory, type MaturityAssessment } from './maturity-service.js';
