import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newLead, newUser, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

forEachStore('API content, messaging and content requests', (fx) => {
  const api = useApi(fx);

  it('lets marketing build the library and sales search it and log what they sent; not the other way round', async () => {
    const rep = await newUser(fx.ctx, { role: 'sdr' });
    const repKey = await api.repKey(rep.id);
    const body = {
      title: 'Analyst report: RevOps 2026',
      type: 'whitepaper',
      location: 'https://cdn.test/revops.pdf',
      stage: 'mql',
      persona: 'Director',
      industry: 'Software',
      channel: 'email',
      reviewOn: '2026-06-30',
    };
    expect((await api.call('POST', '/v1/content/assets', { body, key: repKey })).status).toBe(403);
    const created = await api.call('POST', '/v1/content/assets', { body, key: api.keys.marketing });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, version: 1 });
    const search = await api.call('GET', '/v1/content/assets?stage=mql&persona=Director&q=revops', {
      key: repKey,
    });
    expect(search.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    expect((await api.call('GET', '/v1/content/assets?stage=hot')).status).toBe(400);

    const lead = await newLead(fx.ctx, { ownerUserId: rep.id, account: {} });
    const noOne = await api.call('POST', '/v1/content/usage', {
      body: { assetId: created.body.id },
      key: repKey,
    });
    expect(noOne.status).toBe(422);
    expect(paths(noOne.body)).toEqual(['/personId']);
    const sent = await api.call('POST', '/v1/content/usage', {
      body: { assetId: created.body.id, personId: lead.id },
      key: repKey,
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ userId: rep.id, accountId: lead.accountId });
    expect(
      (
        await api.call('POST', '/v1/content/usage', {
          body: { assetId: created.body.id, personId: lead.id },
          key: api.keys.marketing,
        })
      ).status,
    ).toBe(403);
    const effect = await api.call('GET', `/v1/content/effectiveness?assetId=${created.body.id}`);
    expect(effect.body).toEqual([
      expect.objectContaining({ assetId: created.body.id, sends: 1, influencedOpportunities: 0 }),
    ]);
  });

  it('versions messaging: a PATCH is a new version and the old one is still readable', async () => {
    const created = await api.call('POST', '/v1/messaging', {
      key: api.keys.marketing,
      body: {
        kind: 'value_proposition',
        title: 'For VPs',
        persona: 'Vice President',
        segment: 'mid_market',
        body: { statement: 'One funnel.' },
      },
    });
    expect(created.status).toBe(201);
    const bad = await api.call('POST', '/v1/messaging', {
      body: { kind: 'battlecard', title: 'vs ?', body: { strengths: ['x'] } },
    });
    expect(bad.status).toBe(422);
    expect(paths(bad.body)).toEqual(['/competitor']);
    const edited = await api.call('PATCH', `/v1/messaging/${created.body.id}`, {
      key: api.keys.marketing,
      body: { body: { statement: 'One funnel, one score.', proofPoints: ['-30% time to first touch'] } },
    });
    expect(edited.body).toMatchObject({ version: 2, persona: 'Vice President' });
    const v1 = await api.call('GET', `/v1/messaging/${created.body.id}/versions/1`, {
      key: api.keys.sales_manager,
    });
    expect(v1.body.body).toEqual({ statement: 'One funnel.' });
    const list = await api.call('GET', '/v1/messaging?kind=value_proposition&persona=vice%20president');
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
  });

  it('queues a content request from sales with its SLA clock, and marketing delivers it with an asset', async () => {
    const rep = await newUser(fx.ctx, { role: 'ae' });
    const repKey = await api.repKey(rep.id);
    const types = await api.call('GET', '/v1/content-requests/types');
    expect(types.body.map((t: { turnaroundTarget: string }) => t.turnaroundTarget)).toEqual([
      '1 week',
      '2 weeks',
      '3-4 weeks',
      '1 week from release',
      '3 weeks before event',
    ]);
    expect(
      (
        await api.call('POST', '/v1/content-requests', {
          key: api.keys.marketing,
          body: { type: 'objection_handling', title: 'x' },
        })
      ).status,
    ).toBe(403);
    const noDay = await api.call('POST', '/v1/content-requests', {
      key: repKey,
      body: { type: 'product_update_positioning', title: 'v5 launch' },
    });
    expect(noDay.status).toBe(422);
    expect(paths(noDay.body)).toEqual(['/anchorOn']);
    const created = await api.call('POST', '/v1/content-requests', {
      key: repKey,
      body: {
        type: 'vertical_case_study',
        title: 'Healthcare case study',
        details: 'Two deals stuck on proof',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', requesterUserId: rep.id, ownerUserId: null });
    expect(new Date(created.body.dueAt) > new Date(created.body.targetAt)).toBe(true);
    const clocks = await api.call('GET', '/v1/sla/clocks?policy=content_request');
    expect(
      clocks.body.items.find((c: { contentRequestId: string }) => c.contentRequestId === created.body.id),
    ).toMatchObject({
      status: 'running',
      personId: null,
      dueAt: created.body.dueAt,
    });
    const asset = await api.call('POST', '/v1/content/assets', {
      key: api.keys.marketing,
      body: {
        title: 'Healthcare case study',
        type: 'case_study',
        location: 'https://cdn.test/hc.pdf',
        industry: 'Healthcare',
      },
    });
    const delivered = await api.call('POST', `/v1/content-requests/${created.body.id}/deliver`, {
      key: api.keys.marketing,
      body: { assetId: asset.body.id },
    });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ status: 'delivered', assetId: asset.body.id });
    const again = await api.call('POST', `/v1/content-requests/${created.body.id}/decline`, {
      body: { reason: 'no' },
    });
    expect(again.status).toBe(409);
    const clock = (await api.call('GET', '/v1/sla/clocks?policy=content_request')).body.items.find(
      (c: { contentRequestId: string }) => c.contentRequestId === created.body.id,
    );
    expect(clock.status).toBe('met');
  });

  it('shows talking points and recommended content in the hand-off package', async () => {
    await api.call('POST', '/v1/messaging', {
      key: api.keys.marketing,
      body: {
        kind: 'talking_points',
        title: 'Managers',
        persona: 'Manager',
        body: { points: ['Less manual lead triage'] },
      },
    });
    const asset = await api.call('POST', '/v1/content/assets', {
      key: api.keys.marketing,
      body: {
        title: 'Manager playbook',
        type: 'ebook',
        location: 'https://cdn.test/mgr',
        persona: 'Manager',
        stage: 'mql',
      },
    });
    const lead = await newLead(fx.ctx, { title: 'Marketing Manager', stage: 'mql' });
    const handoff = await api.call('GET', `/v1/people/${lead.id}/handoff`);
    expect(handoff.status).toBe(200);
    expect(handoff.body).toMatchObject({ persona: 'Manager', talkingPoints: ['Less manual lead triage'] });
    // The most specific first; assets for any persona and stage follow.
    expect(handoff.body.recommendedContent[0]).toEqual({
      id: asset.body.id,
      title: 'Manager playbook',
      type: 'ebook',
      location: 'https://cdn.test/mgr',
      persona: 'Manager',
      stage: 'mql',
    });
  });
});

