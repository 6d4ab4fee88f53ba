import { DAY, type FieldIssue, isCalendarDay, type Money } from '../core/index.js';
import { isStage, STAGES } from '../lifecycle/index.js';

/**
 * The content library as pure rules (issue 8, Messaging consistency): what an asset is, which
 * assets fit a person's persona and funnel stage, when an asset is stale, and how much
 * pipeline and revenue it influenced.
 */

export const ASSET_TYPES = [
  'case_study',
  'whitepaper',
  'ebook',
  'one_pager',
  'datasheet',
  'email_template',
  'talk_track',
  'presentation',
  'video',
  'webinar_recording',
  'blog_post',
  'roi_calculator',
  'landing_page',
  'comparison_guide',
  'other',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** Seed 001 lists no library fields; these are issue 8's. Persona as the hand-off names it. */
export interface Asset {
  id: string;
  title: string;
  type: AssetType;
  /** The funnel stage it serves (lifecycle stages); null: any stage. */
  stage: string | null;
  /** The persona it speaks to (`Vice President`, `Director`, ...); null: any persona. */
  persona: string | null;
  industry: string | null;
  channel: string | null;
  ownerUserId: string | null;
  /** Counts every change; 1 when created. */
  version: number;
  /** Where to find it: a URL or a place (`Drive > Sales > Case studies`). */
  location: string;
  summary: string | null;
  /** `YYYY-MM-DD`: when marketing must look at it again. */
  reviewOn: string | null;
  /** `YYYY-MM-DD`: last day it may be sent. */
  expiresOn: string | null;
  /** The campaigns it was made for (seed 001: "new assets for each campaign"), sorted. */
  campaignIds: string[];
  retiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AssetFields {
  title: string;
  type: string;
  stage: string | null;
  persona: string | null;
  industry: string | null;
  channel: string | null;
  ownerUserId: string | null;
  location: string;
  summary: string | null;
  reviewOn: string | null;
  expiresOn: string | null;
  campaignIds: string[];
}

/** An asset serves a handful of campaigns, not a whole calendar. */
export const MAX_ASSET_CAMPAIGNS = 50;

export function isAssetType(value: string): value is AssetType {
  return (ASSET_TYPES as readonly string[]).includes(value);
}

/** Trimmed; empty becomes null. */
export function clean(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const t = value.trim().replace(/\s+/g, ' ');
  return t === '' ? null : t;
}

/** Checks and normalises the fields present in `input`; every broken rule names its path. */
export function normalizeAssetFields(input: Partial<AssetFields>): {
  value: Partial<AssetFields>;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  const value: Partial<AssetFields> = {};
  for (const key of ['title', 'location'] as const) {
    if (input[key] === undefined) continue;
    const t = clean(input[key]);
    if (!t) issues.push({ path: `/${key}`, message: 'must not be empty' });
    else value[key] = t;
  }
  if (input.type !== undefined) {
    if (isAssetType(input.type)) value.type = input.type;
    else issues.push({ path: '/type', message: `must be one of ${ASSET_TYPES.join(', ')}` });
  }
  if (input.stage !== undefined) {
    if (input.stage !== null && !isStage(input.stage))
      issues.push({ path: '/stage', message: `must be a funnel stage: ${STAGES.join(', ')}` });
    else value.stage = input.stage;
  }
  for (const key of ['persona', 'industry', 'channel', 'ownerUserId', 'summary'] as const)
    if (input[key] !== undefined) value[key] = clean(input[key]) ?? null;
  for (const key of ['reviewOn', 'expiresOn'] as const) {
    const day = input[key];
    if (day === undefined) continue;
    if (day !== null && !isCalendarDay(day))
      issues.push({ path: `/${key}`, message: `"${day}" is not a date (YYYY-MM-DD)` });
    else value[key] = day;
  }
  if (input.campaignIds !== undefined) {
    const ids: string[] = [];
    input.campaignIds.forEach((raw, i) => {
      const id = typeof raw === 'string' ? raw.trim() : '';
      if (!id) issues.push({ path: `/campaignIds/${i}`, message: 'must be a campaign id' });
      else if (!ids.includes(id)) ids.push(id);
    });
    if (ids.length > MAX_ASSET_CAMPAIGNS)
      issues.push({ path: '/campaignIds', message: `names at most ${MAX_ASSET_CAMPAIGNS} campaigns` });
    value.campaignIds = ids;
  }
  return { value, issues };
}

/** The calendar day of an instant, as `date` columns hold it (UTC). */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Expired assets are no longer sent: the last day is the expiry day itself. */
export function isExpired(asset: Pick<Asset, 'expiresOn'>, now: Date): boolean {
  return asset.expiresOn !== null && asset.expiresOn < dayOf(now);
}

/** Who or what a piece of content is for. */
export interface Audience {
  persona: string | null;
  stage: string | null;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * How well content scoped to `scope` fits `audience`: undefined when it is for someone else;
 * otherwise higher is more specific (the persona weighs more than the stage). Content without
 * a persona or stage is for everyone.
 */
export function fitRank(scope: Audience, audience: Audience): number | undefined {
  let rank = 0;
  if (scope.persona !== null) {
    if (audience.persona === null || !same(scope.persona, audience.persona)) return undefined;
    rank += 2;
  }
  if (scope.stage !== null) {
    if (audience.stage === null || scope.stage !== audience.stage) return undefined;
    rank += 1;
  }
  return rank;
}

export const RECOMMENDED_LIMIT = 5;

/**
 * The assets to send a person of this persona and stage: in use, not expired, most specific
 * first, then the most recently changed.
 */
export function recommendAssets<A extends Asset>(
  assets: readonly A[],
  audience: Audience,
  now: Date,
  limit = RECOMMENDED_LIMIT,
): A[] {
  return assets
    .filter((a) => a.retiredAt === null && !isExpired(a, now))
    .map((a) => ({ a, rank: fitRank(a, audience) }))
    .filter((x): x is { a: A; rank: number } => x.rank !== undefined)
    .sort(
      (x, y) =>
        y.rank - x.rank || y.a.updatedAt.getTime() - x.a.updatedAt.getTime() || x.a.id.localeCompare(y.a.id),
    )
    .slice(0, limit)
    .map((x) => x.a);
}

/** Issue 8: "stale assets (not used in 90 days, past review date) are listed". */
export const STALE_AFTER_DAYS = 90;

export type StaleReason =
  | { code: 'expired'; since: string }
  | { code: 'review_overdue'; since: string }
  | { code: 'unused'; lastUsedAt: Date | null };

/**
 * Why an asset in use is stale at `now`, if it is: past its expiry or review day, or not sent
 * for 90 days (an asset never sent counts from when it was added, so a new one is not stale).
 */
export function staleReasons(
  asset: Pick<Asset, 'expiresOn' | 'reviewOn' | 'createdAt' | 'retiredAt'>,
  lastUsedAt: Date | null,
  now: Date,
): StaleReason[] {
  if (asset.retiredAt !== null) return [];
  const today = dayOf(now);
  const reasons: StaleReason[] = [];
  if (asset.expiresOn !== null && asset.expiresOn < today)
    reasons.push({ code: 'expired', since: asset.expiresOn });
  if (asset.reviewOn !== null && asset.reviewOn < today)
    reasons.push({ code: 'review_overdue', since: asset.reviewOn });
  const since = lastUsedAt ?? asset.createdAt;
  if (now.getTime() - since.getTime() > STALE_AFTER_DAYS * DAY) reasons.push({ code: 'unused', lastUsedAt });
  return reasons;
}

/** An asset sent: to a person (and so their account), and maybe for an opportunity. */
export interface UsageFact {
  assetId: string;
  sentAt: Date;
  accountId: string | null;
  opportunityId: string | null;
}

export interface OpportunityFact {
  id: string;
  accountId: string | null;
  closedAt: Date | null;
  outcome: string | null;
  amountCents: number;
  currency: string;
}

/**
 * An asset influenced an opportunity when it was sent for that opportunity, or to a contact
 * of its account, before the opportunity closed (any time while it is open).
 */
export function influences(usage: UsageFact, opportunity: OpportunityFact, now: Date): boolean {
  const related =
    usage.opportunityId === opportunity.id ||
    (usage.accountId !== null && usage.accountId === opportunity.accountId);
  return related && usage.sentAt.getTime() <= (opportunity.closedAt ?? now).getTime();
}

export interface Effectiveness {
  assetId: string;
  sends: number;
  lastSentAt: Date | null;
  influencedOpportunities: number;
  wonOpportunities: number;
  /** Won amounts of the influenced opportunities, one entry per currency (never converted). */
  wonRevenue: Money[];
}

/**
 * Per asset: how often it was sent, the opportunities it influenced (each counted once
 * however often it was sent) and the revenue of those won. Assets never sent are left out.
 */
export function effectiveness(
  usages: readonly UsageFact[],
  opportunities: readonly OpportunityFact[],
  now: Date,
): Effectiveness[] {
  const byAccount = new Map<string, OpportunityFact[]>();
  const byId = new Map<string, OpportunityFact>();
  for (const o of opportunities) {
    byId.set(o.id, o);
    if (o.accountId === null) continue;
    const list = byAccount.get(o.accountId) ?? [];
    list.push(o);
    byAccount.set(o.accountId, list);
  }
  const perAsset = new Map<
    string,
    { sends: number; last: Date | null; influenced: Map<string, OpportunityFact> }
  >();
  for (const u of usages) {
    const entry = perAsset.get(u.assetId) ?? { sends: 0, last: null, influenced: new Map() };
    entry.sends++;
    if (entry.last === null || u.sentAt > entry.last) entry.last = u.sentAt;
    const candidates = [
      ...(u.accountId === null ? [] : (byAccount.get(u.accountId) ?? [])),
      ...(u.opportunityId !== null && byId.has(u.opportunityId) ? [byId.get(u.opportunityId)!] : []),
    ];
    for (const o of candidates) if (influences(u, o, now)) entry.influenced.set(o.id, o);
    perAsset.set(u.assetId, entry);
  }
  return [...perAsset]
    .map(([assetId, e]) => {
      const won = [...e.influenced.values()].filter((o) => o.outcome === 'won');
      const revenue = new Map<string, number>();
      for (const o of won) revenue.set(o.currency, (revenue.get(o.currency) ?? 0) + o.amountCents);
      return {
        assetId,
        sends: e.sends,
        lastSentAt: e.last,
        influencedOpportunities: e.influenced.size,
        wonOpportunities: won.length,
        wonRevenue: [...revenue]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([currency, cents]) => ({ cents, currency })),
      };
    })
    .sort((a, b) => {
      const cents = (x: Effectiveness) => x.wonRevenue.reduce((s, m) => s + m.cents, 0);
      return (
        cents(b) - cents(a) ||
        b.influencedOpportunities - a.influencedOpportunities ||
        b.sends - a.sends ||
        a.assetId.localeCompare(b.assetId)
      );
    });
}
