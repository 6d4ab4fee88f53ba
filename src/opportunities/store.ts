import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { type Db, type OpportunityRow, paginate } from '../store/index.js';
import type { Closing, Opportunity, OpportunityFields, OpportunityStage, Outcome } from './model.js';

function toOpportunity(row: OpportunityRow): Opportunity {
  return {
    id: row.id,
    name: row.name,
    accountId: row.account_id,
    personId: row.person_id,
    ownerUserId: row.owner_user_id,
    campaignId: row.campaign_id,
    source: row.source,
    stage: row.stage as OpportunityStage,
    amount: { cents: row.amount_cents, currency: row.currency },
    closeDate: row.close_date,
    nextStep: row.next_step,
    outcome: row.outcome as Outcome | null,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    competitor: row.competitor,
    winningFactor: row.winning_factor,
    externalId: row.external_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(fields: Partial<OpportunityFields>) {
  return {
    ...(fields.name !== undefined && { name: fields.name }),
    ...(fields.accountId !== undefined && { account_id: fields.accountId }),
    ...(fields.personId !== undefined && { person_id: fields.personId }),
    ...(fields.ownerUserId !== undefined && { owner_user_id: fields.ownerUserId }),
    ...(fields.campaignId !== undefined && { campaign_id: fields.campaignId }),
    ...(fields.source !== undefined && { source: fields.source }),
    ...(fields.stage !== undefined && { stage: fields.stage }),
    ...(fields.amount !== undefined && {
      amount_cents: fields.amount.cents,
      currency: fields.amount.currency,
    }),
    ...(fields.closeDate !== undefined && { close_date: fields.closeDate }),
    ...(fields.nextStep !== undefined && { next_step: fields.nextStep }),
    ...(fields.externalId !== undefined && { external_id: fields.externalId }),
  };
}

export async function insertOpportunity(
  db: Db,
  opp: OpportunityFields & { id: string; now: Date },
): Promise<Opportunity> {
  const row = await db
    .insertInto('opportunities')
    .values({
      id: opp.id,
      name: opp.name,
      account_id: opp.accountId,
      person_id: opp.personId,
      owner_user_id: opp.ownerUserId,
      campaign_id: opp.campaignId,
      source: opp.source,
      stage: opp.stage,
      amount_cents: opp.amount.cents,
      currency: opp.amount.currency,
      close_date: opp.closeDate,
      next_step: opp.nextStep,
      external_id: opp.externalId,
      created_at: opp.now,
      updated_at: opp.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOpportunity(row);
}

export async function findOpportunity(db: Db, id: string): Promise<Opportunity | undefined> {
  const row = await db.selectFrom('opportunities').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toOpportunity(row);
}

export async function getOpportunity(db: Db, id: string): Promise<Opportunity> {
  const opportunity = await findOpportunity(db, id);
  if (!opportunity) throw new NotFoundError('Opportunity', id);
  return opportunity;
}

export async function findOpportunityByExternalId(
  db: Db,
  externalId: string,
): Promise<Opportunity | undefined> {
  const row = await db
    .selectFrom('opportunities')
    .selectAll()
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row && toOpportunity(row);
}

export async function lockOpportunity(db: Db, id: string): Promise<Opportunity | undefined> {
  const row = await db
    .selectFrom('opportunities')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && toOpportunity(row);
}

export async function updateOpportunity(
  db: Db,
  id: string,
  fields: Partial<OpportunityFields>,
  now: Date,
): Promise<Opportunity> {
  const row = await db
    .updateTable('opportunities')
    .set({ ...columns(fields), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Opportunity', id);
  return toOpportunity(row);
}

/** Records the close; only an open opportunity changes (undefined otherwise). */
export async function closeOpportunityRow(
  db: Db,
  id: string,
  closing: Closing,
  now: Date,
): Promise<Opportunity | undefined> {
  const row = await db
    .updateTable('opportunities')
    .set({
      stage: closing.stage,
      outcome: closing.outcome,
      closed_at: closing.closedAt,
      close_reason: closing.closeReason,
      competitor: closing.competitor,
      winning_factor: closing.winningFactor,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('outcome', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toOpportunity(row);
}

/** The close fields the win/loss record keeps in step (feedback/): reason, competitor, winning factor. */
export async function updateCloseDetails(
  db: Db,
  id: string,
  details: { closeReason: string | null; competitor: string | null; winningFactor: string | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('opportunities')
    .set({
      close_reason: details.closeReason,
      competitor: details.competitor,
      winning_factor: details.winningFactor,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('outcome', 'is not', null)
    .execute();
}

export interface OpportunityFilter {
  ownerUserId?: string | undefined;
  accountId?: string | undefined;
  personId?: string | undefined;
  campaignId?: string | undefined;
  stage?: string | undefined;
  outcome?: string | undefined;
  /** true: not closed yet; false: closed. */
  open?: boolean | undefined;
  /** Inclusive `YYYY-MM-DD` bounds on close_date. */
  closeDateFrom?: string | undefined;
  closeDateTo?: string | undefined;
}

/** `scopeOwner` confines the list to one owner's opportunities (a sales rep's own book). */
export async function listOpportunities(
  db: Db,
  filter: OpportunityFilter,
  page: Partial<PageRequest>,
  scopeOwner?: string,
): Promise<Page<Opportunity>> {
  let query = db.selectFrom('opportunities').selectAll();
  if (scopeOwner !== undefined) query = query.where('owner_user_id', '=', scopeOwner);
  if (filter.ownerUserId !== undefined) query = query.where('owner_user_id', '=', filter.ownerUserId);
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
  if (filter.personId !== undefined) query = query.where('person_id', '=', filter.personId);
  if (filter.campaignId !== undefined) query = query.where('campaign_id', '=', filter.campaignId);
  if (filter.stage !== undefined) query = query.where('stage', '=', filter.stage);
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  if (filter.open !== undefined) query = query.where('outcome', filter.open ? 'is' : 'is not', null);
  if (filter.closeDateFrom !== undefined) query = query.where('close_date', '>=', filter.closeDateFrom);
  if (filter.closeDateTo !== undefined) query = query.where('close_date', '<=', filter.closeDateTo);
  const result = await paginate(query, 'opportunities', page);
  return { items: result.items.map(toOpportunity), nextCursor: result.nextCursor };
}
