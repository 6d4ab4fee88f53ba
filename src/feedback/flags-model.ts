import { ConflictError, type FieldIssue, ValidationError } from '../core/index.js';

/**
 * Lead-quality flags as pure logic (issue 8, Feedback loops: "Lead-quality flags raised by
 * sales on a lead or a campaign, reaching the campaign owner"; seed 001, daily pipeline
 * standup and weekly pipeline review: "any lead quality flags", "Lead quality flags:
 * [Specific issues]").
 */

export const FLAG_KINDS = [
  'wrong_persona',
  'bad_data',
  'no_budget_fit',
  'duplicate',
  'spam_fake',
  'student_competitor',
  'other',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const FLAG_KIND_LABELS: Record<FlagKind, string> = {
  wrong_persona: 'Wrong persona',
  bad_data: 'Bad data',
  no_budget_fit: 'No budget / no fit',
  duplicate: 'Duplicate',
  spam_fake: 'Spam / fake',
  student_competitor: 'Student / competitor',
  other: 'Other',
};

export const FLAG_SEVERITIES = ['low', 'medium', 'high'] as const;
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];

export const FLAG_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** How a flag found its campaign: named by sales, or derived from the lead's touchpoints. */
export type CampaignVia = 'campaign' | 'first_touch' | 'latest_campaign' | 'none';

export interface QualityFlag {
  id: string;
  personId: string | null;
  campaignId: string | null;
  campaignVia: CampaignVia;
  kind: FlagKind;
  severity: FlagSeverity;
  comment: string | null;
  status: FlagStatus;
  /** The campaign owner the flag reaches; null when the campaign has none (or there is no campaign). */
  recipientUserId: string | null;
  raisedBy: { type: string; id: string | null; userId: string | null };
  raisedAt: Date;
  response: string | null;
  respondedById: string | null;
  respondedAt: Date | null;
}

export interface FlagRequest {
  personId?: string | undefined;
  campaignId?: string | undefined;
  kind: string;
  severity?: string | undefined;
  comment?: string | undefined;
}

export interface ParsedFlag {
  target: { personId: string } | { campaignId: string };
  kind: FlagKind;
  severity: FlagSeverity;
  comment: string | null;
}

const isOneOf = <T extends string>(values: readonly T[], v: string): v is T =>
  (values as readonly string[]).includes(v);

/**
 * A flag is on a lead or on a campaign, never both (a lead's campaign is derived, so naming
 * both could disagree); "other" needs a comment saying what is wrong. Every problem names
 * its field.
 */
export function parseFlag(request: FlagRequest): ParsedFlag {
  const issues: FieldIssue[] = [];
  const personId = request.personId?.trim() || undefined;
  const campaignId = request.campaignId?.trim() || undefined;
  if (!personId && !campaignId)
    issues.push({
      path: '/personId',
      message: 'name the lead (personId) or the campaign (campaignId) flagged',
    });
  if (personId && campaignId)
    issues.push({
      path: '/campaignId',
      message: "flag a lead or a campaign, not both: a lead's campaign is the one that sourced it",
    });
  if (!isOneOf(FLAG_KINDS, request.kind))
    issues.push({ path: '/kind', message: `must be one of ${FLAG_KINDS.join(', ')}` });
  const severity = request.severity ?? 'medium';
  if (!isOneOf(FLAG_SEVERITIES, severity))
    issues.push({ path: '/severity', message: `must be one of ${FLAG_SEVERITIES.join(', ')}` });
  const comment = request.comment?.trim() || null;
  if (request.kind === 'other' && !comment)
    issues.push({
      path: '/comment',
      message: 'is required for kind "other": say what is wrong with the lead',
    });
  if (issues.length > 0) throw new ValidationError('The flag cannot be raised', issues);
  return {
    target: personId ? { personId } : { campaignId: campaignId! },
    kind: request.kind as FlagKind,
    severity: severity as FlagSeverity,
    comment,
  };
}

/**
 * The campaign a flag on a lead reaches: the campaign of the lead's first touch; when that
 * first touch carries no campaign (a direct visit, an import), the campaign of the lead's
 * latest campaign touch. Touches in any order.
 */
export function sourcingCampaign(
  touches: readonly { occurredAt: Date; id: number; campaignId: string | null }[],
): { campaignId: string | null; via: CampaignVia } {
  if (touches.length === 0) return { campaignId: null, via: 'none' };
  const sorted = [...touches].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id);
  const first = sorted[0]!;
  if (first.campaignId) return { campaignId: first.campaignId, via: 'first_touch' };
  const latest = sorted.findLast((t) => t.campaignId !== null);
  return latest
    ? { campaignId: latest.campaignId, via: 'latest_campaign' }
    : { campaignId: null, via: 'none' };
}

