import { sql } from 'kysely';
import { anyText, type Db } from '../store/index.js';

/**
 * The reads behind journeys. Every query is a range on an index (stage_history by
 * (to_stage, at), touchpoints by (person_id, occurred_at) and (account_id, occurred_at),
 * opportunities and people by person and account) and bounded by a limit or a key list.
 */

export interface StageEntry {
  personId: string;
  accountId: string | null;
  at: Date;
}

/** Each person's first entry into `stage` within [from, to), at most `limit` people. */
export async function listStageEntries(
  db: Db,
  stage: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<StageEntry[]> {
  const rows = await db
    .selectFrom('stage_history as sh')
    .innerJoin('people as p', 'p.id', 'sh.person_id')
    .distinctOn('sh.person_id')
    .select(['sh.person_id', 'sh.at', 'p.account_id'])
    .where('sh.to_stage', '=', stage)
    .where('sh.at', '>=', from)
    .where('sh.at', '<', to)
    .orderBy('sh.person_id')
    .orderBy('sh.at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ personId: r.person_id, accountId: r.account_id, at: new Date(r.at) }));
}

/**
 * The journeys without a conversion: people who became leads within [from, to) and had not
 * entered `stage` by `to`; at most `limit`.
 */
export async function listUnconverted(
  db: Db,
  stage: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<StageEntry[]> {
  const rows = await db
    .selectFrom('stage_history as sh')
    .innerJoin('people as p', 'p.id', 'sh.person_id')
    .distinctOn('sh.person_id')
    .select(['sh.person_id', 'sh.at', 'p.account_id'])
    .where('sh.to_stage', '=', 'lead')
    .where('sh.at', '>=', from)
    .where('sh.at', '<', to)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('stage_history as c')
            .select(sql`1`.as('one'))
            .whereRef('c.person_id', '=', 'sh.person_id')
            .where('c.to_stage', '=', stage)
            .where('c.at', '<', to),
        ),
      ),
    )
    .orderBy('sh.person_id')
    .orderBy('sh.at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ personId: r.person_id, accountId: r.account_id, at: new Date(r.at) }));
}

/** The contacts of accounts. */
export async function listContacts(db: Db, accountIds: readonly string[]) {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .select(['id', 'account_id'])
    .where('account_id', '=', anyText(accountIds))
    .execute();
  return rows.map((r) => ({ personId: r.id, accountId: r.account_id! }));
}

export interface TouchRow {
  id: string;
  personId: string | null;
  accountId: string | null;
  channel: string | null;
  campaignId: string | null;
  at: Date;
}

const TOUCH_COLUMNS = ['id', 'person_id', 'account_id', 'channel', 'campaign_id', 'occurred_at'] as const;

function touch(r: {
  id: string | number | bigint;
  person_id: string | null;
  account_id: string | null;
  channel: string | null;
  campaign_id: string | null;
  occurred_at: Date | string;
}): TouchRow {
  return {
    id: String(r.id),
    personId: r.person_id,
    accountId: r.account_id,
    channel: r.channel,
    campaignId: r.campaign_id,
    at: new Date(r.occurred_at),
  };
}

/** Touches of people, or of accounts, within [since, until]. */
export async function listTouches(
  db: Db,
  key: 'person_id' | 'account_id',
  ids: readonly string[],
  since: Date,
  until: Date,
): Promise<TouchRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('touchpoints')
    .select(TOUCH_COLUMNS)
    .where(key, '=', anyText(ids))
    .where('occurred_at', '>=', since)
    .where('occurred_at', '<=', until)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map(touch);
}

/** First entry of each person into the stages that anchor the stage-weighted models. */
export async function listStageMoments(db: Db, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('stage_history')
    .select(['person_id', 'to_stage', (eb) => eb.fn.min('at').as('at')])
    .where('person_id', '=', anyText(personIds))
    .where('to_stage', 'in', ['lead', 'opportunity', 'customer'])
    .groupBy(['person_id', 'to_stage'])
    .execute();
  return rows.map((r) => ({ personId: r.person_id, stage: r.to_stage, at: new Date(r.at as Date | string) }));
}

export interface OpportunityValue {
  personId: string;
  amountCents: number;
  createdAt: Date;
  outcome: string | null;
  closedAt: Date | null;
}

/** The opportunities of people, for the value of opportunity and won conversions. */
export async function listOpportunityValues(
  db: Db,
  personIds: readonly string[],
): Promise<OpportunityValue[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('opportunities')
    .select(['person_id', 'amount_cents', 'created_at', 'outcome', 'closed_at'])
    .where('person_id', '=', anyText(personIds))
    .execute();
  return rows.map((r) => ({
    personId: r.person_id!,
    amountCents: Number(r.amount_cents),
    createdAt: new Date(r.created_at),
    outcome: r.outcome,
    closedAt: r.closed_at === null ? null : new Date(r.closed_at),
  }));
}
