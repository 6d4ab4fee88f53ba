import { request } from 'undici';
import type { Ctx } from '../app.js';
import { isDelivered, MAX_ATTEMPTS, renderBody, retryDelayMs, signPayload } from './model.js';
import * as store from './store.js';

/**
 * A slice's attempts, sent side by side. Its outcomes are recorded once all have answered, so
 * a receiver that hangs holds the slice up to `DELIVERY_TIMEOUT_MS`: at ten a slice (and a
 * slice every ~80 ms while there is more) one receiver took ~130 a second, fewer than the
 * leads routed at 200 a second, and the backlog grew (bench/README.md, routing).
 */
export const DELIVERY_BATCH = 100;
/**
 * At most this many of one receiver's deliveries a slice, the first due of each: one
 * receiver's backlog (a CRM down for an hour) does not hold back the others' deliveries,
 * and no receiver gets more than this many requests at once.
 */
export const DELIVERY_PER_RECEIVER = 25;
/** A receiver that has not answered in this time has failed the attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/**
 * A claimed delivery is not due again before this, so a process that died mid-attempt
 * leaves it to be retried, never lost (the receiver dedupes by `Servio-Delivery`).
 */
export const CLAIM_LEASE_MS = 5 * 60_000;
/**
 * How long a slice waits for its attempts. It then records those that have answered and
 * returns; the others are recorded when their receivers answer or time out, and until then
 * this process claims nothing more of those receivers (`settleDeliveries` waits for them). A
 * receiver that hangs held its whole slice, and every other receiver's next deliveries, for
 * up to `DELIVERY_TIMEOUT_MS`.
 */
export const DELIVERY_SETTLE_MS = 2_000;
/** How much of a failing receiver's answer the delivery log keeps. */
const EXCERPT_CHARS = 300;

export interface DeliveryOptions {
  limit?: number;
  perReceiver?: number;
  timeoutMs?: number;
  settleMs?: number;
  /** The jitter source, in [0, 1). */
  random?: () => number;
}

export interface DeliveryRun {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
  /** Attempts still waiting for their receivers when the slice returned (recorded later). */
  unsettled: number;
  /** The batch was full: more may be due now. */
  more: boolean;
}

/** Per process and store: the recording of each receiver's unsettled attempts, by subscription. */
const unsettledByCtx = new WeakMap<Ctx, Map<string, Promise<void>>>();

function unsettledOf(ctx: Ctx): Map<string, Promise<void>> {
  const unsettled = unsettledByCtx.get(ctx) ?? new Map<string, Promise<void>>();
  unsettledByCtx.set(ctx, unsettled);
  return unsettled;
}

/** Waits until every attempt this process has made is recorded (before the store closes). */
export async function settleDeliveries(ctx: Ctx): Promise<void> {
  await Promise.all(unsettledByCtx.get(ctx)?.values() ?? []);
}

/**
 * Sends the deliveries due at `now`: claims them in one statement (none of a receiver this
 * process still waits for), POSTs them concurrently without holding a connection (on PGlite a
 * held connection would stall the API), and records the outcomes of those answered within
 * `settleMs` in one statement, the others' once they have answered or timed out (until then a
 * claimed delivery is leased, never sent twice).
 */
