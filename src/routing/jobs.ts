import type { Job } from '../jobs/index.js';
import { retryUnassigned, sweepUnrouted } from './sweep.js';

/** Routes any qualified lead that inline routing did not reach (every few seconds). */
export const routingSweepJob: Job = {
  name: 'routing.sweep',
  every: 5_000,
  run: async (ctx, now) => (await sweepUnrouted(ctx, now)).length > 0,
};

/** Gives the watched unassigned queue another try each minute. */
export const unassignedRetryJob: Job = {
  name: 'routing.retry-unassigned',
  every: 60_000,
  run: async (ctx, now) => {
    await retryUnassigned(ctx, now);
    return false;
  },
};
