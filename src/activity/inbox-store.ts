import { type RawBuilder, sql } from 'kysely';
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
  // The batch goes as one JSON document: serialised natively in one call, where a text[] of
  // events would have every quote escaped into an array literal by the driver.
  const { rows } = await sql<{ event_id: string }>`
    insert into event_inbox (event_id, event, actor, received_at, shard)
    select x.e, x.ev, ${JSON.stringify(actor)}::jsonb, ${receivedAt}::timestamptz, inbox_shard(x.ev)
    from (select ev ->> 'eventId' as e, ev from jsonb_array_elements(${JSON.stringify(events)}::jsonb) as a(ev)) as x
    where not exists (select 1 from touchpoints t where t.event_id = x.e)
    order by x.e
    on conflict (event_id) do nothing
    returning event_id
  `.execute(db);
  for (const r of rows) appended.add(r.event_id);
  return appended;
}

/** The inbox's shards (migration 0021: `inbox_shard()` keeps the low 4 bits of a hash). */
export const INBOX_SHARDS = 16;

/**
 * Claims the oldest waiting events of whole shards for the caller's transaction: shards in the
 * order of their oldest event, among those no other pass holds (their `inbox_shards` rows stay
 * locked to the commit), until the pass has `limit` events or `shards` shards
 * (`claim_inbox_shards`, migration 0023). Other passes, of this process or another, take other
 * shards, so two passes never hold one visitor's events, and a backlog is shared out.
 */
export async function claimInbox(
  trx: Trx,
  limit: number,
  /**
   * The most shards a pass may hold: its share (16 / passes), so that a second pass has work
   * when little waits; with one shard a pass, each shard would come round only after the other
   * fifteen, and an event would wait sixteen passes (bench/README.md, routing). 'any': the
   * oldest events of every shard, not locking shards (one pass at a time, as on PGlite).
   */
  shards: number | 'any' = INBOX_SHARDS,
): Promise<InboxRow[]> {
  if (shards === 'any') return claimed(trx, sql`true`, limit);
  const { rows } = await sql<{ taken: number[] }>`
    select claim_inbox_shards(${shards}::int, ${limit}::int) as taken
  `.execute(trx);
  const taken = rows[0]?.taken ?? [];
  if (taken.length === 0) return [];
  return claimed(trx, sql`shard = any(${taken}::smallint[])`, limit);
}

