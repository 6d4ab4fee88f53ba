import type { Principal } from '../access/index.js';
import { type ActiveAgreement, getActiveAgreement, routingPolicyOf } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { type Coalescer, coalescer, ValidationError } from '../core/index.js';
import { type Db, type Trx, bindReferenceCache, withDeadlockRetry } from '../store/index.js';
import { type MoveBy, moveByPrincipal } from '../lifecycle/index.js';
import { routeAfterChanges } from '../routing/index.js';
import { activeModel, type CreatedPerson, type EventRecord, scorePeople } from '../scoring/index.js';
import { findVisitorPeople, identifyVisitors, resolvePeople, type ResolveRequest } from '../people/index.js';
import {
  type EventOutcome,
  type IngestSummary,
  MAX_BATCH,
  parseEvent,
  summarize,
  type TouchpointEvent,
} from './model.js';
import {
  existingIds,
  insertTouchpoints,
  markUnsubscribed,
  type TouchpointToStore,
  upsertVisitors,
} from './store.js';

/** A batch after validation: the outcome of every event known so far, and the events still to store. */
export interface ValidatedBatch {
  results: EventOutcome[];
  valid: { index: number; event: TouchpointEvent }[];
}

/** Validates every event of a batch and drops repeats of an event id within it. */
export function validateBatch(rawEvents: unknown[], now: Date): ValidatedBatch {
  if (rawEvents.length > MAX_BATCH) {
    throw ValidationError.field(
      '/events',
      `holds ${rawEvents.length} events; send at most ${MAX_BATCH} per batch`,
    );
  }
  const results: EventOutcome[] = new Array(rawEvents.length);
  const valid: { index: number; event: TouchpointEvent }[] = [];
  const seenInBatch = new Set<string>();
  rawEvents.forEach((raw, index) => {
    const { event, issues } = parseEvent(raw, index, now);
    const eventId =
      typeof (raw as { eventId?: unknown })?.eventId === 'string'
        ? (raw as { eventId: string }).eventId
        : null;
    if (!event) results[index] = { eventId, status: 'rejected', errors: issues };
    else if (seenInBatch.has(event.eventId)) results[index] = { eventId, status: 'duplicate' };
    else {
      seenInBatch.add(event.eventId);
      valid.push({ index, event });
    }
  });
  return { results, valid };
}

/** Every visitor sighted in `events`, with their first and last sighting. */
export function sightingsOf(events: Iterable<TouchpointEvent>): Map<string, { first: Date; last: Date }> {
  const sightings = new Map<string, { first: Date; last: Date }>();
  for (const event of events) {
    if (!event.visitorId) continue;
    const s = sightings.get(event.visitorId);
    if (!s) sightings.set(event.visitorId, { first: event.occurredAt, last: event.occurredAt });
    else {
      if (event.occurredAt < s.first) s.first = event.occurredAt;
      if (event.occurredAt > s.last) s.last = event.occurredAt;
    }
  }
  return sightings;
}

/**
 * `POST /v1/events` (synchronous): validates each event, resolves who it belongs to, and
 * appends the touchpoints, all in one transaction: when the response says "stored", the event
 * is committed, scored and routed; invalid events are reported and do not stop the valid ones.
 *
 * Requests that arrive while earlier ones are being written are written together, in one
 * transaction of their own (`coalescer`): under load a new MQL shares the round trips and
 * the commit of a pass with the others that arrived meanwhile (bench/README.md), and alone it
 * is written at once, as before.
 */
export async function ingestEvents(
  ctx: Ctx,
  rawEvents: unknown[],
  principal: Principal,
): Promise<IngestSummary> {
  const { results, valid } = validateBatch(rawEvents, ctx.clock.now());
  if (valid.length === 0) return summarize(results);
  const written = await writerOf(ctx).submit({ valid, move: moveByPrincipal(principal) });
  valid.forEach(({ index }, i) => {
    results[index] = written[i]!;
  });
  return summarize(results);
}

