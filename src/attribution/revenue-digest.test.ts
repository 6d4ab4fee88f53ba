import { beforeAll, expect, it } from 'vitest';
import { rawAccount, rawPerson } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { listDealDigests } from './revenue-digest-store.js';
import { digestOf } from './revenue-model.js';
import { dayRange } from './revenue-periods.js';
import { cacOfReports, campaignEconomics, revenueAttribution, revenueOfReports } from './revenue-service.js';
import { listDealJourneys } from './revenue-store.js';

/**
 * The digests computed in SQL against the whole journeys loaded and digested in node, on a
 * mixed data set: account journeys and people without account, stitched anonymous visits,
 * unsubscribes, outbound and sales channels (own or the campaign's), campaigns named without
 * a channel on the touch, touches with neither, sales activities on the person, the account
 * or only the deal, touches after the close and after now, deals without a person or without
 * anyone, deals in another currency, and many touches at the same instant.
 */

const MONTH = dayRange('2031-03-01', '2031-03-31', 'UTC');
const NOW = new Date('2031-03-25T12:00:00Z');
/** Times on a coarse grid (a day in six-hour steps) so that touches tie, and tie with deals. */
const slot = (i: number) => new Date(Date.parse('2031-02-20T00:00:00Z') + i * 6 * 3_600_000);

