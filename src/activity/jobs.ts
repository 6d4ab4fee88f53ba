import type { Job } from '../jobs/index.js';
import { pruneInbox } from './inbox-store.js';

/** How long a processed event's inbox row stays readable through `GET /v1/events/:eventId`. */
export const INBOX_RETENTION_DAYS = 7;

/** Forgets processed inbox rows after the retention (the touchpoints stay; failed events stay for an admin). */
export const inboxPruneJob: Job = {
  name: 'events.inbox-prune',
  every: 3_600_000,
  run: async (ctx, now) =>
    (await pruneInbox(ctx.db, new Date(now.getTime() - INBOX_RETENTION_DAYS * 86_400_000), 10_000)) ===
    10_000,
};