/** One request's valid events, waiting to be written with whatever else arrives meanwhile. */
interface Submission {
  valid: { index: number; event: TouchpointEvent }[];
  move: MoveBy;
}

/** Events one coalesced write may hold (a request holds at most `MAX_BATCH`, and always fits). */
export const COALESCED_EVENTS = 2_000;

const writers = new WeakMap<Ctx, Coalescer<Submission, EventOutcome[]>>();

function writerOf(ctx: Ctx): Coalescer<Submission, EventOutcome[]> {
  let writer = writers.get(ctx);
  if (!writer) {
    writer = coalescer({
      // PGlite has one connection: a second transaction would only wait for it.
      maxInFlight: ctx.storeKind === 'postgres' ? COALESCED_WRITES : 1,
      maxWeight: COALESCED_EVENTS,
      weigh: (submission) => submission.valid.length,
      // The same event id twice in one write would be stored once and reported stored twice.
      keys: (submission) => submission.valid.map((v) => v.event.eventId),
      run: (batch) => writeSubmissions(ctx, batch),
    });
    writers.set(ctx, writer);
  }
  return writer;
}

/** How many coalesced writes this context has started (tests, metrics). */
export function coalescedWrites(ctx: Ctx): number {
  return writers.get(ctx)?.batches ?? 0;
}

/** Writes run side by side on PostgreSQL: one computes while the other waits on the database. */
export const COALESCED_WRITES = 2;

/** The outcomes of each submission's valid events, in order, written in one transaction. */
async function writeSubmissions(ctx: Ctx, batch: Submission[]): Promise<EventOutcome[][]> {
  const now = ctx.clock.now();
  // Every visitor sighted, before the batch reads who they are. Outside the batch transaction:
  // a sighting is harmless even if the batch then fails, and holding visitor rows locked for the
  // whole batch made concurrent batches queue (bench/README.md). On PostgreSQL it runs beside the
  // batch's first reads (identity), on a connection of its own; PGlite's one connection takes it first.
  const sighting = withDeadlockRetry(() =>
    upsertVisitors(ctx.db, sightingsOf(batch.flatMap((s) => s.valid.map((v) => v.event)))),
  );
  // Awaited inside the batch; a failure there fails the batch. Settled here so that a batch that
  // fails first leaves no rejection unheard.
  sighting.catch(() => {});
  if (ctx.storeKind !== 'postgres') await sighting;
  // The batch's events in one sequence; each outcome is then given back under its request's own index.
  const places: { submission: number; index: number }[] = [];
  const events: SentEvent[] = [];
  batch.forEach(({ valid, move }, submission) => {
    for (const { index, event } of valid) {
      events.push({ move, event });
      places.push({ submission, index });
    }
  });
  const results = await withDeadlockRetry(() =>
    ctx.db.transaction().execute((trx) => writeSentEvents(trx, ctx, now, events, sighting)),
  );
  const answers = batch.map((): EventOutcome[] => []);
  results.forEach((outcome, at) => {
    const { submission, index } = places[at]!;
    answers[submission]!.push(
      outcome.status === 'rejected'
        ? {
            ...outcome,
            errors: outcome.errors.map((e) => ({
              ...e,
              path: e.path.replace(/^\/events\/\d+/, `/events/${index}`),
            })),
          }
        : outcome,
    );
  });
  return answers;
}

/** A stored touchpoint as scoring reads it back. */
function eventRecordOf(event: TouchpointEvent): EventRecord {
  return {
    id: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    url: event.url ?? null,
    properties: event.properties,
  };
}

/** An event with who sent it. */
export interface SentEvent {
  move: MoveBy;
  event: TouchpointEvent;
}

/**
 * The events of a pass (a coalesced write, an inbox worker's batch) written in the caller's
 * transaction, after their visitors were sighted (or once `sighted` has settled, if the sighting
 * runs beside the pass's first reads): the reference data as of one version read,
 * then one `writeEvents` per sender (its role decides which funnel moves it may make), usually
 * one. Outcomes in the events' order; error paths name an event by its place in `events`.
 */
