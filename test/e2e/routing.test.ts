import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverDue } from '../../src/notify/index.js';
import { useApi } from '../support/api.js';
import { newSalesOrg } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';
import { newWebhook, startWebhookReceiver, type WebhookReceiver } from '../support/webhooks.js';

/**
 * The hand-off over HTTP: an MQL from the event stream is routed in the same commit, the
 * owner's webhook carries the hand-off package, the rep works their queue, the SDR passes
 * the lead on, and the AE dispositions it; a rep's key sees only their own leads.
 */
forEachStore('routing and the hand-off over HTTP', (fx) => {
  const api = useApi(fx);
  let org: Awaited<ReturnType<typeof newSalesOrg>>;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    org = await newSalesOrg(fx.ctx);
    receiver = await startWebhookReceiver();
    await newWebhook(fx.ctx, { url: receiver.url, events: ['lead.*'] });
  });
  afterAll(async () => receiver.close());
  const ago = (hours: number) => new Date(fx.clock.now().getTime() - hours * 3_600_000).toISOString();

  it('routes a new MQL to an SDR of its territory in the ingestion commit, with the hand-off in the webhook', async () => {
    const sent = await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: {
        events: [
          {
            eventId: 'r1',
            type: 'demo_request',
            email: 'ada@contoso-labs.com',
            occurredAt: ago(2),
            person: {
              firstName: 'Ada',
              lastName: 'Byron',
              title: 'VP Marketing',
              employees: 220,
              industry: 'Software',
              country: 'United Kingdom',
            },
          },
          { eventId: 'r2', type: 'pricing_page_view', email: 'ada@contoso-labs.com', occurredAt: ago(1) },
        ],
      },
    });
    expect(sent.status).toBe(200);
    const person = (await api.call('GET', '/v1/people?email=ada@contoso-labs.com')).body.items[0];
    expect(person.stage).toBe('mql');
    const routing = (await api.call('GET', `/v1/people/${person.id}/routing`)).body;
    expect(routing.ownerUserId).toBe(org.sdrEmea[0]!.id);
    expect(routing.decisions[0]).toMatchObject({
      trigger: 'mql',
      outcome: 'assigned',
      ruleName: 'Mid-market (50-499 employees)',
      step: 'qualification',
      agreementVersion: 1,
    });
    expect(routing.decisions[0].checks.map((c: { matched: boolean }) => c.matched)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      false,
    ]);

    const handoff = (await api.call('GET', `/v1/people/${person.id}/handoff`)).body;
    expect(handoff).toMatchObject({
      person: { name: 'Ada Byron', title: 'VP Marketing' },
      owner: { id: org.sdrEmea[0]!.id },
      persona: 'Vice President',
      talkingPoints: null,
    });
    expect(handoff.score.total).toBeGreaterThanOrEqual(50);
    expect(handoff.score.explanation.join('\n')).toContain('Demo request');
    expect(handoff.timeline.map((t: { type: string }) => t.type).sort()).toEqual([
      'demo_request',
      'pricing_page_view',
    ]);
    expect(new Date(handoff.sla.firstTouchDueAt).getTime() - new Date(handoff.sla.routedAt).getTime()).toBe(
      4 * 3_600_000,
    );

    await deliverDue(fx.ctx, fx.clock.now());
    const routed = receiver.received.map((r) => JSON.parse(r.body)).find((b) => b.type === 'lead.routed');
    expect(routed.subject).toMatchObject({ personId: person.id, userId: org.sdrEmea[0]!.id });
    expect(routed.data.handoff.owner.id).toBe(org.sdrEmea[0]!.id);
    expect(routed.data.handoff.score.total).toBe(handoff.score.total);
  });

  it('gives a rep their own queue only, and lets the SDR pass the lead to an AE who accepts it', async () => {
    const sdr = org.sdrEmea[0]!;
    const sdrKey = await api.repKey(sdr.id);
    const queue = (await api.call('GET', '/v1/queue?owner=me', { key: sdrKey })).body.items;
    expect(queue.map((i: { name: string }) => i.name)).toContain('Ada Byron');
    const personId = queue.find((i: { name: string }) => i.name === 'Ada Byron').personId;
    expect((await api.call('GET', `/v1/queue?owner=${org.mid[0]!.id}`, { key: sdrKey })).status).toBe(422);
    const otherKey = await api.repKey(org.mid[0]!.id);
    expect((await api.call('GET', `/v1/people/${personId}/handoff`, { key: otherKey })).status).toBe(404);

    const refused = await api.call('POST', `/v1/people/${personId}/disposition`, {
      key: sdrKey,
      body: { outcome: 'disqualified' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('/reasonCode');

    const early = await api.call('POST', `/v1/people/${personId}/disposition`, {
      key: sdrKey,
      body: { outcome: 'recycled', requeue: 'no_response' },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('cadence_incomplete');

    const passed = await api.call('POST', `/v1/people/${personId}/disposition`, {
      key: sdrKey,
      body: { outcome: 'accepted', notes: 'Evaluating two vendors; decision in Q3' },
    });
    expect(passed.status).toBe(201);
    expect(passed.body.disposition.outcome).toBe('passed');
    const ae = passed.body.routing.ownerUserId;
    expect(org.mid.map((u) => u.id)).toContain(ae);
    const aeKey = await api.repKey(ae);
    expect((await api.call('GET', `/v1/people/${personId}/handoff`, { key: aeKey })).body.passNotes).toBe(
      'Evaluating two vendors; decision in Q3',
    );
    const accepted = await api.call('POST', `/v1/people/${personId}/disposition`, {
      key: aeKey,
      body: { outcome: 'accepted' },
    });
    expect(accepted.body.disposition).toMatchObject({ fromStage: 'tql', toStage: 'sql' });
    const cadence = (await api.call('GET', `/v1/people/${personId}/cadence`, { key: aeKey })).body;
    expect(cadence).toMatchObject({ touches: 0, required: 6, overDays: 14, satisfied: false });
  });

  it('tests rules without side effects and lets a manager reassign; a rep may not', async () => {
    const test = await api.call('POST', '/v1/routing/test', {
      key: api.keys.sales_manager,
      body: { person: { employees: 40, country: 'US' } },
    });
    expect(test.status).toBe(200);
    expect(test.body.outcome).toMatchObject({
      outcome: 'assigned',
      rule: 'SMB (< 50 employees)',
      step: 'qualification',
    });
    const bad = await api.call('POST', '/v1/routing/test', { body: { person: { employees: -1 } } });
    expect(bad.status).toBe(400);
    const person = (await api.call('GET', '/v1/people?email=ada@contoso-labs.com')).body.items[0];
    const repKey = await api.repKey(org.mid[1]!.id);
    expect(
      (await api.call('POST', `/v1/people/${person.id}/reassign`, { key: repKey, body: { reason: 'mine' } }))
        .status,
    ).toBe(403);
    const moved = await api.call('POST', `/v1/people/${person.id}/reassign`, {
      key: api.keys.sales_manager,
      body: { ownerUserId: org.mid[1]!.id, reason: 'covering a vacation' },
    });
    expect(moved.body).toMatchObject({
      outcome: 'assigned',
      ownerUserId: org.mid[1]!.id,
      reason: 'covering a vacation',
    });
    expect((await api.call('GET', '/v1/routing/unassigned')).body.items).toEqual([]);
  });
});
