import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { publish, publishMany } from '../notify/index.js';
import { calendarFor } from './clock-calendar.js';
import { calendarsForUsers } from './calendar-service.js';
import type { BusinessCalendar } from './business-calendar.js';
import {
  type ClockEvent,
  dueAt,
  escalationsDue,
  firstAtOrAfter,
  isBreached,
  BREACH_GRACE_MS,
  meaning,
} from './clock-model.js';
import {
  type ClockRow,
  claimAndMarkDue,
  type DueClock,
  claimEvents,
  claimOpenBreaches,
  findEscalationChain,
  findOwners,
  insertClocks,
  listRunning,
  listStopsSince,
  markSeen,
  setEscalationLevel,
  stopClocks,
  type ClockStopToSave,
} from './clock-store.js';
import type { ClockPolicy, ClockStop, SlaSection } from './policies.js';
import { CONTENT_REQUEST_POLICY, CONTENT_REQUEST_POLICY_NAME } from './request-clocks.js';
import { WIN_LOSS_POLICY, WIN_LOSS_POLICY_NAME } from './win-loss-clocks.js';

/** What a notice names: the person, or the content request a clock is about. */
const subjectOf = (c: {
  personId: string | null;
  contentRequestId: string | null;
  opportunityId: string | null;
}) =>
  c.personId ??
  (c.contentRequestId ? `content request ${c.contentRequestId}` : `opportunity ${c.opportunityId}`);

const EVENT_SLICE = 500;
const DUE_SLICE = 10000;

/**
 * Takes one slice of unseen stored events into account: starts the clocks they start (due in
 * the accountable user's business hours), stops those they stop, and marks them seen, all in
 * one transaction. A clock whose stop is already stored starts stopped (met or late).
 */
export async function processClockEvents(ctx: Ctx, _now: Date, limit = EVENT_SLICE): Promise<number> {
  const { version, document } = await getActiveAgreement(ctx.db, ctx.clock);
  const sla: SlaSection = document.sla;
  return ctx.db.transaction().execute(async (trx) => {
    const { events, marks } = await claimEvents(trx, limit);
    const people = [...new Set(events.map((e) => e.personId))];
    // The slice's people's open clocks in one read, kept current below as events start and stop
    // them; their owners and the stops already stored, each in one read (this job writes none of them).
    const running = await listRunning(
      trx,
      people,
      sla.policies.map((p) => p.id),
    );
    const since = events[0]?.at ?? ctx.clock.now();
    const stopsSince = await listStopsSince(
      trx,
      people,
      sla.policies.map((p) => p.stopsOn),
      since,
    );
    const owners = sla.policies.some((p) => p.accountable === 'owner')
      ? await findOwners(trx, people)
      : new Map();
    // Each accountable user's calendar read and compiled once a slice, not once an event: the
    // owners' all in one read up front (one read a user was a round trip each), anyone else's
    // when first needed.
    const calendars = new Map<string | null, Promise<BusinessCalendar>>();
    const owning = [...new Set([...owners.values()].filter((u): u is string => u !== null))];
    if (owning.length > 0)
      for (const [userId, found] of await calendarsForUsers(trx, owning))
        calendars.set(userId, Promise.resolve(found));
    const calendar = (userId: string | null) => {
      let found = calendars.get(userId);
      if (!found) {
        found = calendarFor(trx, userId);
        calendars.set(userId, found);
      }
      return found;
    };
    const slice: Slice = { running, stopsSince, owners, calendar, inserts: new Map(), stops: [] };
    for (const event of events) await apply(ctx, version, sla.policies, event, slice);
    // What the slice decided, written at once: a clock started and stopped within it is
    // inserted stopped.
    await insertClocks(trx, [...slice.inserts.values()], ctx.clock.now());
    await stopClocks(trx, slice.stops);
    await markSeen(trx, marks);
    return marks.stages.length + marks.routes.length + marks.touches.length;
  });
}

/** A slice of clock events in progress: its people's open clocks, calendars, and the writes it decided. */
interface Slice {
  running: Map<string, ClockRow[]>;
  /** Stops stored at or after the slice's first event, by kind and person, oldest first. */
  stopsSince: Map<ClockStop, Map<string, Date[]>>;
  owners: Map<string, string | null>;
  calendar: (userId: string | null) => Promise<BusinessCalendar>;
  inserts: Map<string, ClockRow>;
  stops: ClockStopToSave[];
}

