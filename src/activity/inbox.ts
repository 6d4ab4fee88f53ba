import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { moveByPrincipal } from '../lifecycle/index.js';
import type { Db } from '../store/index.js';
import { withDeadlockRetry } from '../store/index.js';
import { type IngestSummary, summarize } from './model.js';
import {
  appendToInbox,
  claimInbox,
  findInboxEntry,
  finishInbox,
  INBOX_SHARDS,
  type InboxOutcome,
  type InboxStatus,
  recordFailedAttempt,
} from './inbox-store.js';
import { apartFrom, sightingsOf, validateBatch, writeSentEvents } from './service.js';
import { upsertVisitors } from './store.js';

/** Events a worker takes in one transaction: many requests' events share one identity/scoring/routing pass. */
export const INBOX_BATCH = 2_000;
/** A failing event is tried this often before it is set aside as failed. */
export const MAX_ATTEMPTS = 3;

/**
 * This process's workers of a database, woken as soon as events are appended; a wake-up that
 * finds them all busy is kept, so that a worker about to rest takes another pass instead.
 */
interface Signal {
  waiters: Set<() => void>;
  pending: boolean;
}
const signals = new WeakMap<Db, Signal>();

function signalOf(db: Db): Signal {
  let signal = signals.get(db);
  if (!signal) {
    signal = { waiters: new Set(), pending: false };
    signals.set(db, signal);
  }
  return signal;
}

function wake(db: Db): void {
  const signal = signals.get(db);
  if (!signal) return;
  if (signal.waiters.size === 0) signal.pending = true;
  for (const resume of signal.waiters) resume();
}

/**
 * `POST /v1/events` with `Prefer: respond-async`: validates every event, appends the valid
 * ones to the inbox in one statement and answers once they are committed ("accepted": durable,
 * and processed by the worker within moments). Rejections of the event itself (a bad field)
 * are answered at once; what only the data can tell (an unknown campaign) is the outcome that
 * `GET /v1/events/:eventId` reports.
 */
export async function acceptEvents(
  ctx: Ctx,
  rawEvents: unknown[],
  principal: Principal,
): Promise<IngestSummary> {
  const now = ctx.clock.now();
  const { results, valid } = validateBatch(rawEvents, now);
  const appended = await withDeadlockRetry(() =>
    appendToInbox(
      ctx.db,
      valid.map((v) => v.event),
      moveByPrincipal(principal),
      now,
    ),
  );
  for (const { index, event } of valid) {
    results[index] = {
      eventId: event.eventId,
      status: appended.has(event.eventId) ? 'accepted' : 'duplicate',
    };
  }
  if (appended.size > 0) wake(ctx.db);
  return summarize(results);
}

/**
 * Processes up to `limit` waiting events in one transaction, oldest first: claims them
 * (other workers skip them), does what a synchronous ingest does, and records every event's
 * outcome. Returns how many events it took. If the batch fails, the events are retried one at
 * a time so that one bad event cannot hold back the others.
 */
export async function processInbox(
  ctx: Ctx,
  limit = INBOX_BATCH,
  /** How many of the inbox's shards the pass may take (`claimInbox`); all by default. */
  shards = INBOX_SHARDS,
): Promise<number> {
  try {
    return await withDeadlockRetry(() => processBatch(ctx, limit, shards));
  } catch (error) {
    if (limit === 1) throw error;
    ctx.log.warn({ err: error }, 'event inbox: batch failed, retrying its events one at a time');
    let done = 0;
    for (let i = 0; i < limit; i++) {
      try {
        const n = await withDeadlockRetry(() => processBatch(ctx, 1, shards));
        if (n === 0) break;
        done += n;
      } catch (single) {
        const message = single instanceof Error ? single.message : String(single);
        ctx.log.error({ err: single }, 'event inbox: an event could not be processed');
        await recordFailedAttempt(ctx.db, `could not be processed: ${message}`, MAX_ATTEMPTS);
        done++;
      }
    }
    return done;
  }
}

