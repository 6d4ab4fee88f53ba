import type { Ctx } from '../app.js';
import { activeRoutingPolicy } from '../agreement/index.js';
import { NotFoundError, ValidationError } from '../core/index.js';
import type { RuleCheck } from './model.js';
import { type RouteOutcome, routeLeads } from './service.js';
import type { HypotheticalLead } from './schema.js';
import { insertScratchLead, listDecisions } from './store.js';

export type { HypotheticalLead };

export interface DryRun {
  outcome: RouteOutcome;
  checks: RuleCheck[];
  agreementVersion: number;
}

class Rollback extends Error {}

/**
 * `servio routing test`: routes the lead exactly as an MQL would be routed now, inside a
 * transaction that is then rolled back, so the answer is the real rules, the real pools and
 * the real round-robin turn, and nothing is written (no owner, no counter, no notification).
 */
export async function dryRunRouting(ctx: Ctx, lead: HypotheticalLead): Promise<DryRun> {
  if (!lead.personId && !lead.person && !lead.account)
    throw ValidationError.field('/', 'give personId, or a person and/or an account to route');
  const ownerId = lead.account?.ownerUserId;
  if (
    ownerId &&
    !(await ctx.db.selectFrom('users').select('id').where('id', '=', ownerId).executeTakeFirst())
  )
    throw ValidationError.field('/account/ownerUserId', `no user ${ownerId}`);
  const policy = await activeRoutingPolicy(ctx.db, ctx.clock);
  const now = ctx.clock.now();
  const run = { ids: ctx.ids, now, policy, actorType: 'dry_run', actorId: null };
  let result: DryRun | undefined;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      let personId = lead.personId;
      if (personId) {
        const exists = await trx
          .selectFrom('people')
          .select('id')
          .where('id', '=', personId)
          .executeTakeFirst();
        if (!exists) throw new NotFoundError('Person', personId);
      } else {
        personId = await insertScratchLead(trx, ctx.ids, now, lead);
      }
      const [outcome] = await routeLeads(trx, run, [personId], lead.personId ? 'reroute' : 'mql');
      const [decision] = await listDecisions(trx, personId, 1);
      result = { outcome: outcome!, checks: decision?.checks ?? [], agreementVersion: policy.version };
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result!;
}
