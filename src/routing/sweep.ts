import { activeRoutingPolicy } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { withDeadlockRetry } from '../store/index.js';
import { type RouteOutcome, routeLeads } from './service.js';
import { listUnassigned, listUnrouted } from './store.js';

const SLICE = 100;
/** How long a lead waits in the unassigned queue between retries. */
export const UNASSIGNED_RETRY_MS = 60_000;

/**
 * The safety net behind inline routing: any MQL or TQL without an owner that routing has not
 * decided on yet (a manual move to MQL, a re-score, a restart between commit and routing) is
 * routed now, one lead a transaction so one bad lead never holds up the rest.
 */
export async function sweepUnrouted(ctx: Ctx, now: Date, size = SLICE): Promise<RouteOutcome[]> {
  const ids = await listUnrouted(ctx.db, size);
  if (ids.length === 0) return [];
  const policy = await activeRoutingPolicy(ctx.db, ctx.clock);
  const run = { ids: ctx.ids, now, policy, actorType: 'system', actorId: null };
  const stages = new Map(
    (await ctx.db.selectFrom('people').select(['id', 'stage']).where('id', 'in', ids).execute()).map((r) => [
      r.id,
      r.stage,
    ]),
  );
  const outcomes: RouteOutcome[] = [];
  for (const id of ids) {
    const trigger = stages.get(id) === 'lead' ? 'lead' : 'mql';
    outcomes.push(
      ...(await withDeadlockRetry(() =>
        ctx.db.transaction().execute((trx) => routeLeads(trx, run, [id], trigger)),
      )),
    );
  }
  return outcomes;
}

/** Leads in the unassigned queue get another try (a rep back from leave, a new hire, a changed rule). */
export async function retryUnassigned(ctx: Ctx, now: Date, size = SLICE): Promise<RouteOutcome[]> {
  const waiting = await listUnassigned(ctx.db, {
    limit: size,
    waitingBefore: new Date(now.getTime() - UNASSIGNED_RETRY_MS),
  });
  if (waiting.length === 0) return [];
  const policy = await activeRoutingPolicy(ctx.db, ctx.clock);
  const run = { ids: ctx.ids, now, policy, actorType: 'system', actorId: null };
  const outcomes: RouteOutcome[] = [];
  for (const { personId } of waiting) {
    outcomes.push(
      ...(await withDeadlockRetry(() =>
        ctx.db.transaction().execute((trx) => routeLeads(trx, run, [personId], 'retry')),
      )),
    );
  }
  return outcomes.filter((o) => o.outcome === 'assigned');
}