export const FLAG_ANSWERS = ['acknowledged', 'resolved'] as const;
export type FlagAnswer = (typeof FLAG_ANSWERS)[number];

/**
 * The campaign owner answers a flag with a response: acknowledged (seen, being worked) or
 * resolved (done). A resolved flag is closed; an acknowledged one can still be resolved.
 */
export function answerFlag(
  status: FlagStatus,
  answer: { status?: string | undefined; response: string },
): { status: FlagAnswer; response: string } {
  const response = answer.response.trim();
  const to = answer.status ?? 'resolved';
  const issues: FieldIssue[] = [];
  if (!response) issues.push({ path: '/response', message: 'is required: tell sales what marketing did' });
  if (!isOneOf(FLAG_ANSWERS, to))
    issues.push({ path: '/status', message: `must be one of ${FLAG_ANSWERS.join(', ')}` });
  if (issues.length > 0) throw new ValidationError('The flag cannot be answered', issues);
  if (status === 'resolved') throw new ConflictError('The flag is already resolved', 'flag_resolved');
  if (status === 'acknowledged' && to === 'acknowledged')
    throw new ConflictError('The flag is already acknowledged: resolve it', 'flag_acknowledged');
  return { status: to as FlagAnswer, response };
}

export interface CampaignQuality {
  campaignId: string;
  leads: number;
  flaggedLeads: number;
  /** flaggedLeads / leads; null without leads. */
  flaggedShare: number | null;
  flags: number;
  open: number;
  byKind: { kind: FlagKind; count: number }[];
}

/** Seed 001's weekly review wants "specific issues": counts by kind, most frequent first. */
export function campaignQuality(
  campaignId: string,
  leads: number,
  flags: readonly Pick<QualityFlag, 'kind' | 'personId' | 'status'>[],
): CampaignQuality {
  const counts = new Map<FlagKind, number>();
  for (const f of flags) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const flaggedLeads = new Set(flags.map((f) => f.personId).filter((p) => p !== null)).size;
  return {
    campaignId,
    leads,
    flaggedLeads,
    flaggedShare: leads > 0 ? Math.min(1, flaggedLeads / leads) : null,
    flags: flags.length,
    open: flags.filter((f) => f.status !== 'resolved').length,
    byKind: FLAG_KINDS.filter((k) => counts.has(k))
      .map((kind) => ({ kind, count: counts.get(kind)! }))
      .sort((a, b) => b.count - a.count),
  };
}

/** The notification's one line, as the Slack-shaped webhook shows it. */
export function flagText(
  flag: Pick<QualityFlag, 'kind' | 'severity' | 'personId' | 'campaignId' | 'comment'>,
  campaignName: string | null,
): string {
  const what = flag.personId ? `lead ${flag.personId}` : `campaign ${campaignName ?? flag.campaignId}`;
  const where = flag.personId && campaignName ? ` (campaign ${campaignName})` : '';
  return `Sales flagged ${what}${where}: ${FLAG_KIND_LABELS[flag.kind]} (${flag.severity})${flag.comment ? `. ${flag.comment}` : ''}`;
}

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `from`/`to` bound of a listing: an instant, or a UTC day (`to` a day includes that day,
 * so `from=2026-11-02&to=2026-11-08` is the whole week).
 */
export function rangeBound(value: string | undefined, path: '/from' | '/to'): Date | undefined {
  if (value === undefined) return undefined;
  const day = DAY_TEXT.test(value);
  const at = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime()))
    throw ValidationError.field(path, `"${value}" is not a date (YYYY-MM-DD) or an instant (ISO 8601)`);
  return day && path === '/to' ? new Date(at.getTime() + 86_400_000) : at;
}

export interface FlagDigest {
  count: number;
  open: number;
  byKind: { kind: FlagKind; count: number }[];
  /** The newest flags, each with its campaign's name: the review's "specific issues". */
  flags: (QualityFlag & { campaignName: string | null })[];
}

/** Seed 001, weekly pipeline review, "Lead quality flags: [Specific issues]". */
export function flagDigest(
  flags: readonly (QualityFlag & { campaignName: string | null })[],
  shown: number,
): FlagDigest {
  const summary = campaignQuality('', 0, flags);
  return { count: flags.length, open: summary.open, byKind: summary.byKind, flags: flags.slice(0, shown) };
}
