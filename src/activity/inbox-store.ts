import { sql } from 'kysely';
import type { FieldIssue } from '../core/index.js';
import type { MoveBy } from '../lifecycle/index.js';
import type { Db, Trx } from '../store/index.js';
import type { TouchpointEvent } from './model.js';

/** An event waiting in the inbox, as the worker claims it. */
export interface InboxRow {
  id: string;
  event: TouchpointEvent;
  actor: MoveBy;
  receivedAt: Date;
}

export type InboxStatus = 'accepted' | 'stored' | 'duplicate' | 'rejected' | 'failed';

/** An event's outcome, written back on its inbox row. */
export interface InboxOutcome {
  id: string;
  status: Exclude<InboxStatus, 'accepted'>;
  errors: FieldIssue[] | null;
}

/**
 * Appends validated events to the inbox in one statement. An event id already in the inbox or
 * already stored as a touchpoint is not appended; returns the ids that were.
 */
export async function appendToInbox(
  db: Db,
  events: TouchpointEvent[],
  actor: MoveBy,
  receivedAt: Date,
): Promise<Set<string>> {
  const appended = new Set<string>();
  if (events.length === 0) return appended;
  const { rows } = await sql<{ event_id: string }>`
    insert into event_inbox (event_id, event, actor, received_at)
    select x.e, x.ev, ${JSON.stringify(actor)}::jsonb, ${receivedAt}::timestamptz
    from unnest(${events.map((e) => e.eventId)}::text[], ${events.map((e) => JSON.stringify(e))}::jsonb[]) as x(e, ev)
    where not exists (select 1 from touchpoints t where t.event_id = x.e)
    order by x.e
    on conflict (event_id) do nothing
    returning event_id
  `.execute(db);
  for (const r of rows) appended.add(r.event_id);
  return appended;
}

/** Claims the oldest waiting events for the caller's transaction; other workers skip them. */
export async function claimInbox(trx: Trx, limit: number): Promise<InboxRow[]> {
  const { rows } = await sql<{
    id: string;
    event: TouchpointEvent & { occurredAt: string };
    actor: MoveBy;
    received_at: Date;
  }>`
    select id, event, actor, received_at from event_inbox
    where status = 'accepted'
    order by id
    limit ${limit}
    for update skip locked
  `.execute(trx);
  return rows.map((r) => ({
    id: String(r.id),
    event: { ...r.event, occurredAt: new Date(r.event.occurredAt) },
    actor: r.actor,
    receivedAt: r.received_at,
  }));
}

/** Records outcomes; `processed_at` is the database's own clock at the end of the work. */
export async function finishInbox(trx: Trx, outcomes: InboxOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await sql`
    update event_inbox as i
    set status = x.s, errors = x.er, attempts = i.attempts + 1, processed_at = clock_timestamp()
    from unnest(${outcomes.map((o) => o.id)}::bigint[], ${outcomes.map((o) => o.status)}::text[],
      ${outcomes.map((o) => (o.errors ? JSON.stringify(o.errors) : null))}::jsonb[]) as x(id, s, er)
    where i.id = x.id
  `.execute(trx);
}

/**
 * Counts a failed attempt on the oldest waiting event nobody holds; after `maxAttempts` the
 * event is set aside as failed (with the error) so that the events behind it go on.
 */
export async function recordFailedAttempt(db: Db, message: string, maxAttempts: number): Promise<void> {
  await sql`
    update event_inbox as i
    set attempts = i.attempts + 1,
      status = case when i.attempts + 1 >= ${maxAttempts} then 'failed' else i.status end,
      errors = ${JSON.stringify([{ path: '', message }])}::jsonb,
      processed_at = case when i.attempts + 1 >= ${maxAttempts} then clock_timestamp() else null end
    where i.id = (
      select id from event_inbox where status = 'accepted' order by id limit 1 for update skip locked
    )
  `.execute(db);
}

export interface InboxEntry {
  eventId: string;
  status: InboxStatus;
  errors: FieldIssue[] | null;
  receivedAt: Date;
  processedAt: Date | null;
  attempts: number;
}

export async function findInboxEntry(db: Db, eventId: string): Promise<InboxEntry | undefined> {
  const row = await db
    .selectFrom('event_inbox')
    .select(['event_id', 'status', 'errors', 'received_at', 'processed_at', 'attempts'])
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    eventId: row.event_id,
    status: row.status as InboxStatus,
    errors: (row.errors as FieldIssue[] | null) ?? null,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    attempts: row.attempts,
  };
}

export interface InboxBacklog {
  waiting: number;
  oldestWaitingSince: Date | null;
  failed: number;
}

export async function inboxBacklog(db: Db): Promise<InboxBacklog> {
  const { rows } = await sql<{ waiting: string; oldest: Date | null; failed: string }>`
    select
      (select count(*) from event_inbox where status = 'accepted') as waiting,
      (select min(received_at) from event_inbox where status = 'accepted') as oldest,
      (select count(*) from event_inbox where status = 'failed') as failed
  `.execute(db);
  const row = rows[0]!;
  return { waiting: Number(row.waiting), oldestWaitingSince: row.oldest, failed: Number(row.failed) };
}

/** Forgets processed events older than `before` (their touchpoints stay; failed ones stay for an admin). */
export async function pruneInbox(db: Db, before: Date, limit: number): Promise<number> {
  const { numAffectedRows } = await sql`
    delete from event_inbox where id in (
      select id from event_inbox
      where processed_at < ${before} and status <> 'failed'
      order by processed_at limit ${limit}
    )
  `.execute(db);
  return Number(numAffectedRows ?? 0);
}
