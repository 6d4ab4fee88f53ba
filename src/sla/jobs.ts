import type { Job } from '../jobs/index.js';
import { sweepClocks } from './clocks.js';

/** The SLA sweeper: takes new events into account, marks breaches and escalates, every few seconds. */
export const slaSweepJob: Job = {
  name: 'sla.sweep',
  every: 5_000,
  run: async (ctx, now) => {
    const { events, breached, escalated } = await sweepClocks(ctx, now);
    return events + breached + escalated > 0 && breached >= 1000;
  },
};
