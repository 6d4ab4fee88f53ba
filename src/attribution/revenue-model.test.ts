import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Deal, revenueFigures, sourcing, type Touch, touchpointKind } from './revenue-model.js';
import { dayRange, periodWindows, prorate } from './revenue-periods.js';

const at = (iso: string) => new Date(iso);
const mkt = (iso: string, channel: string | null = 'webinar', campaignId: string | null = null): Touch => ({
  at: at(iso),
  kind: 'marketing',
  type: 'webinar_attended',
  channel,
  campaignId,
});
const sales = (iso: string): Touch => ({
  at: at(iso),
  kind: 'sales',
  type: 'call',
  channel: 'sales',
  campaignId: null,
});

function deal(overrides: Partial<Deal>): Deal {
  return {
    id: 'opp',
    amountCents: 1_000_000,
    currency: 'USD',
    source: null,
    createdAt: at('2026-10-10T12:00:00Z'),
    closedAt: null,
    outcome: null,
    touches: [],
    ...overrides,
  };
}

describe('sourcing', () => {
  it('gives the deal to whoever touched first, at or before its creation', () => {
    const webinarFirst = deal({ touches: [sales('2026-10-05T00:00:00Z'), mkt('2026-10-01T00:00:00Z')] });
    expect(sourcing(webinarFirst)).toMatchObject({ class: 'marketing', decidedBy: 'first_touch' });
    const callFirst = deal({ touches: [sales('2026-10-01T00:00:00Z'), mkt('2026-10-05T00:00:00Z')] });
    expect(sourcing(callFirst).class).toBe('sales');
    // A webinar after the deal was created sources nothing; the call before it did.
    const late = deal({ touches: [mkt('2026-10-11T00:00:00Z'), sales('2026-10-09T00:00:00Z')] });
    expect(sourcing(late).class).toBe('sales');
  });

  it('lets sales keep a tie, and reads the source field only when no touch came first', () => {
    const tie = deal({ touches: [mkt('2026-10-01T00:00:00Z'), sales('2026-10-01T00:00:00Z')] });
    expect(sourcing(tie).class).toBe('sales');
    expect(sourcing(deal({ source: 'Paid_Search' }))).toMatchObject({
      class: 'marketing',
      decidedBy: 'source',
    });
    expect(sourcing(deal({ source: 'outbound' }))).toMatchObject({ class: 'sales', decidedBy: 'source' });
    expect(sourcing(deal({}))).toMatchObject({ class: 'sales', decidedBy: 'default' });
    // The log wins over the field: a marketing first touch sources it whatever the rep typed.
    expect(sourcing(deal({ source: 'outbound', touches: [mkt('2026-10-01T00:00:00Z')] })).class).toBe(
      'marketing',
    );
  });

  it('treats outbound touchpoints as sales and an unsubscribe as no touch', () => {
    expect(touchpointKind('email_click', 'outbound')).toBe('sales');
    expect(touchpointKind('email_click', 'email')).toBe('marketing');
    expect(touchpointKind('page_view', null)).toBe('marketing');
    expect(touchpointKind('unsubscribe', 'email')).toBeNull();
  });
});

