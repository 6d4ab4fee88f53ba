import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignEconomics } from './revenue-economics.js';
import {
  byTimeThenId,
  type Deal,
  digestOf,
  digestTouches,
  type IdentifiedTouch,
  revenueFigures,
  sourcing,
} from './revenue-model.js';
import { dayRange, periodWindows } from './revenue-periods.js';

/**
 * The digest of a journey must give every figure the reports read exactly as the whole
 * journey does: sourcing, influence against any cutoff, pipeline and revenue per window, and
 * first-touch economics by channel and by campaign (lead source of opportunities, credited
 * customers and revenue, CAC). Times come from a few days so that touches tie often, with
 * each other and with the deals' creation and close.
 */

const BASE = Date.parse('2026-10-01T00:00:00Z');
const HOUR = 3_600_000;
const time = fc.integer({ min: 0, max: 40 }).map((h) => new Date(BASE + h * 12 * HOUR));
const CHANNELS = [null, 'webinar', 'paid_search', 'email', 'outbound', 'sales'] as const;
const CAMPAIGNS = [null, 'cmp_a', 'cmp_b', 'cmp_c'] as const;

const touch = fc
  .record({
    id: fc.integer({ min: 1, max: 400 }),
    at: time,
    channel: fc.constantFrom(...CHANNELS),
    campaignId: fc.constantFrom(...CAMPAIGNS),
    activity: fc.boolean(),
  })
  .map(({ id, at, channel, campaignId, activity }): IdentifiedTouch => {
    if (activity)
      return { id: `a${id}`, at, kind: 'sales', type: 'call', channel: 'sales', campaignId: null };
    const sales = channel === 'outbound' || channel === 'sales';
    return { id: `t${id}`, at, kind: sales ? 'sales' : 'marketing', type: 'visit', channel, campaignId };
  });

const deal = fc
  .record({
    amountCents: fc.integer({ min: 0, max: 5_000_000 }),
    source: fc.constantFrom(null, '', 'webinar', 'outbound', 'Inbound '),
    createdAt: time,
    closeAfter: fc.option(fc.integer({ min: -2, max: 30 }), { nil: null }),
    won: fc.boolean(),
    touches: fc.uniqueArray(touch, { maxLength: 12, selector: (t) => t.id }),
  })
  .map(({ closeAfter, won, touches, ...d }) => {
    const closedAt = closeAfter === null ? null : new Date(d.createdAt.getTime() + closeAfter * 12 * HOUR);
    return {
      ...d,
      closedAt,
      outcome: closedAt === null ? null : won ? ('won' as const) : ('lost' as const),
      currency: 'USD',
      touches: [...touches].sort(byTimeThenId),
    };
  });

const deals = fc
  .array(deal, { maxLength: 8 })
  .map((list) => list.map((d, i): Deal & { touches: IdentifiedTouch[] } => ({ ...d, id: `opp${i}` })));

const digested = (list: readonly (Deal & { touches: IdentifiedTouch[] })[]): Deal[] =>
  list.map((d) => ({ ...d, touches: digestTouches(digestOf(d, d.touches)) }));

const campaigns = CAMPAIGNS.filter((c) => c !== null).map((id, i) => ({
  id,
  name: id,
  channel: ['webinar', 'paid_search', 'outbound'][i]!,
  costCents: 300_000 * (i + 1),
  startsOn: '2026-10-01',
  endsOn: '2026-10-31',
}));

describe('journey digests', () => {
  it('give the same sourcing and influence as the whole journey', () => {
    fc.assert(
      fc.property(deals, time, (list, cutoff) => {
        for (const [whole, digest] of list.map((d, i) => [d, digested(list)[i]!] as const)) {
          expect(sourcing(digest).class).toBe(sourcing(whole).class);
          expect(sourcing(digest).decidedBy).toBe(sourcing(whole).decidedBy);
          const anyBefore = (d: Deal) => d.touches.some((t) => t.kind === 'marketing' && t.at <= cutoff);
          expect(anyBefore(digest)).toBe(anyBefore(whole));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('give the same pipeline and revenue per window, and the same first-touch economics', () => {
    const range = dayRange('2026-10-01', '2026-10-31', 'UTC');
    const windows = [range, ...periodWindows(dayRange('2026-10-01', '2026-10-31', 'UTC'), 'month')];
    fc.assert(
      fc.property(deals, time, (list, now) => {
        const short = digested(list);
        expect(revenueFigures(short, windows, now)).toEqual(revenueFigures(list, windows, now));
        for (const by of ['channel', 'campaign'] as const) {
          const input = { range, by, attribution: 'first_touch' as const, campaigns, costs: [], leads: [] };
          expect(campaignEconomics({ ...input, deals: short })).toEqual(
            campaignEconomics({ ...input, deals: list }),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are told apart from a journey that differs: the property can fail', () => {
    // A digest that dropped the tied credits would credit nobody.
    const d: Deal & { touches: IdentifiedTouch[] } = {
      id: 'opp',
      amountCents: 100,
      currency: 'USD',
      source: null,
      createdAt: new Date(BASE + 10 * HOUR),
      closedAt: new Date(BASE + 20 * HOUR),
      outcome: 'won',
      touches: [
        {
          id: 't2',
          at: new Date(BASE),
          kind: 'marketing' as const,
          type: 'visit',
          channel: 'email',
          campaignId: null,
        },
        {
          id: 't10',
          at: new Date(BASE),
          kind: 'marketing' as const,
          type: 'visit',
          channel: 'webinar',
          campaignId: null,
        },
      ].sort(byTimeThenId),
    };
    const digest = digestOf(d, d.touches);
    // Time-then-id order: "t10" before "t2", as the journey loader sorts.
    expect(digest.credited.map((t) => t.id)).toEqual(['t10', 't2']);
    const range = dayRange('2026-10-01', '2026-10-31', 'UTC');
    const input = {
      range,
      by: 'channel' as const,
      attribution: 'first_touch' as const,
      campaigns,
      costs: [],
      leads: [],
    };
    const whole = campaignEconomics({ ...input, deals: [d] });
    expect(whole.rows.find((r) => r.customers === 1)?.key).toBe('webinar');
    const lossy = campaignEconomics({
      ...input,
      deals: [{ ...d, touches: digestTouches({ ...digest, credited: [] }) }],
    });
    expect(lossy).not.toEqual(whole);
  });
});
