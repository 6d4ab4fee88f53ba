import { sql } from 'kysely';
import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { type Db, paginate } from '../store/index.js';
import type { CalendarCampaign, PlanActuals, Quarter, TeamGoal } from './plans-model.js';

export interface SalesPlay {
  id: string;
  name: string;
  personaId: string | null;
  segment: string | null;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type PlayFields = Pick<SalesPlay, 'name' | 'personaId' | 'segment' | 'description'>;

type PlayRow = {
  id: string;
  name: string;
  persona_id: string | null;
  segment: string | null;
  description: string | null;
  created_at: Date;
  updated_at: Date;
};

function toPlay(row: PlayRow): SalesPlay {
  return {
    id: row.id,
    name: row.name,
    personaId: row.persona_id,
    segment: row.segment,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertPlay(db: Db, p: PlayFields & { id: string; now: Date }): Promise<SalesPlay> {
  const row = await db
    .insertInto('sales_plays')
    .values({
      id: p.id,
      name: p.name,
      persona_id: p.personaId,
      segment: p.segment,
      description: p.description,
      created_at: p.now,
      updated_at: p.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPlay(row);
}

export async function findPlay(db: Db, id: string): Promise<SalesPlay | undefined> {
  const row = await db.selectFrom('sales_plays').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPlay(row);
}

export async function getPlay(db: Db, id: string): Promise<SalesPlay> {
  const play = await findPlay(db, id);
  if (!play) throw new NotFoundError('Sales play', id);
  return play;
}

export async function lockPlay(db: Db, id: string): Promise<SalesPlay | undefined> {
  const row = await db
    .selectFrom('sales_plays')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && toPlay(row);
}

export async function updatePlay(db: Db, id: string, f: Partial<PlayFields>, now: Date): Promise<SalesPlay> {
  const row = await db
    .updateTable('sales_plays')
    .set({
      ...(f.name !== undefined && { name: f.name }),
      ...(f.personaId !== undefined && { persona_id: f.personaId }),
      ...(f.segment !== undefined && { segment: f.segment }),
      ...(f.description !== undefined && { description: f.description }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Sales play', id);
  return toPlay(row);
}

export async function deletePlay(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sales_plays').where('id', '=', id).execute();
}

export async function countCampaignsForPlay(db: Db, id: string): Promise<number> {
  const row = await db
    .selectFrom('campaigns')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('play_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listPlays(
  db: Db,
  filter: { personaId?: string | undefined },
  page: Partial<PageRequest>,
): Promise<Page<SalesPlay>> {
  let query = db.selectFrom('sales_plays').selectAll();
  if (filter.personaId !== undefined) query = query.where('persona_id', '=', filter.personaId);
  const result = await paginate(query, 'sales_plays', page);
  return { items: result.items.map(toPlay), nextCursor: result.nextCursor };
}

/** Every play (a handful), for the calendar. */
export async function listAllPlays(db: Db): Promise<SalesPlay[]> {
  const rows = await db.selectFrom('sales_plays').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(toPlay);
}

// ---- joint plans

export interface StoredPlan {
  quarter: string;
  goals: TeamGoal[];
  notes: string | null;
  agreementVersion: number;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export async function findPlan(db: Db, quarter: string): Promise<StoredPlan | undefined> {
  const row = await db
    .selectFrom('joint_plans')
    .selectAll()
    .where('quarter', '=', quarter)
    .executeTakeFirst();
  return (
    row && {
      quarter: row.quarter,
      goals: row.goals as TeamGoal[],
      notes: row.notes,
      agreementVersion: row.agreement_version,
      updatedBy: row.updated_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }
  );
}

export async function savePlan(
  db: Db,
  plan: {
    quarter: string;
    goals: TeamGoal[];
    notes: string | null;
    agreementVersion: number;
    updatedBy: string;
    now: Date;
  },
): Promise<void> {
  const values = {
    goals: JSON.stringify(plan.goals),
    notes: plan.notes,
    agreement_version: plan.agreementVersion,
    updated_by: plan.updatedBy,
    updated_at: plan.now,
  };
  await db
    .insertInto('joint_plans')
    .values({ quarter: plan.quarter, ...values, created_at: plan.now })
    .onConflict((oc) => oc.column('quarter').doUpdateSet(values))
    .execute();
}

// ---- live data of a quarter

/** Campaigns whose dates overlap the quarter (open ends overlap every quarter). */
export async function listCampaignsOverlapping(
  db: Db,
  q: Pick<Quarter, 'from' | 'to'>,
): Promise<CalendarCampaign[]> {
  const rows = await db
    .selectFrom('campaigns')
    .select(['id', 'name', 'channel', 'status', 'starts_on', 'ends_on', 'cost_cents', 'currency', 'play_id'])
    .where((eb) => eb.or([eb('starts_on', 'is', null), eb('starts_on', '<=', q.to)]))
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', q.from)]))
    .orderBy('starts_on')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    channel: r.channel,
    status: r.status,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    costCents: Number(r.cost_cents),
    currency: r.currency,
    playId: r.play_id,
  }));
}

/**
 * What the quarter has delivered so far (up to `now`): people entering MQL, SQL and
 * opportunity (each person once a stage, as the reports count them), and deals won with
 * their revenue in the target currency.
 */
export async function quarterActuals(db: Db, q: Quarter, now: Date, currency: string): Promise<PlanActuals> {
  const stages = await db
    .selectFrom('stage_history')
    .select(['to_stage', sql<number>`count(distinct person_id)::int8`.as('n')])
    .where('to_stage', 'in', ['mql', 'sql', 'opportunity'])
    .where('at', '>=', q.start)
    .where('at', '<', q.end)
    .where('at', '<=', now)
    .groupBy('to_stage')
    .execute();
  const won = await db
    .selectFrom('opportunities')
    .select([
      sql<number>`count(*)::int8`.as('deals'),
      sql<number>`coalesce(sum(amount_cents), 0)::int8`.as('cents'),
    ])
    .where('outcome', '=', 'won')
    .where('currency', '=', currency)
    .where('closed_at', '>=', q.start)
    .where('closed_at', '<', q.end)
    .where('closed_at', '<=', now)
    .executeTakeFirstOrThrow();
  const count = (stage: string) => Number(stages.find((s) => s.to_stage === stage)?.n ?? 0);
  return {
    revenue: Number(won.cents),
    won_deals: Number(won.deals),
    opportunities: count('opportunity'),
    sqls: count('sql'),
    mqls: count('mql'),
  };
}
