import { beforeAll, expect, it } from 'vitest';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { activeRoutingPolicy } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { HOUR, DAY } from '../core/index.js';
import { transitionPerson } from '../lifecycle/index.js';
import { updateUser } from '../org/index.js';
import { routeLeads } from '../routing/index.js';
import { newLead, newSalesActivity, newSalesOrg, newUser } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { addBusinessTime, defaultCalendar } from './business-calendar.js';
import { acknowledgeBreach, listClocks } from './clock-service.js';
import { processClockEvents, sweepClocks } from './clocks.js';

const rep = (userId: string): Principal => ({
  kind: 'api_key',
  id: 'key_rep',
  role: 'sales_rep',
  userId,
  name: 'rep',
});

forEachStore('SLA clocks', (fx) => {
  let ctx: Ctx;
  let org: Awaited<ReturnType<typeof newSalesOrg>>;
  beforeAll(async () => {
    ctx = fx.ctx;
    org = await newSalesOrg(ctx);
    // An escalation chain: the mid-market AEs' lead, and the VP above them.
    const vp = await newUser(ctx, { role: 'sales_manager', name: 'VP Sales' });
    const lead = await newUser(ctx, { role: 'sales_manager', name: 'Team Lead', managerUserId: vp.id });
    for (const u of [...org.mid, ...org.sdrNa])
      await updateUser(ctx, u.id, { managerUserId: lead.id }, CLI_PRINCIPAL);
  });

  /** A lead that qualifies and is routed now (TQL on: an SDR owns it). */
  async function qualified() {
    const lead = await newLead(ctx, { stage: 'lead', employees: 150 });
    await transitionPerson(ctx, { personId: lead.id, to: 'mql' }, CLI_PRINCIPAL);
    const policy = await activeRoutingPolicy(ctx.db, ctx.clock);
    const run = { ids: ctx.ids, now: ctx.clock.now(), policy, actorType: 'system', actorId: null };
    const [outcome] = await ctx.db.transaction().execute((trx) => routeLeads(trx, run, [lead.id], 'mql'));
    return { id: lead.id, owner: outcome!.ownerUserId! };
  }
  const clocksOf = async (personId: string) =>
    new Map((await listClocks(ctx, { personId, limit: 50 }, CLI_PRINCIPAL)).items.map((c) => [c.policy, c]));
  /** Notifications about a person: escalations name their clock; breach notices list their clocks. */
  const outbox = async (type: string, personId: string) => {
    const rows = await ctx.db
      .selectFrom('outbox')
      .select(['type', 'subject_user_id', 'data'])
      .where('type', '=', type)
      .execute();
    return rows.flatMap((r) => {
      const data = r.data as { clocks?: { personId: string }[]; clock?: { personId: string } };
      const clocks = data.clocks ?? (data.clock ? [data.clock] : []);
      return clocks
        .filter((c) => c.personId === personId)
        .map(() => ({ type: r.type, subject_user_id: r.subject_user_id }));
    });
  };

  it('starts the clocks from stored events and stops them: routed at once, first touch met in time', async () => {
    const lead = await qualified();
    fx.clock.advance(2 * HOUR);
    await newSalesActivity(ctx, { personId: lead.id, userId: lead.owner, outcome: 'no_answer' });
    await sweepClocks(ctx, ctx.clock.now());
    const clocks = await clocksOf(lead.id);
    expect(clocks.get('mql_routed')).toMatchObject({ status: 'met', accountableUserId: null });
    expect(clocks.get('mql_first_touch')).toMatchObject({ status: 'met', accountableUserId: lead.owner });
    expect(clocks.get('mql_disposition')).toMatchObject({ status: 'running' });
    expect(
      clocks.get('mql_first_touch')!.stoppedAt!.getTime() -
        clocks.get('mql_first_touch')!.startedAt.getTime(),
    ).toBe(2 * HOUR);
  });

  it("measures an owner's clock in the owner's own hours: 4 business hours in Tokyo", async () => {
    const lead = await qualified();
    const { time_zone: before } = await ctx.db
      .selectFrom('users')
      .select('time_zone')
      .where('id', '=', lead.owner)
      .executeTakeFirstOrThrow();
    await updateUser(ctx, lead.owner, { timeZone: 'Asia/Tokyo' }, CLI_PRINCIPAL);
    try {
      await sweepClocks(ctx, ctx.clock.now());
      const clock = (await clocksOf(lead.id)).get('mql_first_touch')!;
      const fourHours = { ms: 4 * HOUR };
      const inTokyo = addBusinessTime(defaultCalendar('Asia/Tokyo'), clock.startedAt, fourHours);
      expect(clock.dueAt).toEqual(inTokyo);
      expect(inTokyo).not.toEqual(addBusinessTime(defaultCalendar(before), clock.startedAt, fourHours));
    } finally {
      await updateUser(ctx, lead.owner, { timeZone: before }, CLI_PRINCIPAL);
    }
  });

  it('breaches exactly once, escalates to the team lead after 24 h and the VP after 48 h, and stops at an acknowledgement', async () => {
    const lead = await qualified();
    // Past both promises in the owner's business hours (4 h; 5 working days, Paris), whatever weekday this is.
    fx.clock.advance(9 * DAY);
    const first = await sweepClocks(ctx, ctx.clock.now());
    expect(first.breached).toBeGreaterThanOrEqual(2);
    const clocks = await clocksOf(lead.id);
    const touch = clocks.get('mql_first_touch')!;
    expect(touch).toMatchObject({ status: 'breached' });
    expect(touch.breachedAt).toEqual(touch.dueAt);
    expect(clocks.get('mql_disposition')!.status).toBe('breached');
    // Days after the breach both steps are due at once (catching up), each sent once.
    const escalated = await outbox('sla.escalated', lead.id);
    expect(escalated.length).toBe(4);
    expect((await outbox('sla.breached', lead.id)).length).toBe(2);
    await sweepClocks(ctx, ctx.clock.now());
    expect((await outbox('sla.breached', lead.id)).length).toBe(2);
    expect((await outbox('sla.escalated', lead.id)).length).toBe(4);
    const owner = touch.accountableUserId!;
    expect(escalated.map((e) => e.subject_user_id)).not.toContain(owner);

    // A rep answers for their own breach; another rep cannot see it.
    await expect(
      acknowledgeBreach(ctx, touch.id, 'Was at a trade show', rep(org.mid[0]!.id)),
    ).rejects.toMatchObject({ status: 404 });
    const acked = await acknowledgeBreach(ctx, touch.id, 'Was at a trade show', rep(owner));
    expect(acked).toMatchObject({ acknowledgement: 'Was at a trade show' });
    await expect(acknowledgeBreach(ctx, touch.id, 'again', rep(owner))).rejects.toMatchObject({
      code: 'already_acknowledged',
    });
  });

  it('escalates step by step as time passes, and not after the lead is worked', async () => {
    const lead = await qualified();
    fx.clock.advance(5 * HOUR);
    await sweepClocks(ctx, ctx.clock.now());
    expect((await clocksOf(lead.id)).get('mql_first_touch')!.status).toBe('breached');
    expect(await outbox('sla.escalated', lead.id)).toHaveLength(0);
    fx.clock.advance(25 * HOUR);
    await sweepClocks(ctx, ctx.clock.now());
    expect((await outbox('sla.escalated', lead.id)).length).toBe(1);
    await newSalesActivity(ctx, { personId: lead.id, userId: lead.owner, outcome: 'connected' });
    fx.clock.advance(30 * HOUR);
    await sweepClocks(ctx, ctx.clock.now());
    const touch = (await clocksOf(lead.id)).get('mql_first_touch')!;
    expect(touch.status).toBe('breached');
    expect(touch.stoppedAt).not.toBeNull();
    // Worked (late): the first-touch breach goes no further; the disposition clock is another promise.
    const steps = await ctx.db
      .selectFrom('sla_clocks')
      .select(['policy', 'escalation_level'])
      .where('person_id', '=', lead.id)
      .execute();
    expect(steps.find((s) => s.policy === 'mql_first_touch')!.escalation_level).toBe(1);
  });

  it('starts a clock stopped when its stop was taken in an earlier slice than its start', async () => {
    await sweepClocks(ctx, ctx.clock.now());
    const first = await qualified();
    const second = await qualified();
    // The second lead is touched first: in slices of one event of each kind, its touch is
    // taken with the first lead's events, before the second lead's clocks start.
    fx.clock.advance(HOUR);
    await newSalesActivity(ctx, { personId: second.id, userId: second.owner, outcome: 'no_answer' });
    fx.clock.advance(HOUR);
    await newSalesActivity(ctx, { personId: first.id, userId: first.owner, outcome: 'no_answer' });
    let slices = 0;
    while ((await processClockEvents(ctx, ctx.clock.now(), 1)) > 0) slices++;
    expect(slices).toBeGreaterThan(1);
    for (const [lead, after] of [
      [first, 2 * HOUR],
      [second, HOUR],
    ] as const) {
      const clocks = await clocksOf(lead.id);
      expect(clocks.get('mql_routed')).toMatchObject({ status: 'met' });
      const touch = clocks.get('mql_first_touch')!;
      expect(touch).toMatchObject({ status: 'met', accountableUserId: lead.owner });
      expect(touch.stoppedAt!.getTime() - touch.startedAt.getTime()).toBe(after);
    }
  });

  it('catches up after downtime: events stored while no sweeper ran are measured at their own instants', async () => {
    const lead = await qualified();
    fx.clock.advance(3 * HOUR);
    await newSalesActivity(ctx, { personId: lead.id, userId: lead.owner, outcome: 'voicemail' });
    // The server was off for a weekend.
    fx.clock.advance(3 * DAY);
    await sweepClocks(ctx, ctx.clock.now());
    const clocks = await clocksOf(lead.id);
    // Touched after 3 h of a 4 h promise: met, even though the sweeper only saw it days later.
    expect(clocks.get('mql_first_touch')).toMatchObject({ status: 'met' });
    expect(clocks.get('mql_disposition')).toMatchObject({ status: 'running' });
  });

  it('a stop after the due time is a breach even when no sweep passed in between', async () => {
    const lead = await qualified();
    await sweepClocks(ctx, ctx.clock.now()); // starts the clocks; nothing is due yet
    const due = (await clocksOf(lead.id)).get('mql_first_touch')!.dueAt;
    // The first touch comes a business day late, and only then does a sweeper run.
    fx.clock.set(new Date(due.getTime() + DAY));
    await newSalesActivity(ctx, { personId: lead.id, userId: lead.owner, outcome: 'no_answer' });
    await sweepClocks(ctx, ctx.clock.now());
    const touch = (await clocksOf(lead.id)).get('mql_first_touch')!;
    expect(touch).toMatchObject({ status: 'breached' });
    expect(touch.breachedAt).toEqual(due);
  });

  it('two sweepers at once mark each breach once', async () => {
    const leads = [];
    for (let i = 0; i < 6; i++) leads.push(await qualified());
    fx.clock.advance(4 * DAY);
    await Promise.all([sweepClocks(ctx, ctx.clock.now()), sweepClocks(ctx, ctx.clock.now())]);
    for (const lead of leads) {
      expect((await outbox('sla.breached', lead.id)).length).toBe(1);
      expect((await clocksOf(lead.id)).get('mql_first_touch')!.status).toBe('breached');
    }
    const clocks = await ctx.db
      .selectFrom('sla_clocks')
      .select(['person_id', 'policy'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy(['person_id', 'policy'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(clocks).toEqual([]);
  });
});
