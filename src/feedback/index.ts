export * from './model.js';
export {
  dispositionLead,
  leadCadence,
  personDispositions,
  type DispositionResult,
  type LeadCadence,
} from './service.js';
export { fireDueReminders } from './reminders.js';
export { listReminders } from './store.js';
export { reminderJob } from './jobs.js';
export { feedbackRoutes } from './routes.js';
export { feedbackCommands } from './commands.js';
export * from './flags-model.js';
export * from './tasks-model.js';
export {
  campaignQualitySummary,
  leadQualityFlagsOfRange,
  listQualityFlags,
  raiseFlag,
  resolveFlag,
} from './flags-service.js';
export { completeMarketingTask, listMarketingTasks, type TaskOpening } from './tasks-service.js';
export { qualityRoutes } from './flags-routes.js';
export { marketingTaskRoutes } from './tasks-routes.js';
export { qualityCommands } from './flags-commands.js';
export { marketingTaskCommands } from './tasks-commands.js';
export { FlagDigestSchema } from './flags-schema.js';
export * from './winloss-model.js';
export {
  captureWinLossAtClose,
  getWinLoss,
  listWinLoss,
  recordWinLoss,
  type WinLossList,
  type WinLossListFilter,
  type WinLossView,
} from './winloss-service.js';
export * from './intel-model.js';
export {
  getCompetitor,
  listCompetitors,
  type CompetitorDetail,
  type CompetitorList,
} from './intel-service.js';
export { winLossRoutes } from './winloss-routes.js';
export { intelRoutes } from './intel-routes.js';
export { winLossCommands } from './winloss-commands.js';
