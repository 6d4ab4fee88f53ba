import { DAY, HOUR } from '../core/index.js';
import { addBusinessDays, addBusinessTime, type BusinessCalendar } from './business-calendar.js';
import type { ClockPolicy, ClockStart, ClockStop, EscalationStep } from './policies.js';

/**
 * SLA clocks as pure rules: which stored events start and stop which clocks, when a clock is
 * due in its accountable person's business hours, and which escalation steps are due.
 */

/** A stored event, as the clocks read it. */
export type ClockEvent =
  | { kind: 'stage'; personId: string; at: Date; from: string | null; to: string }
  | { kind: 'routed'; personId: string; at: Date; ownerUserId: string; trigger: string }
  | { kind: 'touch'; personId: string; at: Date; userId: string };

/** What an event means for the clocks: the starts it triggers and the stops. */
export function meaning(event: ClockEvent): { starts: ClockStart[]; stops: ClockStop[] } {
  if (event.kind === 'routed') return { starts: ['routed'], stops: ['routed'] };
  if (event.kind === 'touch') return { starts: [], stops: ['first_touch'] };
  const starts: ClockStart[] = [];
  const stops: ClockStop[] = [];
  const { from, to } = event;
  if (to === 'mql') starts.push('mql');
  if (to === 'sql') starts.push('sql');
  if (to === 'customer') starts.push('customer');
  if (to === 'opportunity') stops.push('opportunity');
  // Seed 001: "100% of MQLs marked as accepted, disqualified, or recycled".
  // An answer is also a contact: "MQL to SQL: sales rep accepts and makes first contact".
  if ((from === 'mql' || from === 'tql') && ['sql', 'disqualified', 'nurture', 'opportunity'].includes(to))
    stops.push('dispositioned', 'first_touch');
  // A lead that leaves the sales queue no longer waits to be routed or touched.
  if (['disqualified', 'nurture', 'lead'].includes(to)) stops.push('routed', 'first_touch');
  return { starts, stops: [...new Set(stops)] };
}

/** When a clock started at `start` is due, in the accountable person's business calendar. */
export function dueAt(policy: ClockPolicy, start: Date, calendar: BusinessCalendar): Date {
  const { amount, unit } = policy.within;
  switch (unit) {
    case 'hours':
      return new Date(start.getTime() + amount * HOUR);
    case 'days':
      return new Date(start.getTime() + amount * DAY);
    case 'business_hours':
      return addBusinessTime(calendar, start, { ms: amount * HOUR });
    case 'business_days':
      return addBusinessDays(calendar, start, amount);
  }
}

/** Late commits land within this grace: a clock is not breached until it has passed too. */
/** The first of `instants` (oldest first) at or after `since`: when a stop already stored ends a new clock. */
export function firstAtOrAfter(instants: readonly Date[] | undefined, since: Date): Date | null {
  return instants?.find((at) => at.getTime() >= since.getTime()) ?? null;
}

export const BREACH_GRACE_MS = 60_000;

export function isBreached(due: Date, now: Date): boolean {
  return due.getTime() + BREACH_GRACE_MS <= now.getTime();
}

/**
 * The escalation steps due for a breach at `now`, beyond those already sent (`level`): after
 * downtime several may be due at once, and each is sent once.
 */
export function escalationsDue(
  steps: readonly EscalationStep[],
  breachedAt: Date,
  level: number,
  now: Date,
): { level: number; step: EscalationStep }[] {
  const sorted = [...steps].sort((a, b) => a.afterHours - b.afterHours);
  return sorted
    .map((step, i) => ({ level: i + 1, step }))
    .filter(
      ({ level: l, step }) => l > level && breachedAt.getTime() + step.afterHours * HOUR <= now.getTime(),
    );
}
