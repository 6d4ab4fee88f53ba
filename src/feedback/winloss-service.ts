import { ownerScope, type Principal } from '../access/index.js';
import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { ConflictError, HOUR, type Money, ValidationError } from '../core/index.js';
import { getOpportunity, type Opportunity, updateCloseDetails } from '../opportunities/index.js';
import {
  type ClockRow,
  latestWinLossClock,
  startWinLossClock,
  stopWinLossClock,
  winLossDueAt,
  winLossWithin,
} from '../sla/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import {
  amendWinLoss,
  closeReasonOf,
  fieldsFromClose,
  missingFields,
  parseRange,
  reasonLabel,
  type WinLossInput,
  type WinLossOutcome,
  type WinLossRecord,
  type WinLossStatus,
  winLossStatus,
} from './winloss-model.js';
import * as store from './winloss-store.js';

export interface WinLossView extends WinLossRecord {
  opportunityName: string;
  ownerUserId: string | null;
  ownerName: string | null;
  amount: Money;
  reasonLabel: string | null;
  status: WinLossStatus;
  /** What the record still lacks (JSON pointers of the record body); empty when complete. */
  missing: string[];
}

type ClosedOpportunity = Pick<
  Opportunity,
  'id' | 'outcome' | 'closedAt' | 'ownerUserId' | 'closeReason' | 'competitor' | 'winningFactor'
>;

/**
 * Opens the win/loss record of a deal that has just closed, from what the close said. Without
 * the full record (a CRM sync that only sets the stage, a lost deal without its competitor)
 * the owner's win/loss clock starts: due 48 hours (two business days) after the close.
 */
export async function captureWinLossAtClose(
  trx: Trx,
  ctx: Ctx,
  closed: ClosedOpportunity,
  actor: Principal,
  now: Date,
): Promise<WinLossRecord> {
  const outcome = closed.outcome as WinLossOutcome;
  const closedAt = closed.closedAt ?? now;
  const { version, document } = await getActiveAgreement(trx, ctx.clock);
  const due = await winLossDueAt(trx, closed.ownerUserId, closedAt, winLossWithin(document.sla.policies));
  const fields = fieldsFromClose(outcome, {
    reason: closed.closeReason,
    competitor: closed.competitor,
    winningFactor: closed.winningFactor,
  });
  const complete = missingFields(outcome, fields).length === 0;
  const record: WinLossRecord = {
    opportunityId: closed.id,
    outcome,
    closedAt,
    dueAt: due,
    ...fields,
    complete,
    completedAt: complete ? now : null,
    recordedBy: complete ? actor.id : null,
    recordedAt: complete ? now : null,
  };
  await store.insertWinLoss(trx, record, now);
  if (!complete)
    await startWinLossClock(
      trx,
      ctx.ids,
      {
        opportunityId: closed.id,
        agreementVersion: version,
        closedAt,
        dueAt: due,
        ownerUserId: closed.ownerUserId,
      },
      now,
    );
  return record;
}

function closedOnly(opportunity: Opportunity): WinLossOutcome {
  if (opportunity.outcome === null)
    throw new ConflictError(
      `Opportunity ${opportunity.id} is still open: win/loss feedback is recorded once it is closed`,
      'opportunity_open',
    );
  return opportunity.outcome;
}

/** A deal closed before win/loss records existed, read from its close fields (48 hours of wall time). */
function legacyRecord(deal: {
  opportunityId: string;
  outcome: WinLossOutcome;
  closedAt: Date;
  closeReason: string | null;
  closeCompetitor: string | null;
  closeWinningFactor: string | null;
}): WinLossRecord {
  const fields = fieldsFromClose(deal.outcome, {
    reason: deal.closeReason,
    competitor: deal.closeCompetitor,
    winningFactor: deal.closeWinningFactor,
  });
  const complete = missingFields(deal.outcome, fields).length === 0;
  return {
    opportunityId: deal.opportunityId,
    outcome: deal.outcome,
    closedAt: deal.closedAt,
    dueAt: new Date(deal.closedAt.getTime() + 48 * HOUR),
    ...fields,
    complete,
    completedAt: complete ? deal.closedAt : null,
    recordedBy: null,
    recordedAt: null,
  };
}

function view(
  record: WinLossRecord,
  deal: { name: string; ownerUserId: string | null; ownerName: string | null; amount: Money },
  now: Date,
): WinLossView {
  return {
    ...record,
    opportunityName: deal.name,
    ownerUserId: deal.ownerUserId,
    ownerName: deal.ownerName,
    amount: deal.amount,
    reasonLabel: reasonLabel(record.outcome, record.reasonCode),
    status: winLossStatus(record, now),
    missing: missingFields(record.outcome, record),
  };
}

