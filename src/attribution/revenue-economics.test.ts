import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CampaignCost, campaignEconomics, credits, splitEvenly } from './revenue-economics.js';
import type { Deal, Touch } from './revenue-model.js';
import { dayRange } from './revenue-periods.js';

const at = (iso: string) => new Date(iso);
const touch = (iso: string, channel: string, campaignId: string | null = null): Touch => ({
  at: at(iso),
  kind: 'marketing',
  type: 'form_submit',
  channel,
  campaignId,
});
const call = (iso: string): Touch => ({
  at: at(iso),
  kind: 'sales',
  type: 'call',
  channel: 'sales',
  campaignId: null,
});

const range = dayRange('2026-10-01', '2026-10-31', 'UTC');
const WEBINAR: CampaignCost = {
  id: 'cmp-w',
  name: 'Webinar',
  channel: 'webinar',
  costCents: 1_200_000,
  startsOn: '2026-10-10',
  endsOn: '2026-10-10',
};
// $6,200 over Oct 1 - Nov 30 (61 days): October's 31 days carry round(620000 * 31 / 61) = 315,082 cents.
const ADS: CampaignCost = {
  id: 'cmp-a',
  name: 'Ads',
  channel: 'paid_search',
  costCents: 620_000,
  startsOn: '2026-10-01',
  endsOn: '2026-11-30',
};

function won(id: string, cents: number, touches: Touch[]): Deal {
  return {
    id,
    amountCents: cents,
    currency: 'USD',
    source: null,
    createdAt: at('2026-10-12T00:00:00Z'),
    closedAt: at('2026-10-28T00:00:00Z'),
    outcome: 'won',
    touches,
  };
}

