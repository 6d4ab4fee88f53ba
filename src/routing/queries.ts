import { ownerScope, type Principal } from '../access/index.js';
import { activeRoutingPolicy, activeScoringModel } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { NotFoundError, ValidationError } from '../core/index.js';
import { activeModel, explain, readScore } from '../scoring/index.js';
import { withDeadlockRetry } from '../store/index.js';
import { buildHandoff, type HandoffPackage } from './handoff.js';
import { assignTo, type RouteOutcome, routeLeads } from './service.js';
import { listDecisions, listQueue, type QueueItem } from './store.js';

/** The person as a caller may see them: a rep only their own. */
async function visibleOwner(ctx: Ctx, personId: string, principal: Principal) {
  const row = await ctx.db
    .selectFrom('people')
    .select(['owner_user_id', 'unassigned_since'])
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  const scope = ownerScope(principal);
  if (!row || (scope !== undefined && row.owner_user_id !== scope))
    throw new NotFoundError('Person', personId);
  return row;
}

/** `GET /v1/people/:id/routing`: who owns the lead, and every routing decision with each rule's check. */
export async function personRouting(ctx: Ctx, personId: string, principal: Principal) {
  const row = await visibleOwner(ctx, personId, principal);
  return {
    personId,
    ownerUserId: row.owner_user_id,
    unassignedSince: row.unassigned_since,
    decisions: await listDecisions(ctx.db, personId),
  };
}

/** `GET /v1/people/:id/handoff`: the package, with the score computed now. */
export async function personHandoff(
  ctx: Ctx,
  personId: string,
  principal: Principal,
): Promise<HandoffPackage> {
  await visibleOwner(ctx, personId, principal);
  const { version, model } = await activeScoringModel(ctx.db, ctx.clock);
  const score = await readScore(ctx.db, activeModel(version, model), personId, ctx.clock.now());
  const pkg = await buildHandoff(ctx.db, personId, {
    now: ctx.clock.now(),
    score: score
      ? {
          total: score.total,
          fit: score.fit,
          engagement: score.engagement,
          decay: score.decay,
          qualifies: score.qualifies,
          modelVersion: score.modelVersion,
          explanation: explain(score),
          scoredAt: score.at,
        }
      : null,
  });
  if (!pkg) throw new NotFoundError('Person', personId);
  return pkg;
}

/** `GET /v1/queue`: a rep's own queue; managers may ask for anyone's, or the unassigned queue. */
export async function leadQueue(
  ctx: Ctx,
  principal: Principal,
  owner: string | undefined,
  limit: number,
): Promise<(QueueItem & { overdue: boolean })[]> {
  const scope = ownerScope(principal);
  let filter: { ownerUserId: string } | { unassigned: true };
  if (scope !== undefined) {
    if (owner && owner !== 'me' && owner !== scope)
      throw ValidationError.field('/owner', 'a sales rep sees only their own queue (owner=me)');
    filter = { ownerUserId: scope };
  } else if (owner === 'unassigned') filter = { unassigned: true };
  else if (!owner || owner === 'me') {
    if (!principal.userId)
      throw ValidationError.field(
        '/owner',
        'this key belongs to no user: give owner=<user id> or owner=unassigned',
      );
    filter = { ownerUserId: principal.userId };
  } else filter = { ownerUserId: owner };
  const now = ctx.clock.now();
  const items = await listQueue(ctx.db, filter, limit);
  return items.map((i) => ({ ...i, overdue: i.firstTouchDueAt !== null && i.firstTouchDueAt < now }));
}

/** `POST /v1/people/:id/reassign`: to a named user, or back through the rules (excluding the current owner). */
export async function reassignLead(
  ctx: Ctx,
  personId: string,
  input: { ownerUserId?: string | undefined; reason: string },
  principal: Principal,
): Promise<RouteOutcome> {
  const policy = await activeRoutingPolicy(ctx.db, ctx.clock);
  const run = {
    ids: ctx.ids,
    now: ctx.clock.now(),
    policy,
    actorType: principal.kind,
    actorId: principal.id,
  };
  return withDeadlockRetry(() =>
    ctx.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('people')
        .select('owner_user_id')
        .where('id', '=', personId)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      if (!current) throw new NotFoundError('Person', personId);
      if (input.ownerUserId) return assignTo(trx, run, personId, input.ownerUserId, input.reason);
      const [outcome] = await routeLeads(trx, run, [personId], 'reroute', {
        exclude: current.owner_user_id ? [current.owner_user_id] : [],
      });
      return outcome!;
    }),
  );
}
