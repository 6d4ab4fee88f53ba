import { sql } from 'kysely';
import { NotFoundError } from '../core/index.js';
import type { Db, Trx } from '../store/index.js';
import type { CampaignVia, FlagKind, FlagSeverity, FlagStatus, QualityFlag } from './flags-model.js';

type Row = {
  id: string;
  person_id: string | null;
  campaign_id: string | null;
  campaign_via: string;
  kind: string;
  severity: string;
  comment: string | null;
  status: string;
  recipient_user_id: string | null;
  raised_by_type: string;
  raised_by_id: string | null;
  raised_by_user_id: string | null;
  raised_at: Date;
  response: string | null;
  responded_by_id: string | null;
  responded_at: Date | null;
};

const toFlag = (r: Row): QualityFlag => ({
  id: r.id,
  personId: r.person_id,
  campaignId: r.campaign_id,
  campaignVia: r.campaign_via as CampaignVia,
  kind: r.kind as FlagKind,
  severity: r.severity as FlagSeverity,
  comment: r.comment,
  status: r.status as FlagStatus,
  recipientUserId: r.recipient_user_id,
  raisedBy: { type: r.raised_by_type, id: r.raised_by_id, userId: r.raised_by_user_id },
  raisedAt: r.raised_at,
  response: r.response,
  respondedById: r.responded_by_id,
  respondedAt: r.responded_at,
});

export async function insertFlag(trx: Trx, f: QualityFlag): Promise<void> {
  await trx
    .insertInto('quality_flags')
    .values({
      id: f.id,
      person_id: f.personId,
      campaign_id: f.campaignId,
      campaign_via: f.campaignVia,
      kind: f.kind,
      severity: f.severity,
      comment: f.comment,
      status: f.status,
      recipient_user_id: f.recipientUserId,
      raised_by_type: f.raisedBy.type,
      raised_by_id: f.raisedBy.id,
      raised_by_user_id: f.raisedBy.userId,
      raised_at: f.raisedAt,
    })
    .execute();
}

export async function getFlag(db: Db | Trx, id: string, lock = false): Promise<QualityFlag> {
  let query = db.selectFrom('quality_flags').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError('Quality flag', id);
  return toFlag(row);
}

export async function updateFlagAnswer(
  trx: Trx,
  id: string,
  answer: { status: FlagStatus; response: string; byId: string | null; at: Date },
): Promise<void> {
  await trx
    .updateTable('quality_flags')
    .set({
      status: answer.status,
      response: answer.response,
      responded_by_id: answer.byId,
      responded_at: answer.at,
    })
    .where('id', '=', id)
    .execute();
}

export interface FlagFilter {
  campaignId?: string | undefined;
  personId?: string | undefined;
  status?: FlagStatus | undefined;
  /** Raised at or after. */
  from?: Date | undefined;
  /** Raised before. */
  to?: Date | undefined;
  /** A rep sees the flags they raised. */
  raisedByUserId?: string | undefined;
  limit: number;
}

/** Newest first. */
export async function listFlags(db: Db | Trx, filter: FlagFilter): Promise<QualityFlag[]> {
  let query = db.selectFrom('quality_flags').selectAll();
  if (filter.campaignId) query = query.where('campaign_id', '=', filter.campaignId);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.from) query = query.where('raised_at', '>=', filter.from);
  if (filter.to) query = query.where('raised_at', '<', filter.to);
  if (filter.raisedByUserId) query = query.where('raised_by_user_id', '=', filter.raisedByUserId);
  const rows = await query.orderBy('raised_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toFlag);
}

/** The lead's touchpoints as `sourcingCampaign` needs them (campaign or not). */
export async function listLeadTouches(
  db: Db | Trx,
  personId: string,
): Promise<{ occurredAt: Date; id: number; campaignId: string | null }[]> {
  // Only the first touch and the latest campaign touch matter: two indexed lookups, not the log.
  const [first, latest] = await Promise.all([
    db
      .selectFrom('touchpoints')
      .select(['occurred_at', 'id', 'campaign_id'])
      .where('person_id', '=', personId)
      .orderBy('occurred_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('touchpoints')
      .select(['occurred_at', 'id', 'campaign_id'])
      .where('person_id', '=', personId)
      .where('campaign_id', 'is not', null)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return [first, latest]
    .filter((t) => t !== undefined)
    .map((t) => ({ occurredAt: t.occurred_at, id: t.id, campaignId: t.campaign_id }));
}

/** How many distinct people a campaign touched: the denominator of "share of leads flagged". */
export async function countCampaignLeads(db: Db | Trx, campaignId: string): Promise<number> {
  const row = await db
    .selectFrom('touchpoints')
    .select(sql<number>`count(distinct person_id)`.as('n'))
    .where('campaign_id', '=', campaignId)
    .where('person_id', 'is not', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every flag of a campaign (for its summary). */
export async function listCampaignFlags(
  db: Db | Trx,
  campaignId: string,
): Promise<Pick<QualityFlag, 'kind' | 'personId' | 'status'>[]> {
  const rows = await db
    .selectFrom('quality_flags')
    .select(['kind', 'person_id', 'status'])
    .where('campaign_id', '=', campaignId)
    .execute();
  return rows.map((r) => ({
    kind: r.kind as FlagKind,
    personId: r.person_id,
    status: r.status as FlagStatus,
  }));
}

/** Flags raised in a range, with their campaign's name: the weekly pipeline review's section. */
export async function flagsOfRange(
  db: Db | Trx,
  range: { start: Date; end: Date },
  limit: number,
): Promise<(QualityFlag & { campaignName: string | null })[]> {
  const rows = await db
    .selectFrom('quality_flags as f')
    .leftJoin('campaigns as c', 'c.id', 'f.campaign_id')
    .selectAll('f')
    .select('c.name as campaign_name')
    .where('f.raised_at', '>=', range.start)
    .where('f.raised_at', '<', range.end)
    .orderBy('f.raised_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toFlag(r), campaignName: r.campaign_name }));
}

/**
 * A lead's source when its record names none: the channel of its first touch that names
 * one (its own or its campaign's), a sales channel aside, as revenue attribution reads it.
 */
export async function findFirstTouchChannel(db: Db | Trx, personId: string): Promise<string | null> {
  const row = await db
    .selectFrom('touchpoints as t')
    .leftJoin('campaigns as c', 'c.id', 't.campaign_id')
    .select(sql<string>`coalesce(t.channel, c.channel)`.as('channel'))
    .where('t.person_id', '=', personId)
    .where(sql<boolean>`coalesce(t.channel, c.channel) is not null`)
    .where(sql<boolean>`coalesce(t.channel, c.channel) not in ('outbound', 'sales')`)
    .orderBy('t.occurred_at')
    .orderBy('t.id')
    .limit(1)
    .executeTakeFirst();
  return row?.channel ?? null;
}
