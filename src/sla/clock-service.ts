import { ownerScope, type Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/index.js';
import { recordAudit } from '../store/index.js';
import { type ClockRow, toClock } from './clock-store.js';

export interface ClockFilter {
  personId?: string | undefined;
  status?: string | undefined;
  policy?: string | undefined;
  accountableUserId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** `GET /v1/sla/clocks`: newest first; a rep sees the clocks they are accountable for. */
export async function listClocks(
  ctx: Ctx,
  filter: ClockFilter,
  principal: Principal,
): Promise<{ items: ClockRow[]; nextCursor: string | null }> {
  let query = ctx.db.selectFrom('sla_clocks').selectAll();
  const scope = ownerScope(principal);
  if (scope !== undefined) query = query.where('accountable_user_id', '=', scope);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.policy) query = query.where('policy', '=', filter.policy);
  if (filter.accountableUserId) query = query.where('accountable_user_id', '=', filter.accountableUserId);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.slice(0, filter.limit).map(toClock);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * `POST /v1/sla/clocks/:id/acknowledge`: someone answers for a breach with a note; the
 * escalation chain stops there. A rep may acknowledge only their own breaches.
 */
export async function acknowledgeBreach(
  ctx: Ctx,
  clockId: string,
  note: string,
  principal: Principal,
): Promise<ClockRow> {
  if (!note.trim()) throw ValidationError.field('/note', 'is required: say what happened');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('sla_clocks')
      .selectAll()
      .where('id', '=', clockId)
      .forUpdate()
      .executeTakeFirst();
    const scope = ownerScope(principal);
    if (!row || (scope !== undefined && row.accountable_user_id !== scope))
      throw new NotFoundError('SLA clock', clockId);
    if (row.status !== 'breached')
      throw new ConflictError(
        `Clock ${clockId} is ${row.status}: only a breach is acknowledged`,
        'not_breached',
        {
          status: row.status,
        },
      );
    if (row.acknowledged_at)
      throw new ConflictError(`Clock ${clockId} was already acknowledged`, 'already_acknowledged');
    const updated = await trx
      .updateTable('sla_clocks')
      .set({ acknowledged_at: now, acknowledged_by: principal.name, acknowledgement: note.trim() })
      .where('id', '=', clockId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      at: now,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'sla.acknowledged',
      subjectType: 'sla_clock',
      subjectId: clockId,
      details: { note: note.trim() },
    });
    return toClock(updated);
  });
}
