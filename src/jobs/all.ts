import { inboxPruneJob } from '../activity/index.js';
import { deliveryJob } from '../notify/index.js';
import { reminderJob } from '../feedback/index.js';
import { routingSweepJob, unassignedRetryJob } from '../routing/index.js';
import { rescoreJob } from '../scoring/index.js';
import { slaSweepJob } from '../sla/index.js';
import type { Job } from './job.js';

/** Every capability's periodic jobs; the server runs them in the background. */
export const ALL_JOBS: readonly Job[] = [
  rescoreJob,
  routingSweepJob,
  unassignedRetryJob,
  reminderJob,
  deliveryJob,
  slaSweepJob,
  inboxPruneJob,
];
