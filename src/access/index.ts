export * from './model.js';
export type { ApiKey } from './store.js';
export {
  authenticate,
  createApiKey,
  ensureBootstrapAdminKey,
  listKeys,
  revokeKey,
  type CreatedApiKey,
  type CreateApiKeyInput,
} from './service.js';
export { accessRoutes } from './routes.js';
export { accessCommands } from './commands.js';
