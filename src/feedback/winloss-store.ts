import type { Money } from '../core/index.js';
import type { Db, Trx } from '../store/index.js';
import {
  competitorName,
  type WinLossFields,
  type WinLossOutcome,
  type WinLossRecord,
} from './winloss-model.js';

type Row = {
  opportunity_id: string;
  outcome: string;
  closed_at: Date;
  due_at: Date;
  reason_code: string | null;
  reason_text: string | null;
  competitor: string | null;
  winning_factor: string | null;
  notes: string | null;
  complete: boolean;
  completed_at: Date | null;
  recorded_by: string | null;
  recorded_at: Date | null;
};

function toRecord(r: Row): WinLossRecord {
  return {
    opportunityId: r.opportunity_id,
    outcome: r.outcome as WinLossOutcome,
    closedAt: r.closed_at,
    dueAt: r.due_at,
    reasonCode: r.reason_code,
    reasonText: r.reason_text,
    competitor: r.competitor,
    winningFactor: r.winning_factor,
    notes: r.notes,
    complete: r.complete,
    completedAt: r.completed_at,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  };
}

const fieldColumns = (f: WinLossFields) => ({
  reason_code: f.reasonCode,
  reason_text: f.reasonText,
  competitor: f.competitor,
  competitor_key: competitorName(f.competitor)?.key ?? null,
  winning_factor: f.winningFactor,
  notes: f.notes,
});

export async function insertWinLoss(trx: Trx, r: WinLossRecord, now: Date): Promise<void> {
  await trx
    .insertInto('win_loss_records')
    .values({
      opportunity_id: r.opportunityId,
      outcome: r.outcome,
      closed_at: r.closedAt,
      due_at: r.dueAt,
      ...fieldColumns(r),
      complete: r.complete,
      completed_at: r.completedAt,
      recorded_by: r.recordedBy,
      recorded_at: r.recordedAt,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function findWinLoss(db: Db | Trx, opportunityId: string): Promise<WinLossRecord | undefined> {
  const row = await db
    .selectFrom('win_loss_records')
    .selectAll()
    .where('opportunity_id', '=', opportunityId)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function lockWinLoss(trx: Trx, opportunityId: string): Promise<WinLossRecord | undefined> {
  const row = await trx
    .selectFrom('win_loss_records')
    .selectAll()
    .where('opportunity_id', '=', opportunityId)
    .forUpdate()
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function updateWinLoss(
  trx: Trx,
  opportunityId: string,
  change: WinLossFields & { completedAt: Date; recordedBy: string | null },
  now: Date,
): Promise<WinLossRecord> {
  const row = await trx
    .updateTable('win_loss_records')
    .set({
      ...fieldColumns(change),
      complete: true,
      completed_at: change.completedAt,
      recorded_by: change.recordedBy,
      recorded_at: now,
      updated_at: now,
    })
    .where('opportunity_id', '=', opportunityId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** A closed opportunity with its record (undefined for a deal closed before records existed). */
export interface ClosedDeal {
  opportunityId: string;
  name: string;
  ownerUserId: string | null;
  ownerName: string | null;
  accountId: string | null;
  amount: Money;
  outcome: WinLossOutcome;
  closedAt: Date;
  closeReason: string | null;
  closeCompetitor: string | null;
  closeWinningFactor: string | null;
  record: WinLossRecord | undefined;
}

export interface ClosedDealFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  outcome?: WinLossOutcome | undefined;
  ownerUserId?: string | undefined;
  /** Only deals whose record names this competitor key. */
  competitorKey?: string | undefined;
  limit: number;
}

/** Closed opportunities, newest close first, with their win/loss records. */
export async function listClosedDeals(
  db: Db,
  filter: ClosedDealFilter,
  scopeOwner?: string,
): Promise<ClosedDeal[]> {
  let q = db
    .selectFrom('opportunities as o')
    .leftJoin('win_loss_records as r', 'r.opportunity_id', 'o.id')
    .leftJoin('users as u', 'u.id', 'o.owner_user_id')
    .select([
      'o.id',
      'o.name',
      'o.owner_user_id',
      'u.name as owner_name',
      'o.account_id',
      'o.amount_cents',
      'o.currency',
      'o.outcome as opp_outcome',
      'o.closed_at as opp_closed_at',
      'o.close_reason',
      'o.competitor as close_competitor',
      'o.winning_factor as close_winning_factor',
      'r.opportunity_id',
      'r.outcome',
      'r.closed_at',
      'r.due_at',
      'r.reason_code',
      'r.reason_text',
      'r.competitor',
      'r.winning_factor',
      'r.notes',
      'r.complete',
      'r.completed_at',
      'r.recorded_by',
      'r.recorded_at',
    ])
    .where('o.closed_at', 'is not', null);
  if (scopeOwner !== undefined) q = q.where('o.owner_user_id', '=', scopeOwner);
  if (filter.from) q = q.where('o.closed_at', '>=', filter.from);
  if (filter.to) q = q.where('o.closed_at', '<', filter.to);
  if (filter.outcome) q = q.where('o.outcome', '=', filter.outcome);
  if (filter.ownerUserId) q = q.where('o.owner_user_id', '=', filter.ownerUserId);
  if (filter.competitorKey) q = q.where('r.competitor_key', '=', filter.competitorKey);
  const rows = await q.orderBy('o.closed_at', 'desc').orderBy('o.id').limit(filter.limit).execute();
  return rows.map((r) => ({
    opportunityId: r.id,
    name: r.name,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    accountId: r.account_id,
    amount: { cents: Number(r.amount_cents), currency: r.currency },
    outcome: r.opp_outcome as WinLossOutcome,
    closedAt: r.opp_closed_at!,
    closeReason: r.close_reason,
    closeCompetitor: r.close_competitor,
    closeWinningFactor: r.close_winning_factor,
    record:
      r.opportunity_id === null
        ? undefined
        : toRecord({
            opportunity_id: r.opportunity_id,
            outcome: r.outcome!,
            closed_at: r.closed_at!,
            due_at: r.due_at!,
            reason_code: r.reason_code,
            reason_text: r.reason_text,
            competitor: r.competitor,
            winning_factor: r.winning_factor,
            notes: r.notes,
            complete: r.complete!,
            completed_at: r.completed_at,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
          }),
  }));
}
