import { sql } from 'kysely';
import { anyText, byKey, type Db, type Trx } from '../store/index.js';
import type { TouchpointEvent } from './model.js';

export interface TouchpointToStore {
  event: TouchpointEvent;
  personId: string | null;
  accountId: string | null;
}

/**
 * Appends touchpoints; an event id already in the log is skipped by the unique index, so a
 * retried batch never stores an event twice. Returns the event ids actually stored.
 *
 * One array per column (`unnest`), not a VALUES list of twelve parameters a row: the
 * statement stays the same size whatever the batch, and neither Kysely nor PostgreSQL has to
 * build and parse thousands of parameters (bench/README.md).
 */
export async function insertTouchpoints(
  trx: Trx,
  rows: TouchpointToStore[],
  receivedAt: Date,
): Promise<Set<string>> {
  const storedIds = new Set<string>();
  if (rows.length === 0) return storedIds;
  const column = <T>(pick: (row: TouchpointToStore) => T) => rows.map(pick);
  const stored = await sql<{ event_id: string }>`
    insert into touchpoints (event_id, type, occurred_at, received_at, person_id, visitor_id,
      account_id, campaign_id, channel, url, content_id, properties)
    select e, t, o, ${receivedAt}::timestamptz, p, v, a, c, ch, u, ct, pr
    from unnest(
      ${column((r) => r.event.eventId)}::text[], ${column((r) => r.event.type)}::text[],
      ${column((r) => r.event.occurredAt)}::timestamptz[], ${column((r) => r.personId)}::text[],
      ${column((r) => r.event.visitorId ?? null)}::text[], ${column((r) => r.accountId)}::text[],
      ${column((r) => r.event.campaignId ?? null)}::text[], ${column((r) => r.event.channel ?? null)}::text[],
      ${column((r) => r.event.url ?? null)}::text[], ${column((r) => r.event.contentId ?? null)}::text[],
      ${column((r) => JSON.stringify(r.event.properties))}::jsonb[]
    ) as x(e, t, o, p, v, a, c, ch, u, ct, pr)
    on conflict (event_id) do nothing
    returning event_id
  `.execute(trx);
  for (const r of stored.rows) storedIds.add(r.event_id);
  return storedIds;
}

/**
 * How stale `visitors.last_seen_at` may get: a sighting within a day of the recorded one does
 * not rewrite the row. Nothing reads it closer than that (nothing reads it at all yet), and
 * rewriting every sighted visitor on every batch was the costliest statement of ingestion.
 */
export const LAST_SEEN_GRANULARITY = '1 day';

/**
 * Records each visitor's first and last sighting: new visitors are inserted (existing rows
 * are neither locked nor rewritten), and a known visitor's row is updated only when it was
 * seen earlier than its first sighting or more than `LAST_SEEN_GRANULARITY` after its last.
 * Keys in one global order, so that two batches never wait on each other in a cycle.
 */
export async function upsertVisitors(
  db: Db | Trx,
  seen: Map<string, { first: Date; last: Date }>,
): Promise<void> {
  if (seen.size === 0) return;
  const sorted = [...seen].sort(byKey);
  const ids = sorted.map(([id]) => id);
  const firsts = sorted.map(([, s]) => s.first);
  const lasts = sorted.map(([, s]) => s.last);
  await sql`
    insert into visitors as v (visitor_id, first_seen_at, last_seen_at)
    select * from unnest(${ids}::text[], ${firsts}::timestamptz[], ${lasts}::timestamptz[])
    on conflict (visitor_id) do update
    set first_seen_at = least(v.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(v.last_seen_at, excluded.last_seen_at)
    where excluded.first_seen_at < v.first_seen_at
      or excluded.last_seen_at > v.last_seen_at + ${sql.lit(LAST_SEEN_GRANULARITY)}::interval
  `.execute(db);
}

export async function existingIds(
  trx: Trx,
  table: 'people' | 'campaigns',
  ids: string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  if (table === 'people') {
    const rows = await trx
      .selectFrom('people')
      .select(['id', 'account_id'])
      .where('id', '=', anyText(ids))
      .where('erased_at', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.id, r.account_id]));
  }
  const rows = await trx.selectFrom('campaigns').select('id').where('id', '=', anyText(ids)).execute();
  return new Map(rows.map((r) => [r.id, null]));
}

export async function markUnsubscribed(trx: Trx, personIds: string[], at: Date): Promise<void> {
  if (personIds.length === 0) return;
  await trx
    .updateTable('people')
    .set({ unsubscribed: true, updated_at: at })
    .where('id', '=', anyText(personIds))
    .execute();
}