describe('revenueFigures', () => {
  const range = dayRange('2026-10-01', '2026-12-31', 'UTC');
  const windows = periodWindows(range, 'month');
  const now = at('2027-01-15T00:00:00Z');

  it('splits pipeline and revenue into sourced, influenced and sales-sourced, per month', () => {
    const deals: Deal[] = [
      // A: $10,000, webinar first, created Oct, won Nov -> sourced and influenced.
      deal({
        id: 'A',
        amountCents: 1_000_000,
        touches: [mkt('2026-10-01T00:00:00Z'), sales('2026-10-03T00:00:00Z')],
        closedAt: at('2026-11-20T00:00:00Z'),
        outcome: 'won',
      }),
      // B: $30,000, cold call first, webinar later (before close): sales-sourced, influenced; won Nov.
      deal({
        id: 'B',
        amountCents: 3_000_000,
        touches: [sales('2026-10-02T00:00:00Z'), mkt('2026-11-01T00:00:00Z')],
        closedAt: at('2026-11-25T00:00:00Z'),
        outcome: 'won',
      }),
      // C: $20,000, cold call only, created Nov, won Dec: sales-sourced, not influenced.
      deal({
        id: 'C',
        amountCents: 2_000_000,
        createdAt: at('2026-11-05T00:00:00Z'),
        touches: [sales('2026-11-01T00:00:00Z'), mkt('2026-12-30T00:00:00Z')],
        closedAt: at('2026-12-15T00:00:00Z'),
        outcome: 'won',
      }),
      // D: $50,000 open, created Dec, sales first; a webinar on Jan 2 is after the period end.
      deal({
        id: 'D',
        amountCents: 5_000_000,
        createdAt: at('2026-12-01T00:00:00Z'),
        touches: [sales('2026-11-30T00:00:00Z'), mkt('2027-01-02T00:00:00Z')],
      }),
    ];
    const [total, oct, nov, dec] = revenueFigures(deals, [range, ...windows], now);
    // Revenue Q4: A + B + C = 10,000 + 30,000 + 20,000 = $60,000; sourced = A = $10,000 (1/6);
    // influenced = A + B = $40,000 (2/3); sales-sourced = B + C = $50,000 (5/6).
    expect(total!.revenue).toEqual({
      total: { cents: 6_000_000, deals: 3 },
      sourced: { cents: 1_000_000, deals: 1, share: 1 / 6 },
      influenced: { cents: 4_000_000, deals: 2, share: 2 / 3 },
      salesSourced: { cents: 5_000_000, deals: 2, share: 5 / 6 },
    });
    // Pipeline Q4: all four, $110,000; sourced A = $10,000; influenced A, B = $40,000 (D's webinar
    // came after the quarter ended, C's after its close).
    expect(total!.pipeline.total).toEqual({ cents: 11_000_000, deals: 4 });
    expect(total!.pipeline.sourced.cents).toBe(1_000_000);
    expect(total!.pipeline.influenced.cents).toBe(4_000_000);
    expect(total!.pipeline.salesSourced.cents).toBe(10_000_000);
    // October: A and B created ($40,000), nothing won. November: A + B won ($40,000), C created.
    expect(oct!.pipeline.total.cents).toBe(4_000_000);
    expect(oct!.revenue.total.cents).toBe(0);
    expect(oct!.revenue.sourced.share).toBe(0);
    expect(nov!.revenue).toMatchObject({
      total: { cents: 4_000_000 },
      sourced: { cents: 1_000_000, share: 0.25 },
      influenced: { cents: 4_000_000, share: 1 },
    });
    expect(nov!.pipeline.total.cents).toBe(2_000_000);
    expect(dec!.revenue.salesSourced.cents).toBe(2_000_000);
    expect(dec!.pipeline.influenced.cents).toBe(0);
  });

  it('counts a marketing touch on open pipeline only up to the period end or now', () => {
    const open = deal({ touches: [sales('2026-10-01T00:00:00Z'), mkt('2026-10-20T00:00:00Z')] });
    const earlyNow = at('2026-10-15T00:00:00Z');
    expect(revenueFigures([open], [range], earlyNow)[0]!.pipeline.influenced.cents).toBe(0);
    expect(revenueFigures([open], [range], now)[0]!.pipeline.influenced.cents).toBe(1_000_000);
  });

  const touchArb = fc.record({
    day: fc.integer({ min: 0, max: 120 }),
    kind: fc.constantFrom('marketing' as const, 'sales' as const),
  });
  const dealArb = fc.record({
    amount: fc.integer({ min: 0, max: 10_000_000_00 }),
    created: fc.integer({ min: 0, max: 100 }),
    cycle: fc.option(fc.integer({ min: 0, max: 60 })),
    won: fc.boolean(),
    source: fc.constantFrom(null, 'outbound', 'webinar', 'partner', 'sales'),
    touches: fc.array(touchArb, { maxLength: 6 }),
  });
  const base = Date.parse('2026-09-15T00:00:00Z');
  const dayAt = (d: number) => new Date(base + d * 86_400_000);

  it('always has sourced + sales-sourced = total and influenced >= sourced, in every period', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 25 }), (plans) => {
        const deals = plans.map((p, i) =>
          deal({
            id: `d${i}`,
            amountCents: p.amount,
            source: p.source,
            createdAt: dayAt(p.created),
            closedAt: p.cycle === null ? null : dayAt(p.created + p.cycle),
            outcome: p.cycle === null ? null : p.won ? 'won' : 'lost',
            touches: p.touches.map((t) =>
              t.kind === 'marketing' ? mkt(dayAt(t.day).toISOString()) : sales(dayAt(t.day).toISOString()),
            ),
          }),
        );
        for (const f of revenueFigures(deals, [range, ...windows], now))
          for (const x of [f.pipeline, f.revenue]) {
            expect(x.sourced.cents + x.salesSourced.cents).toBe(x.total.cents);
            expect(x.sourced.deals + x.salesSourced.deals).toBe(x.total.deals);
            expect(x.influenced.cents).toBeGreaterThanOrEqual(x.sourced.cents);
            expect(x.influenced.cents).toBeLessThanOrEqual(x.total.cents);
          }
      }),
    );
  });
});