forEachStore('CLI content and content requests', (fx) => {
  const cli = useCli(fx.kind);

  it('adds an asset, writes talking points, and runs a content request from creation to delivery', async () => {
    const added = await cli.run(
      'content',
      'add',
      '--title',
      'ROI calculator',
      '--type',
      'roi_calculator',
      '--location',
      'https://x.test/roi',
      '--stage',
      'sql',
      '--json',
    );
    expect(added.code).toBe(0);
    const asset = JSON.parse(added.stdout);
    const listed = await cli.run('content', 'list', '--stage', 'sql');
    expect(listed.stdout).toContain('ROI calculator');
    const bad = await cli.run('content', 'add', '--title', 'x', '--type', 'poster', '--location', 'x');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('/type');

    const points = await cli.run(
      'messaging',
      'add',
      '--kind',
      'talking_points',
      '--title',
      'All',
      '--point',
      'Faster hand-offs',
      'One score',
      '--json',
    );
    expect(points.code).toBe(0);
    expect(JSON.parse(points.stdout).body.points).toEqual(['Faster hand-offs', 'One score']);

    const types = await cli.run('content-requests', 'types');
    expect(types.stdout).toContain('Case study for specific vertical/use case');
    expect(types.stdout).toContain('3 weeks before event');

    const users = await cli.run(
      'users',
      'create',
      '--email',
      'ae.cli@servio.test',
      '--name',
      'AE Cli',
      '--role',
      'ae',
      '--time-zone',
      'UTC',
      '--json',
    );
    expect(users.code).toBe(0);
    const userId = JSON.parse(users.stdout).id;
    const created = await cli.run(
      'content-requests',
      'create',
      '--type',
      'competitive_battlecard',
      '--title',
      'vs Initech',
      '--requester',
      userId,
      '--json',
    );
    expect(created.code).toBe(0);
    const request = JSON.parse(created.stdout);
    expect(request.status).toBe('open');
    const delivered = await cli.run('content-requests', 'deliver', request.id, asset.id);
    expect(delivered.code).toBe(0);
    expect(delivered.stdout).toContain('on time');
    const shown = await cli.run('content-requests', 'show', request.id, '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'delivered', assetId: asset.id });
  });
});