/** A small deterministic generator (mulberry32), so the data set is the same every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

forEachStore('journey digests in SQL', (fx) => {
  beforeAll(async () => {
    const rnd = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const db = fx.ctx.db;
    fx.clock.set('2031-02-01T00:00:00Z');
    const accounts = [await rawAccount(fx.ctx), await rawAccount(fx.ctx), await rawAccount(fx.ctx)];
    const people: { id: string; accountId: string | null }[] = [];
    for (let i = 0; i < 14; i++) {
      const accountId = i < 9 ? accounts[i % 3]!.id : null;
      people.push({ id: (await rawPerson(fx.ctx, { accountId })).id, accountId });
    }
    const now = fx.clock.now();
    const campaigns = [
      { id: 'dg-webinar', channel: 'webinar' },
      { id: 'dg-ads', channel: 'paid_search' },
      { id: 'dg-outbound', channel: 'outbound' },
    ];
    await db
      .insertInto('campaigns')
      .values(
        campaigns.map((c) => ({
          ...c,
          name: c.id,
          status: 'active',
          cost_cents: 900_000,
          currency: 'USD',
          starts_on: '2031-03-01',
          ends_on: '2031-03-31',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    // Anonymous visitors of four people (their visits stitched), and one of nobody.
    const visitors = ['dg-v0', 'dg-v1', 'dg-v2', 'dg-v3', 'dg-v4'];
    await db
      .insertInto('visitors')
      .values(
        visitors.map((v, i) => ({
          visitor_id: v,
          person_id: i < 4 ? people[i * 3]!.id : null,
          first_seen_at: now,
          last_seen_at: now,
        })),
      )
      .execute();
    const channels = [null, null, 'webinar', 'email', 'paid_search', 'outbound', 'sales', 'organic_search'];
    const types = ['page_view', 'form_submit', 'email_click', 'webinar_attended', 'unsubscribe'];
    const touchpoints = Array.from({ length: 260 }, (_, i) => {
      const anonymous = rnd() < 0.15;
      const byAccount = !anonymous && rnd() < 0.15;
      const person = pick(people);
      return {
        event_id: `dg-${i}`,
        type: pick(types),
        occurred_at: slot(2 + Math.floor(rnd() * 138)),
        received_at: now,
        person_id: anonymous || byAccount ? null : person.id,
        visitor_id: anonymous ? pick(visitors) : null,
        account_id: byAccount ? pick(accounts).id : rnd() < 0.3 ? person.accountId : null,
        campaign_id: rnd() < 0.4 ? pick(campaigns).id : null,
        channel: pick(channels),
      };
    });
    await db.insertInto('touchpoints').values(touchpoints).execute();

    const deals = Array.from({ length: 40 }, (_, i) => {
      const person = rnd() < 0.8 ? pick(people) : null;
      const accountId = person ? person.accountId : rnd() < 0.5 ? pick(accounts).id : null;
      const createdAt = slot(20 + Math.floor(rnd() * 100));
      const closed = rnd() < 0.6;
      // The close is on the grid too: from the creation up to a week after.
      const closedAt = closed ? new Date(createdAt.getTime() + Math.floor(rnd() * 30) * 21_600_000) : null;
      return {
        id: `dg-opp-${i}`,
        name: `Deal ${i}`,
        account_id: accountId,
        person_id: person?.id ?? null,
        source: pick([null, 'webinar', 'outbound', 'Inbound', 'referral ', 'cold call']),
        stage: closed ? 'closed' : 'proposal',
        amount_cents: 100_000 * (1 + Math.floor(rnd() * 50)),
        currency: rnd() < 0.1 ? 'EUR' : 'USD',
        outcome: closed ? pick(['won', 'won', 'lost']) : null,
        closed_at: closedAt,
        created_at: createdAt,
        updated_at: now,
      };
    });
    await db.insertInto('opportunities').values(deals).execute();

    const activities = Array.from({ length: 70 }, (_, i) => {
      const how = rnd();
      const deal = pick(deals);
      return {
        id: `dg-act-${i}`,
        type: pick(['call', 'email', 'meeting']),
        direction: 'outbound',
        occurred_at: slot(2 + Math.floor(rnd() * 138)),
        person_id: how < 0.5 ? pick(people).id : null,
        account_id: how >= 0.5 && how < 0.75 ? pick(accounts).id : null,
        opportunity_id: how >= 0.75 ? deal.id : null,
        created_at: now,
      };
    });
    await db.insertInto('activities').values(activities).execute();
    // Cases the random rows may miss, before any of them (slots 0-1): a stitched visit tied
    // with the person's own touch as their first attributable touches; an activity on the
    // account only as its deals' first sales touch; deals of both, one without a person.
    const visited = people[9]!;
    const account = accounts[1]!;
    await db
      .insertInto('touchpoints')
      .values([
        {
          event_id: 'dg-x1',
          type: 'page_view',
          occurred_at: slot(0),
          received_at: now,
          person_id: null,
          visitor_id: 'dg-v3',
          account_id: null,
          campaign_id: null,
          channel: 'paid_search',
        },
        {
          event_id: 'dg-x2',
          type: 'email_click',
          occurred_at: slot(0),
          received_at: now,
          person_id: visited.id,
          visitor_id: null,
          account_id: null,
          campaign_id: null,
          channel: 'email',
        },
      ])
      .execute();
    await db
      .insertInto('activities')
      .values({
        id: 'dg-act-x',
        type: 'call',
        direction: 'outbound',
        occurred_at: slot(1),
        person_id: null,
        account_id: account.id,
        opportunity_id: null,
        created_at: now,
      })
      .execute();
    const explicit = (id: string, personId: string | null, accountId: string | null, won: boolean) => ({
      id,
      name: id,
      account_id: accountId,
      person_id: personId,
      source: null,
      stage: won ? 'closed' : 'proposal',
      amount_cents: 700_000,
      currency: 'USD',
      outcome: won ? 'won' : null,
      closed_at: won ? slot(70) : null,
      created_at: slot(60),
      updated_at: now,
    });
    await db
      .insertInto('opportunities')
      .values([
        explicit('dg-opp-x1', visited.id, null, true),
        explicit('dg-opp-x2', people[1]!.id, account.id, true),
        explicit('dg-opp-x3', null, account.id, false),
      ])
      .execute();
    fx.clock.set(NOW);
  });

  it('equal the digests of the whole journeys, deal by deal', async () => {
    const range = { start: MONTH.start, end: MONTH.end, now: NOW };
    const [digests, journeys] = await Promise.all([
      listDealDigests(fx.ctx.db, range),
      listDealJourneys(fx.ctx.db, range),
    ]);
    expect(digests.length).toBeGreaterThan(20);
    expect(digests.map((d) => d.id)).toEqual(journeys.map((j) => j.id));
    const pick = (t: {
      id: string;
      at: Date;
      kind: string;
      channel: string | null;
      campaignId: string | null;
    }) => ({
      id: t.id,
      at: t.at,
      kind: t.kind,
      channel: t.channel,
      campaignId: t.campaignId,
    });
    for (const [i, journey] of journeys.entries()) {
      const expected = digestOf(journey, journey.touches);
      const got = digests[i]!;
      expect({ ...got.digest, credited: got.digest.credited.map(pick) }).toEqual({
        ...expected,
        credited: expected.credited.map(pick),
      });
      expect({ ...got, touches: [], digest: null }).toEqual({
        id: journey.id,
        amountCents: journey.amountCents,
        currency: journey.currency,
        source: journey.source,
        createdAt: journey.createdAt,
        closedAt: journey.closedAt,
        outcome: journey.outcome,
        touches: [],
        digest: null,
      });
    }
    // The data set has the cases it is meant to: ties, both kinds first, credits at the close.
    expect(digests.some((d) => d.digest.credited.length > 1)).toBe(true);
    expect(journeys.some((j) => j.touches.some((t) => j.closedAt && t.at > j.closedAt))).toBe(true);
    expect(digests.filter((d) => d.digest.firstSalesAt && d.digest.firstMarketingAt).length).toBeGreaterThan(
      5,
    );
  });

  it("give the reports' figures of the whole journeys", async () => {
    const days = { from: '2031-03-01', to: '2031-03-31', currency: 'USD' };
    const fromDigests = await revenueOfReports(fx.ctx, days);
    const [attribution, economics] = await Promise.all([
      revenueAttribution(fx.ctx, days),
      campaignEconomics(fx.ctx, { ...days, by: 'channel', leads: false }),
    ]);
    expect(fromDigests.attribution).toEqual(attribution);
    expect(fromDigests.economics).toEqual(economics);
    expect(attribution.total.pipeline.sourced.deals).toBeGreaterThan(0);
    expect(attribution.total.pipeline.salesSourced.deals).toBeGreaterThan(0);
    expect(attribution.total.revenue.influenced.deals).toBeGreaterThan(
      attribution.total.revenue.sourced.deals,
    );
    expect(economics.rows.some((r) => r.customers > 0)).toBe(true);
    expect(attribution.otherCurrencies.length).toBe(1);
  });

  it('give the same spend, customers and CAC by channel from the won deals alone', async () => {
    const days = { from: '2031-03-01', to: '2031-03-31', currency: 'USD' };
    const cac = (rows: { key: string; spendCents: number; customers: number; cacCents: number | null }[]) =>
      rows
        .filter((r) => r.spendCents > 0 || r.customers > 0)
        .map(({ key, spendCents, customers, cacCents }) => ({ key, spendCents, customers, cacCents }));
    const won = await cacOfReports(fx.ctx, days);
    const { economics } = await revenueOfReports(fx.ctx, days);
    expect(cac(won.rows)).toEqual(cac(economics.rows));
    expect(won.rows.some((r) => r.customers > 0 && r.spendCents > 0)).toBe(true);
    // Only the won deals were read: the month's pipeline is not in these rows.
    expect(won.totals.opportunities).toBeLessThan(economics.totals.opportunities);
  });
});
