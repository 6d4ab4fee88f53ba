import { ConflictError, ForbiddenError, ValidationError } from '../core/index.js';

/**
 * The shared funnel (seed 001, Funnel Stage Definitions) with the telequalified and
 * sales-accepted steps of the six-steps guide, plus the two ways out of the funnel.
 */
export const STAGES = [
  'visitor',
  'lead',
  'mql',
  'tql',
  'sql',
  'opportunity',
  'customer',
  'advocate',
  'nurture',
  'disqualified',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  visitor: 'Visitor',
  lead: 'Lead',
  mql: 'MQL (Marketing Qualified Lead)',
  tql: 'TQL (Telequalified Lead)',
  sql: 'SQL (Sales Accepted / Qualified Lead)',
  opportunity: 'Opportunity',
  customer: 'Customer',
  advocate: 'Advocate',
  nurture: 'Nurture (recycled)',
  disqualified: 'Disqualified',
};

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/** Who moves a person: the automation, or a caller by the role of their key. */
export type Actor = 'system' | 'admin' | 'revops' | 'marketing' | 'sales_manager' | 'sales_rep';

/** Seed 001, Disqualification Reason Codes. */
export const DQ_CODES = {
  'DQ-01': { reason: 'No budget', marketingAction: 'Nurture with ROI content; re-engage next fiscal year' },
  'DQ-02': {
    reason: 'No authority (wrong persona)',
    marketingAction: 'Refine targeting criteria and lead scoring',
  },
  'DQ-03': {
    reason: "No need (problem doesn't exist)",
    marketingAction: 'Review content targeting; tighten ICP definition',
  },
  'DQ-04': { reason: 'Bad timing (> 6 months)', marketingAction: 'Long-term nurture sequence' },
  'DQ-05': {
    reason: 'Competitor chosen',
    marketingAction: 'Feed to competitive intelligence; review positioning',
  },
  'DQ-06': {
    reason: 'Bad data (wrong contact info, spam)',
    marketingAction: 'Audit lead sources; tighten form validation',
  },
  'DQ-07': { reason: 'Too small / not ICP', marketingAction: 'Adjust scoring; consider self-serve path' },
} as const;
export type DqCode = keyof typeof DQ_CODES;

export function isDqCode(value: string): value is DqCode {
  return Object.hasOwn(DQ_CODES, value);
}

export type Requirement = 'reason' | 'dq_code';

export interface TransitionRule {
  from: Stage;
  to: Stage;
  /** Who may make the move; admin and revops (the agreement's owners) may make every move. */
  actors: readonly Actor[];
  requires: readonly Requirement[];
  /** The trigger, in the seed's words where it has them. */
  trigger: string;
}

const SALES: Actor[] = ['sales_rep', 'sales_manager'];
const MARKETING: Actor[] = ['marketing'];

function rule(
  from: Stage,
  to: Stage,
  actors: Actor[],
  trigger: string,
  requires: Requirement[] = [],
): TransitionRule {
  return { from, to, actors, requires, trigger };
}

