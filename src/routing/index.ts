export * from './rules.js';
export { DEFAULT_FOLLOW_UP, DEFAULT_ROUTING } from './default-rules.js';
export {
  checkCondition,
  firstTouchDueAt,
  matchRules,
  personaOf,
  pickFair,
  speedToLeadMs,
  territoryOf,
  type LeadFacts,
  type RoutingTrigger,
  type RoutingUser,
  type RuleCheck,
} from './model.js';
export {
  assignTo,
  routeAfterChanges,
  routeLeads,
  type RouteOutcome,
  type RoutingPolicy,
  type RoutingRun,
} from './service.js';
export { buildHandoff, buildHandoffs, type HandoffPackage, type HandoffScore } from './handoff.js';
export { retryUnassigned, sweepUnrouted } from './sweep.js';
export { routingSweepJob, unassignedRetryJob } from './jobs.js';
export { dryRunRouting, type DryRun, type HypotheticalLead } from './dry-run.js';
export { leadQueue, personHandoff, personRouting, reassignLead } from './queries.js';
export { routingRoutes } from './routes.js';
export { routingCommands } from './commands.js';
