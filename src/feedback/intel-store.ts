import type { Db } from '../store/index.js';
import { COMPETITOR_DQ_CODE, type WinLossOutcome } from './winloss-model.js';
import type { CompetitorDeal, Dq05Lead } from './intel-model.js';

export interface IntelRange {
  from: Date | undefined;
  to: Date | undefined;
  /** A sales rep's own book only. */
  scopeOwner?: string | undefined;
  /** One competitor's deals only (its normalised key). */
  competitorKey?: string | undefined;
}

/** Closed deals whose win/loss record names a competitor, newest first. */
export async function listCompetitorDeals(db: Db, range: IntelRange): Promise<CompetitorDeal[]> {
  let q = db
    .selectFrom('win_loss_records as r')
    .innerJoin('opportunities as o', 'o.id', 'r.opportunity_id')
    .select([
      'o.id',
      'o.name',
      'o.amount_cents',
      'o.currency',
      'o.owner_user_id',
      'r.competitor',
      'r.outcome',
      'r.closed_at',
      'r.reason_code',
      'r.reason_text',
      'r.winning_factor',
      'r.notes',
    ])
    .where('r.competitor_key', 'is not', null);
  if (range.from) q = q.where('r.closed_at', '>=', range.from);
  if (range.to) q = q.where('r.closed_at', '<', range.to);
  if (range.scopeOwner !== undefined) q = q.where('o.owner_user_id', '=', range.scopeOwner);
  if (range.competitorKey !== undefined) q = q.where('r.competitor_key', '=', range.competitorKey);
  const rows = await q.orderBy('r.closed_at', 'desc').orderBy('o.id').execute();
  return rows.map((r) => ({
    opportunityId: r.id,
    name: r.name,
    competitor: r.competitor!,
    outcome: r.outcome as WinLossOutcome,
    amount: { cents: Number(r.amount_cents), currency: r.currency },
    closedAt: r.closed_at,
    ownerUserId: r.owner_user_id,
    reasonCode: r.reason_code,
    reasonText: r.reason_text,
    winningFactor: r.winning_factor,
    notes: r.notes,
  }));
}

/** Leads disqualified with DQ-05 (competitor chosen) in the period, with the rep's notes. */
export async function listDq05Leads(db: Db, range: IntelRange): Promise<Dq05Lead[]> {
  let q = db
    .selectFrom('dispositions as d')
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .select([
      'd.person_id',
      'd.decided_at',
      'd.notes',
      'd.owner_user_id',
      'p.first_name',
      'p.last_name',
      'p.company',
    ])
    .where('d.reason_code', '=', COMPETITOR_DQ_CODE);
  if (range.from) q = q.where('d.decided_at', '>=', range.from);
  if (range.to) q = q.where('d.decided_at', '<', range.to);
  if (range.scopeOwner !== undefined) q = q.where('d.owner_user_id', '=', range.scopeOwner);
  const rows = await q.orderBy('d.decided_at', 'desc').orderBy('d.id').execute();
  return rows.map((r) => ({
    personId: r.person_id,
    name: [r.first_name, r.last_name].filter(Boolean).join(' ') || null,
    company: r.company,
    decidedAt: r.decided_at,
    notes: r.notes,
    ownerUserId: r.owner_user_id,
  }));
}
