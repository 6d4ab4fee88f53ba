import { beforeAll, expect, it } from 'vitest';
import { revenueAttribution } from '../attribution/index.js';
import { buildReportDataset, REPORT_NOW, type ReportDataset } from '../../test/support/report-fixtures.js';
import { forEachStore } from '../../test/support/stores.js';
import {
  diagnostics,
  funnelReport,
  metricsReport,
  monthlyReport,
  pipelineReview,
  speedToLeadReport,
} from './index.js';

// The dataset and its arithmetic: test/support/report-fixtures.ts.
forEachStore('reports over the fixed dataset', (fx) => {
  let data: ReportDataset;
  beforeAll(async () => {
    fx.clock.set(REPORT_NOW);
    data = await buildReportDataset(fx.ctx);
  });
  const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

  it("computes the seed's metric table for October beside September", async () => {
    const r = await metricsReport(fx.ctx, OCTOBER);
    expect(r.prior).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    const m = Object.fromEntries(r.metrics.map((row) => [row.id, row]));
    // 1 customer / 10 leads = 10%, at or above the SaaS floor of 2%; September: 0 / 4.
    expect(m.lead_to_customer).toMatchObject({ value: 0.1, prior: 0, status: 'met' });
    // 4 SQLs / 6 MQLs = 66.7% > 60%; September 1 / 3.
    expect(m.mql_to_sql_acceptance!.value).toBeCloseTo(4 / 6, 10);
    expect(m.mql_to_sql_acceptance!.prior).toBeCloseTo(1 / 3, 10);
    expect(m.mql_to_sql_acceptance!.status).toBe('met');
    // 2 opportunities / 4 SQLs = 50%, not above 50%.
    expect(m.sql_to_opportunity).toMatchObject({ value: 0.5, status: 'missed', prior: 0 });
    // answered after 3, 20, 45, 120, 1800 minutes: the median is 45 minutes < 1 hour.
    expect(m.speed_to_lead).toMatchObject({ value: 45 * 60_000, display: '45 min', status: 'met' });
    // P1: SQL Oct 4 -> won Oct 17 = 13 days; Direct deal: created Oct 1 -> won Oct 21 = 20 days; median 16.5.
    expect(m.sales_cycle).toMatchObject({ value: 16.5, prior: null, status: 'benchmark' });
    // ($30,000 + $20,000) / 2 deals.
    expect(m.average_deal_size).toMatchObject({ value: 2_500_000, display: '$25,000' });
    // Campaign cost in October: $3,100 + $600 x 15/30 days = $3,400; / 6 MQLs = $566.67; / 4 SQLs = $850.
    expect(m.cost_per_mql).toMatchObject({ value: 56_667, note: '$3,400 campaign cost / 6 MQLs' });
    expect(m.cost_per_sql).toMatchObject({ value: 85_000, display: '$850' });
    // September: $600 x 15/30 = $300 over 3 MQLs and 1 SQL.
    expect(m.cost_per_mql!.prior).toBe(10_000);
    expect(m.cost_per_sql!.prior).toBe(30_000);
    // Open pipeline closing in October: P2 deal $50,000 + Old deal $40,000 = $90,000; the
    // October target is $1,000,000 / 3 = $333,333.34 at 4x (1 / 25% win rate).
    expect(m.pipeline_coverage).toMatchObject({ target: '4x', status: 'missed' });
    expect(m.pipeline_coverage!.value).toBeCloseTo(9_000_000 / 33_333_334, 4);
    // The three rows of revenue attribution come from the attribution capability's own figures.
    const attribution = await revenueAttribution(fx.ctx, { ...OCTOBER, currency: r.currency });
    const { pipeline, revenue } = attribution.total;
    expect(revenue.total.cents).toBeGreaterThan(0);
    expect(m.marketing_influenced_revenue!.value).toBeCloseTo(
      revenue.influenced.cents / revenue.total.cents,
      10,
    );
    expect(m.marketing_sourced_pipeline!.value).toBe(
      pipeline.total.cents > 0 ? pipeline.sourced.cents / pipeline.total.cents : null,
    );
    expect(m.cac_by_channel!.status).not.toBe('not_available');
    // Left out on request (null): "not available", never a made-up number.
    const without = Object.fromEntries(
      (await metricsReport(fx.ctx, OCTOBER, null)).metrics.map((row) => [row.id, row]),
    );
    for (const id of ['marketing_sourced_pipeline', 'marketing_influenced_revenue', 'cac_by_channel'])
      expect(without[id]).toMatchObject({ status: 'not_available', value: null });
    expect(r.metrics.filter((row) => row.source === 'seed').map((row) => row.metric)).toEqual([
      'Marketing-sourced pipeline',
      'Marketing-influenced revenue',
      'Lead-to-customer rate',
      'MQL-to-SQL acceptance rate',
      'SQL-to-opportunity rate',
      'Speed-to-lead',
      'Sales cycle length',
      'Average deal size',
      'CAC by channel',
    ]);
  });

  it('takes the revenue rows from the revenue figures when they are given', async () => {
    const period = {
      marketingSourcedPipelineCents: 5_000_000,
      totalPipelineCents: 10_000_000,
      marketingSourcedRevenueCents: 2_000_000,
      marketingInfluencedRevenueCents: 4_000_000,
      salesSourcedRevenueCents: 3_000_000,
      totalRevenueCents: 5_000_000,
      cacByChannel: [{ channel: 'webinar', costCents: 310_000, customers: 1, cacCents: 310_000 }],
    };
    const r = await metricsReport(fx.ctx, OCTOBER, { currency: 'USD', current: period, prior: null });
    const m = Object.fromEntries(r.metrics.map((row) => [row.id, row]));
    expect(m.marketing_sourced_pipeline).toMatchObject({ value: 0.5, status: 'met' });
    // $40,000 influenced of $50,000 = 80%, the top of the 60-80% band.
    expect(m.marketing_influenced_revenue).toMatchObject({ value: 0.8, status: 'met' });
    expect(m.cac_by_channel).toMatchObject({ value: 310_000, status: 'benchmark' });
  });

  it('counts the funnel per stage with the median days between stages, in both views', async () => {
    const period = await funnelReport(fx.ctx, { ...OCTOBER, view: 'period', by: 'channel' });
    // Leads 10, MQLs 6 (60%, 1 day after the lead), SQLs 4 (66.7%, 2 days), opportunities 2 (50%, 3 days),
    // customers 1 (50%, 10 days).
    expect(period.total.stages.map((s) => [s.stage, s.volume, s.medianDays])).toEqual([
      ['lead', 10, null],
      ['mql', 6, 1],
      ['sql', 4, 2],
      ['opportunity', 2, 3],
      ['customer', 1, 10],
    ]);
    expect(period.total.stages[1]!.conversion).toBe(0.6);
    // First touch carrying a channel: webinar for P1..P4, paid_social for P5, P6; P7..P10 unknown.
    const byChannel = Object.fromEntries(period.groups.map((g) => [g.key, g.stages.map((s) => s.volume)]));
    expect(byChannel).toEqual({
      webinar: [4, 4, 4, 2, 1],
      paid_social: [2, 2, 0, 0, 0],
      unknown: [4, 0, 0, 0, 0],
    });

    // The September cohort of leads (P11..P14): 3 reached MQL and 1 SQL, whenever that was.
    const cohort = await funnelReport(fx.ctx, {
      from: '2026-09-01',
      to: '2026-09-30',
      view: 'cohort',
      by: 'owner',
    });
    expect(cohort.total.stages.map((s) => s.volume)).toEqual([4, 3, 1, 0, 0]);
    // The October MQL cohort by team: P1..P4 are owned by the team's AE, P5, P6 by nobody.
    const mqlCohort = await funnelReport(fx.ctx, { ...OCTOBER, view: 'cohort', anchor: 'mql', by: 'team' });
    const byTeam = Object.fromEntries(mqlCohort.groups.map((g) => [g.label, g.stages.map((s) => s.volume)]));
    expect(byTeam).toEqual({ 'Report AEs': [4, 4, 2, 1], 'no team': [2, 0, 0, 0] });
    expect(mqlCohort.total.stages.map((s) => s.stage)).toEqual(['mql', 'sql', 'opportunity', 'customer']);
  });

  it('buckets speed-to-lead like the seed and prices the pipeline lost to slow follow-up', async () => {
    const r = await speedToLeadReport(fx.ctx, OCTOBER);
    // One lead in each of the first four buckets; P5 (30 h) and P6 (never answered, 26 days) over 24 hours.
    expect(r.buckets.map((b) => [b.bucket.label, b.leads])).toEqual([
      ['< 5 minutes', 1],
      ['5-30 minutes', 1],
      ['30-60 minutes', 1],
      ['1-24 hours', 1],
      ['> 24 hours', 2],
    ]);
    // Expected pipeline per MQL: 60% x 50% x $25,000 = $7,500. Lost: 1 x 20% + 1 x 40% + 1 x 65%
    // + 2 x 90% = 3.05 MQLs' worth = $22,875.
    expect(r.expectedPipelinePerMqlCents).toBe(750_000);
    expect(r.lostCents).toBe(2_287_500);
    expect(r.medianMs).toBe(45 * 60_000);
    expect(r.waiting).toBe(0);
  });

  it('prepares the weekly pipeline review of 2026-W41', async () => {
    const r = await pipelineReview(fx.ctx, { week: '2026-W41' });
    expect([r.from, r.to]).toEqual(['2026-10-05', '2026-10-11']);
    // MQLs of Oct 5-11: P4, P5, P6; only P4 accepted. Target: 534 a quarter x 7 / 30.4375 / 3 -> 41.
    expect(r.funnel).toMatchObject({ mqls: 3, accepted: 1, mqlTarget: 41 });
    // Clocks started in the week and answered: P4 after 2 h, P5 after 30 h -> median 16 h.
    expect(r.funnel.speedToLeadMedianMs).toBe(16 * 3_600_000);
    expect(r.deals.closingThisMonth.top.map((d) => d.name)).toEqual(['P2 deal', 'Old deal']);
    // Old deal: created Sep 1 09:00, no activity by the week's end (Oct 12 00:00): 40 days 15 hours,
    // 40 whole days idle; P2 deal was created Oct 8, within 14 days.
    expect(r.deals.stalled).toMatchObject({ count: 1, deals: [{ name: 'Old deal', idleDays: 40 }] });
    expect(r.deals.atRisk.deals.map((d) => [d.name, d.reasons])).toEqual([
      ['Old deal', ['no next step', 'closes 2026-10-20 with no activity for 40 days']],
    ]);
    expect(r.campaigns.best).toMatchObject({ name: 'Webinar Oct', summary: '1 MQLs at 100% acceptance' });
    expect(r.campaigns.worst).toMatchObject({
      name: 'Social Sep-Oct',
      topDqCode: 'DQ-07',
      action: 'Adjust scoring; consider self-serve path',
    });
    expect(r.actionItems.map((a) => a.owner)).toEqual([
      'Marketing',
      'Marketing + Sales',
      'Sales manager',
      'Sales manager',
      'Marketing',
    ]);
    expect(r.omittedSections.map((s) => s.section)).toContain('Content requests from sales');
    expect(data.opportunities.old).toBeTruthy();
  });

  it('diagnoses October against September from the data', async () => {
    const r = await diagnostics(fx.ctx, OCTOBER);
    const f = Object.fromEntries(r.findings.map((x) => [x.id, x]));
    expect(f.low_conversion!.detected).toBe(false);
    // Cost per SQL $850 against $300: +183%, at least 20% more.
    expect(f.high_cac!.detected).toBe(true);
    expect(f.high_cac!.evidence[0]).toContain('cost per SQL $850 against $300');
    expect(f.high_cac!.fix).toBe('Analyze CAC by channel; cut underperformers; reinvest in proven channels');
    // 2 of 6 first-touch clocks breached (P5 late, P6 never), none in September.
    expect(f.sla_breaches_trending_up!.detected).toBe(true);
    expect(f.sla_breaches_trending_up!.evidence[0]).toBe(
      'mql_first_touch: 33.3% breached (2 of 6) against — in the prior period',
    );
    // Accepted MQLs score 80, rejected ones 55: the score still separates them.
    expect(f.scoring_drift!.detected).toBe(false);
    expect(r.detected).toBe(2);
  });

  it('writes the monthly alignment report for October', async () => {
    const r = await monthlyReport(fx.ctx, { month: '2026-10' });
    expect(r.title).toBe('October 2026');
    expect(r.priorMonth).toBe('2026-09');
    expect(r.funnel.map((s) => [s.label, s.volume, s.priorVolume])).toEqual([
      ['Leads', 10, 4],
      ['MQLs', 6, 3],
      ['SQLs', 4, 1],
      ['Opportunities', 2, 0],
      ['Closed-Won', 1, 0],
    ]);
    // SQLs 1 -> 4 is the largest move: +300%.
    expect(r.keyInsights[0]).toBe('SQLs rose +300% against the prior month (1 -> 4).');
    expect(r.marketingSla.find((s) => s.id === 'mql_volume')).toMatchObject({ actual: '6 MQLs', met: false });
    // Revenue attribution from the attribution capability: October's won revenue, split.
    const split = (await revenueAttribution(fx.ctx, { ...OCTOBER, currency: r.currency })).total.revenue;
    expect(r.revenueAttribution).toMatchObject({ available: true, totalCents: split.total.cents });
    expect(r.executiveSummary).toContain('Marketing delivered 6 MQLs against a target of 178 (3%)');
    expect(r.priorities[0]!.priority).toContain('High CAC');
  });
});
