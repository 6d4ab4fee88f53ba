import { beforeAll, describe, expect, inject, it } from 'vitest';
import { activeRoutingPolicy } from '../../src/agreement/index.js';
import { HOUR } from '../../src/core/index.js';
import { routeLeads } from '../../src/routing/index.js';
import { useApi } from '../support/api.js';
import { newCampaign, newLead, newSalesOrg, newUser, nextSeq, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

forEachStore('API lead-quality flags and marketing tasks', (fx) => {
  const api = useApi(fx);
  let marketer: { id: string };
  let campaignId: string;
  beforeAll(async () => {
    await newSalesOrg(fx.ctx);
    marketer = await newUser(fx.ctx, { role: 'marketing' });
    campaignId = (await newCampaign(fx.ctx, { ownerUserId: marketer.id, name: 'Q1 webinar' })).id;
  });

  /** An MQL brought by the campaign (its first touch), routed by the live rules. */
  async function routedLead(leadSource = 'webinar') {
    const ctx = fx.ctx;
    const lead = await newLead(ctx, { employees: 150, leadSource });
    const at = new Date(ctx.clock.now().getTime() - 24 * HOUR);
    await ctx.db
      .insertInto('touchpoints')
      .values({
        event_id: `evt_e${nextSeq()}`,
        type: 'webinar_attended',
        occurred_at: at,
        received_at: at,
        person_id: lead.id,
        campaign_id: campaignId,
        properties: '{}',
      })
      .execute();
    const policy = await activeRoutingPolicy(ctx.db, ctx.clock);
    const run = { ids: ctx.ids, now: ctx.clock.now(), policy, actorType: 'system', actorId: null };
    const [outcome] = await ctx.db.transaction().execute((trx) => routeLeads(trx, run, [lead.id], 'mql'));
    return { id: lead.id, owner: outcome!.ownerUserId! };
  }

  it('a rep flags a lead, the campaign owner sees it and answers; the weekly review lists it', async () => {
    const lead = await routedLead();
    const repKey = await api.repKey(lead.owner);
    const body = { personId: lead.id, kind: 'bad_data', severity: 'high', comment: 'Phone number is fake' };
    expect((await api.call('POST', '/v1/quality-flags', { body, key: api.keys.marketing })).status).toBe(403);
    expect(
      (await api.call('POST', '/v1/quality-flags', { body: { ...body, kind: 'ugly' }, key: repKey })).status,
    ).toBe(400);
    const both = await api.call('POST', '/v1/quality-flags', { body: { ...body, campaignId }, key: repKey });
    expect(both.status).toBe(422);
    expect(paths(both.body)).toEqual(['/campaignId']);

    const raised = await api.call('POST', '/v1/quality-flags', { body, key: repKey });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({
      campaignId,
      campaignVia: 'first_touch',
      recipientUserId: marketer.id,
      status: 'open',
    });

    const listed = await api.call(
      'GET',
      `/v1/quality-flags?campaignId=${campaignId}&status=open&from=2026-01-05&to=2026-01-05`,
      { key: api.keys.marketing },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([raised.body.id]);
    expect(
      (await api.call('GET', `/v1/quality-flags?campaignId=${campaignId}&from=2026-01-06`)).body.items,
    ).toEqual([]);
    const badDate = await api.call('GET', '/v1/quality-flags?from=yesterday');
    expect(badDate.status).toBe(422);
    expect(paths(badDate.body)).toEqual(['/from']);

    const resolvePath = `/v1/quality-flags/${raised.body.id}/resolve`;
    expect((await api.call('POST', resolvePath, { body: { response: 'ok' }, key: repKey })).status).toBe(403);
    const resolved = await api.call('POST', resolvePath, {
      body: { response: 'Phone validation on the form' },
      key: api.keys.marketing,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', response: 'Phone validation on the form' });
    expect(
      (await api.call('POST', resolvePath, { body: { response: 'again' }, key: api.keys.marketing })).status,
    ).toBe(409);
    expect(
      (await api.call('POST', '/v1/quality-flags/qfl_nope/resolve', { body: { response: 'x' } })).status,
    ).toBe(404);

    const quality = await api.call('GET', `/v1/campaigns/${campaignId}/quality`, {
      key: api.keys.sales_manager,
    });
    expect(quality.status).toBe(200);
    expect(quality.body).toMatchObject({
      flags: 1,
      open: 0,
      flaggedLeads: 1,
      byKind: [{ kind: 'bad_data', count: 1 }],
    });

    const review = await api.call('GET', '/v1/reports/pipeline-review?week=2026-W02', {
      key: api.keys.sales_manager,
    });
    expect(review.status).toBe(200);
    expect(review.body.leadQualityFlags).toMatchObject({
      count: 1,
      byKind: [{ kind: 'bad_data', count: 1 }],
    });
    expect(review.body.leadQualityFlags.flags[0]).toMatchObject({
      id: raised.body.id,
      campaignName: 'Q1 webinar',
    });
    expect(review.body.omittedSections.map((s: { section: string }) => s.section)).not.toContain(
      'Lead quality flags',
    );
    const markdown = await api.call('GET', '/v1/reports/pipeline-review?week=2026-W02&format=md', {
      key: api.keys.sales_manager,
    });
    expect(markdown.body).toContain('Lead quality flags: 1 raised (0 open): Bad data 1');
    expect(markdown.body).toContain('Phone number is fake');
  });

  it('disqualifications become marketing tasks per campaign and lead source, completed by marketing', async () => {
    const a = await routedLead('webinar');
    const b = await routedLead('partner_referral');
    for (const lead of [a, b]) {
      const res = await api.call('POST', `/v1/people/${lead.id}/disposition`, {
        body: { outcome: 'disqualified', reasonCode: 'DQ-01' },
        key: await api.repKey(lead.owner),
      });
      expect(res.status).toBe(201);
      expect(res.body.marketingTask).toMatchObject({
        action: 'Nurture with ROI content; re-engage next fiscal year',
      });
    }
    const tasks = await api.call(
      'GET',
      `/v1/marketing-tasks?campaignId=${campaignId}&code=DQ-01&status=open`,
      {
        key: api.keys.marketing,
      },
    );
    expect(tasks.body.items).toHaveLength(1);
    const task = tasks.body.items[0];
    expect(task).toMatchObject({
      dqCode: 'DQ-01',
      kind: 'nurture_program',
      leadCount: 2,
      assigneeUserId: marketer.id,
      latestPersonId: b.id,
    });
    const bySource = await api.call('GET', '/v1/marketing-tasks?source=partner_referral');
    expect(bySource.body.items.map((t: { id: string }) => t.id)).toEqual([task.id]);
    expect((await api.call('GET', '/v1/marketing-tasks?status=done')).status).toBe(400);

    const path = `/v1/marketing-tasks/${task.id}/complete`;
    const repKey = await api.repKey(a.owner);
    expect((await api.call('POST', path, { body: { note: 'x' }, key: repKey })).status).toBe(403);
    const done = await api.call('POST', path, {
      body: { note: 'Added both to the ROI nurture' },
      key: api.keys.marketing,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completionNote: 'Added both to the ROI nurture' });
    expect(
      (await api.call('GET', `/v1/marketing-tasks?campaignId=${campaignId}&status=open`)).body.items,
    ).toEqual([]);
  });
});

describe('servio quality-flags and marketing-tasks', () => {
  for (const kind of inject('stores')) {
    describe(`[${kind}]`, () => {
      const cli = useCli(kind);

      // Each CLI run opens the database (PGlite: a few seconds on a loaded machine): limits to match.
      it('raises, lists and resolves a flag on a campaign', { timeout: 150_000 }, async () => {
        const campaign = JSON.parse(
          (
            await cli.run(
              'campaigns',
              'create',
              '--name',
              'Spring ebook',
              '--channel',
              'content_syndication',
              '--json',
            )
          ).stdout,
        );
        const raised = await cli.run(
          'quality-flags',
          'raise',
          '--campaign',
          campaign.id,
          '--kind',
          'spam_fake',
          '--comment',
          'Form fills from bots',
          '--json',
        );
        expect(raised.code).toBe(0);
        const flag = JSON.parse(raised.stdout);
        expect(flag).toMatchObject({
          campaignId: campaign.id,
          kind: 'spam_fake',
          severity: 'medium',
          status: 'open',
        });
        const bad = await cli.run('quality-flags', 'raise', '--campaign', campaign.id, '--kind', 'other');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('/comment');

        const listed = await cli.run('quality-flags', 'list', '--campaign', campaign.id);
        expect(listed.code).toBe(0);
        expect(listed.stdout).toContain('Spam / fake');
        expect(listed.stdout).toContain('Form fills from bots');
        const resolved = await cli.run(
          'quality-flags',
          'resolve',
          flag.id,
          '--response',
          'reCAPTCHA added',
          '--json',
        );
        expect(JSON.parse(resolved.stdout)).toMatchObject({
          status: 'resolved',
          response: 'reCAPTCHA added',
        });
        expect((await cli.run('quality-flags', 'list', '--status', 'closed')).code).toBe(2);
      });

      it('shows a disqualification as a marketing task to complete', { timeout: 150_000 }, async () => {
        const person = JSON.parse(
          (await cli.run('people', 'upsert', '--email', 'bad@fake.test', '--json')).stdout,
        ).person;
        expect((await cli.run('lifecycle', 'move', person.id, '--to', 'mql')).code).toBe(0);
        const dq = await cli.run(
          'leads',
          'disposition',
          person.id,
          '--outcome',
          'disqualified',
          '--code',
          'DQ-06',
        );
        expect(dq.code).toBe(0);
        expect(dq.stdout).toContain('Audit lead sources; tighten form validation');

        const tasks = JSON.parse(
          (await cli.run('marketing-tasks', 'list', '--code', 'DQ-06', '--json')).stdout,
        );
        expect(tasks.items).toEqual([
          expect.objectContaining({
            dqCode: 'DQ-06',
            leadCount: 1,
            assignedTo: 'marketing_ops',
            status: 'open',
          }),
        ]);
        const human = await cli.run('marketing-tasks', 'list');
        expect(human.stdout).toContain('marketing ops');
        const done = await cli.run(
          'marketing-tasks',
          'complete',
          tasks.items[0].id,
          '--note',
          'Email verification on',
        );
        expect(done.code).toBe(0);
        expect(done.stdout).toContain('completed');
        expect(
          (await cli.run('marketing-tasks', 'complete', tasks.items[0].id, '--note', 'again')).code,
        ).toBe(2);
        expect((await cli.run('marketing-tasks', 'list', '--status', 'open', '--json')).stdout).toContain(
          '"items": []',
        );
      });
    });
  }
});