async function apply(ctx: Ctx, version: number, policies: ClockPolicy[], event: ClockEvent, slice: Slice) {
  const { running } = slice;
  const { starts, stops } = meaning(event);
  const open = running.get(event.personId) ?? [];
  running.set(event.personId, open);
  const take = (policyIds: string[], started: (clock: ClockRow) => boolean) => {
    const taken = open.filter((c) => policyIds.includes(c.policy) && started(c));
    for (const clock of taken) open.splice(open.indexOf(clock), 1);
    return taken;
  };
  // Stops first: a re-route stops the previous owner's clocks before the new owner's start.
  const stopping = policies.filter((p) => stops.includes(p.stopsOn)).map((p) => p.id);
  const stop = (clock: ClockRow, status: ClockStopToSave['status'], breachedAt: Date | null) => {
    const pending = slice.inserts.get(clock.id);
    if (!pending) {
      slice.stops.push({ id: clock.id, at: event.at, status, breachedAt });
      return;
    }
    pending.stoppedAt = event.at;
    pending.status = status;
    pending.breachedAt ??= breachedAt;
  };
  for (const clock of take(stopping, (c) => c.startedAt <= event.at)) {
    // Late is late, whether or not a sweep passed between the due time and the stop.
    const late = clock.status === 'breached' || isBreached(clock.dueAt, event.at);
    stop(clock, late ? 'breached' : 'met', late ? clock.dueAt : null);
  }
  if (event.kind === 'routed' && event.trigger !== 'mql') {
    // A lead handed to someone else: the new owner's clocks replace the previous owner's.
    const handed = policies.filter((p) => p.startsOn === 'routed').map((p) => p.id);
    for (const clock of take(handed, () => true)) stop(clock, 'cancelled', null);
  }
  for (const policy of policies.filter((p) => starts.includes(p.startsOn))) {
    const accountable =
      policy.accountable === 'revops'
        ? null
        : event.kind === 'routed'
          ? event.ownerUserId
          : (slice.owners.get(event.personId) ?? null);
    const calendar = await slice.calendar(policy.accountable === 'owner' ? accountable : null);
    const due = dueAt(policy, event.at, calendar);
    const stoppedAt = firstAtOrAfter(slice.stopsSince.get(policy.stopsOn)?.get(event.personId), event.at);
    const clock: ClockRow = {
      id: ctx.ids.next('clk'),
      policy: policy.id,
      personId: event.personId,
      contentRequestId: null,
      opportunityId: null,
      agreementVersion: version,
      startedAt: event.at,
      dueAt: due,
      stoppedAt,
      status: stoppedAt ? (stoppedAt <= due ? 'met' : 'breached') : 'running',
      breachedAt: stoppedAt && stoppedAt > due ? due : null,
      accountableUserId: accountable,
      escalationLevel: 0,
      acknowledgedAt: null,
      acknowledgedBy: null,
      acknowledgement: null,
    };
    slice.inserts.set(clock.id, clock);
    if (clock.status === 'running') open.push(clock);
  }
}

/**
 * Marks running clocks past due as breached (at their due instant, exactly once: claimed
 * with SKIP LOCKED, status changed in the same transaction), and fires reminder clocks
 * (`stopsOn: none`, e.g. the advocate check). One notification each.
 */
