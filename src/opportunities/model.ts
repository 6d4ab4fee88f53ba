import {
  ConflictError,
  type FieldIssue,
  isCalendarDay,
  isCurrency,
  type Money,
  ValidationError,
} from '../core/index.js';

/** The default pipeline; the two closed stages are reached only by closing. */
export const OPPORTUNITY_STAGES = [
  'discovery',
  'qualification',
  'solution',
  'proposal',
  'negotiation',
  'closed_won',
  'closed_lost',
] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export const OPEN_STAGES = [
  'discovery',
  'qualification',
  'solution',
  'proposal',
  'negotiation',
] as const satisfies readonly OpportunityStage[];
export type OpenStage = (typeof OPEN_STAGES)[number];

export const OUTCOMES = ['won', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Opportunity {
  id: string;
  name: string;
  accountId: string | null;
  /** The primary contact. */
  personId: string | null;
  ownerUserId: string | null;
  campaignId: string | null;
  source: string | null;
  stage: OpportunityStage;
  amount: Money;
  /** Expected close day while open (`YYYY-MM-DD`). */
  closeDate: string | null;
  nextStep: string | null;
  /** Null while open. */
  outcome: Outcome | null;
  closedAt: Date | null;
  closeReason: string | null;
  competitor: string | null;
  winningFactor: string | null;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a caller may set; on update, absent means unchanged and null clears. */
export interface OpportunityFields {
  name: string;
  accountId: string | null;
  personId: string | null;
  ownerUserId: string | null;
  campaignId: string | null;
  source: string | null;
  stage: string;
  amount: Money;
  closeDate: string | null;
  nextStep: string | null;
  externalId: string | null;
}

export interface CloseInput {
  outcome: string;
  reason?: string | null | undefined;
  competitor?: string | null | undefined;
  winningFactor?: string | null | undefined;
  closedAt?: Date | string | undefined;
}

export interface Closing {
  stage: 'closed_won' | 'closed_lost';
  outcome: Outcome;
  closedAt: Date;
  closeReason: string | null;
  competitor: string | null;
  winningFactor: string | null;
}

export function isOpenStage(value: string): value is OpenStage {
  return (OPEN_STAGES as readonly string[]).includes(value);
}

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

export function isOpen(opportunity: Pick<Opportunity, 'outcome'>): boolean {
  return opportunity.outcome === null;
}

function text(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const t = value.trim();
  return t === '' ? null : t;
}

const TEXT_FIELDS = [
  'accountId',
  'personId',
  'ownerUserId',
  'campaignId',
  'source',
  'nextStep',
  'externalId',
] as const;

/** Checks and normalises the fields present in `input`; every broken rule names its path. */
export function normalizeOpportunityFields(input: Partial<OpportunityFields>): {
  value: Partial<OpportunityFields>;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  const value: Partial<OpportunityFields> = { ...input };
  if (input.name !== undefined) {
    value.name = input.name.trim();
    if (value.name === '') issues.push({ path: '/name', message: 'must not be empty' });
  }
  if (input.stage !== undefined && !isOpenStage(input.stage)) {
    issues.push({
      path: '/stage',
      message: input.stage.startsWith('closed_')
        ? 'an opportunity is closed with POST /v1/opportunities/{id}/close, which records the outcome and reason'
        : `must be one of ${OPEN_STAGES.join(', ')}`,
    });
  }
  if (input.amount !== undefined) {
    if (!Number.isSafeInteger(input.amount.cents) || input.amount.cents < 0) {
      issues.push({ path: '/amount/cents', message: 'must be a whole number of cents, 0 or more' });
    }
    if (typeof input.amount.currency !== 'string' || !isCurrency(input.amount.currency)) {
      issues.push({
        path: '/amount/currency',
        message: 'must be an ISO 4217 code of three upper-case letters, e.g. USD',
      });
    }
  }
  if (input.closeDate !== undefined && input.closeDate !== null && !isCalendarDay(input.closeDate)) {
    issues.push({ path: '/closeDate', message: `"${input.closeDate}" is not a date (YYYY-MM-DD)` });
  }
  for (const key of TEXT_FIELDS) if (input[key] !== undefined) value[key] = text(input[key]) ?? null;
  return { value, issues };
}

/**
 * How an open opportunity closes: won or lost, when, and why. A lost deal needs its reason
 * (win/loss feedback to marketing is worthless without it); a deal closes once.
 */
export function closeOpportunity(
  opportunity: Pick<Opportunity, 'id' | 'outcome'>,
  input: CloseInput,
  now: Date,
): Closing {
  if (!isOpen(opportunity)) {
    throw new ConflictError(
      `Opportunity ${opportunity.id} is already closed (${opportunity.outcome})`,
      'already_closed',
      {
        outcome: opportunity.outcome,
      },
    );
  }
  const issues: FieldIssue[] = [];
  if (!isOutcome(input.outcome))
    issues.push({ path: '/outcome', message: `must be one of ${OUTCOMES.join(', ')}` });
  const reason = text(input.reason) ?? null;
  if (input.outcome === 'lost' && reason === null)
    issues.push({ path: '/reason', message: 'a lost opportunity needs the reason it was lost' });
  let closedAt = now;
  if (input.closedAt !== undefined) {
    closedAt = input.closedAt instanceof Date ? input.closedAt : new Date(input.closedAt);
    if (Number.isNaN(closedAt.getTime()))
      issues.push({ path: '/closedAt', message: `"${String(input.closedAt)}" is not a date-time` });
    else if (closedAt.getTime() > now.getTime())
      issues.push({ path: '/closedAt', message: 'must not be in the future' });
  }
  if (issues.length > 0) throw new ValidationError('The opportunity cannot be closed like this', issues);
  const outcome = input.outcome as Outcome;
  return {
    stage: outcome === 'won' ? 'closed_won' : 'closed_lost',
    outcome,
    closedAt,
    closeReason: reason,
    competitor: text(input.competitor) ?? null,
    winningFactor: text(input.winningFactor) ?? null,
  };
}
