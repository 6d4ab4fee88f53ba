import { beforeAll, expect, it } from 'vitest';
import { type Principal, CLI_PRINCIPAL } from '../access/index.js';
import { activeRoutingPolicy, activeScoringModel } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { DAY } from '../core/index.js';
import { buildHandoff, routeLeads } from '../routing/index.js';
import { activeModel, scorePeople } from '../scoring/index.js';
import { newLead, newSalesActivity, newSalesOrg } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { fireDueReminders } from './reminders.js';
import { dispositionLead, leadCadence } from './service.js';
import { listDispositions, listReminders } from './store.js';

const rep = (userId: string): Principal => ({
  kind: 'api_key',
  id: 'key_rep',
  role: 'sales_rep',
  userId,
  name: 'rep',
});

forEachStore('dispositionLead', (fx) => {
  let ctx: Ctx;
  let org: Awaited<ReturnType<typeof newSalesOrg>>;
  beforeAll(async () => {
    ctx = fx.ctx;
    org = await newSalesOrg(ctx);
  });

  /** An MQL routed by the live rules (TQL on: mid-market goes to an SDR first). */
  async function routedLead(overrides: Parameters<typeof newLead>[1] = {}) {
    const lead = await newLead(ctx, { employees: 150, ...overrides });
    const policy = await activeRoutingPolicy(ctx.db, ctx.clock);
    const run = { ids: ctx.ids, now: ctx.clock.now(), policy, actorType: 'system', actorId: null };
    const [outcome] = await ctx.db.transaction().execute((trx) => routeLeads(trx, run, [lead.id], 'mql'));
    return { id: lead.id, owner: outcome!.ownerUserId! };
  }
  const stageOf = async (id: string) =>
    await ctx.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('an SDR accepting a telequalified lead passes it to the AE of its rule, with notes in the hand-off', async () => {
    const lead = await routedLead();
    expect(org.sdrNa.map((u) => u.id)).toContain(lead.owner);
    const result = await dispositionLead(
      ctx,
      lead.id,
      { outcome: 'accepted', notes: 'Budget approved for Q3' },
      rep(lead.owner),
    );
    expect(result.disposition.outcome).toBe('passed');
    expect(result.stageChanges.map((c) => c.to)).toEqual(['tql']);
    expect(org.mid.map((u) => u.id)).toContain(result.routing?.ownerUserId);
    const person = await stageOf(lead.id);
    expect(person.pass_rule).toBeNull();
    expect((await buildHandoff(ctx.db, lead.id))?.passNotes).toBe('Budget approved for Q3');
    // The AE accepts: SQL.
    const accepted = await dispositionLead(
      ctx,
      lead.id,
      { outcome: 'accepted' },
      rep(result.routing!.ownerUserId!),
    );
    expect(accepted.disposition).toMatchObject({ outcome: 'accepted', fromStage: 'tql', toStage: 'sql' });
  });

  it('a rep cannot disposition a lead they do not own', async () => {
    const lead = await routedLead();
    await expect(
      dispositionLead(ctx, lead.id, { outcome: 'accepted' }, rep(org.cs[0]!.id)),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it('refuses a disqualification without an agreed reason code, and records the marketing action with one', async () => {
    const lead = await routedLead();
    await expect(
      dispositionLead(ctx, lead.id, { outcome: 'disqualified' }, rep(lead.owner)),
    ).rejects.toMatchObject({
      issues: [{ path: '/reasonCode', message: expect.stringContaining('DQ-01') }],
    });
    await expect(
      dispositionLead(ctx, lead.id, { outcome: 'disqualified', reasonCode: 'DQ-99' }, rep(lead.owner)),
    ).rejects.toMatchObject({ issues: [{ path: '/reasonCode' }] });
    const result = await dispositionLead(
      ctx,
      lead.id,
      { outcome: 'disqualified', reasonCode: 'DQ-05' },
      rep(lead.owner),
    );
    expect(result.marketingAction).toBe('Feed to competitive intelligence; review positioning');
    expect((await stageOf(lead.id)).stage).toBe('disqualified');
  });

  it('no answer after 6 attempts over 14 days: refused before the cadence is complete, then back to nurture', async () => {
    const lead = await routedLead();
    await ctx.db
      .insertInto('person_scores')
      .values({
        person_id: lead.id,
        model_version: 1,
        fit: 40,
        engagement: 22,
        decay: 0,
        total: 62,
        qualifies: true,
        rules: '[]',
        last_engagement_at: null,
        scored_at: ctx.clock.now(),
      })
      .execute();
    const start = ctx.clock.now().getTime();
    const attempt = async (at: number) => {
      fx.clock.set(new Date(at));
      await newSalesActivity(ctx, { personId: lead.id, userId: lead.owner, outcome: 'no_answer' });
    };
    for (let i = 0; i < 3; i++) await attempt(start + i * DAY);
    fx.clock.set(new Date(start + 3 * DAY));
    await expect(
      dispositionLead(ctx, lead.id, { outcome: 'recycled', requeue: 'no_response' }, rep(lead.owner)),
    ).rejects.toMatchObject({
      code: 'cadence_incomplete',
      message: expect.stringContaining('3 of 6 touches'),
    });
    for (let i = 3; i < 6; i++) await attempt(start + i * 2 * DAY);
    fx.clock.set(new Date(start + 14 * DAY + 1));
    const cadence = await leadCadence(ctx, lead.id, CLI_PRINCIPAL);
    expect(cadence).toMatchObject({ touches: 6, required: 6, spanDays: 14, satisfied: true });
    expect(cadence.speedToLead.ms).toBe(0);
    const result = await dispositionLead(
      ctx,
      lead.id,
      { outcome: 'recycled', requeue: 'no_response' },
      rep(lead.owner),
    );
    expect(result.stageChanges.map((c) => c.to)).toEqual(['nurture']);
    const person = await stageOf(lead.id);
    expect(person).toMatchObject({ stage: 'nurture', owner_user_id: null, requalify_above: 62 });
  });

  it('a recycled lead re-enters the MQL queue only when its score rises above where it left', async () => {
    const { version, model } = await activeScoringModel(ctx.db, ctx.clock);
    const scoring = activeModel(version, model);
    const lead = await newLead(ctx, { stage: 'nurture', employees: 150 });
    await ctx.db
      .insertInto('touchpoints')
      .values({
        event_id: `demo-${lead.id}`,
        type: 'demo_request',
        occurred_at: ctx.clock.now(),
        received_at: ctx.clock.now(),
        person_id: lead.id,
        properties: '{}',
      })
      .execute();
    await ctx.db.updateTable('people').set({ requalify_above: 500 }).where('id', '=', lead.id).execute();
    const held = await ctx.db
      .transaction()
      .execute((trx) => scorePeople(trx, scoring, [lead.id], ctx.clock.now(), 'test'));
    expect(held.qualified).toEqual([]);
    await ctx.db.updateTable('people').set({ requalify_above: 10 }).where('id', '=', lead.id).execute();
    const back = await ctx.db
      .transaction()
      .execute((trx) => scorePeople(trx, scoring, [lead.id], ctx.clock.now(), 'test'));
    expect(back.qualified).toEqual([lead.id]);
  });

  it('timing wrong: long-term nurture with a re-engagement reminder that fires once when due', async () => {
    const lead = await routedLead();
    const result = await dispositionLead(
      ctx,
      lead.id,
      { outcome: 'recycled', requeue: 'bad_timing', notes: 'FY27 budget' },
      rep(lead.owner),
    );
    // Six months out, 09:00 in the rep's zone (Europe/Paris in the factories).
    const due = result.reminder!.dueAt;
    expect(due.getTime() - ctx.clock.now().getTime()).toBeGreaterThan(180 * DAY);
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
      }).format(due),
    ).toBe('09:00');
    expect(await listReminders(ctx.db, { personId: lead.id, pending: true })).toHaveLength(1);
    expect(await fireDueReminders(ctx, new Date(due.getTime() - 1))).toBe(0);
    expect(await fireDueReminders(ctx, due)).toBeGreaterThanOrEqual(1);
    expect(await listReminders(ctx.db, { personId: lead.id, pending: true })).toHaveLength(0);
    expect(await fireDueReminders(ctx, due)).toBe(0);
  });

  it('wrong persona: routed to another owner by the rules, the stage unchanged', async () => {
    const lead = await routedLead();
    const result = await dispositionLead(
      ctx,
      lead.id,
      { outcome: 'recycled', requeue: 'wrong_persona' },
      rep(lead.owner),
    );
    expect(result.disposition.outcome).toBe('rerouted');
    expect(result.routing?.outcome).toBe('assigned');
    expect(result.routing?.ownerUserId).not.toBe(lead.owner);
    expect((await stageOf(lead.id)).stage).toBe('mql');
  });

  it('needs education: back to marketing with the content sales recommends, which is required', async () => {
    const lead = await routedLead();
    await expect(
      dispositionLead(ctx, lead.id, { outcome: 'recycled', requeue: 'needs_education' }, rep(lead.owner)),
    ).rejects.toMatchObject({ issues: [{ path: '/contentRecommendations' }] });
    await expect(
      dispositionLead(ctx, lead.id, { outcome: 'recycled' }, rep(lead.owner)),
    ).rejects.toMatchObject({
      issues: [{ path: '/requeue' }],
    });
    await dispositionLead(
      ctx,
      lead.id,
      {
        outcome: 'recycled',
        requeue: 'needs_education',
        contentRecommendations: ['ROI calculator', 'Case study: Acme'],
      },
      rep(lead.owner),
    );
    const [d] = await listDispositions(ctx.db, lead.id);
    expect(d).toMatchObject({
      outcome: 'recycled',
      requeue: 'needs_education',
      contentRecommendations: ['ROI calculator', 'Case study: Acme'],
    });
    expect((await stageOf(lead.id)).owner_user_id).toBeNull();
  });

  it('only leads awaiting sales are dispositioned', async () => {
    const lead = await newLead(ctx, { stage: 'lead' });
    await expect(dispositionLead(ctx, lead.id, { outcome: 'accepted' }, CLI_PRINCIPAL)).rejects.toMatchObject(
      {
        code: 'not_awaiting_disposition',
      },
    );
  });
});
