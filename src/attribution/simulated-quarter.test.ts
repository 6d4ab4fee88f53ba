import { beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../test/support/stores.js';
import { simulate, type SimulationReport } from '../simulate/index.js';
import { campaignEconomics, revenueAttribution } from './revenue-service.js';
import { getDealStory } from './story-service.js';

const START = new Date('2026-04-01T00:00:00Z');

/** Issue #6, done when: the simulator's quarter gives sourced/influenced numbers that add up to total revenue. */
forEachStore('revenue attribution of a simulated quarter', (fx) => {
  let report: SimulationReport;
  beforeAll(async () => {
    fx.clock.set(new Date('2026-07-01T00:00:00Z'));
    report = await simulate(fx.ctx, { days: 91, leads: 120, seed: 11, start: START });
  }, 600_000);

  it('adds marketing-sourced and sales-sourced up to the total, with influenced at least sourced', async () => {
    const r = await revenueAttribution(fx.ctx, { from: '2026-04-01', to: '2026-06-30', period: 'month' });
    expect(r.periods).toHaveLength(3);
    for (const f of [r.total, ...r.periods])
      for (const x of [f.pipeline, f.revenue]) {
        expect(x.sourced.cents + x.salesSourced.cents).toBe(x.total.cents);
        expect(x.sourced.deals + x.salesSourced.deals).toBe(x.total.deals);
        expect(x.influenced.cents).toBeGreaterThanOrEqual(x.sourced.cents);
      }
    // The quarter has both kinds: marketing's inbound deals and the SDRs' outbound ones, some
    // of which marketing then touched (influenced beyond sourced).
    const { pipeline, revenue } = r.total;
    expect(pipeline.total.deals).toBe(report.opportunities.opened);
    expect(pipeline.sourced.cents).toBeGreaterThan(0);
    expect(pipeline.salesSourced.cents).toBeGreaterThan(0);
    expect(pipeline.influenced.cents).toBeGreaterThan(pipeline.sourced.cents);
    expect(revenue.total.deals).toBe(report.opportunities.won);
    expect(revenue.sourced.cents).toBeGreaterThan(0);
    // The months add up to the quarter.
    const sum = (pick: (p: (typeof r.periods)[number]) => number) =>
      r.periods.reduce((s, p) => s + pick(p), 0);
    expect(sum((p) => p.revenue.total.cents)).toBe(revenue.total.cents);
    expect(sum((p) => p.revenue.sourced.cents)).toBe(revenue.sourced.cents);
    expect(sum((p) => p.pipeline.influenced.cents)).toBe(pipeline.influenced.cents);
  });

  it('gives every campaign of the quarter a spend and the won revenue a lead source', async () => {
    const e = await campaignEconomics(fx.ctx, { from: '2026-04-01', to: '2026-06-30', by: 'campaign' });
    expect(e.rows.filter((row) => row.spendCents > 0)).toHaveLength(report.campaigns);
    expect(e.totals.wonDeals).toBe(report.opportunities.won);
    // First touch credits exactly the marketing-sourced revenue to campaigns or to unattributed.
    expect(e.rows.reduce((s, row) => s + row.revenueCents, 0)).toBe(e.totals.marketingSourcedRevenueCents);
    expect(e.totals.leads).toBeGreaterThan(0);
    expect(e.totals.mqls).toBeGreaterThan(0);
  });

  it('tells the story of every closed deal', async () => {
    const closed = await fx.ctx.db
      .selectFrom('opportunities')
      .select(['id', 'outcome', 'source'])
      .where('outcome', 'is not', null)
      .execute();
    expect(closed.length).toBe(report.opportunities.won + report.opportunities.lost);
    const tally = { inbound: { marketing: 0, sales: 0 }, outbound: { marketing: 0, sales: 0 } };
    for (const deal of closed) {
      const story = await getDealStory(fx.ctx, deal.id);
      expect(story.outcome).toBe(deal.outcome);
      expect(story.salesTouchpoints.length).toBeGreaterThan(0);
      expect(story.leadSource.decidedBy).toBe('first_touch');
      // The lead source is whichever side touched the account's contacts first.
      const firstMarketing = story.marketingTouchpoints[0]?.at.getTime() ?? Number.POSITIVE_INFINITY;
      const firstSales = story.salesTouchpoints[0]!.at.getTime();
      expect(story.leadSource.sourcedBy).toBe(firstMarketing < firstSales ? 'marketing' : 'sales');
      tally[deal.source === 'outbound' ? 'outbound' : 'inbound'][story.leadSource.sourcedBy]++;
    }
    // Inbound deals are marketing's, but for accounts an SDR had prospected first; outbound deals
    // are sales' but where marketing had already met another contact of the account.
    expect(tally.inbound.marketing).toBeGreaterThan(tally.inbound.sales);
    expect(tally.outbound.sales).toBeGreaterThan(0);
  });
});
