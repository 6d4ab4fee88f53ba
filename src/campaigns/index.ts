export * from './model.js';
export { findCampaign, type CampaignFilter } from './store.js';
export {
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
  type CreateCampaignInput,
  type UpdateCampaignInput,
} from './service.js';
export { CampaignSchema } from './schema.js';
export { campaignRoutes } from './routes.js';
export { campaignCommands } from './commands.js';
