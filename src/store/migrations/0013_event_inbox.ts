import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * The event inbox: `POST /v1/events` with `Prefer: respond-async` (RFC 7240) appends the
 * validated events here and answers 202 once they are committed; a worker claims them in
 * order (`FOR UPDATE SKIP LOCKED`, so any number of processes share the work), resolves
 * identity, stores the touchpoints, scores and routes, and records each event's outcome on
 * its row, where `GET /v1/events/:eventId` reads it. A crash between the two loses nothing:
 * an unprocessed row is simply claimed again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table event_inbox (
      id bigserial primary key,
      event_id text not null unique,
      event jsonb not null,
      actor jsonb not null,
      received_at timestamptz not null,
      status text not null default 'accepted'
        check (status in ('accepted', 'stored', 'duplicate', 'rejected', 'failed')),
      errors jsonb,
      attempts integer not null default 0,
      processed_at timestamptz
    );
    create index event_inbox_pending_idx on event_inbox (id) where status = 'accepted';
    create index event_inbox_processed_idx on event_inbox (processed_at) where processed_at is not null;
    `,
  );
}
