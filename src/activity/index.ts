export {
  KNOWN_EVENT_TYPES,
  IDENTIFYING_TYPES,
  MAX_BATCH,
  type TouchpointEvent,
  type IngestSummary,
  type EventOutcome,
} from './model.js';
export { ingestEvents } from './service.js';
export {
  acceptEvents,
  eventStatus,
  type EventStatus,
  INBOX_BATCH,
  processInbox,
  startInboxWorker,
  type InboxWorker,
} from './inbox.js';
export { inboxBacklog, type InboxBacklog } from './inbox-store.js';
export { inboxPruneJob } from './jobs.js';
export { activityRoutes } from './routes.js';
export * from './sales-model.js';
export { findSalesActivity, type SalesActivityFilter } from './sales-store.js';
export {
  getSalesActivity,
  listSalesActivities,
  logSalesActivity,
  type LoggedActivity,
  type SalesActivityQuery,
} from './sales-service.js';
export { SalesActivitySchema } from './sales-schema.js';
export { salesActivityRoutes } from './sales-routes.js';
export { salesActivityCommands } from './sales-commands.js';
