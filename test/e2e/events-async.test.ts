import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { processInbox, startInboxWorker } from '../../src/activity/index.js';
import { useApi } from '../support/api.js';
import { newSalesOrg } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const ASYNC = { prefer: 'respond-async' };

forEachStore('POST /v1/events with Prefer: respond-async', (fx) => {
  const api = useApi(fx);
  const at = (minutes: number) => new Date(fx.clock.now().getTime() - minutes * 60_000).toISOString();
  /** Worker passes until the inbox is empty (a pass takes one shard): how many events they took. */
  const drainInbox = async () => {
    let taken = 0;
    for (let n = await processInbox(fx.ctx); n > 0; n = await processInbox(fx.ctx)) taken += n;
    return taken;
  };

  it('answers 202 once the events are in the inbox, then the worker stores them and records each outcome', async () => {
    const sync = await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: { events: [{ eventId: 'a-known', type: 'page_view', visitorId: 'v-a1', occurredAt: at(60) }] },
    });
    expect(sync.body).toMatchObject({ stored: 1, accepted: 0 });

    const res = await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      headers: ASYNC,
      body: {
        events: [
          {
            eventId: 'a-form',
            type: 'form_submit',
            visitorId: 'v-a1',
            email: 'Ada@Async-Corp.com',
            occurredAt: at(30),
            person: { firstName: 'Ada', company: 'Async Corp', employees: 300 },
          },
          { eventId: 'a-form', type: 'form_submit', email: 'ada@async-corp.com' },
          { eventId: 'a-bad', type: 'Not A Type' },
          { eventId: 'a-known', type: 'page_view', visitorId: 'v-a1' },
          {
            eventId: 'a-campaign',
            type: 'email_click',
            email: 'ada@async-corp.com',
            campaignId: 'cmp_missing',
          },
        ],
      },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('preference-applied')).toBe('respond-async');
    expect(res.body).toMatchObject({ accepted: 2, stored: 0, duplicates: 2, rejected: 1 });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'duplicate',
      'rejected',
      'duplicate',
      'accepted',
    ]);
    expect(res.body.results[2].errors[0].path).toBe('/events/2/type');

    // Nothing runs the worker in this test until we do: the events wait, durably.
    const waiting = await api.call('GET', '/v1/events/a-form', { key: api.keys.marketing });
    expect(waiting.body).toMatchObject({ status: 'accepted', personId: null, processedAt: null });
    expect((await api.call('GET', '/v1/ingestion')).body).toMatchObject({ waiting: 2, failed: 0 });
    expect((await api.call('GET', '/v1/people?email=ada@async-corp.com')).body.items).toEqual([]);

    expect(await drainInbox()).toBe(2);
    expect(await processInbox(fx.ctx)).toBe(0);
    const person = (await api.call('GET', '/v1/people?email=ada@async-corp.com')).body.items[0];
    expect(person).toMatchObject({ firstName: 'Ada', stage: 'lead' });
    const stored = await api.call('GET', '/v1/events/a-form', { key: api.keys.marketing });
    expect(stored.body).toMatchObject({ status: 'stored', personId: person.id, errors: [] });
    expect(stored.body.processedAt).not.toBeNull();
    // The earlier anonymous page view joined Ada when the form identified her visitor id.
    const detail = await api.call('GET', `/v1/people/${person.id}`);
    expect(detail.body.timeline.map((t: { id: string }) => t.id).sort()).toEqual(['a-form', 'a-known']);
    const refused = await api.call('GET', '/v1/events/a-campaign', { key: api.keys.marketing });
    expect(refused.body).toMatchObject({
      status: 'rejected',
      errors: [{ path: '/campaignId', message: 'no campaign cmp_missing' }],
    });
    expect((await api.call('GET', '/v1/events/a-known')).body).toMatchObject({ status: 'stored' });
    expect((await api.call('GET', '/v1/events/never-sent')).status).toBe(404);
    expect((await api.call('GET', '/v1/ingestion')).body).toMatchObject({ waiting: 0, failed: 0 });
  });

  it('routes a new MQL moments after the 202: the worker is woken, not polled', {
    timeout: 30_000,
  }, async () => {
    const org = await newSalesOrg(fx.ctx);
    // A minute between polls: only the wake-up on accept can make this quick.
    const worker = startInboxWorker(fx.ctx, { idleMs: 60_000 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the worker's first (empty) pass
      const email = 'grace@mql-async.example.com';
      const person = { firstName: 'Grace', company: 'MQL Async', employees: 250, country: 'US' };
      const res = await api.call('POST', '/v1/events', {
        key: api.keys.marketing,
        headers: ASYNC,
        body: {
          events: [
            { eventId: 'm-1', type: 'pricing_page_view', email, occurredAt: at(2), person },
            { eventId: 'm-2', type: 'demo_request', email, occurredAt: at(1), person },
          ],
        },
      });
      expect(res.status).toBe(202);
      let found: { id: string; stage: string; ownerUserId: string | null } | undefined;
      for (let i = 0; i < 200 && !found?.ownerUserId; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        found = (await api.call('GET', `/v1/people?email=${email}`)).body.items[0];
      }
      expect(found).toMatchObject({ stage: 'mql' });
      expect(
        Object.values(org)
          .flat()
          .map((u) => u.id),
      ).toContain(found!.ownerUserId);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from outbox where type = 'lead.routed' and subject_person_id = ${found!.id}
      `.execute(fx.ctx.db);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it('sets a failing event aside after three attempts, and the events behind it go on', async () => {
    // An event only a bug could produce (the API validates dates): its processing throws.
    await sql`
      insert into event_inbox (event_id, event, actor, received_at, shard)
      select 'poison', e, ${JSON.stringify({ actor: 'system', actorType: 'system', actorId: null })}::jsonb, now(),
        inbox_shard(e)
      from (select ${JSON.stringify({ eventId: 'poison', type: 'page_view', occurredAt: 'not a date', properties: {} })}::jsonb as e) as x
    `.execute(fx.ctx.db);
    const res = await api.call('POST', '/v1/events', {
      headers: ASYNC,
      body: {
        events: [{ eventId: 'behind-poison', type: 'page_view', visitorId: 'v-p', occurredAt: at(5) }],
      },
    });
    expect(res.body.accepted).toBe(1);
    await drainInbox();
    const poison = await api.call('GET', '/v1/events/poison');
    expect(poison.body.status).toBe('failed');
    expect(poison.body.errors[0].message).toMatch(/could not be processed/);
    expect((await api.call('GET', '/v1/events/behind-poison')).body.status).toBe('stored');
    expect((await api.call('GET', '/v1/ingestion')).body).toMatchObject({ waiting: 0, failed: 1 });
  });
});
