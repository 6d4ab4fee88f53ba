import { ConflictError, ValidationError } from '../core/index.js';

/**
 * DQ codes drive marketing's work (seed 001, DQ reason codes, "Marketing Action" column;
 * issue 8: "DQ codes drive their marketing action (nurture program, scoring review,
 * form-validation audit) as tasks for marketing, visible per campaign and lead source").
 * The action's words come from the agreement version in force (the shipped default is the
 * seed's table); the kind sorts the work for marketing.
 */

export const TASK_KINDS = [
  'nurture_program',
  'scoring_review',
  'targeting_review',
  'competitive_review',
  'form_validation_audit',
  'other',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Seed 001, DQ reason codes: which kind of marketing work each code's action is. */
export const DQ_TASK_KINDS: Readonly<Record<string, TaskKind>> = {
  'DQ-01': 'nurture_program', // Nurture with ROI content; re-engage next fiscal year
  'DQ-02': 'scoring_review', // Refine targeting criteria and lead scoring
  'DQ-03': 'targeting_review', // Review content targeting; tighten ICP definition
  'DQ-04': 'nurture_program', // Long-term nurture sequence
  'DQ-05': 'competitive_review', // Feed to competitive intelligence; review positioning
  'DQ-06': 'form_validation_audit', // Audit lead sources; tighten form validation
  'DQ-07': 'scoring_review', // Adjust scoring; consider self-serve path
};

export const TASK_STATUSES = ['open', 'completed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface MarketingTask {
  id: string;
  dqCode: string;
  kind: TaskKind;
  action: string;
  campaignId: string | null;
  /** The lead source the task was opened for, when the leads came without a campaign. */
  leadSource: string | null;
  /** The campaign owner; null: marketing ops' queue (no campaign, or a campaign without owner). */
  assigneeUserId: string | null;
  assignedTo: 'campaign_owner' | 'marketing_ops';
  status: TaskStatus;
  leadCount: number;
  latestPersonId: string | null;
  latestAt: Date;
  /** Leads by source, most first. */
  leadSources: { source: string | null; leads: number }[];
  agreementVersion: number;
  createdAt: Date;
  completedAt: Date | null;
  completedById: string | null;
  completionNote: string | null;
}

export interface TaskPlan {
  dqCode: string;
  kind: TaskKind;
  action: string;
  campaignId: string | null;
  leadSource: string | null;
  /** One open task a key: the same code on the same campaign (else the same lead source). */
  groupKey: string;
  assigneeUserId: string | null;
}

/**
 * What a disqualification asks of marketing: the code's action from the agreement, for the
 * lead's campaign (or its lead source when no campaign brought it), assigned to the
 * campaign's owner. Null for a code the agreement gives no action.
 */
export function planMarketingTask(
  reasonCode: string,
  dqCodes: readonly { code: string; marketingAction: string }[],
  lead: { campaignId: string | null; campaignOwnerUserId: string | null; leadSource: string | null },
): TaskPlan | null {
  const action = dqCodes.find((c) => c.code === reasonCode)?.marketingAction?.trim();
  if (!action) return null;
  const source = lead.leadSource?.trim() || null;
  return {
    dqCode: reasonCode,
    kind: DQ_TASK_KINDS[reasonCode] ?? 'other',
    action,
    campaignId: lead.campaignId,
    leadSource: lead.campaignId ? null : source,
    groupKey: lead.campaignId
      ? `${reasonCode}|campaign:${lead.campaignId}`
      : `${reasonCode}|source:${source ?? ''}`,
    assigneeUserId: lead.campaignId ? lead.campaignOwnerUserId : null,
  };
}

/** Completing a task needs a note of what marketing did; a completed task stays completed. */
export function completeTask(status: TaskStatus, note: string): string {
  const text = note.trim();
  if (!text) throw ValidationError.field('/note', 'is required: say what marketing did');
  if (status === 'completed') throw new ConflictError('The task is already completed', 'task_completed');
  return text;
}
