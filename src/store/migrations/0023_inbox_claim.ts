import { type Kysely, sql } from 'kysely';

/**
 * A worker pass claims inbox shards by how much they hold: oldest first, each locked
 * `FOR UPDATE SKIP LOCKED` as it is reached, until the pass has `max_events` events or
 * `max_shards` shards. Under a backlog a pass takes one or two full shards and leaves the rest
 * to the other passes (of this process or others: any number share the work); when little
 * waits, a pass takes every shard with events up to its share, so no event waits for a
 * shard's turn. In one statement: deciding in the application would cost a round trip a shard.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement: the body's semicolons are its own (executeScript splits on them).
  await sql
    .raw(
      `
    create function claim_inbox_shards(max_shards integer, max_events integer) returns smallint[]
    language plpgsql as $$
    declare
      candidate smallint;
      taken smallint[] := '{}';
      events integer := 0;
      waiting integer;
    begin
      for candidate in
        select s.shard from inbox_shards s
        where exists (select 1 from event_inbox i where i.shard = s.shard)
        order by (select min(i.id) from event_inbox i where i.shard = s.shard)
      loop
        perform 1 from inbox_shards where shard = candidate for update skip locked;
        if found then
          taken := taken || candidate;
          select count(*) into waiting
          from (select 1 from event_inbox where shard = candidate limit max_events - events) as w;
          events := events + waiting;
          exit when events >= max_events or cardinality(taken) >= max_shards;
        end if;
      end loop;
      return taken;
    end $$
    `,
    )
    .execute(db);
}
