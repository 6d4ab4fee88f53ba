import { expect, it } from 'vitest';
import { rawAccount, rawPerson } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { buildHandoffs, lockLeads } from './handoff.js';
import { listLeadFacts } from './store.js';

/**
 * The package's timeline and open deals, read in the same row as the person (as JSON): the
 * newest touchpoints first up to the limit, with their times as dates; the account's deals
 * without an outcome, oldest first; nothing for a person without touchpoints or account.
 */
forEachStore('hand-off package reads', (fx) => {
  it("gives the newest touchpoints up to the limit and the account's open deals, oldest first", async () => {
    const { ctx } = fx;
    const account = await rawAccount(ctx);
    const person = await rawPerson(ctx, { accountId: account.id });
    const alone = await rawPerson(ctx);
    await ctx.db
      .updateTable('accounts')
      .set({ country: 'DE', region: 'EMEA', employees: 320, is_named_account: true, is_customer: true })
      .where('id', '=', account.id)
      .execute();
    const at = (minute: number) => new Date(Date.UTC(2026, 9, 1, 9, minute));
    // 12 touchpoints a minute apart: page views, then two downloads of one white paper.
    await ctx.db
      .insertInto('touchpoints')
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          event_id: `ho-${person.id}-${i}`,
          type: i >= 10 ? 'content_download' : 'page_view',
          occurred_at: at(i),
          received_at: at(i),
          person_id: person.id,
          url: i >= 10 ? null : `https://servio.example/page/${i}`,
          content_id: i >= 10 ? 'whitepaper-roi' : null,
          properties: '{}',
        })),
      )
      .execute();
    const deal = (id: string, created: number, outcome: string | null, closeDate: string | null) => ({
      id,
      name: `Deal ${id}`,
      account_id: account.id,
      stage: 'proposal',
      amount_cents: 2_500_000 + created,
      currency: 'EUR',
      close_date: closeDate,
      outcome,
      created_at: at(created),
      updated_at: at(created),
    });
    await ctx.db
      .insertInto('opportunities')
      .values([
        deal(`opp-late-${account.id}`, 30, null, null),
        deal(`opp-won-${account.id}`, 10, 'won', '2026-09-30'),
        deal(`opp-early-${account.id}`, 20, null, '2026-12-15'),
      ])
      .execute();

    const { leads, routed } = await ctx.db.transaction().execute(async (trx) => {
      const locked = await lockLeads(trx, [person.id, alone.id], at(59));
      return { leads: locked.leads, routed: await locked.summarize([person.id, alone.id]) };
    });
    // The lead facts routing's rules read come from the same rows, in id order, as routing's own read has them.
    expect(leads).toEqual(await listLeadFacts(ctx.db, [person.id, alone.id]));
    expect(leads.map((l) => l.personId)).toEqual([person.id, alone.id].sort());
    const pkg = routed.get(person.id)!;
    // The webhook's package: the last ten, newest first, each time a Date.
    expect(pkg.timeline).toHaveLength(10);
    expect(pkg.timeline.map((t) => t.at)).toEqual(Array.from({ length: 10 }, (_, i) => at(11 - i)));
    expect(pkg.timeline[0]).toEqual({
      at: at(11),
      type: 'content_download',
      url: null,
      contentId: 'whitepaper-roi',
      campaignId: null,
    });
    expect(pkg.timeline[2]).toMatchObject({ type: 'page_view', url: 'https://servio.example/page/9' });
    expect(pkg.contentConsumed).toEqual([
      { content: 'whitepaper-roi', type: 'content_download', times: 2, lastAt: at(11) },
    ]);
    expect(pkg.openOpportunities).toEqual([
      {
        id: `opp-early-${account.id}`,
        name: `Deal opp-early-${account.id}`,
        stage: 'proposal',
        amountCents: 2_500_020,
        currency: 'EUR',
        closeDate: '2026-12-15',
        ownerUserId: null,
      },
      {
        id: `opp-late-${account.id}`,
        name: `Deal opp-late-${account.id}`,
        stage: 'proposal',
        amountCents: 2_500_030,
        currency: 'EUR',
        closeDate: null,
        ownerUserId: null,
      },
    ]);
    const bare = routed.get(alone.id)!;
    expect(bare.timeline).toEqual([]);
    expect(bare.openOpportunities).toEqual([]);
    expect(bare.firmographics).toBeNull();

    // The API's package: up to 50 touchpoints, so all twelve.
    const full = (await buildHandoffs(ctx.db, [person.id])).get(person.id)!;
    expect(full.timeline.map((t) => t.at)).toEqual(Array.from({ length: 12 }, (_, i) => at(11 - i)));
  });
});
