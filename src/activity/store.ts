import { byKey, chunks, type Db, type Trx } from '../store/index.js';
import type { TouchpointEvent } from './model.js';

export interface TouchpointToStore {
  event: TouchpointEvent;
  personId: string | null;
  accountId: string | null;
}

/**
 * Appends touchpoints; an event id already in the log is skipped by the unique index, so a
 * retried batch never stores an event twice. Returns the event ids actually stored.
 */
export async function insertTouchpoints(
  trx: Trx,
  rows: TouchpointToStore[],
  receivedAt: Date,
): Promise<Set<string>> {
  const storedIds = new Set<string>();
  for (const chunk of chunks(rows, 12)) {
    const stored = await trx
      .insertInto('touchpoints')
      .values(
        chunk.map(({ event, personId, accountId }) => ({
          event_id: event.eventId,
          type: event.type,
          occurred_at: event.occurredAt,
          received_at: receivedAt,
          person_id: personId,
          visitor_id: event.visitorId ?? null,
          account_id: accountId,
          campaign_id: event.campaignId ?? null,
          channel: event.channel ?? null,
          url: event.url ?? null,
          content_id: event.contentId ?? null,
          properties: JSON.stringify(event.properties),
        })),
      )
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .execute();
    for (const r of stored) storedIds.add(r.event_id);
  }
  return storedIds;
}

/** Records each visitor's first and last sighting (one statement per batch). */
export async function upsertVisitors(
  db: Db | Trx,
  seen: Map<string, { first: Date; last: Date }>,
): Promise<void> {
  if (seen.size === 0) return;
  await db
    .insertInto('visitors')
    .values(
      [...seen].sort(byKey).map(([visitorId, s]) => ({
        visitor_id: visitorId,
        first_seen_at: s.first,
        last_seen_at: s.last,
      })),
    )
    .onConflict((oc) =>
      oc.column('visitor_id').doUpdateSet((eb) => ({
        first_seen_at: eb.fn('least', [eb.ref('visitors.first_seen_at'), eb.ref('excluded.first_seen_at')]),
        last_seen_at: eb.fn('greatest', [eb.ref('visitors.last_seen_at'), eb.ref('excluded.last_seen_at')]),
      })),
    )
    .execute();
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
      .where('id', 'in', ids)
      .where('erased_at', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.id, r.account_id]));
  }
  const rows = await trx.selectFrom('campaigns').select('id').where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, null]));
}

export async function markUnsubscribed(trx: Trx, personIds: string[], at: Date): Promise<void> {
  if (personIds.length === 0) return;
  await trx
    .updateTable('people')
    .set({ unsubscribed: true, updated_at: at })
    .where('id', 'in', personIds)
    .execute();
}
