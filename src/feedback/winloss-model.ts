import { type FieldIssue, ValidationError } from '../core/index.js';

/**
 * Win/loss capture as pure rules (seed 001, closed-loop template: "OUTCOME: Won / Lost ...
 * COMPETITOR (if lost): [Who they chose]; WINNING FACTOR (if won): [What tipped the
 * decision]"; Sales SLA: "Reason recorded for every closed-won and closed-lost within 48
 * hours"). A record is complete when it has an agreed reason (free text beside it allowed),
 * the competitor when the deal was lost to one, and the winning factor when it was won.
 */

export type WinLossOutcome = 'won' | 'lost';

export interface AgreedReason {
  code: string;
  label: string;
}

/**
 * The agreed loss reasons, the usual close-lost picklist. `competitor` is seed 001's DQ-05
 * ("Competitor chosen: feed to competitive intelligence") for a deal, and asks for the name.
 */
export const LOSS_REASONS: readonly AgreedReason[] = [
  { code: 'price', label: 'Price' },
  { code: 'competitor', label: 'Chose competitor' },
  { code: 'no_decision', label: 'No decision' },
  { code: 'timing', label: 'Timing' },
  { code: 'missing_feature', label: 'Missing feature' },
  { code: 'budget_cut', label: 'Budget cut' },
  { code: 'other', label: 'Other' },
];

export const WIN_REASONS: readonly AgreedReason[] = [
  { code: 'product_fit', label: 'Product fit' },
  { code: 'value', label: 'Price / value' },
  { code: 'relationship', label: 'Relationship / champion' },
  { code: 'responsiveness', label: 'Speed and responsiveness' },
  { code: 'integration', label: 'Integration' },
  { code: 'other', label: 'Other' },
];

/** The DQ code whose leads the competitive view gathers beside the lost deals. */
export const COMPETITOR_DQ_CODE = 'DQ-05';

export function reasonsFor(outcome: WinLossOutcome): readonly AgreedReason[] {
  return outcome === 'won' ? WIN_REASONS : LOSS_REASONS;
}

const squash = (value: string) => value.trim().replace(/\s+/g, ' ');

/** The agreed reason a code, a label or DQ-05 names (any case), or undefined. */
export function matchReason(outcome: WinLossOutcome, value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const wanted = squash(value).toLowerCase();
  if (outcome === 'lost' && wanted === COMPETITOR_DQ_CODE.toLowerCase()) return 'competitor';
  return reasonsFor(outcome).find((r) => r.code === wanted || r.label.toLowerCase() === wanted)?.code;
}

export function reasonLabel(outcome: WinLossOutcome, code: string | null): string | null {
  if (code === null) return null;
  return reasonsFor(outcome).find((r) => r.code === code)?.label ?? code;
}

/** A competitor's name as shown (inner whitespace squashed) and its key: "Acme " and "acme" are one. */
export function competitorName(value: string | null | undefined): { name: string; key: string } | null {
  if (value === null || value === undefined) return null;
  const name = squash(value);
  return name === '' ? null : { name, key: name.toLowerCase() };
}

export interface WinLossFields {
  reasonCode: string | null;
  reasonText: string | null;
  competitor: string | null;
  winningFactor: string | null;
  notes: string | null;
}

export interface WinLossRecord extends WinLossFields {
  opportunityId: string;
  outcome: WinLossOutcome;
  closedAt: Date;
  dueAt: Date;
  complete: boolean;
  /** When the record first became complete. */
  completedAt: Date | null;
  recordedBy: string | null;
  recordedAt: Date | null;
}

/** What a close already said, read as a win/loss record: a reason that is no agreed one stays as text. */
export function fieldsFromClose(
  outcome: WinLossOutcome,
  close: { reason: string | null; competitor: string | null; winningFactor: string | null },
): WinLossFields {
  const reasonCode = matchReason(outcome, close.reason) ?? null;
  return {
    reasonCode,
    reasonText: reasonCode === null ? text(close.reason) : null,
    competitor: competitorName(close.competitor)?.name ?? null,
    winningFactor: text(close.winningFactor),
    notes: null,
  };
}

/** The fields a complete record still lacks, as JSON pointers of the record body. */
export function missingFields(outcome: WinLossOutcome, f: WinLossFields): string[] {
  const missing: string[] = [];
  if (f.reasonCode === null) missing.push('/reasonCode');
  else if (f.reasonCode === 'other' && f.reasonText === null) missing.push('/reasonText');
  if (outcome === 'lost' && f.reasonCode === 'competitor' && f.competitor === null)
    missing.push('/competitor');
  if (outcome === 'won' && f.winningFactor === null) missing.push('/winningFactor');
  return missing;
}

