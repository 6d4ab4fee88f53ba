import { DateTime } from 'luxon';
import { ConflictError, type FieldIssue, isCalendarDay } from '../core/index.js';

/**
 * Content requests from sales to marketing as pure rules (seed 001, Feedback Loops,
 * "Sales-to-Marketing Content Requests"): the seed's table of request types and turnaround
 * targets, the due instant each type's target gives, and the queue's status transitions.
 */

export interface RequestTypeRule {
  type: string;
  /** The seed's table, word for word. */
  requestType: string;
  turnaroundTarget: string;
  format: string;
  /** What the turnaround counts from: the request, the product release, or the event. */
  anchor: 'requested' | 'release' | 'event';
  /** Business weeks (5 business days each) from the anchor; negative: before it. */
  targetWeeks: number;
  /** The end of a range target ("3-4 weeks"): the clock breaches after it. */
  dueWeeks: number;
}

/** Seed 001, Sales-to-Marketing Content Requests. */
export const REQUEST_TYPES = [
  {
    type: 'objection_handling',
    requestType: 'Objection-handling content',
    turnaroundTarget: '1 week',
    format: 'One-pager, email snippet, or talk track',
    anchor: 'requested',
    targetWeeks: 1,
    dueWeeks: 1,
  },
  {
    type: 'competitive_battlecard',
    requestType: 'Competitive battlecard',
    turnaroundTarget: '2 weeks',
    format: 'Structured comparison document',
    anchor: 'requested',
    targetWeeks: 2,
    dueWeeks: 2,
  },
  {
    type: 'vertical_case_study',
    requestType: 'Case study for specific vertical/use case',
    turnaroundTarget: '3-4 weeks',
    format: 'Full case study with customer approval',
    anchor: 'requested',
    targetWeeks: 3,
    dueWeeks: 4,
  },
  {
    type: 'product_update_positioning',
    requestType: 'Product update positioning',
    turnaroundTarget: '1 week from release',
    format: 'Messaging document + email template',
    anchor: 'release',
    targetWeeks: 1,
    dueWeeks: 1,
  },
  {
    type: 'event_support',
    requestType: 'Event/webinar support',
    turnaroundTarget: '3 weeks before event',
    format: 'Landing page, email sequence, social posts',
    anchor: 'event',
    targetWeeks: -3,
    dueWeeks: -3,
  },
] as const satisfies readonly RequestTypeRule[];

export type RequestType = (typeof REQUEST_TYPES)[number]['type'];
export const REQUEST_TYPE_IDS = REQUEST_TYPES.map((r) => r.type) as unknown as readonly [
  RequestType,
  ...RequestType[],
];

export const BUSINESS_DAYS_PER_WEEK = 5;

export function requestTypeRule(type: string): RequestTypeRule | undefined {
  return REQUEST_TYPES.find((r) => r.type === type);
}

export const REQUEST_STATUSES = ['open', 'in_progress', 'delivered', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface ContentRequest {
  id: string;
  type: RequestType;
  title: string;
  details: string | null;
  requesterUserId: string;
  ownerUserId: string | null;
  status: RequestStatus;
  persona: string | null;
  competitor: string | null;
  opportunityId: string | null;
  /** The release day (product update) or the event day (event support). */
  anchorOn: string | null;
  requestedAt: Date;
  /** The seed's target (the start of a range); `dueAt` is its end, when the clock breaches. */
  targetAt: Date;
  dueAt: Date;
  assetId: string | null;
  deliveredAt: Date | null;
  declineReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The release or event day must be given for the types counted from it, and only for them. */
export function checkAnchor(
  rule: RequestTypeRule,
  anchorOn: string | null | undefined,
): FieldIssue | undefined {
  if (rule.anchor === 'requested')
    return anchorOn
      ? { path: '/anchorOn', message: `a ${rule.type} request counts from the request: give no date` }
      : undefined;
  if (!anchorOn)
    return {
      path: '/anchorOn',
      message: `is required: the ${rule.anchor} day the ${rule.type} turnaround counts from`,
    };
  if (!isCalendarDay(anchorOn))
    return { path: '/anchorOn', message: `"${anchorOn}" is not a date (YYYY-MM-DD)` };
  return undefined;
}

/** Where a type's turnaround counts from: the request instant, or the start of the anchor day in the calendar's zone. */
export function anchorInstant(
  rule: RequestTypeRule,
  requestedAt: Date,
  anchorOn: string | null,
  timeZone: string,
): Date {
  if (rule.anchor === 'requested' || anchorOn === null) return requestedAt;
  return DateTime.fromISO(anchorOn, { zone: timeZone }).startOf('day').toJSDate();
}

/**
 * The target and due instants of a request, `weeks` of 5 business days from its anchor in the
 * accountable calendar (`addBusinessDays` of sla, passed in so this stays a pure rule).
 */
export function requestDue(
  rule: RequestTypeRule,
  anchor: Date,
  addBusinessDays: (start: Date, n: number) => Date,
): { targetAt: Date; dueAt: Date } {
  return {
    targetAt: addBusinessDays(anchor, rule.targetWeeks * BUSINESS_DAYS_PER_WEEK),
    dueAt: addBusinessDays(anchor, rule.dueWeeks * BUSINESS_DAYS_PER_WEEK),
  };
}

export type RequestAction = 'start' | 'reopen' | 'deliver' | 'decline';

const MOVES: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  start: { from: ['open'], to: 'in_progress' },
  reopen: { from: ['in_progress'], to: 'open' },
  deliver: { from: ['open', 'in_progress'], to: 'delivered' },
  decline: { from: ['open', 'in_progress'], to: 'declined' },
};

const PAST: Record<RequestAction, string> = {
  start: 'started',
  reopen: 'reopened',
  deliver: 'delivered',
  decline: 'declined',
};

/** The queue's transitions: delivered and declined are final. */
export function nextStatus(current: RequestStatus, action: RequestAction): RequestStatus {
  const move = MOVES[action];
  if (!move.from.includes(current))
    throw new ConflictError(
      `A ${current.replace('_', ' ')} content request cannot be ${PAST[action]}`,
      'request_status',
      { status: current, action },
    );
  return move.to;
}

/** Delivered by the due instant counts as on time (the clock's `met`). */
export function onTime(request: Pick<ContentRequest, 'deliveredAt' | 'dueAt'>): boolean | null {
  return request.deliveredAt === null ? null : request.deliveredAt.getTime() <= request.dueAt.getTime();
}