export async function markBreaches(ctx: Ctx, now: Date, limit = DUE_SLICE): Promise<number> {
  const { document } = await getActiveAgreement(ctx.db, ctx.clock);
  const reminders = new Set(document.sla.policies.filter((p) => p.stopsOn === 'none').map((p) => p.id));
  const names = new Map(document.sla.policies.map((p) => [p.id, p.name]));
  names.set(CONTENT_REQUEST_POLICY, CONTENT_REQUEST_POLICY_NAME);
  names.set(WIN_LOSS_POLICY, WIN_LOSS_POLICY_NAME);
  return ctx.db.transaction().execute(async (trx) => {
    const due = await claimAndMarkDue(trx, new Date(now.getTime() - BREACH_GRACE_MS), limit, [...reminders]);
    // One notice per accountable person and kind a slice, listing their clocks: a sweep after
    // downtime may breach thousands, and a rep wants one message, not a hundred.
    const notices = new Map<string, DueClock[]>();
    for (const c of due) {
      const key = `${c.status === 'fired' ? `sla.${c.policy}` : 'sla.breached'}|${c.accountableUserId ?? ''}`;
      const list = notices.get(key) ?? [];
      list.push(c);
      notices.set(key, list);
    }
    await publishMany(
      trx,
      ctx.ids,
      now,
      [...notices].map(([key, clocks]) => {
        const [type, userId] = key.split('|') as [string, string];
        const first = clocks[0]!;
        const what = (c: DueClock) =>
          `${names.get(c.policy) ?? c.policy} for ${subjectOf(c)} (due ${c.dueAt.toISOString()})`;
        return {
          type,
          text:
            type === 'sla.breached'
              ? clocks.length === 1
                ? `SLA breached: ${what(first)}`
                : `${clocks.length} SLA breaches: ${clocks.slice(0, 5).map(what).join('; ')}${clocks.length > 5 ? '; ...' : ''}`
              : `${names.get(first.policy) ?? first.policy}: ${clocks
                  .map(subjectOf)
                  .slice(0, 5)
                  .join(', ')}${clocks.length > 5 ? ', ...' : ''} due`,
          subject: { personId: clocks.length === 1 ? first.personId : null, userId: userId || null },
          data: {
            count: clocks.length,
            clocks: clocks.map((c) => ({
              id: c.id,
              policy: c.policy,
              personId: c.personId,
              ...(c.contentRequestId && { contentRequestId: c.contentRequestId }),
              ...(c.opportunityId && { opportunityId: c.opportunityId }),
              dueAt: c.dueAt,
              startedAt: c.startedAt,
            })),
          },
        };
      }),
    );
    return due.length;
  });
}

/**
 * Seed 001's escalation chain: an open breach (not stopped, not acknowledged) goes to the
 * team lead, then to the VP, each step once, at its hour after the breach.
 */
export async function escalateBreaches(ctx: Ctx, now: Date, limit = DUE_SLICE): Promise<number> {
  const { document } = await getActiveAgreement(ctx.db, ctx.clock);
  const steps = document.sla.escalation;
  if (steps.length === 0) return 0;
  const first = Math.min(...steps.map((s) => s.afterHours));
  const names = new Map(document.sla.policies.map((p) => [p.id, p.name]));
  names.set(CONTENT_REQUEST_POLICY, CONTENT_REQUEST_POLICY_NAME);
  names.set(WIN_LOSS_POLICY, WIN_LOSS_POLICY_NAME);
  return ctx.db.transaction().execute(async (trx) => {
    const open = await claimOpenBreaches(
      trx,
      new Date(now.getTime() - first * 3_600_000),
      steps.length,
      limit,
    );
    let sent = 0;
    for (const clock of open) {
      const due = escalationsDue(steps, clock.breachedAt!, clock.escalationLevel, now);
      if (due.length === 0) continue;
      const chain = await findEscalationChain(trx, clock.accountableUserId);
      for (const { level, step } of due) {
        const to = step.to === 'team_lead' ? chain.teamLead : chain.vp;
        await publish(trx, ctx.ids, now, {
          type: 'sla.escalated',
          text: `Escalated to the ${step.to === 'team_lead' ? 'team lead' : 'VP'}: ${names.get(clock.policy) ?? clock.policy} for ${subjectOf(clock)} breached ${clock.breachedAt!.toISOString()} and is still open`,
          subject: { personId: clock.personId, userId: to },
          data: { clock, level, to: step.to, userId: to },
        });
        sent++;
      }
      await setEscalationLevel(trx, clock.id, due.at(-1)!.level);
    }
    return sent;
  });
}

/** One pass of the sweeper: events in, breaches marked, escalations sent; true while work remains. */
export async function sweepClocks(
  ctx: Ctx,
  now: Date,
): Promise<{ events: number; breached: number; escalated: number }> {
  let events = 0;
  for (let n = await processClockEvents(ctx, now); n > 0; n = await processClockEvents(ctx, now)) events += n;
  const breached = await markBreaches(ctx, now);
  const escalated = await escalateBreaches(ctx, now);
  return { events, breached, escalated };
}

export type { ClockRow };