describe('campaignEconomics', () => {
  const deals = [
    // Webinar first, then an ad: first touch credits webinar $30,000.
    won('A', 3_000_000, [
      touch('2026-10-10T15:00:00Z', 'webinar', 'cmp-w'),
      touch('2026-10-11T00:00:00Z', 'paid_search', 'cmp-a'),
    ]),
    // Cold call first: sales-sourced, no first-touch credit; last touch credits the ad.
    won('B', 1_000_000, [
      call('2026-10-02T00:00:00Z'),
      touch('2026-10-20T00:00:00Z', 'paid_search', 'cmp-a'),
    ]),
  ];
  const leads = [
    {
      createdInRange: true,
      mqlInRange: true,
      sqlInRange: true,
      source: { channel: 'webinar', campaignId: 'cmp-w' },
    },
    {
      createdInRange: true,
      mqlInRange: true,
      sqlInRange: false,
      source: { channel: 'webinar', campaignId: 'cmp-w' },
    },
    {
      createdInRange: true,
      mqlInRange: false,
      sqlInRange: false,
      source: { channel: 'webinar', campaignId: 'cmp-w' },
    },
    {
      createdInRange: true,
      mqlInRange: true,
      sqlInRange: true,
      source: { channel: 'paid_search', campaignId: 'cmp-a' },
    },
    { createdInRange: true, mqlInRange: false, sqlInRange: false, source: null },
  ];
  const costs = [
    { function: 'marketing' as const, cents: 500_000, startsOn: '2026-10-01', endsOn: '2026-10-31' },
    { function: 'sales' as const, cents: 2_000_000, startsOn: '2026-10-01', endsOn: '2026-10-31' },
  ];

  it('computes spend, cost per lead, MQL and SQL, CAC and ROMI per channel under first touch', () => {
    const e = campaignEconomics({
      range,
      by: 'channel',
      attribution: 'first_touch',
      campaigns: [WEBINAR, ADS],
      costs,
      leads,
      deals,
    });
    const webinar = e.rows.find((r) => r.key === 'webinar')!;
    // Webinar: $12,000 spend, 3 leads -> $4,000 a lead; 2 MQLs -> $6,000; 1 SQL -> $12,000;
    // 1 customer (A) -> CAC $12,000; ROMI = (30,000 - 12,000) / 12,000 = 1.5.
    expect(webinar).toMatchObject({
      spendCents: 1_200_000,
      leads: 3,
      mqls: 2,
      sqls: 1,
      opportunities: 1,
      pipelineCents: 3_000_000,
      customers: 1,
      revenueCents: 3_000_000,
      costPerLeadCents: 400_000,
      costPerMqlCents: 600_000,
      costPerSqlCents: 1_200_000,
      cacCents: 1_200_000,
      romi: 1.5,
    });
    // B's first marketing touch at creation is none (its ad came later): its opportunity is unattributed.
    const ads = e.rows.find((r) => r.key === 'paid_search')!;
    expect(ads).toMatchObject({
      spendCents: 315_082,
      leads: 1,
      customers: 0,
      revenueCents: 0,
      cacCents: null,
      romi: -1,
    });
    expect(e.rows.at(-1)).toMatchObject({
      key: 'unattributed',
      leads: 1,
      opportunities: 1,
      spendCents: 0,
      costPerLeadCents: null,
      romi: null,
    });
    // Totals: marketing spend = 1,200,000 + 315,082 + 500,000 = 2,015,082 over 2 SQLs = 1,007,541;
    // sales cost $20,000 over 2 won deals = $10,000; blended CAC = (2,015,082 + 2,000,000) / 2.
    expect(e.totals).toMatchObject({
      campaignSpendCents: 1_515_082,
      otherMarketingCostCents: 500_000,
      marketingSpendCents: 2_015_082,
      salesCostCents: 2_000_000,
      leads: 5,
      mqls: 3,
      sqls: 2,
      opportunities: 2,
      wonDeals: 2,
      revenueCents: 4_000_000,
      marketingSourcedRevenueCents: 3_000_000,
      marketingSpendPerAcceptedLeadCents: 1_007_541,
      salesCostPerClosedDealCents: 1_000_000,
      marketingSourcedRevenueShare: 0.75,
      blendedCacCents: 2_007_541,
    });
  });

  it('has no sales cost per deal without a sales cost entry', () => {
    const e = campaignEconomics({
      range,
      by: 'channel',
      attribution: 'first_touch',
      campaigns: [],
      costs: [],
      leads: [],
      deals,
    });
    expect(e.totals).toMatchObject({ salesCostCents: 0, salesCostPerClosedDealCents: null, wonDeals: 2 });
  });

  it('credits by campaign under last touch and linear', () => {
    const last = campaignEconomics({
      range,
      by: 'campaign',
      attribution: 'last_touch',
      campaigns: [WEBINAR, ADS],
      costs: [],
      leads: [],
      deals,
    });
    // Last touch: A's ad ($30,000) and B's ad ($10,000) both go to the Ads campaign.
    expect(last.rows.find((r) => r.key === 'cmp-a')).toMatchObject({
      name: 'Ads',
      channel: 'paid_search',
      revenueCents: 4_000_000,
      customers: 2,
    });
    expect(last.rows.find((r) => r.key === 'cmp-w')!.revenueCents).toBe(0);
    const linear = campaignEconomics({
      range,
      by: 'campaign',
      attribution: 'linear',
      campaigns: [WEBINAR, ADS],
      costs: [],
      leads: [],
      deals,
    });
    // Linear: A splits $15,000 / $15,000; B's only attributable touch is the ad: Ads = 15,000 + 10,000.
    expect(linear.rows.find((r) => r.key === 'cmp-w')).toMatchObject({
      revenueCents: 1_500_000,
      customers: 0.5,
    });
    expect(linear.rows.find((r) => r.key === 'cmp-a')).toMatchObject({
      revenueCents: 2_500_000,
      customers: 1.5,
    });
  });

  it('gives every credited cent of a won deal to exactly one group', () => {
    const touchArb = fc.record({
      day: fc.integer({ min: 0, max: 25 }),
      channel: fc.constantFrom('email', 'webinar', 'sales'),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(touchArb, { maxLength: 8 }),
        fc.constantFrom('first_touch' as const, 'last_touch' as const, 'linear' as const),
        (cents, ts, attribution) => {
          const touches = ts.map((t) =>
            t.channel === 'sales'
              ? call(`2026-10-${String(t.day + 1).padStart(2, '0')}T00:00:00Z`)
              : touch(`2026-10-${String(t.day + 1).padStart(2, '0')}T00:00:00Z`, t.channel),
          );
          const d = won('X', cents, touches);
          const sum = credits(d, attribution).reduce((s, c) => s + c.cents, 0);
          const creditable = touches.some((t) => t.kind === 'marketing' && t.at <= d.closedAt!);
          if (attribution !== 'first_touch') expect(sum).toBe(creditable ? cents : 0);
          else expect([0, cents]).toContain(sum);
        },
      ),
    );
    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);
  });
});
