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
