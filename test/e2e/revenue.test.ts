import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newRevenueQuarter, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const Q2 = 'from=2026-04-01&to=2026-06-30';

forEachStore('revenue attribution API', (fx) => {
  const api = useApi(fx);
  let deals: Awaited<ReturnType<typeof newRevenueQuarter>>;
  beforeAll(async () => {
    deals = await newRevenueQuarter(fx.ctx, fx.clock);
  });

  it('serves sourced, influenced and sales-sourced pipeline and revenue per period', async () => {
    const res = await api.call('GET', `/v1/attribution/revenue?${Q2}&period=quarter`, {
      key: api.keys.marketing,
    });
    expect(res.status).toBe(200);
    expect(res.body.periods).toHaveLength(1);
    expect(res.body.periods[0]).toMatchObject({
      label: '2026-Q2',
      from: '2026-04-01',
      to: '2026-06-30',
      revenue: {
        total: { cents: 4_000_000, deals: 2 },
        sourced: { cents: 3_000_000, share: 0.75 },
        influenced: { cents: 4_000_000, share: 1 },
        salesSourced: { cents: 1_000_000, share: 0.25 },
      },
      pipeline: {
        total: { cents: 11_000_000 },
        sourced: { cents: 8_000_000 },
        salesSourced: { cents: 3_000_000 },
      },
    });
    const sales = await api.call('GET', `/v1/attribution/revenue?${Q2}`, { key: api.keys.sales_manager });
    expect(sales.status).toBe(200);
    expect(sales.body.periods.map((p: { label: string }) => p.label)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
    ]);

    expect((await api.call('GET', `/v1/attribution/revenue?${Q2}&period=week`)).status).toBe(400);
    const zone = await api.call('GET', `/v1/attribution/revenue?${Q2}&timeZone=Mars/Olympus`);
    expect(zone.status).toBe(422);
    expect(zone.body.errors[0].path).toBe('/timeZone');
    const backwards = await api.call('GET', '/v1/attribution/revenue?from=2026-06-01&to=2026-05-01');
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([{ path: '/to', message: 'must not be before from' }]);
    const rep = await api.call('GET', `/v1/attribution/revenue?${Q2}`, {
      key: await api.repKey(deals.rep.id),
    });
    expect(rep.status).toBe(403);
  });

  it('serves ROI by channel and campaign, with cost entries set through the API', async () => {
    const refused = await api.call('POST', '/v1/cost-entries', {
      key: api.keys.marketing,
      body: {
        function: 'sales',
        category: 'salaries',
        amount: { cents: 1, currency: 'USD' },
        period: '2026-Q2',
      },
    });
    expect(refused.status).toBe(403);
    const created = await api.call('POST', '/v1/cost-entries', {
      key: api.keys.revops,
      body: {
        function: 'sales',
        category: 'AE salaries',
        amount: { cents: 6_000_000, currency: 'USD' },
        period: '2026-Q2',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ function: 'sales', startsOn: '2026-04-01', endsOn: '2026-06-30' });
    const bad = await api.call('POST', '/v1/cost-entries', {
      body: { function: 'sales', category: 'x', amount: { cents: 1, currency: 'USD' }, period: '2026-Q5' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/period');
    const list = await api.call('GET', '/v1/cost-entries?from=2026-04-01&to=2026-06-30');
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([created.body.id]);

    const roi = await api.call('GET', `/v1/attribution/roi?${Q2}&by=campaign`, { key: api.keys.marketing });
    expect(roi.status).toBe(200);
    expect(roi.body).toMatchObject({ by: 'campaign', attribution: 'first_touch', currency: 'USD' });
    expect(roi.body.rows.find((r: { key: string }) => r.key === deals.webinar.id)).toMatchObject({
      spendCents: 1_200_000,
      revenueCents: 3_000_000,
      romi: 1.5,
    });
    expect(roi.body.totals).toMatchObject({ salesCostPerClosedDealCents: 3_000_000, wonDeals: 2 });
    const linear = await api.call('GET', `/v1/attribution/roi?${Q2}&attribution=linear`);
    expect(linear.status).toBe(200);
    expect(
      linear.body.rows.reduce((sum: number, r: { revenueCents: number }) => sum + r.revenueCents, 0),
    ).toBe(4_000_000);

    const removed = await api.call('DELETE', `/v1/cost-entries/${created.body.id}`);
    expect(removed.status).toBe(200);
    expect((await api.call('GET', `/v1/cost-entries/${created.body.id}`)).status).toBe(404);

    const doc = (await api.call('GET', '/openapi.json', { key: null })).body;
    expect(doc.paths['/v1/attribution/revenue'].get.description).toContain('**Marketing-influenced**');
    expect(doc.paths['/v1/attribution/roi'].get.description).toContain('**ROMI**');
  });

  it('serves the closed-loop story as JSON and as Markdown', async () => {
    const json = await api.call('GET', `/v1/opportunities/${deals.c.id}/story`, {
      key: api.keys.sales_manager,
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      outcome: 'lost',
      competitor: 'HubSpot',
      disqualificationReason: { code: 'DQ-05' },
    });
    const md = await api.call('GET', `/v1/opportunities/${deals.a.id}/story?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(md.body).toContain('OUTCOME: Won\nDEAL SIZE: $30,000.00\nSALES CYCLE: 35 days');
    const accepted = await api.call('GET', `/v1/opportunities/${deals.a.id}/story`, {
      headers: { accept: 'text/markdown' },
    });
    expect(accepted.body).toBe(md.body);
    expect((await api.call('GET', `/v1/opportunities/${deals.d.id}/story`)).status).toBe(409);
    expect((await api.call('GET', '/v1/opportunities/opp_nope/story')).status).toBe(404);
  });
});

describe('servio revenue and servio report deal', () => {
  for (const kind of inject('stores')) {
    describe(`[${kind}]`, () => {
      const cli = useCli(kind);

      it('records costs, tells a lost deal, and reports sourced revenue and ROI', async () => {
        const cost = await cli.run(
          'revenue',
          'costs',
          'add',
          '--function',
          'marketing',
          '--category',
          'tools',
          '--amount',
          '9,000',
          '--period',
          '2026-10',
          '--json',
        );
        expect(cost.stderr).toBe('');
        expect(JSON.parse(cost.stdout)).toMatchObject({
          amount: { cents: 900_000 },
          startsOn: '2026-10-01',
          endsOn: '2026-10-31',
        });
        const listed = await cli.run('revenue', 'costs', 'list');
        expect(listed.stdout).toMatch(/marketing\s+tools\s+\$9,000\.00\s+2026-10-01\s+2026-10-31/);

        const opp = JSON.parse(
          (
            await cli.run(
              'opportunities',
              'create',
              '--name',
              'Acme renewal',
              '--amount',
              '25000',
              '--source',
              'webinar',
              '--json',
            )
          ).stdout,
        );
        const open = await cli.run('report', 'deal', opp.id);
        expect(open.code).toBe(2);
        expect(open.stderr).toContain('still open');
        await cli.run(
          'opportunities',
          'close',
          opp.id,
          '--outcome',
          'lost',
          '--reason',
          'DQ-01 Budget frozen',
          '--competitor',
          'Globex',
        );
        const md = await cli.run('report', 'deal', opp.id, '--format', 'md');
        expect(md.code).toBe(0);
        expect(md.stdout).toContain('DEAL: Acme renewal\nOUTCOME: Lost\nDEAL SIZE: $25,000.00');
        expect(md.stdout).toContain('LEAD SOURCE: Marketing: opportunity source webinar');
        expect(md.stdout).toContain(
          'DISQUALIFICATION REASON: DQ-01 No budget: Budget frozen\nCOMPETITOR: Globex',
        );
        const json = JSON.parse((await cli.run('report', 'deal', opp.id, '--format', 'json')).stdout);
        expect(json).toMatchObject({
          outcome: 'lost',
          leadSource: { sourcedBy: 'marketing', decidedBy: 'source' },
        });
        expect((await cli.run('report', 'deal', opp.id, '--format', 'pdf')).code).toBe(2);

        // The current quarter (the default range) holds the deal: $25,000 of marketing-sourced pipeline.
        const sourced = JSON.parse(
          (await cli.run('revenue', 'sourced', '--period', 'quarter', '--json')).stdout,
        );
        expect(sourced.total.pipeline).toMatchObject({
          total: { cents: 2_500_000 },
          sourced: { cents: 2_500_000, share: 1 },
        });
        expect(sourced.total.revenue.total.cents).toBe(0);
        const human = await cli.run('revenue', 'sourced');
        expect(human.stdout).toMatch(/total\s+\$25,000\.00\s+\$25,000\.00 \(100%\)/);
        const roi = await cli.run('revenue', 'roi', '--by', 'channel');
        expect(roi.code).toBe(0);
        expect(roi.stdout).toContain('sales cost per closed deal');
        const sources = await cli.run('revenue', 'sources', '--json');
        expect(JSON.parse(sources.stdout).totals.opportunities).toBe(1);
        const bad = await cli.run('revenue', 'sourced', '--period', 'week');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('--period must be one of month, quarter');
      });
    });
  }
});
