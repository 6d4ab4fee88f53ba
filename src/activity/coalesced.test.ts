import { expect, it } from 'vitest';
import { newSalesOrg } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { createWebhook } from '../notify/index.js';
import { updateUser } from '../org/index.js';
import { acceptEvents, processInbox } from './inbox.js';
import { coalescedWrites, ingestEvents } from './service.js';

/** A VP at a company of 120 in `country` who views pricing and asks for a demo: 60 points, an MQL. */
function newMqlEvents(prefix: string, email: string, at: string, country: string) {
  return [
    {
      eventId: `${prefix}-a`,
      type: 'pricing_page_view',
      occurredAt: at,
      email,
      person: { title: 'VP Marketing', country, employees: 120 },
    },
    { eventId: `${prefix}-b`, type: 'demo_request', occurredAt: at, email },
  ];
}

forEachStore('synchronous ingestion, requests written together', (fx) => {
  it('answers each of many concurrent requests as if it were alone, in fewer transactions than requests', async () => {
    const { ctx, clock } = fx;
    const org = await newSalesOrg(ctx);
    const at = clock.now().toISOString();
    // A VP at a US company of 120 who views pricing and asks for a demo: an MQL (60 >= 50),
    // routed to a North American SDR first (TQL is on in the default agreement).
    const lead = (n: number) =>
      newMqlEvents(`co-${n}`, `buyer${n}@coalesce${n}.example`, at, 'United States');
    const requests: unknown[][] = Array.from({ length: 8 }, (_, n) => lead(n));
    // Sent last: repeats request 0's first event, and names a campaign that does not exist.
    requests.push([
      { eventId: 'co-0-a', type: 'page_view', occurredAt: at, visitorId: 'v-co' },
      { eventId: 'co-x', type: 'page_view', occurredAt: at, visitorId: 'v-co', campaignId: 'cmp_missing' },
      { eventId: 'co-y', type: 'page_view', occurredAt: at, visitorId: 'v-co' },
    ]);
    const before = coalescedWrites(ctx);
    const answers = await Promise.all(requests.map((events) => ingestEvents(ctx, events, CLI_PRINCIPAL)));
    const writes = coalescedWrites(ctx) - before;

    for (const answer of answers.slice(0, 8)) {
      expect(answer).toMatchObject({ stored: 2, duplicates: 0, rejected: 0 });
    }
    expect(answers[8]).toEqual({
      accepted: 0,
      stored: 1,
      duplicates: 1,
      rejected: 1,
      results: [
        { eventId: 'co-0-a', status: 'duplicate' },
        // The path names the event by its place in its own request, not in the shared write.
        {
          eventId: 'co-x',
          status: 'rejected',
          errors: [{ path: '/events/1/campaignId', message: 'no campaign cmp_missing' }],
        },
        { eventId: 'co-y', status: 'stored' },
      ],
    });
    // The first request starts a write at once; the others, arriving while it runs, share fewer.
    expect(writes).toBeGreaterThan(1);
    expect(writes).toBeLessThan(requests.length);

    const people = await ctx.db
      .selectFrom('people')
      .leftJoin('routing_decisions as d', 'd.person_id', 'people.id')
      .select(['people.email', 'people.stage', 'people.owner_user_id', 'd.outcome'])
      .where('people.email', 'like', '%@coalesce%')
      .orderBy('people.email')
      .execute();
    expect(people).toHaveLength(8);
    const sdrs = new Set(org.sdrNa.map((u) => u.id));
    for (const person of people) {
      expect(person.outcome).toBe('assigned');
      expect(sdrs.has(person.owner_user_id!)).toBe(true);
    }
    // Fair round-robin across the batch: two NA SDRs, eight leads, four each.
    const perOwner = new Map<string, number>();
    for (const p of people) perOwner.set(p.owner_user_id!, (perOwner.get(p.owner_user_id!) ?? 0) + 1);
    expect([...perOwner.values()].sort()).toEqual([4, 4]);
    const routed = await ctx.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'lead.routed')
      .executeTakeFirstOrThrow();
    expect(Number(routed.n)).toBe(8);
  });
});

// A database of its own: the only sales organisation in it, so EMEA has one SDR.
forEachStore('ingestion passes and the reference data they reuse', (fx) => {
  it('sees a rep deactivated and a webhook added between two passes, though passes reuse what they read', async () => {
    const { ctx, clock } = fx;
    const org = await newSalesOrg(ctx);
    const at = clock.now().toISOString();
    // In EMEA (one SDR there): each lead goes to that SDR, or to the unassigned queue without her.
    const lead = (n: number) => newMqlEvents(`ref-${n}`, `buyer${n}@reference${n}.example`, at, 'Germany');
    const ownerOf = async (n: number) =>
      (
        await ctx.db
          .selectFrom('people')
          .select('owner_user_id')
          .where('email', '=', `buyer${n}@reference${n}.example`)
          .executeTakeFirstOrThrow()
      ).owner_user_id;
    const deliveriesTo = async (url: string) =>
      Number(
        (
          await ctx.db
            .selectFrom('webhook_deliveries as d')
            .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('s.url', '=', url)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const sdr = org.sdrEmea[0]!.id;

    await ingestEvents(ctx, lead(1), CLI_PRINCIPAL);
    expect(await ownerOf(1)).toBe(sdr);
    await updateUser(ctx, sdr, { active: false }, CLI_PRINCIPAL);
    const url = 'https://hooks.reference.example/servio';
    await createWebhook(ctx, { url, events: ['lead.*'] }, CLI_PRINCIPAL);
    await ingestEvents(ctx, lead(2), CLI_PRINCIPAL);
    expect(await ownerOf(2)).not.toBe(sdr);
    expect(await deliveriesTo(url)).toBe(1);

    // The asynchronous worker's passes likewise: the rep back, the webhook still there.
    await updateUser(ctx, sdr, { active: true }, CLI_PRINCIPAL);
    await acceptEvents(ctx, lead(3), CLI_PRINCIPAL);
    await processInbox(ctx);
    expect(await ownerOf(3)).toBe(sdr);
    expect(await deliveriesTo(url)).toBe(2);
  });
});
