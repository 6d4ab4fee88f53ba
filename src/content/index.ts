export * from './model.js';
export * from './messaging.js';
export * from './requests.js';
export {
  assetEffectiveness,
  createAsset,
  getAsset,
  handoffMessaging,
  listUsage,
  logUsage,
  searchAssets,
  staleAssets,
  updateAsset,
  type CreateAssetInput,
  type LogUsageInput,
  type RecommendedAsset,
  type UpdateAssetInput,
} from './service.js';
export {
  archiveMessage,
  createMessage,
  editMessage,
  getMessage,
  listMessages,
  messageVersion,
  messageVersions,
  reviewMessage,
  type CreateMessageInput,
  type EditMessageInput,
} from './messaging-service.js';
export {
  createRequest,
  getRequest,
  listRequests,
  requestTypes,
  transitionRequest,
  updateRequest,
  type CreateRequestInput,
} from './request-service.js';
export { RecommendedAssetSchema } from './schema.js';
export { contentRoutes } from './routes.js';
export { contentCommands } from './commands.js';
