import { DateTime } from 'luxon';
import { DAY, type FieldIssue, ValidationError } from '../core/index.js';

/**
 * Dispositions and the re-queue rules as pure logic (seed 001, Sales SLA to Marketing:
 * "Disposition every MQL: accepted, disqualified, or recycled"; "Reason code required for
 * every rejected MQL"; Re-Queue Conditions; "Minimum 6 touches over 14 days").
 */

export const DISPOSITION_OUTCOMES = ['accepted', 'disqualified', 'recycled'] as const;
export type DispositionOutcome = (typeof DISPOSITION_OUTCOMES)[number];

/** Seed 001, Re-Queue Conditions, one value a row. */
export const REQUEUE_KINDS = ['no_response', 'bad_timing', 'wrong_persona', 'needs_education'] as const;
export type RequeueKind = (typeof REQUEUE_KINDS)[number];

export const REQUEUE_LABELS: Record<RequeueKind, string> = {
  no_response: 'Sales cannot reach after the agreed attempts: back to marketing nurture',
  bad_timing:
    'Interested but timing is wrong (6+ months out): long-term nurture with a re-engagement reminder',
  wrong_persona: 'Qualified but wrong persona: routed to the correct sales team/segment',
  needs_education: 'Needs more education: back to marketing with content recommendations from sales',
};

/** Stages a lead is dispositioned from: sales has it and has not yet answered. */
export const DISPOSABLE_STAGES = ['mql', 'tql'] as const;

export interface DispositionRequest {
  outcome: string;
  reasonCode?: string | undefined;
  requeue?: string | undefined;
  notes?: string | undefined;
  remindAt?: Date | undefined;
  contentRecommendations?: string[] | undefined;
  routeTo?: { rule?: string | undefined; userId?: string | undefined } | undefined;
}

export type Disposition =
  | { outcome: 'accepted'; notes: string | null }
  | { outcome: 'disqualified'; reasonCode: string; notes: string | null }
  | { outcome: 'recycled'; requeue: 'no_response'; notes: string | null }
  | { outcome: 'recycled'; requeue: 'bad_timing'; remindAt: Date | null; notes: string | null }
  | {
      outcome: 'recycled';
      requeue: 'wrong_persona';
      routeTo: { rule: string | null; userId: string | null };
      notes: string | null;
    }
  | {
      outcome: 'recycled';
      requeue: 'needs_education';
      contentRecommendations: string[];
      notes: string | null;
    };

/** Checks a disposition against the agreement's reason codes; every problem names its field. */
export function parseDisposition(
  request: DispositionRequest,
  dqCodes: readonly { code: string; reason: string }[],
  now: Date,
): Disposition {
  const issues: FieldIssue[] = [];
  const notes = request.notes?.trim() || null;
  const codes = dqCodes.map((c) => c.code);
  switch (request.outcome) {
    case 'accepted':
      return { outcome: 'accepted', notes };
    case 'disqualified': {
      if (!request.reasonCode)
        issues.push({
          path: '/reasonCode',
          message: `is required to disqualify: one of ${codes.join(', ')}`,
        });
      else if (!codes.includes(request.reasonCode))
        issues.push({
          path: '/reasonCode',
          message: `${request.reasonCode} is not a reason code of the agreement (${codes.join(', ')})`,
        });
      if (issues.length > 0) throw new ValidationError('A disqualification needs a reason code', issues);
      return { outcome: 'disqualified', reasonCode: request.reasonCode!, notes };
    }
    case 'recycled':
      break;
    default:
      throw ValidationError.field('/outcome', `must be one of ${DISPOSITION_OUTCOMES.join(', ')}`);
  }
  switch (request.requeue) {
    case 'no_response':
      return { outcome: 'recycled', requeue: 'no_response', notes };
    case 'bad_timing':
      if (request.remindAt && request.remindAt <= now)
        throw ValidationError.field('/remindAt', 'must be in the future');
      return { outcome: 'recycled', requeue: 'bad_timing', remindAt: request.remindAt ?? null, notes };
    case 'wrong_persona':
      return {
        outcome: 'recycled',
        requeue: 'wrong_persona',
        routeTo: { rule: request.routeTo?.rule ?? null, userId: request.routeTo?.userId ?? null },
        notes,
      };
    case 'needs_education': {
      const recommendations = (request.contentRecommendations ?? []).map((c) => c.trim()).filter(Boolean);
      if (recommendations.length === 0)
        throw ValidationError.field(
          '/contentRecommendations',
          'is required when a lead needs more education: say which content marketing should send',
        );
      return {
        outcome: 'recycled',
        requeue: 'needs_education',
        contentRecommendations: recommendations,
        notes,
      };
    }
    case undefined:
      throw ValidationError.field('/requeue', `is required to recycle: one of ${REQUEUE_KINDS.join(', ')}`);
    default:
      throw ValidationError.field('/requeue', `must be one of ${REQUEUE_KINDS.join(', ')}`);
  }
}

export interface Cadence {
  /** Since when touches count: the lead's latest entry into the MQL stage. */
  since: Date;
  touches: number;
  required: number;
  overDays: number;
  firstTouchAt: Date | null;
  lastTouchAt: Date | null;
  /** Days from the first touch to now. */
  spanDays: number;
  /** The agreed cadence is complete: a no-contact recycle is allowed. */
  satisfied: boolean;
  remainingTouches: number;
  /** When the span requirement is met (first touch + overDays), if touches have started. */
  spanCompleteAt: Date | null;
}

/** Seed 001: "Minimum 6 touches over 14 days before disqualifying" for no contact. */
export function cadenceOf(
  touches: readonly Date[],
  since: Date,
  policy: { minTouches: number; overDays: number },
  now: Date,
): Cadence {
  const sorted = touches.filter((t) => t >= since && t <= now).sort((a, b) => a.getTime() - b.getTime());
  const first = sorted[0] ?? null;
  const last = sorted.at(-1) ?? null;
  const spanDays = first ? Math.floor((now.getTime() - first.getTime()) / DAY) : 0;
  const spanCompleteAt = first ? new Date(first.getTime() + policy.overDays * DAY) : null;
  return {
    since,
    touches: sorted.length,
    required: policy.minTouches,
    overDays: policy.overDays,
    firstTouchAt: first,
    lastTouchAt: last,
    spanDays,
    satisfied: sorted.length >= policy.minTouches && spanCompleteAt !== null && spanCompleteAt <= now,
    remainingTouches: Math.max(0, policy.minTouches - sorted.length),
    spanCompleteAt,
  };
}

/** Why a no-contact recycle is refused, in words a rep can act on. */
export function cadenceShortfall(cadence: Cadence): string {
  const parts: string[] = [];
  if (cadence.remainingTouches > 0)
    parts.push(`${cadence.touches} of ${cadence.required} touches made (${cadence.remainingTouches} to go)`);
  if (!cadence.spanCompleteAt) parts.push(`no touch yet; the cadence runs over ${cadence.overDays} days`);
  else if (cadence.spanDays < cadence.overDays)
    parts.push(
      `${cadence.spanDays} of ${cadence.overDays} days since the first touch (complete at ${cadence.spanCompleteAt.toISOString()})`,
    );
  return `The agreed follow-up cadence is not complete: ${parts.join('; ')}`;
}

/** The default re-engagement date for "timing is wrong": N months out, in the rep's time zone. */
export function defaultReminder(now: Date, months: number, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone })
    .plus({ months })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}
