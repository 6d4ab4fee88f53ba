import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { NotFoundError, type Page, type PageRequest, ValidationError } from '../core/index.js';
import { findUser } from '../org/index.js';
import { type Db, recordAudit, type Trx } from '../store/index.js';
import { talkingPointsFor } from './messaging.js';
import { listTalkingPoints } from './messaging-store.js';
import {
  type Asset,
  type AssetFields,
  type Audience,
  dayOf,
  type Effectiveness,
  effectiveness,
  normalizeAssetFields,
  recommendAssets,
  type StaleReason,
  staleReasons,
} from './model.js';
import * as store from './store.js';

export type CreateAssetInput = Pick<AssetFields, 'title' | 'type' | 'location'> &
  Partial<Omit<AssetFields, 'title' | 'type' | 'location'>>;
export type UpdateAssetInput = Partial<AssetFields>;

function checked(input: Partial<AssetFields>): Partial<AssetFields> {
  const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const { value, issues } = normalizeAssetFields(present);
  if (issues.length > 0) throw new ValidationError('The content asset is invalid', issues);
  return value;
}

async function checkOwner(trx: Trx, ownerUserId: string | null | undefined): Promise<void> {
  if (!ownerUserId) return;
  const owner = await findUser(trx, ownerUserId);
  if (!owner) throw ValidationError.field('/ownerUserId', `no user ${ownerUserId}`);
  if (!owner.active) throw ValidationError.field('/ownerUserId', `user ${owner.id} is deactivated`);
}

/** Every campaign an asset names must exist; the path points at the first unknown one. */
async function checkCampaigns(trx: Trx, ids: readonly string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const missing = await store.missingCampaigns(trx, ids);
  if (missing.length > 0)
    throw new ValidationError(
      'The content asset names unknown campaigns',
      missing.map((id) => ({ path: `/campaignIds/${ids.indexOf(id)}`, message: `no campaign ${id}` })),
    );
}

function audit(
  trx: Trx,
  actor: Principal,
  at: Date,
  action: string,
  subjectType: string,
  id: string,
  details: object,
) {
  return recordAudit(trx, {
    at,
    actorType: actor.kind,
    actorId: actor.id,
    action,
    subjectType,
    subjectId: id,
    details: details as Record<string, unknown>,
  });
}

export async function createAsset(ctx: Ctx, input: CreateAssetInput, actor: Principal): Promise<Asset> {
  const value = checked(input);
  const fields: AssetFields = {
    title: value.title!,
    type: value.type!,
    location: value.location!,
    stage: value.stage ?? null,
    persona: value.persona ?? null,
    industry: value.industry ?? null,
    channel: value.channel ?? null,
    ownerUserId: value.ownerUserId ?? null,
    summary: value.summary ?? null,
    reviewOn: value.reviewOn ?? null,
    expiresOn: value.expiresOn ?? null,
    campaignIds: value.campaignIds ?? [],
  };
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkOwner(trx, fields.ownerUserId);
    await checkCampaigns(trx, fields.campaignIds);
    const asset = await store.insertAsset(trx, { ...fields, id: ctx.ids.next('ast'), now });
    await audit(trx, actor, now, 'content.asset_created', 'content_asset', asset.id, { title: asset.title });
    return asset;
  });
}

/** Every change makes a new version of the asset; `retired: true` takes it out of use. */
export async function updateAsset(
  ctx: Ctx,
  id: string,
  input: UpdateAssetInput & { retired?: boolean | undefined },
  actor: Principal,
): Promise<Asset> {
  const { retired, ...rest } = input;
  const value = checked(rest);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await store.lockAsset(trx, id);
    if (!before) throw new NotFoundError('Content asset', id);
    if (value.ownerUserId !== before.ownerUserId) await checkOwner(trx, value.ownerUserId);
    await checkCampaigns(trx, value.campaignIds);
    const retiredAt = retired === undefined ? undefined : retired ? (before.retiredAt ?? now) : null;
    const asset = await store.updateAsset(trx, id, { ...value, retiredAt }, now);
    await audit(trx, actor, now, 'content.asset_updated', 'content_asset', id, {
      fields: Object.keys(input),
      version: asset.version,
    });
    return asset;
  });
}

export function getAsset(ctx: Ctx, id: string): Promise<Asset> {
  return store.getAsset(ctx.db, id);
}

export function searchAssets(
  ctx: Ctx,
  filter: store.AssetFilter,
  page: Partial<PageRequest>,
): Promise<Page<Asset>> {
  return store.listAssets(ctx.db, filter, page);
}

export interface LogUsageInput {
  assetId: string;
  personId?: string | null | undefined;
  opportunityId?: string | null | undefined;
  /** Who sent it; default: the caller's user. */
  userId?: string | null | undefined;
  sentAt?: Date | undefined;
  note?: string | null | undefined;
}

