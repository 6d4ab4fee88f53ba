import { sql } from 'kysely';
import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { anyText, type ContentAssetTable, type Db, paginate, referenceRead } from '../store/index.js';
import type { Selectable } from 'kysely';
import type { Asset, AssetFields, AssetType, OpportunityFact, UsageFact } from './model.js';

type AssetRow = Selectable<ContentAssetTable> & { campaign_ids: string[] | null };

/** The campaigns of the asset row `table` names, as one array column. */
function campaignIds(table: 'content_assets' | 'a') {
  return sql<
    string[]
  >`array(select c.campaign_id from content_asset_campaigns c where c.asset_id = ${sql.ref(`${table}.id`)} order by c.campaign_id)`.as(
    'campaign_ids',
  );
}

function toAsset(row: AssetRow): Asset {
  return {
    id: row.id,
    title: row.title,
    type: row.type as AssetType,
    stage: row.stage,
    persona: row.persona,
    industry: row.industry,
    channel: row.channel,
    ownerUserId: row.owner_user_id,
    version: row.version,
    location: row.location,
    summary: row.summary,
    reviewOn: row.review_on,
    expiresOn: row.expires_on,
    campaignIds: row.campaign_ids ?? [],
    retiredAt: row.retired_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(f: Partial<AssetFields>) {
  return {
    ...(f.title !== undefined && { title: f.title }),
    ...(f.type !== undefined && { type: f.type }),
    ...(f.stage !== undefined && { stage: f.stage }),
    ...(f.persona !== undefined && { persona: f.persona }),
    ...(f.industry !== undefined && { industry: f.industry }),
    ...(f.channel !== undefined && { channel: f.channel }),
    ...(f.ownerUserId !== undefined && { owner_user_id: f.ownerUserId }),
    ...(f.location !== undefined && { location: f.location }),
    ...(f.summary !== undefined && { summary: f.summary }),
    ...(f.reviewOn !== undefined && { review_on: f.reviewOn }),
    ...(f.expiresOn !== undefined && { expires_on: f.expiresOn }),
  };
}

export async function insertAsset(db: Db, asset: AssetFields & { id: string; now: Date }): Promise<Asset> {
  await db
    .insertInto('content_assets')
    .values({ id: asset.id, ...columns(asset), created_at: asset.now, updated_at: asset.now } as never)
    .execute();
  await replaceAssetCampaigns(db, asset.id, asset.campaignIds);
  return getAsset(db, asset.id);
}

/** The asset now names exactly these campaigns. */
async function replaceAssetCampaigns(db: Db, assetId: string, ids: readonly string[]): Promise<void> {
  await db.deleteFrom('content_asset_campaigns').where('asset_id', '=', assetId).execute();
  if (ids.length > 0)
    await db
      .insertInto('content_asset_campaigns')
      .values(ids.map((campaignId) => ({ asset_id: assetId, campaign_id: campaignId })))
      .execute();
}

/** Which of `ids` name no campaign. */
export async function missingCampaigns(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.selectFrom('campaigns').select('id').where('id', '=', anyText(ids)).execute();
  const known = new Set(found.map((c) => c.id));
  return ids.filter((id) => !known.has(id));
}

export async function findAsset(db: Db, id: string): Promise<Asset | undefined> {
  const row = await db
    .selectFrom('content_assets')
    .selectAll()
    .select(campaignIds('content_assets'))
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toAsset(row);
}

export async function getAsset(db: Db, id: string): Promise<Asset> {
  const asset = await findAsset(db, id);
  if (!asset) throw new NotFoundError('Content asset', id);
  return asset;
}

export async function lockAsset(db: Db, id: string): Promise<Asset | undefined> {
  const row = await db
    .selectFrom('content_assets')
    .selectAll()
    .select(campaignIds('content_assets'))
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && toAsset(row);
}

/** Every change is a new version of the asset. */
export async function updateAsset(
  db: Db,
  id: string,
  fields: Partial<AssetFields> & { retiredAt?: Date | null },
  now: Date,
): Promise<Asset> {
  const updated = await db
    .updateTable('content_assets')
    .set({
      ...columns(fields),
      ...(fields.retiredAt !== undefined && { retired_at: fields.retiredAt }),
      version: sql<number>`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw new NotFoundError('Content asset', id);
  if (fields.campaignIds !== undefined) await replaceAssetCampaigns(db, id, fields.campaignIds);
  return getAsset(db, id);
}

export interface AssetFilter {
  type?: string | undefined;
  stage?: string | undefined;
  persona?: string | undefined;
  industry?: string | undefined;
  ownerUserId?: string | undefined;
  /** Words looked for in the title, summary and location. */
  text?: string | undefined;
  /** Only assets made for this campaign. */
  campaignId?: string | undefined;
  /** Include retired assets (default: only those in use). */
  retired?: boolean | undefined;
}

/** `%`, `_` and `\` match themselves in the searched text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listAssets(
  db: Db,
  filter: AssetFilter,
  page: Partial<PageRequest>,
): Promise<Page<Asset>> {
  let q = db.selectFrom('content_assets').selectAll().select(campaignIds('content_assets'));
  if (!filter.retired) q = q.where('retired_at', 'is', null);
  if (filter.type !== undefined) q = q.where('type', '=', filter.type);
  if (filter.stage !== undefined) q = q.where('stage', '=', filter.stage);
  if (filter.persona !== undefined)
    q = q.where(sql<string>`lower(persona)`, '=', filter.persona.trim().toLowerCase());
  if (filter.industry !== undefined)
    q = q.where(sql<string>`lower(industry)`, '=', filter.industry.trim().toLowerCase());
  if (filter.ownerUserId !== undefined) q = q.where('owner_user_id', '=', filter.ownerUserId);
  if (filter.campaignId !== undefined) {
    const campaignId = filter.campaignId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('content_asset_campaigns as c')
          .select('c.asset_id')
          .whereRef('c.asset_id', '=', 'content_assets.id')
          .where('c.campaign_id', '=', campaignId),
      ),
    );
  }
  for (const word of (filter.text ?? '').split(/\s+/).filter(Boolean)) {
    const pattern = likePattern(word);
    q = q.where((eb) =>
      eb.or([
        eb('title', 'ilike', pattern),
        eb('summary', 'ilike', pattern),
        eb('location', 'ilike', pattern),
      ]),
    );
  }
  const result = await paginate(q, 'content_assets', page);
  return { items: result.items.map(toAsset), nextCursor: result.nextCursor };
}

/**
 * Assets in use that may fit a persona and stage (theirs, or open to any): the candidates
 * `recommendAssets` ranks. Bounded: the hand-off reads it on the routing path.
 */
export function listCandidateAssets(
  db: Db,
  audience: { persona: string | null; stage: string | null },
  today: string,
  limit = 200,
): Promise<Asset[]> {
  return referenceRead(
    db,
    `content:candidates:${audience.persona ?? ''}\u0000${audience.stage ?? ''}\u0000${today}\u0000${limit}`,
    () => readCandidateAssets(db, audience, today, limit),
  );
}

async function readCandidateAssets(
  db: Db,
  audience: { persona: string | null; stage: string | null },
  today: string,
  limit: number,
): Promise<Asset[]> {
  const rows = await db
    .selectFrom('content_assets')
    .selectAll()
    .select(campaignIds('content_assets'))
    .where('retired_at', 'is', null)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
    .where((eb) =>
      eb.or([
        eb('persona', 'is', null),
        ...(audience.persona
          ? [eb(sql<string>`lower(persona)`, '=', audience.persona.trim().toLowerCase())]
          : []),
      ]),
    )
    .where((eb) =>
      eb.or([eb('stage', 'is', null), ...(audience.stage ? [eb('stage', '=', audience.stage)] : [])]),
    )
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAsset);
}

/** Assets in use with the last time each was sent (null: never). */
export async function listAssetsWithLastUse(db: Db): Promise<{ asset: Asset; lastUsedAt: Date | null }[]> {
  const rows = await db
    .selectFrom('content_assets as a')
    .selectAll('a')
    .select(campaignIds('a'))
    .select(
      sql<Date | null>`(select max(u.sent_at) from content_usage u where u.asset_id = a.id)`.as(
        'last_used_at',
      ),
    )
    .where('a.retired_at', 'is', null)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    asset: toAsset(r),
    lastUsedAt: r.last_used_at === null ? null : new Date(r.last_used_at as unknown as string),
  }));
}

// ---- usage

export interface Usage {
  id: string;
  assetId: string;
  userId: string | null;
  personId: string | null;
  accountId: string | null;
  opportunityId: string | null;
  sentAt: Date;
  note: string | null;
  createdAt: Date;
}

export async function insertUsage(db: Db, usage: Usage): Promise<Usage> {
  await db
    .insertInto('content_usage')
    .values({
      id: usage.id,
      asset_id: usage.assetId,
      user_id: usage.userId,
      person_id: usage.personId,
      account_id: usage.accountId,
      opportunity_id: usage.opportunityId,
      sent_at: usage.sentAt,
      note: usage.note,
      created_at: usage.createdAt,
    })
    .execute();
  return usage;
}

export interface UsageFilter {
  assetId?: string | undefined;
  personId?: string | undefined;
  opportunityId?: string | undefined;
  userId?: string | undefined;
}

export async function listUsage(
  db: Db,
  filter: UsageFilter,
  page: Partial<PageRequest>,
): Promise<Page<Usage>> {
  let q = db.selectFrom('content_usage').selectAll();
  if (filter.assetId !== undefined) q = q.where('asset_id', '=', filter.assetId);
  if (filter.personId !== undefined) q = q.where('person_id', '=', filter.personId);
  if (filter.opportunityId !== undefined) q = q.where('opportunity_id', '=', filter.opportunityId);
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  const result = await paginate(q, 'content_usage', page);
  return {
    items: result.items.map((r) => ({
      id: r.id,
      assetId: r.asset_id,
      userId: r.user_id,
      personId: r.person_id,
      accountId: r.account_id,
      opportunityId: r.opportunity_id,
      sentAt: r.sent_at,
      note: r.note,
      createdAt: r.created_at,
    })),
    nextCursor: result.nextCursor,
  };
}

/** The account a person belongs to (their sends count for its opportunities). */
export async function findPersonAccount(
  db: Db,
  personId: string,
): Promise<{ accountId: string | null } | undefined> {
  const row = await db
    .selectFrom('people')
    .select('account_id')
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return row && { accountId: row.account_id };
}

export async function findOpportunityAccount(
  db: Db,
  opportunityId: string,
): Promise<{ accountId: string | null } | undefined> {
  const row = await db
    .selectFrom('opportunities')
    .select('account_id')
    .where('id', '=', opportunityId)
    .executeTakeFirst();
  return row && { accountId: row.account_id };
}

/** Every send (of one asset, or all), as effectiveness reads it. */
export async function listUsageFacts(db: Db, assetId?: string): Promise<UsageFact[]> {
  let q = db.selectFrom('content_usage').select(['asset_id', 'sent_at', 'account_id', 'opportunity_id']);
  if (assetId !== undefined) q = q.where('asset_id', '=', assetId);
  const rows = await q.execute();
  return rows.map((r) => ({
    assetId: r.asset_id,
    sentAt: r.sent_at,
    accountId: r.account_id,
    opportunityId: r.opportunity_id,
  }));
}

/** The opportunities sends may have influenced: of the accounts sent to, and those named. */
export async function listOpportunityFacts(
  db: Db,
  accountIds: readonly string[],
  opportunityIds: readonly string[],
): Promise<OpportunityFact[]> {
  if (accountIds.length === 0 && opportunityIds.length === 0) return [];
  const rows = await db
    .selectFrom('opportunities')
    .select(['id', 'account_id', 'closed_at', 'outcome', 'amount_cents', 'currency'])
    .where((eb) =>
      eb.or([eb('account_id', '=', anyText(accountIds)), eb('id', '=', anyText(opportunityIds))]),
    )
    .execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    closedAt: r.closed_at,
    outcome: r.outcome,
    amountCents: Number(r.amount_cents),
    currency: r.currency,
  }));
}
