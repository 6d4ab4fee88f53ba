import { beforeAll, expect, it } from 'vitest';
import { newRevenueQuarter } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { ConflictError, ValidationError } from '../core/index.js';
import {
  campaignEconomics,
  createCostEntry,
  deleteCostEntry,
  listCostEntries,
  revenueAttribution,
} from './revenue-service.js';
import { storyMarkdown, storyText } from './story-model.js';
import { getDealStory } from './story-service.js';

const Q2 = { from: '2026-04-01', to: '2026-06-30' };

forEachStore('revenue attribution', (fx) => {
  let deals: Awaited<ReturnType<typeof newRevenueQuarter>>;
  beforeAll(async () => {
    deals = await newRevenueQuarter(fx.ctx, fx.clock);
  });

  it('splits the quarter into marketing-sourced, influenced and sales-sourced, by month', async () => {
    const r = await revenueAttribution(fx.ctx, { ...Q2, period: 'month' });
    expect(r).toMatchObject({ currency: 'USD', timeZone: 'UTC', period: 'month' });
    expect(r.periods.map((p) => p.label)).toEqual(['2026-04', '2026-05', '2026-06']);
    // Revenue, all won in May: A $30,000 (sourced) + B $10,000 (sales-sourced, influenced by the email click).
    const may = r.periods[1]!.revenue;
    expect(may).toEqual({
      total: { cents: 4_000_000, deals: 2 },
      sourced: { cents: 3_000_000, deals: 1, share: 0.75 },
      influenced: { cents: 4_000_000, deals: 2, share: 1 },
      salesSourced: { cents: 1_000_000, deals: 1, share: 0.25 },
    });
    expect(r.total.revenue).toEqual(may);
    // Pipeline created in April: A 30k (sourced), B 10k, C 20k (sales); influenced A + B = 40k of 60k.
    expect(r.periods[0]!.pipeline).toMatchObject({
      total: { cents: 6_000_000, deals: 3 },
      sourced: { cents: 3_000_000 },
      influenced: { cents: 4_000_000 },
      salesSourced: { cents: 3_000_000, deals: 2 },
    });
    // June: D, no touch, its paid_search source makes it marketing-sourced (and so influenced).
    expect(r.periods[2]!.pipeline.sourced).toEqual({ cents: 5_000_000, deals: 1, share: 1 });
    // Quarter: 110k pipeline = 80k sourced + 30k sales-sourced; influenced 90k.
    expect(r.total.pipeline.total.cents).toBe(11_000_000);
    expect(r.total.pipeline.sourced.cents + r.total.pipeline.salesSourced.cents).toBe(11_000_000);
    expect(r.total.pipeline.influenced.cents).toBe(9_000_000);

    const quarter = await revenueAttribution(fx.ctx, { ...Q2, period: 'quarter' });
    expect(quarter.periods.map((p) => p.label)).toEqual(['2026-Q2']);
    expect(quarter.periods[0]!.revenue).toEqual(r.total.revenue);
  });

  it('reads the days in the time zone asked for', async () => {
    // B closed May 10 12:00 UTC. From May 11 in UTC it is out; on Kiritimati (UTC+14) May 11
    // begins May 10 10:00 UTC, so it is in.
    const range = { from: '2026-05-11', to: '2026-06-30' };
    expect((await revenueAttribution(fx.ctx, range)).total.revenue.total.cents).toBe(3_000_000);
    const kiritimati = await revenueAttribution(fx.ctx, { ...range, timeZone: 'Pacific/Kiritimati' });
    expect(kiritimati.total.revenue.total.cents).toBe(4_000_000);
    await expect(revenueAttribution(fx.ctx, { ...Q2, timeZone: 'Nowhere/Land' })).rejects.toThrow(
      ValidationError,
    );
  });

  it('computes campaign economics and the value metrics from campaign costs and cost entries', async () => {
    const sales = await createCostEntry(
      fx.ctx,
      {
        function: 'sales',
        category: 'AE salaries',
        amount: { cents: 6_000_000, currency: 'USD' },
        period: '2026-Q2',
      },
      CLI_PRINCIPAL,
    );
    await createCostEntry(
      fx.ctx,
      {
        function: 'marketing',
        category: 'tools',
        amount: { cents: 800_000, currency: 'USD' },
        startsOn: '2026-04-01',
        endsOn: '2026-04-30',
      },
      CLI_PRINCIPAL,
    );
    expect(sales).toMatchObject({ startsOn: '2026-04-01', endsOn: '2026-06-30' });
    expect(
      (await listCostEntries(fx.ctx, { from: '2026-05-01', to: '2026-05-31' })).map((e) => e.id),
    ).toEqual([sales.id]);

    const e = await campaignEconomics(fx.ctx, { ...Q2, by: 'channel' });
    const webinar = e.rows.find((r) => r.key === 'webinar')!;
    // Webinar: $12,000 spent; A (lead source: the webinar, the anonymous visit names no channel)
    // won $30,000: 1 customer, CAC $12,000, ROMI (30,000 - 12,000) / 12,000 = 1.5.
    expect(webinar).toMatchObject({
      spendCents: 1_200_000,
      leads: 1,
      costPerLeadCents: 1_200_000,
      opportunities: 1,
      customers: 1,
      revenueCents: 3_000_000,
      cacCents: 1_200_000,
      romi: 1.5,
    });
    // B's first touch was a call: first-touch credit gives the email channel nothing.
    expect(e.rows.find((r) => r.key === 'email')).toMatchObject({ leads: 1, revenueCents: 0 });
    // Without the lead records (the reports' CAC by channel): the same spend, customers and
    // CAC a channel, and no lead counts.
    const cac = await campaignEconomics(fx.ctx, { ...Q2, by: 'channel', leads: false });
    const pick = (rows: typeof e.rows) =>
      rows
        .filter((r) => r.spendCents > 0 || r.customers > 0)
        .map((r) => [r.key, r.spendCents, r.customers, r.cacCents, r.revenueCents]);
    expect(pick(cac.rows)).toEqual(pick(e.rows));
    expect(cac.rows.find((r) => r.key === 'webinar')).toMatchObject({ leads: 0, cacCents: 1_200_000 });
    // Value metrics: marketing spend 12,000 + 8,000; sales cost $60,000 over 2 won deals = $30,000.
    expect(e.totals).toMatchObject({
      campaignSpendCents: 1_200_000,
      otherMarketingCostCents: 800_000,
      marketingSpendCents: 2_000_000,
      salesCostCents: 6_000_000,
      wonDeals: 2,
      revenueCents: 4_000_000,
      salesCostPerClosedDealCents: 3_000_000,
      marketingSourcedRevenueShare: 0.75,
      blendedCacCents: 4_000_000,
    });
    const lastTouch = await campaignEconomics(fx.ctx, { ...Q2, by: 'campaign', attribution: 'last_touch' });
    expect(lastTouch.rows.find((r) => r.key === deals.webinar.id)).toMatchObject({
      name: deals.webinar.name,
      revenueCents: 3_000_000,
    });
    // Under last touch B's email click ($10,000) is credited too: it is in no campaign.
    expect(lastTouch.rows.find((r) => r.key === 'unattributed')!.revenueCents).toBe(1_000_000);

    await deleteCostEntry(fx.ctx, sales.id, CLI_PRINCIPAL);
    expect((await campaignEconomics(fx.ctx, Q2)).totals.salesCostCents).toBe(0);
    await expect(
      createCostEntry(
        fx.ctx,
        { function: 'ops', category: '', amount: { cents: 1, currency: 'USD' }, period: '2026-13' },
        CLI_PRINCIPAL,
      ),
    ).rejects.toMatchObject({ issues: [{ path: '/function' }, { path: '/category' }, { path: '/period' }] });
  });

  it("tells a won deal's story in the seed's template", async () => {
    const story = await getDealStory(fx.ctx, deals.a.id);
    expect(story).toMatchObject({
      outcome: 'won',
      dealSize: { cents: 3_000_000, currency: 'USD' },
      // Apr 15 09:00 to May 20 12:00: 35 whole days from the opportunity (A never was an SQL).
      salesCycleDays: 35,
      cycleStart: 'opportunity_created',
      leadSource: { sourcedBy: 'marketing', decidedBy: 'first_touch', date: '2026-04-01' },
      winningFactor: 'Champion',
      competitor: null,
      disqualificationReason: null,
    });
    expect(story.marketingTouchpoints.map((t) => [t.date, t.description])).toEqual([
      ['2026-04-01', 'Viewed /pricing'],
      ['2026-04-10', `Attended webinar (${deals.webinar.name})`],
    ]);
    expect(story.salesTouchpoints.map((t) => t.description)).toEqual([
      expect.stringMatching(/^SDR call: connected \(Rep \d+\)$/),
    ]);
    expect(storyText(story).split('\n')).toEqual([
      expect.stringMatching(/^DEAL: Alpha \d+/),
      'OUTCOME: Won',
      'DEAL SIZE: $30,000.00',
      'SALES CYCLE: 35 days',
      'LEAD SOURCE: Marketing: Viewed /pricing (2026-04-01)',
      'MARKETING TOUCHPOINTS:',
      '  - 2026-04-01 Viewed /pricing',
      `  - 2026-04-10 Attended webinar (${deals.webinar.name})`,
      'SALES TOUCHPOINTS:',
      expect.stringMatching(/^ {2}- 2026-04-12 SDR call: connected \(Rep \d+\)$/),
      'WINNING FACTOR: Champion',
    ]);
    expect(storyMarkdown(story)).toMatch(/^# Closed-loop report: .*\n\n```\nDEAL: /);
  });

  it("tells a lost deal's reason code and competitor, and refuses an open deal", async () => {
    const story = await getDealStory(fx.ctx, deals.c.id, { timeZone: 'Europe/Paris' });
    expect(story).toMatchObject({
      outcome: 'lost',
      leadSource: { sourcedBy: 'sales' },
      marketingTouchpoints: [],
      disqualificationReason: { code: 'DQ-05', reason: 'Competitor chosen', notes: 'Chose a cheaper tool' },
      competitor: 'HubSpot',
      winningFactor: null,
      closedOn: '2026-06-01',
    });
    const text = storyText(story);
    expect(text).toContain('DISQUALIFICATION REASON: DQ-05 Competitor chosen: Chose a cheaper tool');
    expect(text).toContain('COMPETITOR: HubSpot');
    expect(text).toContain(
      'MARKETING TOUCHPOINTS:\n  - none\nSALES TOUCHPOINTS:\n  - 2026-04-02 SDR meeting: held',
    );
    await expect(getDealStory(fx.ctx, deals.d.id)).rejects.toThrow(ConflictError);
  });
});
