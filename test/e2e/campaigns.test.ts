import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newCampaign, newOpportunity, newUser, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

forEachStore('API campaigns', (fx) => {
  const api = useApi(fx);

  it('creates a campaign with its cost in integer cents and reads it back', async () => {
    const owner = await newUser(fx.ctx, { role: 'marketing' });
    const body = {
      name: 'Q1 webinar series',
      channel: 'webinar',
      status: 'active',
      cost: { cents: 1_250_000, currency: 'USD' },
      startsOn: '2026-01-01',
      endsOn: '2026-03-31',
      ownerUserId: owner.id,
      externalId: 'mkto-1001',
    };
    const created = await api.call('POST', '/v1/campaigns', { body, key: api.keys.marketing });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(body);
    const read = await api.call('GET', `/v1/campaigns/${created.body.id}`, { key: api.keys.sales_manager });
    expect(read.body).toEqual(created.body);
  });

  it('refuses money as a float or with a bad currency (400 naming the field)', async () => {
    const floaty = await api.call('POST', '/v1/campaigns', {
      body: { name: 'x', channel: 'event', cost: { cents: 12.5, currency: 'USD' } },
    });
    expect(floaty.status).toBe(400);
    expect(paths(floaty.body)).toContain('/body/cost/cents');
    const lower = await api.call('POST', '/v1/campaigns', {
      body: { name: 'x', channel: 'event', cost: { cents: 100, currency: 'usd' } },
    });
    expect(lower.status).toBe(400);
    expect(paths(lower.body)).toContain('/body/cost/currency');
  });

  it('refuses an end before the start with 422 /endsOn, also on PATCH', async () => {
    const bad = await api.call('POST', '/v1/campaigns', {
      body: { name: 'x', channel: 'event', startsOn: '2026-05-02', endsOn: '2026-05-01' },
    });
    expect(bad.status).toBe(422);
    expect(paths(bad.body)).toEqual(['/endsOn']);
    const campaign = await newCampaign(fx.ctx, { startsOn: '2026-05-02' });
    const patch = await api.call('PATCH', `/v1/campaigns/${campaign.id}`, { body: { endsOn: '2026-04-30' } });
    expect(patch.status).toBe(422);
    expect(paths(patch.body)).toEqual(['/endsOn']);
  });

  it('names an unknown owner (422) and a taken external id (409)', async () => {
    const unknown = await api.call('POST', '/v1/campaigns', {
      body: { name: 'x', channel: 'email', ownerUserId: 'usr_nobody' },
    });
    expect(unknown.status).toBe(422);
    expect(paths(unknown.body)).toEqual(['/ownerUserId']);
    await newCampaign(fx.ctx, { externalId: 'hs-77' });
    const dup = await api.call('POST', '/v1/campaigns', {
      body: { name: 'x', channel: 'email', externalId: 'hs-77' },
    });
    expect(dup.status).toBe(409);
    expect(paths(dup.body)).toEqual(['/externalId']);
  });

  it('updates status and cost and leaves the rest', async () => {
    const campaign = await newCampaign(fx.ctx, { channel: 'event', startsOn: '2026-06-01' });
    const res = await api.call('PATCH', `/v1/campaigns/${campaign.id}`, {
      body: { status: 'completed', cost: { cents: 990_000, currency: 'EUR' } },
      key: api.keys.marketing,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'completed',
      cost: { cents: 990_000, currency: 'EUR' },
      channel: 'event',
      startsOn: '2026-06-01',
    });
  });

  it('filters by channel, status and the day a campaign runs, and pages through every row once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await newCampaign(fx.ctx, {
            channel: 'partner',
            status: 'active',
            startsOn: '2026-07-01',
            endsOn: '2026-07-31',
          })
        ).id,
      );
      fx.clock.advance(1000);
    }
    await newCampaign(fx.ctx, { channel: 'partner', status: 'active', startsOn: '2026-08-01' });
    await newCampaign(fx.ctx, { channel: 'partner', status: 'planned', startsOn: '2026-07-01' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api.call(
        'GET',
        `/v1/campaigns?channel=partner&status=active&activeOn=2026-07-15&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    const badDay = await api.call('GET', '/v1/campaigns?activeOn=july');
    expect(badDay.status).toBe(400);
    const unknownFilter = await api.call('GET', '/v1/campaigns?colour=red');
    expect(unknownFilter.status).toBe(400);
  });

  it('deletes an unused campaign, and answers 409 for one an opportunity points at', async () => {
    const unused = await newCampaign(fx.ctx);
    expect((await api.call('DELETE', `/v1/campaigns/${unused.id}`)).status).toBe(200);
    expect((await api.call('GET', `/v1/campaigns/${unused.id}`)).status).toBe(404);

    const used = await newCampaign(fx.ctx);
    await newOpportunity(fx.ctx, { campaignId: used.id });
    const refused = await api.call('DELETE', `/v1/campaigns/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'campaign_in_use', opportunities: 1 });
  });

  it('lets marketing write campaigns but not sales (403), and needs a key (401)', async () => {
    const body = { name: 'Field event', channel: 'event' };
    expect((await api.call('POST', '/v1/campaigns', { body, key: api.keys.sales_manager })).status).toBe(403);
    const rep = await newUser(fx.ctx);
    expect((await api.call('POST', '/v1/campaigns', { body, key: await api.repKey(rep.id) })).status).toBe(
      403,
    );
    expect((await api.call('GET', '/v1/campaigns', { key: null })).status).toBe(401);
    expect((await api.call('PATCH', '/v1/campaigns/cmp_nope', { body: { status: 'active' } })).status).toBe(
      404,
    );
  });
});

forEachStore('CLI campaigns', (fx) => {
  const cli = useCli(fx.kind);

  it('creates, updates, shows and lists through `servio campaigns`', async () => {
    const created = await cli.run(
      '--json',
      'campaigns',
      'create',
      '--name',
      'Spring launch',
      '--channel',
      'paid_social',
      '--cost',
      '12,500.50',
      '--currency',
      'EUR',
      '--starts-on',
      '2026-04-01',
    );
    expect(created.code).toBe(0);
    const campaign = JSON.parse(created.stdout);
    expect(campaign.cost).toEqual({ cents: 1_250_050, currency: 'EUR' });

    const updated = await cli.run(
      '--json',
      'campaigns',
      'update',
      campaign.id,
      '--cost',
      '100',
      '--status',
      'active',
    );
    expect(JSON.parse(updated.stdout)).toMatchObject({
      status: 'active',
      cost: { cents: 10_000, currency: 'EUR' },
    });

    expect((await cli.run('campaigns', 'show', campaign.id)).stdout).toContain('€100.00');
    const listed = await cli.run(
      '--json',
      'campaigns',
      'list',
      '--active-on',
      '2026-04-02',
      '--channel',
      'paid_social',
    );
    expect(JSON.parse(listed.stdout).items.map((c: { id: string }) => c.id)).toEqual([campaign.id]);

    const bad = await cli.run(
      'campaigns',
      'create',
      '--name',
      'x',
      '--channel',
      'email',
      '--starts-on',
      '2026-04-02',
      '--ends-on',
      '2026-04-01',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/endsOn');
    expect(
      (await cli.run('campaigns', 'create', '--name', 'x', '--channel', 'email', '--cost', 'lots')).code,
    ).toBe(2);
  });
});