export async function writeSentEvents(
  trx: Trx,
  ctx: Ctx,
  now: Date,
  events: readonly SentEvent[],
  sighted?: Promise<unknown>,
): Promise<EventOutcome[]> {
  await bindReferenceCache(ctx.db, trx);
  const agreement = await getActiveAgreement(trx, ctx.clock);
  const bySender = new Map<string, { move: MoveBy; events: { index: number; event: TouchpointEvent }[] }>();
  events.forEach(({ move, event }, index) => {
    const key = JSON.stringify(move);
    const group = bySender.get(key) ?? { move, events: [] };
    group.events.push({ index, event });
    bySender.set(key, group);
  });
  const outcomes: EventOutcome[] = new Array(events.length);
  const apart = apartFrom(ctx, trx);
  for (const group of bySender.values())
    await writeEvents(trx, ctx, { agreement, now, move: group.move, apart, sighted }, group.events, outcomes);
  return outcomes;
}

export interface WriteContext {
  agreement: ActiveAgreement;
  now: Date;
  /** Who moves people through the funnel when an event identifies them. */
  move: MoveBy;
  /** Where writes that may commit apart from the batch go (new company accounts): see `apartFrom`. */
  apart: Db | Trx;
  /** The sighting of the batch's visitors, if it is still running: settled before visitors are read. */
  sighted?: Promise<unknown> | undefined;
}

/**
 * The pool on PostgreSQL, so that what may commit on its own does not hold rows locked
 * until the batch commits (concurrent batches waited on each other's new accounts for most
 * of their time: bench/README.md); the transaction itself on PGlite, whose one connection
 * the transaction holds.
 */
export function apartFrom(ctx: Ctx, trx: Trx): Db | Trx {
  return ctx.storeKind === 'postgres' ? ctx.db : trx;
}

/**
 * The work behind a stored event, in the caller's transaction and after its visitors were
 * sighted: identity (creating people, linking visitors), the touchpoints, scoring, and the
 * routing of whoever became an MQL. Fills in `results` for every event of `valid`.
 */