/**
 * The one transition table: a move not listed here is refused (409). Seed 001, Transition
 * Triggers, Re-Queue Conditions and Disqualification Reason Codes.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  rule('visitor', 'lead', ['system', ...MARKETING], 'Identifies themselves (form, signup, chat)'),
  rule('lead', 'mql', ['system', ...MARKETING], 'Reaches lead score threshold'),
  rule('lead', 'nurture', ['system', ...MARKETING], 'Not ready: nurture', ['reason']),
  rule('lead', 'disqualified', [...MARKETING, ...SALES], 'Disqualified with a reason code', ['dq_code']),
  rule('mql', 'tql', ['system', ...SALES], 'Telequalified by an SDR on first contact'),
  rule('mql', 'sql', ['system', ...SALES], 'Sales rep accepts and makes first contact'),
  rule('tql', 'sql', ['system', ...SALES], 'Sales accepts the telequalified lead'),
  rule('mql', 'lead', ['system', ...MARKETING], 'Score fell below the threshold before sales acted', [
    'reason',
  ]),
  rule(
    'mql',
    'nurture',
    ['system', ...SALES, ...MARKETING],
    'Recycled: cannot reach, wrong timing, needs education',
    ['reason'],
  ),
  rule('tql', 'nurture', ['system', ...SALES], 'Recycled after telequalification', ['reason']),
  rule('sql', 'nurture', ['system', ...SALES], 'Recycled after acceptance', ['reason']),
  rule('mql', 'disqualified', SALES, 'Rejected by sales with a reason code', ['dq_code']),
  rule('tql', 'disqualified', SALES, 'Rejected by sales with a reason code', ['dq_code']),
  rule('sql', 'disqualified', SALES, 'Rejected by sales with a reason code', ['dq_code']),
  rule('sql', 'opportunity', ['system', ...SALES], 'Discovery call completed, confirmed fit'),
  rule('opportunity', 'customer', ['system', ...SALES], 'Contract signed, payment processed'),
  rule('opportunity', 'nurture', ['system', ...SALES], 'Opportunity lost: back to nurture', ['reason']),
  rule('opportunity', 'disqualified', SALES, 'Opportunity lost and disqualified', ['dq_code']),
  rule(
    'customer',
    'advocate',
    ['system', ...MARKETING, 'sales_manager'],
    'Achieves success metrics + engagement signals',
  ),
  rule('nurture', 'mql', ['system', ...MARKETING], 'Re-enters the MQL queue when the score rises again'),
  rule('nurture', 'lead', ['system', ...MARKETING], 'Back to an active lead'),
  rule('nurture', 'disqualified', [...MARKETING, ...SALES], 'Disqualified with a reason code', ['dq_code']),
  rule('disqualified', 'lead', [], 'Reopened by the agreement owners', ['reason']),
];

/** Options of the agreement that shape the funnel (the TQL step is optional per agreement). */
export interface FunnelPolicy {
  tqlEnabled: boolean;
  /** The agreement's DQ codes; the seed's when absent. */
  dqCodes?: readonly string[];
}

export const DEFAULT_FUNNEL_POLICY: FunnelPolicy = { tqlEnabled: true };

export interface TransitionRequest {
  from: Stage;
  to: Stage;
  actor: Actor;
  reason?: string | undefined;
  reasonCode?: string | undefined;
}

export function findRule(
  from: Stage,
  to: Stage,
  policy: FunnelPolicy = DEFAULT_FUNNEL_POLICY,
): TransitionRule | undefined {
  if (!policy.tqlEnabled && (from === 'tql' || to === 'tql')) return undefined;
  return TRANSITIONS.find((r) => r.from === from && r.to === to);
}

export function mayMake(rule: TransitionRule, actor: Actor): boolean {
  return actor === 'admin' || actor === 'revops' || rule.actors.includes(actor);
}

/**
 * Decides a move: the rule that allows it, or the reason it is refused — 409 when the table
 * forbids the move, 403 when the actor may not make it, 422 when a requirement is missing.
 */
export function checkTransition(
  request: TransitionRequest,
  policy: FunnelPolicy = DEFAULT_FUNNEL_POLICY,
): TransitionRule {
  const { from, to, actor } = request;
  const found = findRule(from, to, policy);
  if (!found) {
    const allowed = TRANSITIONS.filter((r) => r.from === from && findRule(r.from, r.to, policy)).map(
      (r) => r.to,
    );
    throw new ConflictError(`A person cannot move from ${from} to ${to}`, 'transition_not_allowed', {
      from,
      to,
      allowed,
    });
  }
  if (!mayMake(found, actor)) {
    throw new ForbiddenError(`The ${actor} role may not move a person from ${from} to ${to}`, {
      from,
      to,
      allowedActors: found.actors.length > 0 ? found.actors : ['admin', 'revops'],
    });
  }
  const issues = [];
  if (found.requires.includes('dq_code')) {
    const codes = policy.dqCodes ?? Object.keys(DQ_CODES);
    if (!request.reasonCode)
      issues.push({
        path: '/reasonCode',
        message: `is required to move to ${to} (one of ${codes.join(', ')})`,
      });
    else if (!codes.includes(request.reasonCode))
      issues.push({ path: '/reasonCode', message: `must be one of ${codes.join(', ')}` });
  }
  if (found.requires.includes('reason') && !request.reason?.trim()) {
    issues.push({ path: '/reason', message: `is required to move from ${from} to ${to}` });
  }
  if (issues.length > 0)
    throw new ValidationError(`The move from ${from} to ${to} needs more information`, issues);
  return found;
}
