import { type FieldIssue, MINUTE } from '../core/index.js';

/** A sales touch: what a rep did (or received) with a person, an account or a deal. */
export const SALES_ACTIVITY_TYPES = ['call', 'email', 'meeting', 'linkedin', 'sms', 'other'] as const;
export type SalesActivityType = (typeof SALES_ACTIVITY_TYPES)[number];

export const ACTIVITY_DIRECTIONS = ['outbound', 'inbound'] as const;
export type ActivityDirection = (typeof ACTIVITY_DIRECTIONS)[number];

/**
 * The outcomes each type may record; `other` takes any snake_case word. The SLA clocks and
 * the dispositions read these, so a typo ("conected") is refused rather than stored.
 */
export const ACTIVITY_OUTCOMES = {
  call: ['connected', 'voicemail', 'no_answer', 'wrong_number', 'busy', 'meeting_booked'],
  email: ['sent', 'replied', 'bounced'],
  meeting: ['held', 'no_show', 'rescheduled', 'cancelled'],
  linkedin: ['sent', 'replied', 'accepted'],
  sms: ['sent', 'replied', 'failed'],
  other: null,
} as const satisfies Record<SalesActivityType, readonly string[] | null>;

/** A clock a few minutes ahead of ours (a phone dialer, a CRM) is not "the future". */
export const FUTURE_TOLERANCE_MS = 5 * MINUTE;
/** A day: a longer call or meeting is a typo. */
export const MAX_DURATION_SECONDS = 86_400;

export interface SalesActivity {
  id: string;
  type: SalesActivityType;
  direction: ActivityDirection;
  outcome: string | null;
  occurredAt: Date;
  personId: string | null;
  accountId: string | null;
  opportunityId: string | null;
  /** The rep who made or received the touch. */
  userId: string | null;
  subject: string | null;
  notes: string | null;
  durationSeconds: number | null;
  externalId: string | null;
  createdAt: Date;
}

export interface SalesActivityInput {
  type: string;
  /** Default outbound. */
  direction?: string | undefined;
  outcome?: string | null | undefined;
  /** Default now. */
  occurredAt?: Date | string | undefined;
  personId?: string | null | undefined;
  /** Default: the person's account, else the opportunity's. */
  accountId?: string | null | undefined;
  opportunityId?: string | null | undefined;
  /** Default: the calling rep. */
  userId?: string | null | undefined;
  subject?: string | null | undefined;
  notes?: string | null | undefined;
  durationSeconds?: number | null | undefined;
  /** The id in the dialer, mailbox or CRM: logging it twice returns the first activity. */
  externalId?: string | null | undefined;
}

/** A checked input, text trimmed and defaults applied (the references still need the store). */
export interface NormalizedActivity {
  type: SalesActivityType;
  direction: ActivityDirection;
  outcome: string | null;
  occurredAt: Date;
  personId: string | null;
  accountId: string | null;
  opportunityId: string | null;
  userId: string | null;
  subject: string | null;
  notes: string | null;
  durationSeconds: number | null;
  externalId: string | null;
}

export function isSalesActivityType(value: string): value is SalesActivityType {
  return (SALES_ACTIVITY_TYPES as readonly string[]).includes(value);
}

export function isDirection(value: string): value is ActivityDirection {
  return (ACTIVITY_DIRECTIONS as readonly string[]).includes(value);
}

/** Whether `outcome` is one that a `type` of activity records. */
export function outcomeAllowed(type: SalesActivityType, outcome: string): boolean {
  const allowed: readonly string[] | null = ACTIVITY_OUTCOMES[type];
  return allowed === null ? /^[a-z][a-z0-9_]{0,49}$/.test(outcome) : allowed.includes(outcome);
}

function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** Checks one activity against the rules that need no store; every issue names its path. */
export function normalizeActivity(
  input: SalesActivityInput,
  now: Date,
): { value?: NormalizedActivity; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const type = input.type;
  if (!isSalesActivityType(type))
    issues.push({ path: '/type', message: `must be one of ${SALES_ACTIVITY_TYPES.join(', ')}` });
  const direction = input.direction ?? 'outbound';
  if (!isDirection(direction))
    issues.push({ path: '/direction', message: `must be one of ${ACTIVITY_DIRECTIONS.join(', ')}` });
  const outcome = text(input.outcome);
  if (outcome !== null && isSalesActivityType(type) && !outcomeAllowed(type, outcome)) {
    const allowed = ACTIVITY_OUTCOMES[type];
    issues.push({
      path: '/outcome',
      message: allowed
        ? `a ${type} has one of the outcomes ${allowed.join(', ')}`
        : 'must be a snake_case word',
    });
  }
  let occurredAt = now;
  if (input.occurredAt !== undefined) {
    occurredAt = input.occurredAt instanceof Date ? input.occurredAt : new Date(input.occurredAt);
    if (Number.isNaN(occurredAt.getTime())) {
      issues.push({ path: '/occurredAt', message: `"${String(input.occurredAt)}" is not a date-time` });
    } else if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      issues.push({ path: '/occurredAt', message: 'is in the future: log a touch once it has happened' });
    }
  }
  const duration = input.durationSeconds ?? null;
  if (duration !== null && (!Number.isInteger(duration) || duration < 0 || duration > MAX_DURATION_SECONDS)) {
    issues.push({
      path: '/durationSeconds',
      message: `must be a whole number of seconds from 0 to ${MAX_DURATION_SECONDS}`,
    });
  }
  const personId = text(input.personId);
  const accountId = text(input.accountId);
  const opportunityId = text(input.opportunityId);
  if (personId === null && accountId === null && opportunityId === null) {
    issues.push({
      path: '/personId',
      message: 'an activity is with a person, an account or an opportunity: give at least one',
    });
  }
  if (issues.length > 0) return { issues };
  return {
    issues,
    value: {
      type: type as SalesActivityType,
      direction: direction as ActivityDirection,
      outcome,
      occurredAt,
      personId,
      accountId,
      opportunityId,
      userId: text(input.userId),
      subject: text(input.subject),
      notes: text(input.notes),
      durationSeconds: duration,
      externalId: text(input.externalId),
    },
  };
}
