import { ConflictError } from '../core/index.js';
import type { IdGenerator } from '../core/index.js';
import type { Trx } from '../store/index.js';
import { type ClockRow, findOpenClockOf, insertClock, stopOpenClock, toClock } from './clock-store.js';

/**
 * Clocks about a content request rather than a person (seed 001, Sales-to-Marketing Content
 * Requests: each request type has a turnaround target). The content capability computes the
 * due instant and starts the clock; the sweeper breaches it and escalates it like any other,
 * and delivery stops it. The agreement's policies do not list it: its due comes from the
 * request type, not from a policy duration.
 */
export const CONTENT_REQUEST_POLICY = 'content_request';
export const CONTENT_REQUEST_POLICY_NAME = 'Content request delivered within its turnaround target';

export interface StartRequestClock {
  contentRequestId: string;
  agreementVersion: number;
  startedAt: Date;
  dueAt: Date;
  /** Marketing's owner of the request; null while nobody has taken it. */
  accountableUserId: string | null;
}

export async function startRequestClock(
  trx: Trx,
  ids: IdGenerator,
  input: StartRequestClock,
  now: Date,
): Promise<ClockRow> {
  const clock: ClockRow = {
    id: ids.next('clk'),
    policy: CONTENT_REQUEST_POLICY,
    personId: null,
    contentRequestId: input.contentRequestId,
    opportunityId: null,
    agreementVersion: input.agreementVersion,
    startedAt: input.startedAt,
    dueAt: input.dueAt,
    stoppedAt: null,
    status: 'running',
    breachedAt: null,
    accountableUserId: input.accountableUserId,
    escalationLevel: 0,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgement: null,
  };
  await insertClock(trx, clock, now);
  return clock;
}

/** The request's open clock (running, or breached and not yet stopped), locked. */
export function findRequestClock(trx: Trx, contentRequestId: string): Promise<ClockRow | undefined> {
  return findOpenClockOf(trx, { contentRequestId });
}

/**
 * Stops the request's open clock at `at`: delivered in time is met, a breach stays breached
 * (stopped, so the escalation chain ends), a declined request cancels it.
 */
export async function stopRequestClock(
  trx: Trx,
  contentRequestId: string,
  at: Date,
  outcome: 'delivered' | 'declined',
): Promise<ClockRow | undefined> {
  const clock = await findRequestClock(trx, contentRequestId);
  if (!clock) return undefined;
  return stopOpenClock(trx, clock, at, outcome === 'declined');
}

/**
 * A new owner answers for the open clock (the escalation chain is theirs); a new due (the
 * event moved) re-times a clock still running. A breached clock keeps its due: the breach
 * happened.
 */
export async function updateRequestClock(
  trx: Trx,
  contentRequestId: string,
  change: { accountableUserId?: string | null; dueAt?: Date },
): Promise<ClockRow | undefined> {
  const clock = await findRequestClock(trx, contentRequestId);
  if (!clock) return undefined;
  if (change.dueAt && clock.status !== 'running' && change.dueAt.getTime() !== clock.dueAt.getTime())
    throw new ConflictError(
      `The turnaround clock of content request ${contentRequestId} is already ${clock.status}: its due no longer moves`,
      'clock_not_running',
      { status: clock.status },
    );
  const row = await trx
    .updateTable('sla_clocks')
    .set({
      ...(change.accountableUserId !== undefined && { accountable_user_id: change.accountableUserId }),
      ...(change.dueAt !== undefined && { due_at: change.dueAt }),
    })
    .where('id', '=', clock.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toClock(row);
}
