import { type Kysely, sql } from 'kysely';

/**
 * Locks routing pools and reads their round-robin counters in one round trip. The counters
 * must be read after the locks are held (a batch that held them may just have committed new
 * counts): one SQL statement would read them with the snapshot it started with, before any
 * wait, so the read is a second statement of a function, which takes a fresh snapshot.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement: the body's semicolons are its own (executeScript splits on them).
  await sql
    .raw(
      `create function lock_routing_pools(keys text[])
       returns table (pool_key text, user_id text, assigned integer)
       language plpgsql as $$
       #variable_conflict use_column
       begin
         -- The upsert takes each row's lock whether it inserts or finds the row, in key order.
         insert into routing_pools as p (pool_key)
           select k from unnest(keys) as k order by k
           on conflict (pool_key) do update set pool_key = excluded.pool_key;
         return query
           select c.pool_key, c.user_id, c.assigned::integer
           from routing_counters c where c.pool_key = any(keys);
       end $$`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists lock_routing_pools(text[])`.execute(db);
}
