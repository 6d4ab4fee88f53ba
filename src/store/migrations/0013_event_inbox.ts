import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * The event inbox: `POST /v1/events` with `Prefer: respond-async` (RFC 7240) appends the
 * validated events here and answers 202 once they are committed; a worker claims them in
 * order (`FOR UPDATE SKIP LOCKED`, so any number of processes share the work), resolves
 * identity, stores the touchpoints, scores and routes, then deletes them from the inbox and
 * records each event's outcome in `event_outcomes`, where `GET /v1/events/:eventId` reads it.
 * The inbox holds only waiting events, so claiming stays cheap however much has gone
 * through it. A crash between the two loses nothing: an unprocessed row is claimed again.
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
      attempts integer not null default 0,
      last_error text
    );
    create table event_outcomes (
      event_id text primary key,
      status text not null check (status in ('stored', 'duplicate', 'rejected', 'failed')),
      errors jsonb,
      received_at timestamptz not null,
      processed_at timestamptz not null
    );
    create index event_outcomes_processed_idx on event_outcomes (processed_at);
    create index event_outcomes_failed_idx on event_outcomes (processed_at) where status = 'failed';
    `,
  );
}