const MESSAGES: Record<string, (outcome: WinLossOutcome) => string> = {
  '/reasonCode': (o) =>
    `is required: one of ${reasonsFor(o)
      .map((r) => r.code)
      .join(', ')}`,
  '/reasonText': () => 'is required when the reason is "other": say what it was',
  '/competitor': () => 'is required when the deal was lost to a competitor: who did they choose?',
  '/winningFactor': () => 'is required for a won deal: what tipped the decision?',
};

export interface WinLossInput {
  reasonCode?: string | null | undefined;
  reasonText?: string | null | undefined;
  competitor?: string | null | undefined;
  winningFactor?: string | null | undefined;
  notes?: string | null | undefined;
}

function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/**
 * Records or amends the feedback: fields present replace (null clears), absent ones stay. The
 * result must be complete, so every missing field and an unknown reason are named (422).
 */
export function amendWinLoss(
  outcome: WinLossOutcome,
  before: WinLossFields,
  input: WinLossInput,
): WinLossFields {
  const issues: FieldIssue[] = [];
  let reasonCode = before.reasonCode;
  if (input.reasonCode !== undefined) {
    reasonCode = input.reasonCode === null ? null : (matchReason(outcome, input.reasonCode) ?? null);
    if (input.reasonCode !== null && reasonCode === null)
      issues.push({
        path: '/reasonCode',
        message: `"${input.reasonCode}" is not an agreed ${outcome === 'won' ? 'win' : 'loss'} reason (${reasonsFor(
          outcome,
        )
          .map((r) => r.code)
          .join(', ')})`,
      });
  }
  const pick = (key: 'reasonText' | 'winningFactor' | 'notes') =>
    input[key] === undefined ? before[key] : text(input[key]);
  const next: WinLossFields = {
    reasonCode,
    reasonText: pick('reasonText'),
    competitor:
      input.competitor === undefined ? before.competitor : (competitorName(input.competitor)?.name ?? null),
    winningFactor: pick('winningFactor'),
    notes: pick('notes'),
  };
  if (issues.length === 0)
    for (const path of missingFields(outcome, next)) issues.push({ path, message: MESSAGES[path]!(outcome) });
  if (issues.length > 0) throw new ValidationError('The win/loss record is incomplete', issues);
  return next;
}

/** on_time / late: complete, before or after its due; pending / overdue: incomplete, due ahead or passed. */
export type WinLossStatus = 'on_time' | 'late' | 'pending' | 'overdue';

export function winLossStatus(
  r: Pick<WinLossRecord, 'complete' | 'completedAt' | 'dueAt'>,
  now: Date,
): WinLossStatus {
  if (r.complete)
    return r.completedAt !== null && r.completedAt.getTime() > r.dueAt.getTime() ? 'late' : 'on_time';
  return now.getTime() > r.dueAt.getTime() ? 'overdue' : 'pending';
}

/** The opportunity's close reason as the CRM field carries it: the agreed reason, then the text. */
export function closeReasonOf(outcome: WinLossOutcome, f: WinLossFields): string | null {
  const label = reasonLabel(outcome, f.reasonCode);
  if (label && f.reasonText) return `${label}: ${f.reasonText}`;
  return label ?? f.reasonText;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A period filter: `from` and `to` are days (`YYYY-MM-DD`, UTC, both included) or instants
 * (ISO date-times, `to` excluded). Returns the half-open range [from, to).
 */
export function parseRange(
  from: string | undefined,
  to: string | undefined,
): { from: Date | undefined; to: Date | undefined } {
  const issues: FieldIssue[] = [];
  const parse = (value: string | undefined, path: string, end: boolean): Date | undefined => {
    if (value === undefined) return undefined;
    const day = DAY_PATTERN.test(value);
    const at = new Date(day ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(at.getTime()) || (!day && !/^\d{4}-\d{2}-\d{2}T/.test(value))) {
      issues.push({ path, message: `"${value}" is not a day (YYYY-MM-DD) or a date-time` });
      return undefined;
    }
    return day && end ? new Date(at.getTime() + 86_400_000) : at;
  };
  const range = { from: parse(from, '/from', false), to: parse(to, '/to', true) };
  if (range.from && range.to && range.from >= range.to)
    issues.push({ path: '/to', message: 'must be after from' });
  if (issues.length > 0) throw new ValidationError('The period is invalid', issues);
  return range;
}
