import { beforeAll, expect, it } from 'vitest';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { activeRoutingPolicy } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { HOUR } from '../core/index.js';
import { routeLeads } from '../routing/index.js';
import { newCampaign, newLead, newSalesOrg, newUser, nextSeq } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { campaignQualitySummary, listQualityFlags, raiseFlag, resolveFlag } from './flags-service.js';
import { dispositionLead } from './service.js';
import { completeMarketingTask, listMarketingTasks } from './tasks-service.js';

const rep = (userId: string): Principal => ({
  kind: 'api_key',
  id: 'key_rep',
  role: 'sales_rep',
  userId,
  name: 'rep',
});

forEachStore('lead-quality flags and marketing tasks', (fx) => {
  let ctx: Ctx;
  let org: Awaited<ReturnType<typeof newSalesOrg>>;
  let marketer: { id: string };
  beforeAll(async () => {
    ctx = fx.ctx;
    org = await newSalesOrg(ctx);
    marketer = await newUser(ctx, { role: 'marketing' });
  });

  /** A touchpoint `hoursAgo` before now, with or without a campaign. */
  async function touch(personId: string, campaignId: string | null, hoursAgo: number) {
    const at = new Date(ctx.clock.now().getTime() - hoursAgo * HOUR);
    await ctx.db
      .insertInto('touchpoints')
      .values({
        event_id: `evt_q${nextSeq()}`,
        type: 'page_view',
        occurred_at: at,
        received_at: at,
        person_id: personId,
        campaign_id: campaignId,
        properties: '{}',
      })
      .execute();
  }

  /** An MQL routed by the live rules, brought by `campaignId` (its first touch). */
  async function routedLead(campaignId: string | null, leadSource = 'webinar') {
    const lead = await newLead(ctx, { employees: 150, leadSource });
    if (campaignId) await touch(lead.id, campaignId, 48);
    const policy = await activeRoutingPolicy(ctx.db, ctx.clock);
    const run = { ids: ctx.ids, now: ctx.clock.now(), policy, actorType: 'system', actorId: null };
    const [outcome] = await ctx.db.transaction().execute((trx) => routeLeads(trx, run, [lead.id], 'mql'));
    return { id: lead.id, owner: outcome!.ownerUserId! };
  }
  const outbox = (type: string) =>
    ctx.db.selectFrom('outbox').selectAll().where('type', '=', type).orderBy('created_at').execute();

  it('a flag on a lead reaches the owner of its first-touch campaign through the outbox, and lists under the campaign', async () => {
    const webinar = await newCampaign(ctx, { ownerUserId: marketer.id });
    const other = await newCampaign(ctx, { ownerUserId: org.cs[0]!.id });
    const lead = await routedLead(webinar.id);
    await touch(lead.id, other.id, 1);
    const flag = await raiseFlag(
      ctx,
      { personId: lead.id, kind: 'wrong_persona', severity: 'high', comment: 'A student, not a buyer' },
      rep(lead.owner),
    );
    expect(flag).toMatchObject({
      personId: lead.id,
      campaignId: webinar.id,
      campaignVia: 'first_touch',
      recipientUserId: marketer.id,
      status: 'open',
      raisedBy: { userId: lead.owner },
    });
    const sent = (await outbox('lead_quality.flagged')).filter(
      (e) => (e.data as { flag: { id: string } }).flag.id === flag.id,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject_user_id: marketer.id, subject_person_id: lead.id });
    expect(sent[0]!.text).toContain('Wrong persona (high). A student, not a buyer');
    expect((await listQualityFlags(ctx, { campaignId: webinar.id }, CLI_PRINCIPAL)).map((f) => f.id)).toEqual(
      [flag.id],
    );
    expect(await listQualityFlags(ctx, { campaignId: other.id }, CLI_PRINCIPAL)).toEqual([]);
  });

  it('without a campaign on the first touch, the flag goes to the latest campaign the lead touched', async () => {
    const early = await newCampaign(ctx, { ownerUserId: org.cs[0]!.id });
    const latest = await newCampaign(ctx, { ownerUserId: marketer.id });
    const lead = await routedLead(null);
    await touch(lead.id, null, 72);
    await touch(lead.id, early.id, 30);
    await touch(lead.id, latest.id, 10);
    const flag = await raiseFlag(ctx, { personId: lead.id, kind: 'bad_data' }, CLI_PRINCIPAL);
    expect(flag).toMatchObject({
      campaignId: latest.id,
      campaignVia: 'latest_campaign',
      recipientUserId: marketer.id,
    });
  });

  it("a flag on a campaign reaches its owner; an unknown campaign or another rep's lead is not found", async () => {
    const campaign = await newCampaign(ctx, { ownerUserId: marketer.id });
    const flag = await raiseFlag(ctx, { campaignId: campaign.id, kind: 'spam_fake' }, CLI_PRINCIPAL);
    expect(flag).toMatchObject({ personId: null, campaignVia: 'campaign', recipientUserId: marketer.id });
    await expect(
      raiseFlag(ctx, { campaignId: 'cmp_nope', kind: 'spam_fake' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({
      status: 404,
    });
    const lead = await routedLead(campaign.id);
    await expect(
      raiseFlag(ctx, { personId: lead.id, kind: 'duplicate' }, rep(org.cs[0]!.id)),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it('the campaign owner acknowledges, then resolves with a response that goes back to the rep', async () => {
    const campaign = await newCampaign(ctx, { ownerUserId: marketer.id });
    const lead = await routedLead(campaign.id);
    const flag = await raiseFlag(ctx, { personId: lead.id, kind: 'bad_data' }, rep(lead.owner));
    const marketing: Principal = {
      kind: 'api_key',
      id: 'key_m',
      role: 'marketing',
      userId: marketer.id,
      name: 'm',
    };
    const seen = await resolveFlag(
      ctx,
      flag.id,
      { status: 'acknowledged', response: 'Checking the form' },
      marketing,
    );
    expect(seen).toMatchObject({
      status: 'acknowledged',
      response: 'Checking the form',
      respondedById: marketer.id,
    });
    fx.clock.advance(HOUR);
    const done = await resolveFlag(ctx, flag.id, { response: 'Phone validation added' }, marketing);
    expect(done).toMatchObject({ status: 'resolved', response: 'Phone validation added' });
    expect(done.respondedAt).toEqual(ctx.clock.now());
    await expect(resolveFlag(ctx, flag.id, { response: 'again' }, marketing)).rejects.toMatchObject({
      status: 409,
    });
    const back = (await outbox('lead_quality.resolved')).at(-1);
    expect(back).toMatchObject({ subject_user_id: lead.owner });
    expect(
      await listQualityFlags(ctx, { status: 'resolved', campaignId: campaign.id }, CLI_PRINCIPAL),
    ).toHaveLength(1);
    // A rep sees only what they raised.
    expect((await listQualityFlags(ctx, {}, rep(org.cs[0]!.id))).length).toBe(0);
    expect((await listQualityFlags(ctx, {}, rep(lead.owner))).map((f) => f.id)).toContain(flag.id);
  });

  it("summarises a campaign's quality: flags by kind and the share of its leads flagged", async () => {
    const campaign = await newCampaign(ctx, { ownerUserId: marketer.id });
    const leads = [];
    for (let i = 0; i < 4; i++) leads.push(await routedLead(campaign.id));
    await raiseFlag(ctx, { personId: leads[0]!.id, kind: 'bad_data' }, CLI_PRINCIPAL);
    await raiseFlag(ctx, { personId: leads[0]!.id, kind: 'duplicate' }, CLI_PRINCIPAL);
    await raiseFlag(ctx, { personId: leads[1]!.id, kind: 'bad_data' }, CLI_PRINCIPAL);
    await raiseFlag(ctx, { campaignId: campaign.id, kind: 'spam_fake' }, CLI_PRINCIPAL);
    expect(await campaignQualitySummary(ctx, campaign.id)).toEqual({
      campaignId: campaign.id,
      leads: 4,
      flaggedLeads: 2,
      flaggedShare: 0.5,
      flags: 4,
      open: 4,
      byKind: [
        { kind: 'bad_data', count: 2 },
        { kind: 'duplicate', count: 1 },
        { kind: 'spam_fake', count: 1 },
      ],
    });
    await expect(campaignQualitySummary(ctx, 'cmp_none')).rejects.toMatchObject({ status: 404 });
  });

  it('a disqualification opens a task with its DQ action for the campaign owner; the same code on the same campaign joins it', async () => {
    const campaign = await newCampaign(ctx, { ownerUserId: marketer.id });
    const first = await routedLead(campaign.id, 'webinar');
    const result = await dispositionLead(
      ctx,
      first.id,
      { outcome: 'disqualified', reasonCode: 'DQ-06' },
      rep(first.owner),
    );
    expect(result.marketingTask).toMatchObject({
      created: true,
      action: 'Audit lead sources; tighten form validation',
    });
    fx.clock.advance(HOUR);
    const second = await routedLead(campaign.id, 'paid_search');
    const joined = await dispositionLead(
      ctx,
      second.id,
      { outcome: 'disqualified', reasonCode: 'DQ-06' },
      rep(second.owner),
    );
    expect(joined.marketingTask).toEqual({ ...result.marketingTask, created: false });
    const third = await routedLead(campaign.id);
    await dispositionLead(ctx, third.id, { outcome: 'disqualified', reasonCode: 'DQ-02' }, rep(third.owner));

    const tasks = await listMarketingTasks(ctx, { campaignId: campaign.id });
    expect(tasks.map((t) => [t.dqCode, t.leadCount])).toEqual([
      ['DQ-02', 1],
      ['DQ-06', 2],
    ]);
    expect(tasks[1]).toMatchObject({
      kind: 'form_validation_audit',
      assigneeUserId: marketer.id,
      assignedTo: 'campaign_owner',
      status: 'open',
      latestPersonId: second.id,
      leadSources: [
        { source: 'paid_search', leads: 1 },
        { source: 'webinar', leads: 1 },
      ],
    });
    expect(
      (await listMarketingTasks(ctx, { source: 'paid_search', campaignId: campaign.id })).map(
        (t) => t.dqCode,
      ),
    ).toEqual(['DQ-06']);
    expect(
      (await listMarketingTasks(ctx, { code: 'DQ-02', campaignId: campaign.id })).map((t) => t.id),
    ).toEqual([tasks[0]!.id]);
    expect(await outbox('marketing_task.created')).toEqual(
      expect.arrayContaining([expect.objectContaining({ subject_user_id: marketer.id })]),
    );

    // Completed: the next DQ-06 from the campaign opens a new task.
    const done = await completeMarketingTask(
      ctx,
      tasks[1]!.id,
      'Captcha and email verification on the form',
      CLI_PRINCIPAL,
    );
    expect(done).toMatchObject({
      status: 'completed',
      completionNote: 'Captcha and email verification on the form',
    });
    await expect(completeMarketingTask(ctx, tasks[1]!.id, 'again', CLI_PRINCIPAL)).rejects.toMatchObject({
      status: 409,
    });
    const fourth = await routedLead(campaign.id);
    const reopened = await dispositionLead(
      ctx,
      fourth.id,
      { outcome: 'disqualified', reasonCode: 'DQ-06' },
      rep(fourth.owner),
    );
    expect(reopened.marketingTask?.created).toBe(true);
    expect(reopened.marketingTask?.taskId).not.toBe(tasks[1]!.id);
    expect(
      await listMarketingTasks(ctx, { campaignId: campaign.id, status: 'open', code: 'DQ-06' }),
    ).toHaveLength(1);
  });

  it('a lead without a campaign makes a task per lead source, in the marketing-ops queue; accepting makes none', async () => {
    const source = `tradeshow-${nextSeq()}`;
    const a = await routedLead(null, source);
    const b = await routedLead(null, source);
    await dispositionLead(ctx, a.id, { outcome: 'disqualified', reasonCode: 'DQ-07' }, rep(a.owner));
    await dispositionLead(ctx, b.id, { outcome: 'disqualified', reasonCode: 'DQ-07' }, rep(b.owner));
    const tasks = await listMarketingTasks(ctx, { source });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      campaignId: null,
      leadSource: source,
      assigneeUserId: null,
      assignedTo: 'marketing_ops',
      leadCount: 2,
      action: 'Adjust scoring; consider self-serve path',
      kind: 'scoring_review',
    });
    const c = await routedLead(null, source);
    const accepted = await dispositionLead(
      ctx,
      c.id,
      { outcome: 'recycled', requeue: 'needs_education', contentRecommendations: ['ROI guide'] },
      rep(c.owner),
    );
    expect(accepted.marketingTask).toBeNull();
    expect((await listMarketingTasks(ctx, { source }))[0]!.leadCount).toBe(2);
  });

  it('a lead disqualified again with the same code while its task is open counts once', async () => {
    const campaign = await newCampaign(ctx, { ownerUserId: marketer.id });
    const lead = await routedLead(campaign.id);
    const first = await dispositionLead(
      ctx,
      lead.id,
      { outcome: 'disqualified', reasonCode: 'DQ-03' },
      CLI_PRINCIPAL,
    );
    // Back in the MQL queue (its score rose again), then disqualified for the same reason.
    await ctx.db.updateTable('people').set({ stage: 'mql' }).where('id', '=', lead.id).execute();
    fx.clock.advance(HOUR);
    const again = await dispositionLead(
      ctx,
      lead.id,
      { outcome: 'disqualified', reasonCode: 'DQ-03' },
      CLI_PRINCIPAL,
    );
    expect(again.marketingTask).toEqual({ ...first.marketingTask, created: false });
    const [task] = await listMarketingTasks(ctx, { campaignId: campaign.id });
    expect(task).toMatchObject({
      leadCount: 1,
      latestAt: ctx.clock.now(),
      leadSources: [{ source: 'webinar', leads: 1 }],
    });
  });

  it("a lead whose record names no source is counted under its first touch's channel", async () => {
    const campaign = await newCampaign(ctx, { ownerUserId: marketer.id, channel: 'paid_social' });
    const lead = await routedLead(campaign.id);
    await ctx.db.updateTable('people').set({ lead_source: null }).where('id', '=', lead.id).execute();
    await dispositionLead(ctx, lead.id, { outcome: 'disqualified', reasonCode: 'DQ-05' }, CLI_PRINCIPAL);
    const [task] = await listMarketingTasks(ctx, { campaignId: campaign.id });
    expect(task?.leadSources).toEqual([{ source: 'paid_social', leads: 1 }]);
  });
});
