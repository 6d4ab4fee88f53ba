import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * The event inbox in 16 shards by whose events they are: the visitor id, else the email, else
 * the person id. A worker pass takes one shard at a time (its row in `inbox_shards` locked
 * `FOR UPDATE SKIP LOCKED`, so across processes too), so two passes never work on one
 * visitor's events at once and rarely on one person's: before, both passes of a server took
 * the next events in order and waited on each other's rows (people, scores, visitors) for most
 * of their time (bench/README.md). A visitor's events, and a person's with the same key, stay
 * in order within their shard.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create function inbox_shard(event jsonb) returns smallint language sql immutable as $$
      select (hashtext(coalesce(event ->> 'visitorId', event ->> 'email', event ->> 'personId', event ->> 'eventId')) & 15)::smallint
    $$;
    alter table event_inbox add column shard smallint;
    update event_inbox set shard = inbox_shard(event);
    alter table event_inbox alter column shard set not null;
    create index event_inbox_shard_idx on event_inbox (shard, id);
    create table inbox_shards (shard smallint primary key);
    insert into inbox_shards (shard) select generate_series(0, 15);
    `,
  );
}