/** Sales logs an asset sent to a person and/or for an opportunity; the account follows from either. */
export async function logUsage(ctx: Ctx, input: LogUsageInput, actor: Principal): Promise<store.Usage> {
  if (!input.personId && !input.opportunityId)
    throw new ValidationError('Say to whom the asset was sent', [
      { path: '/personId', message: 'give the person it was sent to, or the opportunity (or both)' },
    ]);
  const now = ctx.clock.now();
  const sentAt = input.sentAt ?? now;
  if (sentAt.getTime() > now.getTime()) throw ValidationError.field('/sentAt', 'is in the future');
  const userId = input.userId ?? actor.userId;
  return ctx.db.transaction().execute(async (trx) => {
    const asset = await store.findAsset(trx, input.assetId);
    if (!asset) throw ValidationError.field('/assetId', `no content asset ${input.assetId}`);
    const person = input.personId ? await store.findPersonAccount(trx, input.personId) : undefined;
    if (input.personId && !person) throw ValidationError.field('/personId', `no person ${input.personId}`);
    const opportunity = input.opportunityId
      ? await store.findOpportunityAccount(trx, input.opportunityId)
      : undefined;
    if (input.opportunityId && !opportunity)
      throw ValidationError.field('/opportunityId', `no opportunity ${input.opportunityId}`);
    if (userId && !(await findUser(trx, userId))) throw ValidationError.field('/userId', `no user ${userId}`);
    const usage = await store.insertUsage(trx, {
      id: ctx.ids.next('use'),
      assetId: asset.id,
      userId: userId ?? null,
      personId: input.personId ?? null,
      accountId: person?.accountId ?? opportunity?.accountId ?? null,
      opportunityId: input.opportunityId ?? null,
      sentAt,
      note: input.note?.trim() || null,
      createdAt: now,
    });
    await audit(trx, actor, now, 'content.sent', 'content_asset', asset.id, {
      usageId: usage.id,
      personId: usage.personId,
      opportunityId: usage.opportunityId,
    });
    return usage;
  });
}

export function listUsage(
  ctx: Ctx,
  filter: store.UsageFilter,
  page: Partial<PageRequest>,
): Promise<Page<store.Usage>> {
  return store.listUsage(ctx.db, filter, page);
}

export interface AssetEffectiveness extends Effectiveness {
  title: string;
  type: string;
}

/** Per asset sent: influenced opportunities and won revenue (issue 8), best first. */
export async function assetEffectiveness(
  ctx: Ctx,
  filter: { assetId?: string | undefined } = {},
): Promise<AssetEffectiveness[]> {
  const now = ctx.clock.now();
  const usages = await store.listUsageFacts(ctx.db, filter.assetId);
  const accounts = [...new Set(usages.map((u) => u.accountId).filter((a): a is string => a !== null))];
  const named = [...new Set(usages.map((u) => u.opportunityId).filter((o): o is string => o !== null))];
  const opportunities = await store.listOpportunityFacts(ctx.db, accounts, named);
  const rows = effectiveness(usages, opportunities, now);
  const titles = new Map<string, Asset>();
  for (const id of new Set(rows.map((r) => r.assetId))) {
    const asset = await store.findAsset(ctx.db, id);
    if (asset) titles.set(id, asset);
  }
  return rows.map((r) => ({
    ...r,
    title: titles.get(r.assetId)?.title ?? r.assetId,
    type: titles.get(r.assetId)?.type ?? 'other',
  }));
}

export interface StaleAsset {
  asset: Asset;
  lastUsedAt: Date | null;
  reasons: StaleReason[];
}

/** Assets in use not sent for 90 days, or past their review or expiry day. */
export async function staleAssets(ctx: Ctx): Promise<StaleAsset[]> {
  const now = ctx.clock.now();
  return (await store.listAssetsWithLastUse(ctx.db))
    .map(({ asset, lastUsedAt }) => ({ asset, lastUsedAt, reasons: staleReasons(asset, lastUsedAt, now) }))
    .filter((s) => s.reasons.length > 0);
}

export interface RecommendedAsset {
  id: string;
  title: string;
  type: string;
  location: string;
  persona: string | null;
  stage: string | null;
}

/**
 * What the hand-off package carries for a person of this persona and stage: the agreed
 * talking points (null: none for them) and the assets to send, not expired at `now`.
 */
export async function handoffMessaging(
  db: Db | Trx,
  audience: Audience,
  now: Date,
): Promise<{ talkingPoints: string[] | null; recommendedContent: RecommendedAsset[] }> {
  // One after the other: inside the routing transaction both share one connection.
  const points = await listTalkingPoints(db, audience.persona);
  const candidates = await store.listCandidateAssets(db, audience, dayOf(now));
  return {
    talkingPoints: talkingPointsFor(points, audience),
    recommendedContent: recommendAssets(candidates, audience, now).map((a) => ({
      id: a.id,
      title: a.title,
      type: a.type,
      location: a.location,
      persona: a.persona,
      stage: a.stage,
    })),
  };
}
