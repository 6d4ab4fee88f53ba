import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newCampaign, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

// The fixture clock stands at 2026-01-05 (a Monday): campaigns starting on the 2nd have launched.
forEachStore('API assets name their campaigns (Content support)', (fx) => {
  const api = useApi(fx);

  it('sets, finds and replaces the campaigns of an asset, names a bad one, and measures Content support', async () => {
    const launch = await api.call('POST', '/v1/campaigns', {
      key: api.keys.marketing,
      body: { name: 'January webinar', channel: 'webinar', startsOn: '2026-01-02' },
    });
    expect(launch.status).toBe(201);
    const bare = await newCampaign(fx.ctx, { startsOn: '2026-01-03' });
    const body = { title: 'Webinar recap', type: 'webinar_recording', location: 'https://x.test/recap' };

    const unknown = await api.call('POST', '/v1/content/assets', {
      key: api.keys.marketing,
      body: { ...body, campaignIds: ['cmp_missing'] },
    });
    expect(unknown.status).toBe(422);
    expect(paths(unknown.body)).toEqual(['/campaignIds/0']);
    const malformed = await api.call('POST', '/v1/content/assets', {
      key: api.keys.marketing,
      body: { ...body, campaignIds: 'cmp_x' },
    });
    expect(malformed.status).toBe(400);

    const before = await api.call('GET', '/v1/sla/compliance?period=2026-01');
    const rowOf = (report: { marketing: { id: string }[] }) =>
      report.marketing.find((r) => r.id === 'content_support') as Record<string, unknown>;
    expect(rowOf(before.body)).toMatchObject({ value: 0, met: false, total: 2, missed: 2 });

    const created = await api.call('POST', '/v1/content/assets', {
      key: api.keys.marketing,
      body: { ...body, campaignIds: [launch.body.id] },
    });
    expect(created.status).toBe(201);
    expect(created.body.campaignIds).toEqual([launch.body.id]);
    const found = await api.call('GET', `/v1/content/assets?campaignId=${launch.body.id}`);
    expect(found.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    expect((await api.call('GET', `/v1/content/assets?campaignId=${bare.id}`)).body.items).toEqual([]);

    const after = await api.call('GET', '/v1/sla/compliance?period=2026-01');
    expect(rowOf(after.body)).toMatchObject({
      value: 0.5,
      met: false,
      missed: 1,
      offending: [bare.id],
      actual: '50% of campaigns launched have an asset (1 of 2); no content request due',
    });

    const both = await api.call('PATCH', `/v1/content/assets/${created.body.id}`, {
      key: api.keys.marketing,
      body: { campaignIds: [bare.id, launch.body.id] },
    });
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ version: 2, campaignIds: [bare.id, launch.body.id].sort() });
    expect(rowOf((await api.call('GET', '/v1/sla/compliance?period=2026-01')).body)).toMatchObject({
      value: 1,
      met: true,
    });
  });
});

forEachStore('CLI assets name their campaigns', (fx) => {
  const cli = useCli(fx.kind);

  it('adds an asset for campaigns, lists by campaign, and clears them with none', async () => {
    const campaign = async (name: string) => {
      const made = await cli.run('campaigns', 'create', '--name', name, '--channel', 'email', '--json');
      expect(made.code).toBe(0);
      return JSON.parse(made.stdout) as { id: string };
    };
    const a = await campaign('Nurture A');
    const b = await campaign('Nurture B');
    const added = await cli.run(
      'content',
      'add',
      '--title',
      'Event one-pager',
      '--type',
      'one_pager',
      '--location',
      'x',
      '--campaign',
      a.id,
      b.id,
      '--json',
    );
    expect(added.code).toBe(0);
    const asset = JSON.parse(added.stdout);
    expect(asset.campaignIds).toEqual([a.id, b.id].sort());
    const listed = await cli.run('content', 'list', '--campaign', a.id, '--json');
    expect(JSON.parse(listed.stdout).items.map((x: { id: string }) => x.id)).toEqual([asset.id]);
    const bad = await cli.run('content', 'update', asset.id, '--campaign', 'cmp_nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/campaignIds/0');
    const cleared = await cli.run('content', 'update', asset.id, '--campaign', 'none', '--json');
    expect(JSON.parse(cleared.stdout).campaignIds).toEqual([]);
    const shown = await cli.run('content', 'show', asset.id);
    expect(shown.stdout).toContain('campaigns');
  });
});
