import type { KyselyPlugin } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { newLead, newSalesOrg } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { newWebhook } from '../../test/support/webhooks.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { activeRoutingPolicy } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { updateUser } from '../org/index.js';
import type { Trx } from '../store/index.js';
import { type RoutingPolicy, type RoutingRun, routeLeads } from './service.js';

class RolledBack extends Error {}

/** Runs the work in a transaction that is then rolled back: both ways start from the same state. */
async function rolledBack<T>(ctx: Ctx, work: (trx: Trx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      result = await work(trx);
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return result!;
}

/** Everything routing writes about these people, without the generated ids. */
async function written(trx: Trx, personIds: string[]) {
  const people = await trx
    .selectFrom('people')
    .select([
      'id',
      'owner_user_id',
      'routed_at',
      'first_touch_due_at',
      'unassigned_since',
      'pass_rule',
      'updated_at',
    ])
    .where('id', 'in', personIds)
    .orderBy('id')
    .execute();
  const decisions = await trx
    .selectFrom('routing_decisions')
    .select(['person_id', 'trigger', 'outcome', 'rule_index', 'rule_name', 'step', 'pool', 'owner_user_id'])
    .select(['previous_owner_user_id', 'checks', 'reason', 'agreement_version', 'decided_at'])
    .where('person_id', 'in', personIds)
    .orderBy('person_id')
    .execute();
  const counters = await trx
    .selectFrom('routing_counters')
    .select(['pool_key', 'user_id', 'assigned', 'last_assigned_at'])
    .orderBy('pool_key')
    .orderBy('user_id')
    .execute();
  const outbox = await trx
    .selectFrom('outbox as o')
    .select(['o.type', 'o.text', 'o.subject_person_id', 'o.subject_user_id', 'o.data'])
    .select((eb) =>
      eb
        .selectFrom('webhook_deliveries as d')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('d.outbox_id', '=', 'o.id')
        .as('deliveries'),
    )
    .where('o.subject_person_id', 'in', personIds)
    .orderBy('o.subject_person_id')
    .execute();
  return {
    people,
    decisions,
    counters,
    outbox: outbox.map(({ data, ...o }) => {
      const { decisionId, ...rest } = data as { decisionId: string };
      return { ...o, decided: typeof decisionId, data: rest };
    }),
  };
}

/** Counts the statements a transaction runs (every query, raw SQL included, passes the plugins). */
function counting(trx: Trx): { trx: Trx; count: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      n++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { trx: trx.withPlugin(plugin), count: () => n };
}

forEachStore('routeLeads for a batch', (fx) => {
  let ctx: Ctx;
  let org: Awaited<ReturnType<typeof newSalesOrg>>;
  let policy: RoutingPolicy;
  const run = (): RoutingRun => ({
    ids: ctx.ids,
    now: ctx.clock.now(),
    policy,
    actorType: 'system',
    actorId: null,
  });
  beforeAll(async () => {
    ctx = fx.ctx;
    org = await newSalesOrg(ctx);
    policy = await activeRoutingPolicy(ctx.db, ctx.clock);
    await newWebhook(ctx, { events: ['lead.*'] });
  });

  it('makes the same decisions, owners, counters and notifications as routing the leads one by one', async () => {
    const [mid0, mid1] = org.mid;
    // A cap of two today on one mid-market AE: the batch must count its own placements against it.
    await updateUser(ctx, mid1!.id, { capacityPerDay: 2 }, CLI_PRINCIPAL);
    const leads = [
      ...(await Promise.all(Array.from({ length: 9 }, () => newLead(ctx, { employees: 200 })))),
      ...(await Promise.all(
        Array.from({ length: 5 }, () => newLead(ctx, { employees: 900, country: 'Germany' })),
      )),
      ...(await Promise.all(
        Array.from({ length: 4 }, () => newLead(ctx, { employees: 20, title: 'Analyst' })),
      )),
      await newLead(ctx, { employees: 900, country: null }),
      await newLead(ctx, { leadSource: 'partner_referral' }),
      await newLead(ctx, { account: { customer: true } }),
      await newLead(ctx, { stage: 'lead', account: { namedAccount: true, ownerUserId: org.entNa[0]!.id } }),
      await newLead(ctx, { employees: 300, account: { ownerUserId: mid0!.id } }),
      await newLead(ctx, { ownerUserId: org.entEmea[0]!.id }),
    ].map((l) => l.id);
    const ids = [...leads].sort();
    const tqlOff = { ...policy, tqlEnabled: false };

    for (const p of [policy, tqlOff]) {
      const runWith = (): RoutingRun => ({ ...run(), policy: p });
      const single = await rolledBack(ctx, async (trx) => {
        const outcomes = [];
        for (const id of ids) outcomes.push(...(await routeLeads(trx, runWith(), [id], 'mql')));
        return { outcomes, written: await written(trx, ids) };
      });
      const batch = await rolledBack(ctx, async (trx) => {
        const outcomes = await routeLeads(trx, runWith(), [...leads].reverse(), 'mql');
        return { outcomes, written: await written(trx, ids) };
      });
      expect(batch.outcomes.map((o) => o.personId)).toEqual(ids);
      expect(batch).toEqual(single);
      // The mix exercised what it is for: pools, the cap, the account owner, the queue, a kept lead.
      const outcomes = single.outcomes;
      expect(new Set(outcomes.map((o) => o.outcome))).toEqual(new Set(['assigned', 'unassigned', 'kept']));
      expect(outcomes.filter((o) => o.ownerUserId === mid1!.id).length).toBeLessThanOrEqual(2);
      expect(single.written.counters.length).toBeGreaterThan(0);
      expect(single.written.outbox.every((o) => Number(o.deliveries) === 1)).toBe(true);
    }
  });

  it('routes a batch of leads with as many statements as one lead', async () => {
    const one = (await newLead(ctx, { employees: 200 })).id;
    const many = (await Promise.all(Array.from({ length: 25 }, () => newLead(ctx, { employees: 200 })))).map(
      (l) => l.id,
    );
    const statements = async (personIds: string[]) =>
      rolledBack(ctx, async (trx) => {
        const counted = counting(trx);
        const outcomes = await routeLeads(counted.trx, run(), personIds, 'mql');
        expect(outcomes.every((o) => o.outcome === 'assigned')).toBe(true);
        return counted.count();
      });
    const single = await statements([one]);
    expect(single).toBeGreaterThan(5);
    expect(await statements(many)).toBe(single);
  });
});
