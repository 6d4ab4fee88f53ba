import type { Db, Trx } from '../store/index.js';

export interface DispositionRecord {
  id: string;
  personId: string;
  decidedAt: Date;
  outcome: 'accepted' | 'passed' | 'disqualified' | 'recycled' | 'rerouted';
  reasonCode: string | null;
  requeue: string | null;
  notes: string | null;
  contentRecommendations: string[] | null;
  fromStage: string;
  toStage: string;
  ownerUserId: string | null;
  score: number | null;
  agreementVersion: number | null;
  actorType: string;
  actorId: string | null;
}

export async function insertDisposition(trx: Trx, d: DispositionRecord): Promise<void> {
  await trx
    .insertInto('dispositions')
    .values({
      id: d.id,
      person_id: d.personId,
      decided_at: d.decidedAt,
      outcome: d.outcome,
      reason_code: d.reasonCode,
      requeue: d.requeue,
      notes: d.notes,
      content_recommendations: d.contentRecommendations ? JSON.stringify(d.contentRecommendations) : null,
      from_stage: d.fromStage,
      to_stage: d.toStage,
      owner_user_id: d.ownerUserId,
      score: d.score,
      agreement_version: d.agreementVersion,
      actor_type: d.actorType,
      actor_id: d.actorId,
    })
    .execute();
}

export async function listDispositions(db: Db | Trx, personId: string): Promise<DispositionRecord[]> {
  const rows = await db
    .selectFrom('dispositions')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    decidedAt: r.decided_at,
    outcome: r.outcome as DispositionRecord['outcome'],
    reasonCode: r.reason_code,
    requeue: r.requeue,
    notes: r.notes,
    contentRecommendations: (r.content_recommendations as string[] | null) ?? null,
    fromStage: r.from_stage,
    toStage: r.to_stage,
    ownerUserId: r.owner_user_id,
    score: r.score,
    agreementVersion: r.agreement_version,
    actorType: r.actor_type,
    actorId: r.actor_id,
  }));
}

/** The lead as a disposition needs it, locked for the rest of the transaction. */
export async function lockLead(
  trx: Trx,
  personId: string,
): Promise<
  | {
      stage: string;
      ownerUserId: string | null;
      passRule: string | null;
      createdAt: Date;
      stageEnteredAt: Date;
    }
  | undefined
> {
  const row = await trx
    .selectFrom('people')
    .select(['stage', 'owner_user_id', 'pass_rule', 'created_at', 'stage_entered_at'])
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  return row
    ? {
        stage: row.stage,
        ownerUserId: row.owner_user_id,
        passRule: row.pass_rule,
        createdAt: row.created_at,
        stageEnteredAt: row.stage_entered_at,
      }
    : undefined;
}

/** When the person last entered the MQL stage (the cadence and speed-to-lead count from there). */
export async function findLastMqlEntry(db: Db | Trx, personId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('stage_history')
    .select('at')
    .where('person_id', '=', personId)
    .where('to_stage', '=', 'mql')
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at;
}

/** Sales touches on the person since an instant: outbound activities by a user (the attempts). */
export async function listSalesTouches(db: Db | Trx, personId: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('activities')
    .select('occurred_at')
    .where('person_id', '=', personId)
    .where('user_id', 'is not', null)
    .where('direction', '=', 'outbound')
    .where('occurred_at', '>=', since)
    .orderBy('occurred_at')
    .execute();
  return rows.map((r) => r.occurred_at);
}

export async function findCurrentScore(db: Db | Trx, personId: string): Promise<number | null> {
  const row = await db
    .selectFrom('person_scores')
    .select('total')
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row?.total ?? null;
}

/** Back to marketing: no owner, and the score the person must beat to re-enter the MQL queue. */
export async function returnToMarketing(
  trx: Trx,
  personId: string,
  requalifyAbove: number | null,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('people')
    .set({
      owner_user_id: null,
      routed_at: null,
      first_touch_due_at: null,
      unassigned_since: null,
      pass_rule: null,
      requalify_above: requalifyAbove,
      updated_at: at,
    })
    .where('id', '=', personId)
    .execute();
}

export async function insertReminder(
  trx: Trx,
  r: { id: string; personId: string; userId: string | null; dueAt: Date; reason: string; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('reminders')
    .values({
      id: r.id,
      person_id: r.personId,
      user_id: r.userId,
      due_at: r.dueAt,
      reason: r.reason,
      created_at: r.createdAt,
    })
    .execute();
}

/** Due reminders, claimed so that two processes never fire one twice. */
export async function claimDueReminders(
  trx: Trx,
  now: Date,
  limit: number,
): Promise<{ id: string; personId: string; userId: string | null; dueAt: Date; reason: string }[]> {
  const rows = await trx
    .selectFrom('reminders')
    .select(['id', 'person_id', 'user_id', 'due_at', 'reason'])
    .where('fired_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    userId: r.user_id,
    dueAt: r.due_at,
    reason: r.reason,
  }));
}

export async function markRemindersFired(trx: Trx, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('reminders').set({ fired_at: at }).where('id', 'in', ids).execute();
}

export async function listReminders(
  db: Db | Trx,
  filter: { personId?: string; userId?: string; pending?: boolean },
): Promise<
  { id: string; personId: string; userId: string | null; dueAt: Date; reason: string; firedAt: Date | null }[]
> {
  let query = db
    .selectFrom('reminders')
    .select(['id', 'person_id', 'user_id', 'due_at', 'reason', 'fired_at']);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  if (filter.pending) query = query.where('fired_at', 'is', null);
  const rows = await query.orderBy('due_at').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    userId: r.user_id,
    dueAt: r.due_at,
    reason: r.reason,
    firedAt: r.fired_at,
  }));
}
