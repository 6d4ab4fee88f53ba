import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { forEachStore } from '../support/stores.js';

forEachStore('scoring on ingestion', (fx) => {
  const api = useApi(fx);
  const ago = (hours: number) => new Date(fx.clock.now().getTime() - hours * 3_600_000).toISOString();
  const send = (events: unknown[]) =>
    api.call('POST', '/v1/events', { key: api.keys.marketing, body: { events } });

  it('scores in the same transaction as the events and explains every rule with its evidence', async () => {
    await send([
      {
        eventId: 's1',
        type: 'form_submit',
        email: 'vp@northwind-software.com',
        occurredAt: ago(5),
        person: {
          title: 'VP of Marketing',
          company: 'Northwind',
          employees: 120,
          industry: 'Software',
          country: 'Germany',
        },
      },
      { eventId: 's2', type: 'pricing_page_view', email: 'vp@northwind-software.com', occurredAt: ago(4) },
    ]);
    const person = (await api.call('GET', '/v1/people?email=vp@northwind-software.com')).body.items[0];
    const score = (await api.call('GET', `/v1/people/${person.id}/score`)).body;
    // Seed 001: title +20, size +15, industry +10, geography +5 = 50 fit; pricing page +15.
    expect(score).toMatchObject({
      fit: 50,
      engagement: 15,
      total: 65,
      threshold: 50,
      qualifies: true,
      modelVersion: 1,
    });
    expect(score.rules.find((r: { id: string }) => r.id === 'pricing_page_visit').evidence.eventIds).toEqual([
      's2',
    ]);
    expect(score.explanation.join('\n')).toContain('+20');
    expect(score.history.length).toBeGreaterThan(0);
    // Crossing the threshold moved the lead to MQL, once, under agreement version 1.
    const detail = (await api.call('GET', `/v1/people/${person.id}`)).body;
    expect(detail.person.stage).toBe('mql');
    const mql = detail.history.filter((h: { to: string }) => h.to === 'mql');
    expect(mql).toHaveLength(1);
    expect(mql[0]).toMatchObject({ actorType: 'system', agreementVersion: 1 });
  });

  it('keeps a low-fit lead a lead, and a recycled lead becomes MQL again when the score rises', async () => {
    await send([{ eventId: 'n1', type: 'form_submit', email: 'someone@gmail.com', occurredAt: ago(3) }]);
    const person = (await api.call('GET', '/v1/people?email=someone@gmail.com')).body.items[0];
    expect(person.stage).toBe('lead');
    expect((await api.call('GET', `/v1/people/${person.id}/score`)).body).toMatchObject({
      fit: -20,
      qualifies: false,
    });
    await api.call('POST', `/v1/people/${person.id}/transitions`, {
      body: { to: 'nurture', reason: 'not ready' },
      key: api.keys.marketing,
    });
    await send([
      { eventId: 'n2', type: 'demo_request', email: 'someone@gmail.com', occurredAt: ago(2) },
      { eventId: 'n3', type: 'pricing_page_view', email: 'someone@gmail.com', occurredAt: ago(2) },
      {
        eventId: 'n4',
        type: 'content_download',
        email: 'someone@gmail.com',
        occurredAt: ago(1),
        properties: { intent: 'high' },
      },
      {
        eventId: 'n5',
        type: 'content_download',
        email: 'someone@gmail.com',
        occurredAt: ago(1),
        properties: { intent: 'high' },
      },
      {
        eventId: 'n6',
        type: 'content_download',
        email: 'someone@gmail.com',
        occurredAt: ago(1),
        properties: { intent: 'high' },
      },
    ]);
    const detail = (await api.call('GET', `/v1/people/${person.id}`)).body;
    expect(detail.person.stage).toBe('mql');
    expect(detail.history.map((h: { to: string }) => h.to)).toEqual(['lead', 'nurture', 'mql']);
  });

  it('decays on read exactly as the clock moves, without new events', async () => {
    await send([
      { eventId: 'd1', type: 'pricing_page_view', email: 'decay@contoso-health.com', occurredAt: ago(1) },
    ]);
    const person = (await api.call('GET', '/v1/people?email=decay@contoso-health.com')).body.items[0];
    const before = (await api.call('GET', `/v1/people/${person.id}/score`)).body.engagement;
    fx.clock.advance(44 * 86_400_000);
    const after = (await api.call('GET', `/v1/people/${person.id}/score`)).body;
    expect(after.decay).toBe(-10);
    expect(after.engagement).toBe(before - 10);
  });
});