async function claimed(trx: Trx, where: RawBuilder<unknown>, limit: number): Promise<InboxRow[]> {
  const { rows } = await sql<{
    id: string;
    event: TouchpointEvent & { occurredAt: string };
    actor: MoveBy;
    received_at: Date;
  }>`
    select id, event, actor, received_at from event_inbox
    where ${where}
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

/**
 * Takes processed events out of the inbox and records their outcomes; `processed_at` is the
 * database's own clock at the end of the work. (Stored events are in the touchpoint log too.)
 */
export async function finishInbox(trx: Trx, claimed: InboxRow[], outcomes: InboxOutcome[]): Promise<void> {
  if (claimed.length === 0) return;
  await sql`delete from event_inbox where id = any(${claimed.map((row) => row.id)}::bigint[])`.execute(trx);
  const byId = new Map(claimed.map((row) => [row.id, row]));
  await sql`
    insert into event_outcomes (event_id, status, errors, received_at, processed_at)
    select e, s, er, r, clock_timestamp()
    from unnest(${outcomes.map((o) => byId.get(o.id)!.event.eventId)}::text[], ${outcomes.map((o) => o.status)}::text[],
      ${outcomes.map((o) => (o.errors ? JSON.stringify(o.errors) : null))}::jsonb[],
      ${outcomes.map((o) => byId.get(o.id)!.receivedAt)}::timestamptz[]) as x(e, s, er, r)
    order by e
    on conflict (event_id) do update
    set status = excluded.status, errors = excluded.errors, received_at = excluded.received_at,
      processed_at = excluded.processed_at
  `.execute(trx);
}

/**
 * Counts a failed attempt on the oldest waiting event nobody holds; after `maxAttempts` the
 * event is set aside as failed (with the error) so that the events behind it go on.
 */
export async function recordFailedAttempt(db: Db, message: string, maxAttempts: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: string; event_id: string; received_at: Date; attempts: number }>`
      update event_inbox as i set attempts = i.attempts + 1, last_error = ${message}
      where i.id = (select id from event_inbox order by id limit 1 for update skip locked)
      returning i.id, i.event_id, i.received_at, i.attempts
    `.execute(trx);
    const row = rows[0];
    if (!row || row.attempts < maxAttempts) return;
    await sql`delete from event_inbox where id = ${row.id}`.execute(trx);
    await sql`
      insert into event_outcomes (event_id, status, errors, received_at, processed_at)
      values (${row.event_id}, 'failed', ${JSON.stringify([{ path: '', message }])}::jsonb, ${row.received_at}, clock_timestamp())
      on conflict (event_id) do update
      set status = excluded.status, errors = excluded.errors, processed_at = excluded.processed_at
    `.execute(trx);
  });
}

export interface InboxEntry {
  eventId: string;
  status: InboxStatus;
  errors: FieldIssue[] | null;
  receivedAt: Date;
  processedAt: Date | null;
}

/** The event's place in the inbox (waiting) or its recorded outcome. */
export async function findInboxEntry(db: Db, eventId: string): Promise<InboxEntry | undefined> {
  const waiting = await db
    .selectFrom('event_inbox')
    .select(['event_id', 'received_at', 'last_error'])
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (waiting) {
    return {
      eventId,
      status: 'accepted',
      errors: waiting.last_error ? [{ path: '', message: waiting.last_error }] : null,
      receivedAt: waiting.received_at,
      processedAt: null,
    };
  }
  const done = await db
    .selectFrom('event_outcomes')
    .select(['status', 'errors', 'received_at', 'processed_at'])
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!done) return undefined;
  return {
    eventId,
    status: done.status as InboxStatus,
    errors: (done.errors as FieldIssue[] | null) ?? null,
    receivedAt: done.received_at,
    processedAt: done.processed_at,
  };
}

/** How long events waited from acceptance to their outcome, over a recent window. */
export interface InboxLatency {
  windowSeconds: number;
  /** Events processed in the window (stored, duplicate, rejected or failed). */
  processed: number;
  /** Received (the accepting server's clock) to processed (the database's), in ms; null when none. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface InboxBacklog {
  waiting: number;
  oldestWaitingSince: Date | null;
  failed: number;
  /** The last five minutes: what a sender's "within moments" means right now. */
  recent: InboxLatency;
}

/** The window of `InboxBacklog.recent`. */
export const RECENT_SECONDS = 300;

export async function inboxBacklog(db: Db): Promise<InboxBacklog> {
  const { rows } = await sql<{
    waiting: string;
    oldest: Date | null;
    failed: string;
    processed: string;
    pcts: number[] | null;
    max: number | null;
  }>`
    with recent as (
      select extract(epoch from processed_at - received_at)::float8 * 1000 as ms from event_outcomes
      -- processed_at is written with the database's clock (finishInbox): the window is too.
      where processed_at >= clock_timestamp() - make_interval(secs => ${RECENT_SECONDS})
    )
    select
      (select count(*) from event_inbox) as waiting,
      -- The first appended (by the primary key) rather than min() over every row: received_at
      -- has no index, and appends come in order.
      (select received_at from event_inbox order by id limit 1) as oldest,
      (select count(*) from event_outcomes where status = 'failed') as failed,
      (select count(*) from recent) as processed,
      (select percentile_disc(array[0.5, 0.95, 0.99]) within group (order by ms) from recent) as pcts,
      (select max(ms) from recent) as max
  `.execute(db);
  const row = rows[0]!;
  const [p50, p95, p99] = row.pcts ?? [null, null, null];
  return {
    waiting: Number(row.waiting),
    oldestWaitingSince: row.oldest,
    failed: Number(row.failed),
    recent: {
      windowSeconds: RECENT_SECONDS,
      processed: Number(row.processed),
      p50Ms: rounded(p50),
      p95Ms: rounded(p95),
      p99Ms: rounded(p99),
      maxMs: rounded(row.max),
    },
  };
}

const rounded = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms));

/** Forgets outcomes older than `before` (the touchpoints stay; failed events stay for an admin). */
export async function pruneInbox(db: Db, before: Date, limit: number): Promise<number> {
  const { numAffectedRows } = await sql`
    delete from event_outcomes where event_id in (
      select event_id from event_outcomes
      where processed_at < ${before} and status <> 'failed'
      order by processed_at limit ${limit}
    )
  `.execute(db);
  return Number(numAffectedRows ?? 0);
}
