import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { forEachStore } from '../support/stores.js';

forEachStore('opportunities move people along the funnel', (fx) => {
  const api = useApi(fx);

  async function sqlPerson(email: string): Promise<string> {
    const person = (await api.call('POST', '/v1/people', { body: { email } })).body;
    await api.call('POST', `/v1/people/${person.id}/transitions`, { body: { to: 'mql' } });
    await api.call('POST', `/v1/people/${person.id}/transitions`, { body: { to: 'sql' } });
    return person.id;
  }

  it('moves an SQL to Opportunity when a deal opens and to Customer when it is won', async () => {
    const personId = await sqlPerson('buyer@soylent-foods.com');
    const opp = await api.call('POST', '/v1/opportunities', {
      body: { name: 'Soylent — Growth', personId, amount: { cents: 2_400_000, currency: 'USD' } },
    });
    expect(opp.status).toBe(201);
    expect((await api.call('GET', `/v1/people/${personId}`)).body.person.stage).toBe('opportunity');
    fx.clock.advance(86_400_000);
    const won = await api.call('POST', `/v1/opportunities/${opp.body.id}/close`, {
      body: { outcome: 'won', reason: 'Signed', winningFactor: 'Speed to lead' },
    });
    expect(won.status).toBe(200);
    const detail = (await api.call('GET', `/v1/people/${personId}`)).body;
    expect(detail.person.stage).toBe('customer');
    expect(detail.history.map((h: { to: string }) => h.to)).toEqual([
      'lead',
      'mql',
      'sql',
      'opportunity',
      'customer',
    ]);
    expect(detail.history[4].actorType).toBe('system');
  });

  it('returns the person of a lost deal to nurture with the reason', async () => {
    const personId = await sqlPerson('maybe@tyrell-labs.com');
    const opp = await api.call('POST', '/v1/opportunities', { body: { name: 'Tyrell', personId } });
    await api.call('POST', `/v1/opportunities/${opp.body.id}/close`, {
      body: { outcome: 'lost', reason: 'Chose competitor', competitor: 'HubSpot' },
    });
    const detail = (await api.call('GET', `/v1/people/${personId}`)).body;
    expect(detail.person.stage).toBe('nurture');
    expect(detail.history.at(-1).reason).toContain('Chose competitor');
  });

  it('leaves a person who is not yet an SQL where they are', async () => {
    const person = (await api.call('POST', '/v1/people', { body: { email: 'early@cyberdyne-systems.com' } }))
      .body;
    const opp = await api.call('POST', '/v1/opportunities', {
      body: { name: 'Cyberdyne', personId: person.id },
    });
    expect(opp.status).toBe(201);
    expect((await api.call('GET', `/v1/people/${person.id}`)).body.person.stage).toBe('lead');
  });
});
