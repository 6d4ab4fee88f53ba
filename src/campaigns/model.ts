import { type FieldIssue, isCalendarDay, isCurrency, type Money } from '../core/index.js';

/** Marketing channels; attribution and reports group spend and touches by them. */
export const CHANNELS = [
  'paid_search',
  'paid_social',
  'organic_search',
  'organic_social',
  'email',
  'webinar',
  'event',
  'content_syndication',
  'partner',
  'direct',
  'referral',
  'outbound',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CAMPAIGN_STATUSES = ['planned', 'active', 'paused', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface Campaign {
  id: string;
  name: string;
  channel: Channel;
  status: CampaignStatus;
  /** What the campaign costs, integer cents (CAC and ROI divide revenue by it). */
  cost: Money;
  /** `YYYY-MM-DD`, inclusive; null when open-ended. */
  startsOn: string | null;
  endsOn: string | null;
  ownerUserId: string | null;
  externalId: string | null;
  /** The sales play the campaign supports (the joint plan's calendar groups by it). */
  playId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a caller may set; on update, absent means unchanged and null clears. */
export interface CampaignFields {
  name: string;
  channel: string;
  status: string;
  cost: Money;
  startsOn: string | null;
  endsOn: string | null;
  ownerUserId: string | null;
  externalId: string | null;
  playId: string | null;
}

export const MAX_CENTS = Number.MAX_SAFE_INTEGER;

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function isCampaignStatus(value: string): value is CampaignStatus {
  return (CAMPAIGN_STATUSES as readonly string[]).includes(value);
}

function trimmed(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const t = value.trim();
  return t === '' ? null : t;
}

/** Checks and normalises the fields present in `input`; every broken rule names its path. */
export function normalizeCampaignFields(input: Partial<CampaignFields>): {
  value: Partial<CampaignFields>;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  const value: Partial<CampaignFields> = { ...input };
  if (input.name !== undefined) {
    value.name = input.name.trim();
    if (value.name === '') issues.push({ path: '/name', message: 'must not be empty' });
  }
  if (input.channel !== undefined && !isChannel(input.channel)) {
    issues.push({ path: '/channel', message: `must be one of ${CHANNELS.join(', ')}` });
  }
  if (input.status !== undefined && !isCampaignStatus(input.status)) {
    issues.push({ path: '/status', message: `must be one of ${CAMPAIGN_STATUSES.join(', ')}` });
  }
  if (input.cost !== undefined) {
    const { cents, currency } = input.cost;
    if (!Number.isSafeInteger(cents) || cents < 0) {
      issues.push({ path: '/cost/cents', message: 'must be a whole number of cents, 0 or more' });
    }
    if (typeof currency !== 'string' || !isCurrency(currency)) {
      issues.push({
        path: '/cost/currency',
        message: 'must be an ISO 4217 code of three upper-case letters, e.g. USD',
      });
    }
  }
  for (const key of ['startsOn', 'endsOn'] as const) {
    const day = input[key];
    if (day !== undefined && day !== null && !isCalendarDay(day)) {
      issues.push({ path: `/${key}`, message: `"${day}" is not a date (YYYY-MM-DD)` });
    }
  }
  if (input.ownerUserId !== undefined) value.ownerUserId = trimmed(input.ownerUserId) ?? null;
  if (input.externalId !== undefined) value.externalId = trimmed(input.externalId) ?? null;
  if (input.playId !== undefined) value.playId = trimmed(input.playId) ?? null;
  return { value, issues };
}

/** The campaign cannot end before it starts (the table checks it too). */
export function checkDates(startsOn: string | null, endsOn: string | null): FieldIssue | undefined {
  if (startsOn !== null && endsOn !== null && endsOn < startsOn) {
    return { path: '/endsOn', message: `must be on or after startsOn (${startsOn})` };
  }
  return undefined;
}

/** Running on `day`: started (or no start) and not ended (or no end). Status is separate. */
export function runsOn(campaign: Pick<Campaign, 'startsOn' | 'endsOn'>, day: string): boolean {
  return (
    (campaign.startsOn === null || campaign.startsOn <= day) &&
    (campaign.endsOn === null || campaign.endsOn >= day)
  );
}
