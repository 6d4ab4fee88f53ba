import { beforeAll, expect, it } from 'vitest';
import { activeRoutingPolicy } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { updateUser } from '../org/index.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { newLead, newSalesOrg, newUser } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { dryRunRouting } from './dry-run.js';
import { personRouting, reassignLead } from './queries.js';
import { type RoutingPolicy, routeLeads } from './service.js';
import { retryUnassigned, sweepUnrouted } from './sweep.js';

async function route(
  ctx: Ctx,
  personId: string,
  trigger: 'mql' | 'lead' | 'pass' = 'mql',
  policy?: RoutingPolicy,
) {
  const p = policy ?? (await activeRoutingPolicy(ctx.db, ctx.clock));
  const run = { ids: ctx.ids, now: ctx.clock.now(), policy: p, actorType: 'system', actorId: null };
  const [outcome] = await ctx.db.transaction().execute((trx) => routeLeads(trx, run, [personId], trigger));
  return outcome!;
}

forEachStore('routeLeads', (fx) => {
  let ctx: Ctx;
  let org: Awaited<ReturnType<typeof newSalesOrg>>;
  beforeAll(async () => {
    ctx = fx.ctx;
    org = await newSalesOrg(ctx);
  });
  const ids = (users: { id: string }[]) => users.map((u) => u.id);

  it('sends a named-account lead to the account owner regardless of score, before it is an MQL', async () => {
    const owner = org.entNa[0]!;
    const lead = await newLead(ctx, {
      stage: 'lead',
      employees: 10,
      account: { namedAccount: true, ownerUserId: owner.id },
    });
    const outcome = await route(ctx, lead.id, 'lead');
    expect(outcome).toMatchObject({
      outcome: 'assigned',
      ownerUserId: owner.id,
      rule: 'Named account on target list',
      step: 'final',
    });
    // When it then qualifies, the owner keeps it and gets the hand-off.
    await ctx.db.updateTable('people').set({ stage: 'mql' }).where('id', '=', lead.id).execute();
    expect(await route(ctx, lead.id)).toMatchObject({ outcome: 'kept', ownerUserId: owner.id });
  });

  it('leaves an ordinary lead alone before it qualifies', async () => {
    const lead = await newLead(ctx, { stage: 'lead' });
    expect((await route(ctx, lead.id, 'lead')).outcome).toBe('skipped');
  });

  it('sends a partner referral to the partner sales team', async () => {
    const lead = await newLead(ctx, { leadSource: 'partner_referral', employees: 2000 });
    expect(await route(ctx, lead.id)).toMatchObject({
      ownerUserId: org.partner[0]!.id,
      rule: 'Partner referral',
    });
  });

  it('sends an existing customer to customer success', async () => {
    const lead = await newLead(ctx, { account: { customer: true } });
    expect(await route(ctx, lead.id)).toMatchObject({
      ownerUserId: org.cs[0]!.id,
      rule: 'Existing customer (upsell signal)',
    });
  });

  it('sends a lead of an account already owned to that owner (lead-to-account matching)', async () => {
    const owner = org.mid[2]!;
    const lead = await newLead(ctx, { employees: 5000, account: { ownerUserId: owner.id } });
    expect(await route(ctx, lead.id)).toMatchObject({
      ownerUserId: owner.id,
      rule: 'Account already owned (lead-to-account matching)',
    });
  });

  it('sends an enterprise lead first to an SDR of its territory (TQL on), then on pass to the enterprise AE of that territory', async () => {
    const lead = await newLead(ctx, { employees: 800, country: 'Germany' });
    const first = await route(ctx, lead.id);
    expect(first).toMatchObject({
      ownerUserId: org.sdrEmea[0]!.id,
      rule: 'Enterprise (500+ employees)',
      step: 'qualification',
    });
    const passed = await route(ctx, lead.id, 'pass');
    expect(passed).toMatchObject({ ownerUserId: org.entEmea[0]!.id, step: 'final' });
  });

  it('sends enterprise leads straight to the AE by territory when the agreement turns TQL off', async () => {
    const policy = { ...(await activeRoutingPolicy(ctx.db, ctx.clock)), tqlEnabled: false };
    const na = await newLead(ctx, { employees: 800, country: 'US' });
    expect(await route(ctx, na.id, 'mql', policy)).toMatchObject({
      ownerUserId: org.entNa[0]!.id,
      step: 'final',
    });
    const emea = await newLead(ctx, { employees: 800, country: 'France' });
    expect(await route(ctx, emea.id, 'mql', policy)).toMatchObject({ ownerUserId: org.entEmea[0]!.id });
  });

  it('round-robins mid-market leads over the mid-market AEs, one each in turn', async () => {
    const policy = { ...(await activeRoutingPolicy(ctx.db, ctx.clock)), tqlEnabled: false };
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const lead = await newLead(ctx, { employees: 200 });
      owners.push((await route(ctx, lead.id, 'mql', policy)).ownerUserId!);
    }
    for (const id of ids(org.mid)) expect(owners.filter((o) => o === id)).toHaveLength(2);
  });

  it('sends SMB leads to the SDR team even with TQL off, and on pass to an AE', async () => {
    const policy = { ...(await activeRoutingPolicy(ctx.db, ctx.clock)), tqlEnabled: false };
    const lead = await newLead(ctx, { employees: 20 });
    const first = await route(ctx, lead.id, 'mql', policy);
    expect(ids(org.sdrNa)).toContain(first.ownerUserId);
    expect(first).toMatchObject({ rule: 'SMB (< 50 employees)', step: 'qualification' });
    const passed = await route(ctx, lead.id, 'pass', policy);
    expect(ids(org.mid)).toContain(passed.ownerUserId);
  });

  it('skips out-of-office and capped reps, and explains it', async () => {
    const policy = { ...(await activeRoutingPolicy(ctx.db, ctx.clock)), tqlEnabled: false };
    const [a, b, c] = org.mid;
    await updateUser(
      ctx,
      a!.id,
      { outOfOfficeUntil: new Date(ctx.clock.now().getTime() + 86_400_000) },
      CLI_PRINCIPAL,
    );
    await updateUser(ctx, b!.id, { capacityPerDay: 0 }, CLI_PRINCIPAL);
    try {
      const lead = await newLead(ctx, { employees: 300 });
      expect((await route(ctx, lead.id, 'mql', policy)).ownerUserId).toBe(c!.id);
      await updateUser(ctx, c!.id, { active: false }, CLI_PRINCIPAL);
      const stuck = await newLead(ctx, { employees: 300 });
      const outcome = await route(ctx, stuck.id, 'mql', policy);
      expect(outcome).toMatchObject({ outcome: 'unassigned', ownerUserId: null });
      const { decisions } = await personRouting(ctx, stuck.id, CLI_PRINCIPAL);
      const mid = decisions[0]!.checks.find((ch) => ch.name === 'Mid-market (50-499 employees)')!;
      expect(mid.matched).toBe(true);
      expect(mid.why).toMatch(/out of office until/);
      expect(mid.why).toMatch(/at capacity \(\d+ of 0 today\)/);
      expect(mid.why).toMatch(/deactivated/);
      // Back in rotation: the retry of the unassigned queue places it.
      await updateUser(ctx, c!.id, { active: true }, CLI_PRINCIPAL);
      fx.clock.advance(2 * 60_000);
      const retried = await retryUnassigned(ctx, ctx.clock.now());
      expect(retried.map((r) => r.personId)).toContain(stuck.id);
    } finally {
      await updateUser(ctx, a!.id, { outOfOfficeUntil: null }, CLI_PRINCIPAL);
      await updateUser(ctx, b!.id, { capacityPerDay: null }, CLI_PRINCIPAL);
      await updateUser(ctx, c!.id, { active: true }, CLI_PRINCIPAL);
    }
  });

  it('puts a lead no rule can place in the watched queue, never ownerless silently', async () => {
    const lead = await newLead(ctx, { employees: null, country: 'Atlantis' });
    const outcome = await route(ctx, lead.id);
    expect(outcome).toMatchObject({ outcome: 'unassigned', reason: 'no routing rule matches this lead' });
    const person = await ctx.db
      .selectFrom('people')
      .select(['owner_user_id', 'unassigned_since'])
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow();
    expect(person.owner_user_id).toBeNull();
    expect(person.unassigned_since).toEqual(ctx.clock.now());
  });

  it('the sweeper routes an MQL that inline routing never saw', async () => {
    const lead = await newLead(ctx, { employees: 150 });
    const outcomes = await sweepUnrouted(ctx, ctx.clock.now());
    expect(outcomes.find((o) => o.personId === lead.id)?.outcome).toBe('assigned');
    expect(await sweepUnrouted(ctx, ctx.clock.now())).toEqual([]);
  });

  it('a dry run answers with the live rules and writes nothing', async () => {
    const before = await ctx.db
      .selectFrom('routing_decisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const result = await dryRunRouting(ctx, { person: { employees: 900, country: 'US' } });
    expect(result.outcome).toMatchObject({
      outcome: 'assigned',
      rule: 'Enterprise (500+ employees)',
      step: 'qualification',
    });
    expect(ids(org.sdrNa)).toContain(result.outcome.ownerUserId);
    expect(result.checks.map((c) => c.matched)).toContain(true);
    const after = await ctx.db
      .selectFrom('routing_decisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await expect(
      dryRunRouting(ctx, { account: { name: 'X', ownerUserId: 'usr_nope' } }),
    ).rejects.toMatchObject({
      issues: [{ path: '/account/ownerUserId' }],
    });
  });

  it('reassigns to a named user, refusing a deactivated one', async () => {
    const lead = await newLead(ctx, { employees: 150 });
    await route(ctx, lead.id);
    const target = await newUser(ctx, { role: 'ae' });
    expect(
      await reassignLead(ctx, lead.id, { ownerUserId: target.id, reason: 'covering' }, CLI_PRINCIPAL),
    ).toMatchObject({
      outcome: 'assigned',
      ownerUserId: target.id,
    });
    const gone = await newUser(ctx, { role: 'ae', active: false });
    await expect(
      reassignLead(ctx, lead.id, { ownerUserId: gone.id, reason: 'x' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({
      issues: [{ path: '/ownerUserId' }],
    });
  });
});