describe('periods', () => {
  it('cuts a range into months and quarters of its time zone, clipped to the range', () => {
    const range = dayRange('2026-09-15', '2026-11-10', 'Europe/Paris');
    // Paris is UTC+2 until Oct 25 2026, then UTC+1: the range starts at 22:00 UTC the day before.
    expect(range.start.toISOString()).toBe('2026-09-14T22:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-11-10T23:00:00.000Z');
    expect(periodWindows(range, 'month').map((w) => [w.label, w.from, w.to])).toEqual([
      ['2026-09', '2026-09-15', '2026-09-30'],
      ['2026-10', '2026-10-01', '2026-10-31'],
      ['2026-11', '2026-11-01', '2026-11-10'],
    ]);
    expect(periodWindows(range, 'quarter').map((w) => w.label)).toEqual(['2026-Q3', '2026-Q4']);
    expect(() => dayRange('2026-10-01', '2026-09-01', 'UTC')).toThrow(/range/);
    expect(() => dayRange('2026-10-01', '2026-10-02', 'Mars/Olympus')).toThrow();
  });

  it('prorates an amount over days so adjacent parts add up to the whole', () => {
    // $100.00 over 3 days (Oct 1-3): cumulative rounding gives 33.33, 33.34, 33.33.
    expect(prorate(10_000, '2026-10-01', '2026-10-03', '2026-10-01', '2026-10-01')).toBe(3_333);
    expect(prorate(10_000, '2026-10-01', '2026-10-03', '2026-10-02', '2026-10-02')).toBe(3_334);
    expect(prorate(10_000, '2026-10-01', '2026-10-03', '2026-09-01', '2026-12-31')).toBe(10_000);
    expect(prorate(10_000, '2026-10-01', '2026-10-03', '2026-10-04', '2026-12-31')).toBe(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 0, max: 89 }),
        (cents, span, cut) => {
          const start = '2026-01-01';
          const end = new Date(Date.parse('2026-01-01T00:00:00Z') + (span - 1) * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const mid = new Date(Date.parse('2026-01-01T00:00:00Z') + cut * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const next = new Date(Date.parse('2026-01-01T00:00:00Z') + (cut + 1) * 86_400_000)
            .toISOString()
            .slice(0, 10);
          expect(
            prorate(cents, start, end, '2025-01-01', mid) + prorate(cents, start, end, next, '2027-01-01'),
          ).toBe(cents);
        },
      ),
    );
  });
});
