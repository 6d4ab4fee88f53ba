export {
  KNOWN_EVENT_TYPES,
  IDENTIFYING_TYPES,
  MAX_BATCH,
  type TouchpointEvent,
  type IngestSummary,
  type EventOutcome,
} from './model.js';
export { ingestEvents } from './service.js';
export { activityRoutes } from './routes.js';