export async function writeEvents(
  trx: Trx,
  ctx: Ctx,
  { agreement, now, move, apart, sighted }: WriteContext,
  valid: { index: number; event: TouchpointEvent }[],
  results: EventOutcome[],
): Promise<void> {
  const scoring = activeModel(agreement.version, agreement.document.scoring);
  const reject = (index: number, eventId: string, path: string, message: string) => {
    results[index] = {
      eventId,
      status: 'rejected',
      errors: [{ path: `/events/${index}${path}`, message }],
    };
  };
  // Who each event belongs to: email (creating the person), explicit person id, or a known visitor.
  const withEmail = valid.filter((v) => v.event.email);
  const requests: ResolveRequest[] = withEmail.map(({ index, event }) => ({
    input: { email: event.email!, ...event.person },
    visitorIds: event.visitorId ? [event.visitorId] : [],
    at: `/events/${index}/person`,
  }));
  // Every visitor id of the batch was just sighted, so identity need not look them up.
  const resolutions = await resolvePeople(trx, ctx.ids, now, requests, move, {
    visitorsSighted: true,
    accountsDb: apart,
  });
  const owner = new Map<number, { personId: string | null; accountId: string | null }>();
  const links: { visitorId: string; personId: string }[] = [];
  const created = new Map<string, CreatedPerson & { events: EventRecord[] }>();
  withEmail.forEach(({ index, event }, i) => {
    const resolution = resolutions[i]!;
    if (!resolution.ok) {
      results[index] = { eventId: event.eventId, status: 'rejected', errors: resolution.issues };
      return;
    }
    if (resolution.createdAs) created.set(resolution.personId, { ...resolution.createdAs, events: [] });
    owner.set(index, { personId: resolution.personId, accountId: resolution.accountId });
    if (event.visitorId) links.push({ visitorId: event.visitorId, personId: resolution.personId });
  });

  const people = await existingIds(trx, 'people', [
    ...new Set(valid.flatMap((v) => (v.event.personId && !v.event.email ? [v.event.personId] : []))),
  ]);
  const campaigns = await existingIds(trx, 'campaigns', [
    ...new Set(valid.flatMap((v) => (v.event.campaignId ? [v.event.campaignId] : []))),
  ]);
  // One lookup for every visitor of the batch: who each is known as now, then the links
  // made below on top (only visitors who turn out to be someone new need linking). Their rows
  // must exist to be locked: the sighting has committed first.
  await sighted;
  const visitors = await findVisitorPeople(trx, [
    ...new Set(
      valid.flatMap((v) =>
        v.event.visitorId && (v.event.email || !v.event.personId) ? [v.event.visitorId] : [],
      ),
    ),
  ]);
  const relinked = links.filter((l) => visitors.get(l.visitorId) !== l.personId);
  // Someone given a visitor's earlier touchpoints has a history beyond this write's.
  for (const personId of await identifyVisitors(trx, relinked, now)) created.delete(personId);
  for (const l of relinked) visitors.set(l.visitorId, l.personId);
  // The accounts of the people this batch resolved are known; only earlier links are read.
  const resolved = new Map<string, string | null>();
  for (const { personId, accountId } of owner.values()) if (personId) resolved.set(personId, accountId);
  const visitorAccounts = await existingIds(
    trx,
    'people',
    [...new Set(visitors.values())].filter((id) => !resolved.has(id)),
  );
  for (const [personId, accountId] of resolved) visitorAccounts.set(personId, accountId);

  const rows: TouchpointToStore[] = [];
  const unsubscribes: string[] = [];
  for (const { index, event } of valid) {
    if (results[index]) continue;
    if (event.campaignId && !campaigns.has(event.campaignId)) {
      reject(index, event.eventId, '/campaignId', `no campaign ${event.campaignId}`);
      continue;
    }
    let who = owner.get(index);
    if (!who && event.personId) {
      if (!people.has(event.personId)) {
        reject(index, event.eventId, '/personId', `no person ${event.personId}`);
        continue;
      }
      who = { personId: event.personId, accountId: people.get(event.personId) ?? null };
    }
    if (!who && event.visitorId) {
      const personId = visitors.get(event.visitorId) ?? null;
      who = { personId, accountId: personId ? (visitorAccounts.get(personId) ?? null) : null };
    }
    rows.push({ event, personId: who?.personId ?? null, accountId: who?.accountId ?? null });
    if (event.type === 'unsubscribe' && who?.personId) unsubscribes.push(who.personId);
  }

  const stored = await insertTouchpoints(trx, rows, now);
  await markUnsubscribed(trx, unsubscribes, now);
  for (const personId of unsubscribes) created.delete(personId);
  // Scoring is incremental and in the same transaction: a stored event is a scored event. The
  // people this write created are scored from the touchpoints it stored for them, their whole history.
  const touched: string[] = [];
  for (const { event, personId } of rows) {
    if (!personId || !stored.has(event.eventId)) continue;
    touched.push(personId);
    created.get(personId)?.events.push(eventRecordOf(event));
  }
  const scored = await scorePeople(trx, scoring, [...touched, ...unsubscribes], now, 'events', created);
  // A new MQL reaches its owner in the same commit (seed 001: "MQLs routed within 1 hour").
  await routeAfterChanges(
    trx,
    {
      ids: ctx.ids,
      now,
      policy: routingPolicyOf(agreement),
      actorType: 'system',
      actorId: null,
    },
    { qualified: scored.qualified, touched },
  );
  for (const { index, event } of valid) {
    if (results[index]) continue;
    results[index] = {
      eventId: event.eventId,
      status: stored.has(event.eventId) ? 'stored' : 'duplicate',
    };
  }
}
