// The agreement's section schema first: agreement/model.ts reads it while this folder's
// service (which reads the agreement) may still be loading.
export { DEFAULT_TARGETS, TargetsSection } from './targets.js';
export * from './model.js';
export { planCoverage, planReverseFunnel, type CoverageReport, type ReverseFunnelPlan } from './service.js';
export { CoverageSchema, ReverseFunnelSchema } from './schema.js';
export { planningRoutes } from './routes.js';
export { planningCommands } from './commands.js';
