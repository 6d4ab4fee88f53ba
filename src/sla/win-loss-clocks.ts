import type { IdGenerator } from '../core/index.js';
import type { Db, Trx } from '../store/index.js';
import { calendarFor } from './clock-calendar.js';
import { dueAt } from './clock-model.js';
import { type ClockRow, findOpenClockOf, insertClock, stopOpenClock, toClock } from './clock-store.js';
import type { ClockPolicy } from './policies.js';

/**
 * Clocks about a closed opportunity's win/loss feedback (seed 001, Sales SLA to Marketing:
 * "Win/loss feedback: reason recorded for every closed-won and closed-lost within 48 hours").
 * The feedback capability starts one when a deal closes without its full record and stops it
 * when the record is complete; the sweeper breaches and escalates it like any other. The
 * default agreement lists no policy for it, so the seed's 48 hours apply, counted as two
 * business days of the owner's calendar (a deal lost on Friday evening is due on Tuesday
 * evening); an agreement that has a `win_loss_feedback` policy sets its own duration.
 */
export const WIN_LOSS_POLICY = 'win_loss_feedback';
export const WIN_LOSS_POLICY_NAME = 'Win/loss reason recorded within 48 hours of the close';

export const DEFAULT_WIN_LOSS_WITHIN: ClockPolicy['within'] = { amount: 2, unit: 'business_days' };

/** The agreement's duration for win/loss feedback if it has one, else the seed's 48 hours. */
export function winLossWithin(policies: readonly ClockPolicy[]): ClockPolicy['within'] {
  return policies.find((p) => p.id === WIN_LOSS_POLICY)?.within ?? DEFAULT_WIN_LOSS_WITHIN;
}

/** When the feedback of a deal closed at `closedAt` is due, in the owner's business calendar. */
export async function winLossDueAt(
  trx: Trx,
  ownerUserId: string | null,
  closedAt: Date,
  within: ClockPolicy['within'],
): Promise<Date> {
  const calendar = await calendarFor(trx, ownerUserId);
  return dueAt(
    {
      id: WIN_LOSS_POLICY,
      name: WIN_LOSS_POLICY_NAME,
      side: 'sales',
      startsOn: 'customer',
      stopsOn: 'none',
      within,
      accountable: 'owner',
    },
    closedAt,
    calendar,
  );
}

export interface StartWinLossClock {
  opportunityId: string;
  agreementVersion: number;
  closedAt: Date;
  dueAt: Date;
  ownerUserId: string | null;
}

export async function startWinLossClock(
  trx: Trx,
  ids: IdGenerator,
  input: StartWinLossClock,
  now: Date,
): Promise<ClockRow> {
  const clock: ClockRow = {
    id: ids.next('clk'),
    policy: WIN_LOSS_POLICY,
    personId: null,
    contentRequestId: null,
    opportunityId: input.opportunityId,
    agreementVersion: input.agreementVersion,
    startedAt: input.closedAt,
    dueAt: input.dueAt,
    stoppedAt: null,
    status: 'running',
    breachedAt: null,
    accountableUserId: input.ownerUserId,
    escalationLevel: 0,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgement: null,
  };
  await insertClock(trx, clock, now);
  return clock;
}

/** The opportunity's open win/loss clock (running, or breached and not yet stopped), locked. */
export function findWinLossClock(trx: Trx, opportunityId: string): Promise<ClockRow | undefined> {
  return findOpenClockOf(trx, { opportunityId, policy: WIN_LOSS_POLICY });
}

/** Stops the open clock at `at`: in time is met, late (or already breached) stays breached. */
export async function stopWinLossClock(
  trx: Trx,
  opportunityId: string,
  at: Date,
): Promise<ClockRow | undefined> {
  const clock = await findWinLossClock(trx, opportunityId);
  if (!clock) return undefined;
  return stopOpenClock(trx, clock, at);
}

/** The opportunity's latest win/loss clock, whatever its status (for reading). */
export async function latestWinLossClock(db: Db | Trx, opportunityId: string): Promise<ClockRow | undefined> {
  const row = await db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('opportunity_id', '=', opportunityId)
    .where('policy', '=', WIN_LOSS_POLICY)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toClock(row);
}
