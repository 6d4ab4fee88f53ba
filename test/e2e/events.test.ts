import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { forEachStore } from '../support/stores.js';

forEachStore('POST /v1/events', (fx) => {
  const api = useApi(fx);
  const at = (minutes: number) => new Date(fx.clock.now().getTime() - minutes * 60_000).toISOString();

  it('stores valid events, reports duplicates and rejects bad ones with their path, in one batch', async () => {
    const res = await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: {
        events: [
          {
            eventId: 'e1',
            type: 'page_view',
            visitorId: 'v-1',
            url: 'https://servio.dev/pricing',
            occurredAt: at(30),
          },
          { eventId: 'e2', type: 'page_view', occurredAt: at(29) },
          { eventId: 'e1', type: 'page_view', visitorId: 'v-1', occurredAt: at(30) },
          { eventId: 'e3', type: 'Bad Type!', visitorId: 'v-1' },
          { eventId: 'e4', type: 'email_open', email: 'nope', occurredAt: 'yesterday' },
          { eventId: 'e5', type: 'partner_webinar_custom', visitorId: 'v-2' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 2, duplicates: 1, rejected: 3 });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'stored',
      'rejected',
      'duplicate',
      'rejected',
      'rejected',
      'stored',
    ]);
    expect(res.body.results[1].errors[0].path).toBe('/events/1');
    expect(res.body.results[3].errors[0].path).toBe('/events/3/type');
    expect(res.body.results[4].errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/events/4/email',
      '/events/4/occurredAt',
    ]);

    const again = await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: { events: [{ eventId: 'e1', type: 'page_view', visitorId: 'v-1' }] },
    });
    expect(again.body).toMatchObject({ stored: 0, duplicates: 1 });
    const count = await fx.ctx.db
      .selectFrom('touchpoints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', 'e1')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('gives a visitor its earlier anonymous touchpoints when it identifies, and records Visitor -> Lead', async () => {
    await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: {
        events: [
          { eventId: 'anon-1', type: 'page_view', visitorId: 'v-77', occurredAt: at(120) },
          { eventId: 'anon-2', type: 'pricing_page_view', visitorId: 'v-77', occurredAt: at(100) },
        ],
      },
    });
    const identify = await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: {
        events: [
          {
            eventId: 'form-1',
            type: 'form_submit',
            visitorId: 'v-77',
            email: 'Grace@Contoso.com',
            occurredAt: at(90),
            person: { firstName: 'Grace', company: 'Contoso', employees: 800 },
          },
        ],
      },
    });
    expect(identify.body.stored).toBe(1);
    const page = await api.call('GET', '/v1/people?email=grace@contoso.com');
    const person = page.body.items[0];
    expect(person).toMatchObject({ firstName: 'Grace', company: 'Contoso', stage: 'lead', employees: 800 });
    expect(person.accountId).not.toBeNull();
    const detail = await api.call('GET', `/v1/people/${person.id}`);
    expect(detail.body.timeline.map((t: { id: string }) => t.id).sort()).toEqual([
      'anon-1',
      'anon-2',
      'form-1',
    ]);
    expect(detail.body.history[0]).toMatchObject({ from: 'visitor', to: 'lead' });

    const later = await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: { events: [{ eventId: 'after-1', type: 'page_view', visitorId: 'v-77' }] },
    });
    expect(later.body.stored).toBe(1);
    const tp = await fx.ctx.db
      .selectFrom('touchpoints')
      .select(['person_id', 'account_id'])
      .where('event_id', '=', 'after-1')
      .executeTakeFirstOrThrow();
    expect(tp).toEqual({ person_id: person.id, account_id: person.accountId });
  });

  it('marks a person unsubscribed and refuses unknown campaigns and people', async () => {
    const res = await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: {
        events: [
          { eventId: 'u1', type: 'unsubscribe', email: 'leaver@example-corp.com' },
          { eventId: 'u2', type: 'email_click', email: 'leaver@example-corp.com', campaignId: 'cmp_missing' },
          { eventId: 'u3', type: 'email_click', personId: 'per_missing' },
        ],
      },
    });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'stored',
      'rejected',
      'rejected',
    ]);
    expect(res.body.results[1].errors[0].path).toBe('/events/1/campaignId');
    expect(res.body.results[2].errors[0].path).toBe('/events/2/personId');
    const page = await api.call('GET', '/v1/people?email=leaver@example-corp.com');
    expect(page.body.items[0].unsubscribed).toBe(true);
  });

  it('refuses a batch that is too large or not a batch, and a role that may not send events', async () => {
    const tooMany = await api.call('POST', '/v1/events', {
      body: {
        events: Array.from({ length: 10_001 }, (_, i) => ({
          eventId: `x${i}`,
          type: 'page_view',
          visitorId: 'v',
        })),
      },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('/body/events');
    const malformed = await api.call('POST', '/v1/events', { rawBody: '{"events": [' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const notArray = await api.call('POST', '/v1/events', { body: { events: 'e1' } });
    expect(notArray.status).toBe(400);
    const sales = await api.call('POST', '/v1/events', {
      key: api.keys.sales_manager,
      body: { events: [{ eventId: 'z', type: 'page_view', visitorId: 'v' }] },
    });
    expect(sales.status).toBe(403);
  });

  it('stores a full batch of 10,000 events', async () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ({
      eventId: `bulk-${i}`,
      type: i % 10 === 0 ? 'form_submit' : 'page_view',
      visitorId: `bulk-v-${i % 2000}`,
      ...(i % 10 === 0 ? { email: `bulk${(i / 10) % 500}@bulk-corp-${i % 50}.com` } : {}),
      occurredAt: at(10_000 - i),
    }));
    const res = await api.call('POST', '/v1/events', { key: api.keys.marketing, body: { events } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 10_000, duplicates: 0, rejected: 0 });
    const people = await fx.ctx.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', 'like', 'bulk%')
      .executeTakeFirstOrThrow();
    expect(Number(people.n)).toBe(500);
  });
});
