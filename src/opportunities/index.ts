export * from './model.js';
export { findOpportunity, updateCloseDetails, type OpportunityFilter } from './store.js';
export {
  closeOpportunityById,
  createOpportunity,
  getOpportunity,
  listOpportunities,
  updateOpportunity,
  type CreateOpportunityInput,
  type UpdateOpportunityInput,
} from './service.js';
export { OpportunitySchema } from './schema.js';
export { opportunityRoutes } from './routes.js';
export { opportunityCommands } from './commands.js';