async function processBatch(ctx: Ctx, limit: number, shards: number): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    // One connection (PGlite) means one pass at a time: shards would only make its passes smaller.
    const claimed = await claimInbox(trx, limit, ctx.storeKind === 'postgres' ? shards : 'any');
    if (claimed.length === 0) return 0;
    const now = ctx.clock.now();
    // Sightings commit on their own (as in synchronous ingestion): inside the batch they held
    // visitor rows locked until commit, and the other pass waited on them (bench/README.md).
    // PGlite has one connection, which this transaction holds: there they stay inside.
    const apart = apartFrom(ctx, trx);
    await upsertVisitors(apart, sightingsOf(claimed.map((row) => row.event)));
    const results = await writeSentEvents(
      trx,
      ctx,
      now,
      claimed.map((row) => ({ move: row.actor, event: row.event })),
    );
    const outcomes: InboxOutcome[] = claimed.map((row, index) => {
      const result = results[index]!;
      return {
        id: row.id,
        status: result.status === 'accepted' ? 'failed' : result.status,
        // Paths name the event by its place in the worker's batch, which means nothing to the sender.
        errors:
          result.status === 'rejected'
            ? result.errors.map((e) => ({ ...e, path: e.path.replace(/^\/events\/\d+/, '') || '/' }))
            : null,
      };
    });
    await finishInbox(trx, claimed, outcomes);
    return claimed.length;
  });
}

export interface EventStatus {
  eventId: string;
  status: InboxStatus;
  errors: { path: string; message: string }[];
  receivedAt: Date | null;
  processedAt: Date | null;
  personId: string | null;
}

/** Where an event stands: waiting, stored (with whom it was attributed to), duplicate, rejected, failed. */
export async function eventStatus(ctx: Ctx, eventId: string): Promise<EventStatus | undefined> {
  const [entry, touchpoint] = await Promise.all([
    findInboxEntry(ctx.db, eventId),
    ctx.db
      .selectFrom('touchpoints')
      .select(['person_id', 'received_at'])
      .where('event_id', '=', eventId)
      .executeTakeFirst(),
  ]);
  if (!entry && !touchpoint) return undefined;
  return {
    eventId,
    status: entry?.status ?? 'stored',
    errors: entry?.errors ?? [],
    receivedAt: entry?.receivedAt ?? touchpoint?.received_at ?? null,
    processedAt: entry?.processedAt ?? touchpoint?.received_at ?? null,
    personId: touchpoint?.person_id ?? null,
  };
}

export interface InboxWorker {
  stop(): Promise<void>;
}

/**
 * Drains the inbox in the background of a server process: at once when this process accepts
 * events, and every `idleMs` for events accepted by other processes or left by a crash.
 */
export function startInboxWorker(
  ctx: Ctx,
  options: { idleMs?: number; batch?: number; passes?: number | undefined } = {},
): InboxWorker {
  const idleMs = options.idleMs ?? 1_000;
  let stopped = false;
  const signal = signalOf(ctx.db);
  const resumes = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (signal.pending || stopped) {
        signal.pending = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        signal.waiters.delete(done);
        resumes.delete(done);
        resolve();
      }
      resumes.add(done);
      signal.waiters.add(done);
    });
  // Passes side by side (they claim different events): one waits on the database while the
  // other computes, as concurrent synchronous requests did. On PGlite, one connection: one pass.
  const passes = options.passes ?? (ctx.storeKind === 'postgres' ? 2 : 1);
  // Each pass takes its share of the shards, so that every pass has work and every shard's
  // events are taken at the next pass.
  const shards = Math.ceil(INBOX_SHARDS / passes);
  const loop = async () => {
    while (!stopped) {
      let taken = 0;
      try {
        taken = await processInbox(ctx, options.batch ?? INBOX_BATCH, shards);
      } catch (error) {
        ctx.log.error({ err: error }, 'event inbox: worker pass failed');
        await pause(idleMs);
        continue;
      }
      if (taken === 0) await pause(idleMs);
    }
  };
  const loops = Array.from({ length: passes }, loop);
  return {
    async stop() {
      stopped = true;
      for (const resume of [...resumes]) resume();
      await Promise.all(loops);
    },
  };
}
