import type { Job } from '../jobs/index.js';
import { deliverDue, settleDeliveries } from './delivery.js';

/**
 * Sends due webhook deliveries from the outbox. It runs often so a notification leaves
 * within a couple of seconds of its commit, and comes back at once while batches are full.
 */
export const deliveryJob: Job = {
  name: 'notify.deliver',
  every: 1_000,
  run: async (ctx, now) => (await deliverDue(ctx, now)).more,
  settle: settleDeliveries,
};
