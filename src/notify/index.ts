export * from './model.js';
export {
  createWebhook,
  deleteWebhook,
  getDelivery,
  getWebhook,
  listDeliveries,
  listOutbox,
  listWebhookDeliveries,
  listWebhooks,
  notificationWrites,
  publish,
  publishMany,
  retryDelivery,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
  type CreateWebhookInput,
  type DeliveryFilter,
  type OutboxFilter,
  type UpdateWebhookInput,
  type WebhookWithSecret,
} from './service.js';
export { deliverDue, type DeliveryOptions, type DeliveryRun, settleDeliveries } from './delivery.js';
export { deliveryJob } from './jobs.js';
export { DeliverySchema, OutboxEntrySchema, WebhookSchema } from './schema.js';
export { notifyRoutes } from './routes.js';
export { notifyCommands } from './commands.js';