export async function deliverDue(ctx: Ctx, now: Date, options: DeliveryOptions = {}): Promise<DeliveryRun> {
  const limits = {
    total: options.limit ?? DELIVERY_BATCH,
    perReceiver: options.perReceiver ?? DELIVERY_PER_RECEIVER,
  };
  const unsettled = unsettledOf(ctx);
  const claimed = await store.claimDueDeliveries(
    ctx.db,
    now,
    { ...limits, skipReceivers: [...unsettled.keys()] },
    new Date(now.getTime() + CLAIM_LEASE_MS),
  );
  const answered = new Map<string, store.AttemptRecord>();
  const all = Promise.all(
    claimed.map(async (c) => {
      const record = await attempt(
        ctx,
        c,
        options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
        options.random ?? Math.random,
      );
      answered.set(record.id, record);
      return record;
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    all,
    new Promise((resolve) => {
      timer = setTimeout(resolve, options.settleMs ?? DELIVERY_SETTLE_MS);
    }),
  ]);
  clearTimeout(timer);
  const records = [...answered.values()];
  await record(ctx, claimed, records);

  // Answered while the others were being recorded, or not yet: recorded with the last to answer.
  const recordedIds = new Set(records.map((r) => r.id));
  const late = claimed.filter((c) => !recordedIds.has(c.id));
  if (late.length > 0) {
    const receivers = new Set(late.map((c) => c.subscriptionId));
    const lateIds = new Set(late.map((c) => c.id));
    const recorded: Promise<void> = all
      .then((outcomes) =>
        record(
          ctx,
          late,
          outcomes.filter((r) => lateIds.has(r.id)),
        ),
      )
      .catch((error: unknown) => ctx.log.error({ err: error }, 'recording webhook attempts failed'))
      .finally(() => {
        for (const receiver of receivers)
          if (unsettled.get(receiver) === recorded) unsettled.delete(receiver);
      });
    for (const receiver of receivers) unsettled.set(receiver, recorded);
  }

  const count = (status: string) => records.filter((r) => r.outcome.status === status).length;
  return {
    claimed: claimed.length,
    delivered: count('delivered'),
    failed: count('failed'),
    dead: count('dead'),
    unsettled: late.length,
    more: claimed.length === limits.total || hasFullReceiver(claimed, limits.perReceiver),
  };
}

/** Records the attempts' outcomes (one statement) and logs the deliveries that gave up. */
async function record(
  ctx: Ctx,
  claimed: readonly store.ClaimedDelivery[],
  records: readonly store.AttemptRecord[],
): Promise<void> {
  await store.recordAttempts(ctx.db, records);
  for (const { id, outcome } of records) {
    if (outcome.status !== 'dead') continue;
    const { url } = claimed.find((c) => c.id === id)!;
    ctx.log.warn(
      { delivery: id, url, error: outcome.error },
      `webhook delivery dead after ${MAX_ATTEMPTS} attempts`,
    );
  }
}

/** Some receiver had as many deliveries claimed as a slice takes of one: it may have more due. */
function hasFullReceiver(claimed: readonly store.ClaimedDelivery[], perReceiver: number): boolean {
  const counts = new Map<string, number>();
  for (const { subscriptionId } of claimed) {
    const count = (counts.get(subscriptionId) ?? 0) + 1;
    if (count === perReceiver) return true;
    counts.set(subscriptionId, count);
  }
  return false;
}

async function attempt(
  ctx: Ctx,
  claimed: store.ClaimedDelivery,
  timeoutMs: number,
  random: () => number,
): Promise<store.AttemptRecord> {
  const body = renderBody(claimed.format, claimed.entry, claimed.id);
  const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    // undici's `request`, not `fetch`: half the CPU a delivery cost the worker (bench/README.md,
    // routing). It follows no redirect: a 3xx is the receiver's answer, not a delivery.
    const response = await request(claimed.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Servio-Align-Webhooks/1',
        'servio-delivery': claimed.id,
        'servio-event': claimed.entry.type,
        'servio-timestamp': String(timestamp),
        'servio-signature': signPayload(claimed.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    statusCode = response.statusCode;
    const excerpt = await readExcerpt(response.body);
    if (!isDelivered(statusCode)) error = `HTTP ${statusCode}${excerpt ? `: ${excerpt}` : ''}`;
  } catch (caught) {
    error = describeFailure(caught, timeoutMs);
  }

  const at = ctx.clock.now();
  const delay = retryDelayMs(claimed.attempt, random());
  const outcome: store.AttemptOutcome =
    error === null
      ? { status: 'delivered', statusCode, error: null, nextAttemptAt: null, at }
      : delay === undefined
        ? { status: 'dead', statusCode, error, nextAttemptAt: null, at }
        : { status: 'failed', statusCode, error, nextAttemptAt: new Date(at.getTime() + delay), at };
  return { id: claimed.id, attempt: claimed.attempt, outcome };
}

/** The start of the answer, for the log; the rest is discarded unread. */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= EXCERPT_CHARS) break;
    }
  } catch {
    // the status code is what counts; a body cut short changes nothing
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS).trim();
}

/** `ECONNREFUSED connect ECONNREFUSED 127.0.0.1:9`, `timed out after 10000 ms`. */
function describeFailure(caught: unknown, timeoutMs: number): string {
  if (caught instanceof Error && (caught.name === 'TimeoutError' || caught.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  // A socket's error, or an error that wraps it as its cause.
  const failure = caught as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const { code, message } = failure.cause?.message ? failure.cause : failure;
  if (message) return code ? `${code}: ${message}` : message;
  return String(caught);
}
