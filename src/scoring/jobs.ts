import type { Job } from '../jobs/index.js';
import { rescoreSlice } from './rescore.js';

/** When a new scoring version takes effect, everyone is re-scored under it, a slice at a time. */
export const rescoreJob: Job = {
  name: 'scoring.rescore',
  every: 10_000,
  run: async (ctx, now) => (await rescoreSlice(ctx, now)) > 0,
};
