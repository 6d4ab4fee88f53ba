import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { type ActivityRow, type Db, paginate } from '../store/index.js';
import type {
  ActivityDirection,
  NormalizedActivity,
  SalesActivity,
  SalesActivityType,
} from './sales-model.js';

function toSalesActivity(row: ActivityRow): SalesActivity {
  return {
    id: row.id,
    type: row.type as SalesActivityType,
    direction: row.direction as ActivityDirection,
    outcome: row.outcome,
    occurredAt: row.occurred_at,
    personId: row.person_id,
    accountId: row.account_id,
    opportunityId: row.opportunity_id,
    userId: row.user_id,
    subject: row.subject,
    notes: row.notes,
    durationSeconds: row.duration_seconds,
    externalId: row.external_id,
    createdAt: row.created_at,
  };
}

/**
 * Inserts the activity; undefined when another activity already holds its external id
 * (a concurrent retry), which the caller then reads back.
 */
export async function insertSalesActivity(
  db: Db,
  activity: NormalizedActivity & { id: string; now: Date },
): Promise<SalesActivity | undefined> {
  const row = await db
    .insertInto('activities')
    .values({
      id: activity.id,
      type: activity.type,
      direction: activity.direction,
      outcome: activity.outcome,
      occurred_at: activity.occurredAt,
      person_id: activity.personId,
      account_id: activity.accountId,
      opportunity_id: activity.opportunityId,
      user_id: activity.userId,
      subject: activity.subject,
      notes: activity.notes,
      duration_seconds: activity.durationSeconds,
      external_id: activity.externalId,
      created_at: activity.now,
    })
    .onConflict((oc) => oc.column('external_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toSalesActivity(row);
}

export async function findSalesActivity(db: Db, id: string): Promise<SalesActivity | undefined> {
  const row = await db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSalesActivity(row);
}

export async function getSalesActivity(db: Db, id: string): Promise<SalesActivity> {
  const activity = await findSalesActivity(db, id);
  if (!activity) throw new NotFoundError('Activity', id);
  return activity;
}

export async function findSalesActivityByExternalId(
  db: Db,
  externalId: string,
): Promise<SalesActivity | undefined> {
  const row = await db
    .selectFrom('activities')
    .selectAll()
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row && toSalesActivity(row);
}

export interface SalesActivityFilter {
  personId?: string | undefined;
  userId?: string | undefined;
  accountId?: string | undefined;
  opportunityId?: string | undefined;
  type?: string | undefined;
  direction?: string | undefined;
  /** Inclusive lower and exclusive upper bound on occurred_at. */
  occurredFrom?: Date | undefined;
  occurredTo?: Date | undefined;
}

/** `scopeUser` confines the list to one rep's activities. */
export async function listSalesActivities(
  db: Db,
  filter: SalesActivityFilter,
  page: Partial<PageRequest>,
  scopeUser?: string,
): Promise<Page<SalesActivity>> {
  let query = db.selectFrom('activities').selectAll();
  if (scopeUser !== undefined) query = query.where('user_id', '=', scopeUser);
  if (filter.personId !== undefined) query = query.where('person_id', '=', filter.personId);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
  if (filter.opportunityId !== undefined) query = query.where('opportunity_id', '=', filter.opportunityId);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.direction !== undefined) query = query.where('direction', '=', filter.direction);
  if (filter.occurredFrom !== undefined) query = query.where('occurred_at', '>=', filter.occurredFrom);
  if (filter.occurredTo !== undefined) query = query.where('occurred_at', '<', filter.occurredTo);
  const result = await paginate(query, 'activities', page);
  return { items: result.items.map(toSalesActivity), nextCursor: result.nextCursor };
}