/** `POST /v1/opportunities/:id/win-loss`: records or amends the feedback; it must end complete. */
export async function recordWinLoss(
  ctx: Ctx,
  opportunityId: string,
  input: WinLossInput,
  actor: Principal,
): Promise<WinLossView & { clock: ClockRow | null }> {
  const now = ctx.clock.now();
  const opportunity = await getOpportunity(ctx, opportunityId, actor);
  const outcome = closedOnly(opportunity);
  return ctx.db.transaction().execute(async (trx) => {
    let before = await store.lockWinLoss(trx, opportunityId);
    if (!before) {
      await store.insertWinLoss(
        trx,
        legacyRecord({
          opportunityId,
          outcome,
          closedAt: opportunity.closedAt!,
          closeReason: opportunity.closeReason,
          closeCompetitor: opportunity.competitor,
          closeWinningFactor: opportunity.winningFactor,
        }),
        now,
      );
      before = (await store.lockWinLoss(trx, opportunityId))!;
    }
    const fields = amendWinLoss(outcome, before, input);
    const record = await store.updateWinLoss(
      trx,
      opportunityId,
      { ...fields, completedAt: before.completedAt ?? now, recordedBy: actor.id },
      now,
    );
    const stopped = await stopWinLossClock(trx, opportunityId, now);
    await updateCloseDetails(
      trx,
      opportunityId,
      {
        closeReason: closeReasonOf(outcome, fields),
        competitor: fields.competitor,
        winningFactor: fields.winningFactor,
      },
      now,
    );
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: before.complete ? 'opportunity.win_loss_amended' : 'opportunity.win_loss_recorded',
      subjectType: 'opportunity',
      subjectId: opportunityId,
      details: { ...fields, clock: stopped?.status ?? null },
    });
    return {
      ...view(record, { ...opportunity, ownerName: null }, now),
      clock: stopped ?? (await latestWinLossClock(trx, opportunityId)) ?? null,
    };
  });
}

/** `GET /v1/opportunities/:id/win-loss`: the record, its status against the 48 hours and its clock. */
export async function getWinLoss(
  ctx: Ctx,
  opportunityId: string,
  actor: Principal,
): Promise<WinLossView & { clock: ClockRow | null }> {
  const opportunity = await getOpportunity(ctx, opportunityId, actor);
  const outcome = closedOnly(opportunity);
  const record =
    (await store.findWinLoss(ctx.db, opportunityId)) ??
    legacyRecord({
      opportunityId,
      outcome,
      closedAt: opportunity.closedAt!,
      closeReason: opportunity.closeReason,
      closeCompetitor: opportunity.competitor,
      closeWinningFactor: opportunity.winningFactor,
    });
  return {
    ...view(record, { ...opportunity, ownerName: null }, ctx.clock.now()),
    clock: (await latestWinLossClock(ctx.db, opportunityId)) ?? null,
  };
}

export interface WinLossListFilter {
  from?: string | undefined;
  to?: string | undefined;
  outcome?: string | undefined;
  owner?: string | undefined;
  limit?: number | undefined;
}

export interface WinLossList {
  from: Date | null;
  to: Date | null;
  items: WinLossView[];
  summary: Record<WinLossStatus, number> & { total: number; missing: number };
}

/** `GET /v1/win-loss`: closed deals of the period with their records, the missing ones flagged. */
export async function listWinLoss(
  ctx: Ctx,
  filter: WinLossListFilter,
  actor: Principal,
): Promise<WinLossList> {
  const range = parseRange(filter.from, filter.to);
  if (filter.outcome !== undefined && filter.outcome !== 'won' && filter.outcome !== 'lost')
    throw ValidationError.field('/outcome', 'must be won or lost');
  const deals = await store.listClosedDeals(
    ctx.db,
    {
      ...range,
      outcome: filter.outcome as WinLossOutcome | undefined,
      ownerUserId: filter.owner,
      limit: filter.limit ?? 500,
    },
    ownerScope(actor),
  );
  const now = ctx.clock.now();
  const items = deals.map((d) => view(d.record ?? legacyRecord(d), d, now));
  const summary = { total: items.length, missing: 0, on_time: 0, late: 0, pending: 0, overdue: 0 };
  for (const item of items) {
    summary[item.status]++;
    if (!item.complete) summary.missing++;
  }
  return { from: range.from ?? null, to: range.to ?? null, items, summary };
}
