import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * The journeys of the reports' revenue rows (issue #7, bench/reports): the digest of a deal's
 * journey (`src/attribution/revenue-digest-store.ts`) reads each contact's touchpoints for
 * their time, type, channel and campaign. With those in the index the read is index-only (the
 * touchpoints of a person lie on one leaf page, not on ~10 heap pages across the table).
 * It replaces `touchpoints_person_idx` (same key, so every query that used it can use this
 * one): one index a touchpoint to write, as before, a wider one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create index if not exists touchpoints_journey_idx on touchpoints (person_id, occurred_at)
      include (id, type, channel, campaign_id);
    drop index if exists touchpoints_person_idx;
  `,
  );
}
