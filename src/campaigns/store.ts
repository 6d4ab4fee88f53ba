import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { type CampaignRow, type Db, paginate } from '../store/index.js';
import type { Campaign, CampaignFields, CampaignStatus, Channel } from './model.js';

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel as Channel,
    status: row.status as CampaignStatus,
    cost: { cents: row.cost_cents, currency: row.currency },
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    ownerUserId: row.owner_user_id,
    externalId: row.external_id,
    playId: row.play_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(fields: Partial<CampaignFields>) {
  return {
    ...(fields.name !== undefined && { name: fields.name }),
    ...(fields.channel !== undefined && { channel: fields.channel }),
    ...(fields.status !== undefined && { status: fields.status }),
    ...(fields.cost !== undefined && { cost_cents: fields.cost.cents, currency: fields.cost.currency }),
    ...(fields.startsOn !== undefined && { starts_on: fields.startsOn }),
    ...(fields.endsOn !== undefined && { ends_on: fields.endsOn }),
    ...(fields.ownerUserId !== undefined && { owner_user_id: fields.ownerUserId }),
    ...(fields.externalId !== undefined && { external_id: fields.externalId }),
    ...(fields.playId !== undefined && { play_id: fields.playId }),
  };
}

export async function insertCampaign(
  db: Db,
  campaign: CampaignFields & { id: string; now: Date },
): Promise<Campaign> {
  const row = await db
    .insertInto('campaigns')
    .values({
      id: campaign.id,
      name: campaign.name,
      channel: campaign.channel,
      status: campaign.status,
      cost_cents: campaign.cost.cents,
      currency: campaign.cost.currency,
      starts_on: campaign.startsOn,
      ends_on: campaign.endsOn,
      owner_user_id: campaign.ownerUserId,
      external_id: campaign.externalId,
      play_id: campaign.playId,
      created_at: campaign.now,
      updated_at: campaign.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCampaign(row);
}

export async function findCampaign(db: Db, id: string): Promise<Campaign | undefined> {
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toCampaign(row);
}

export async function getCampaign(db: Db, id: string): Promise<Campaign> {
  const campaign = await findCampaign(db, id);
  if (!campaign) throw new NotFoundError('Campaign', id);
  return campaign;
}

export async function findCampaignByExternalId(db: Db, externalId: string): Promise<Campaign | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .selectAll()
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row && toCampaign(row);
}

/** Whether the sales play exists (planning owns plays; a campaign only names one). */
export async function playExists(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('sales_plays').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

export async function lockCampaign(db: Db, id: string): Promise<Campaign | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && toCampaign(row);
}

export async function updateCampaign(
  db: Db,
  id: string,
  fields: Partial<CampaignFields>,
  now: Date,
): Promise<Campaign> {
  const row = await db
    .updateTable('campaigns')
    .set({ ...columns(fields), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Campaign', id);
  return toCampaign(row);
}

export async function deleteCampaign(db: Db, id: string): Promise<void> {
  await db.deleteFrom('campaigns').where('id', '=', id).execute();
}

/** How many touchpoints and opportunities point at the campaign (a campaign in use stays). */
export async function countCampaignReferences(
  db: Db,
  id: string,
): Promise<{ touchpoints: number; opportunities: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('touchpoints')
        .select((t) => t.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', id)
        .as('touchpoints'),
      eb
        .selectFrom('opportunities')
        .select((o) => o.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', id)
        .as('opportunities'),
    ])
    .executeTakeFirstOrThrow();
  return { touchpoints: Number(row.touchpoints), opportunities: Number(row.opportunities) };
}

export interface CampaignFilter {
  channel?: string | undefined;
  status?: string | undefined;
  ownerUserId?: string | undefined;
  /** Campaigns whose date range contains this day (`YYYY-MM-DD`). */
  activeOn?: string | undefined;
}

export async function listCampaigns(
  db: Db,
  filter: CampaignFilter,
  page: Partial<PageRequest>,
): Promise<Page<Campaign>> {
  let query = db.selectFrom('campaigns').selectAll();
  if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.ownerUserId !== undefined) query = query.where('owner_user_id', '=', filter.ownerUserId);
  if (filter.activeOn !== undefined) {
    const day = filter.activeOn;
    query = query
      .where((eb) => eb.or([eb('starts_on', 'is', null), eb('starts_on', '<=', day)]))
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', day)]));
  }
  const result = await paginate(query, 'campaigns', page);
  return { items: result.items.map(toCampaign), nextCursor: result.nextCursor };
}
