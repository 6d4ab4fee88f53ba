import { expect, it } from 'vitest';
import { runOnce } from '../../src/jobs/index.js';
import { rescoreJob } from '../../src/scoring/index.js';
import { useApi } from '../support/api.js';
import { forEachStore } from '../support/stores.js';

forEachStore('a new scoring version takes effect', (fx) => {
  const api = useApi(fx);

  it('re-scores everyone in the background, moves newly qualifying leads to MQL under the new version, and replays it first', async () => {
    const events = Array.from({ length: 30 }, (_, i) => ({
      eventId: `r${i}`,
      type: 'pricing_page_view',
      email: `lead${i}@globex-software.com`,
      person: { employees: 120, industry: 'Software' },
    }));
    expect(
      (await api.call('POST', '/v1/events', { key: api.keys.marketing, body: { events } })).body.stored,
    ).toBe(30);
    // size 15 + industry 10 + pricing 15 = 40: below the seed's threshold of 50.
    const lead = (await api.call('GET', '/v1/people?email=lead0@globex-software.com')).body.items[0];
    expect(lead.stage).toBe('lead');

    const current = (await api.call('GET', '/v1/agreement')).body;
    const document = { ...current.document, scoring: { ...current.document.scoring, threshold: 40 } };
    const proposed = await api.call('POST', '/v1/agreement/versions', {
      key: api.keys.marketing,
      body: { document, summary: 'Lower the bar' },
    });
    expect(proposed.status).toBe(201);

    // Before approving, both sides can see what it would change.
    const since = new Date(fx.clock.now().getTime() - 86_400_000).toISOString();
    const until = new Date(fx.clock.now().getTime() + 60_000).toISOString();
    const replay = await api.call('POST', '/v1/scoring/replay', {
      body: { version: proposed.body.version, from: since, to: until },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.current.totalMqls).toBe(0);
    expect(replay.body.proposed.totalMqls).toBe(30);

    await api.call('POST', `/v1/agreement/versions/${proposed.body.version}/approve`, {
      key: api.keys.marketing,
    });
    await api.call('POST', `/v1/agreement/versions/${proposed.body.version}/approve`, {
      key: api.keys.sales_manager,
    });
    expect((await api.call('GET', '/v1/agreement')).body.version).toBe(proposed.body.version);
    const before = (await api.call('GET', '/v1/scoring/rescoring')).body;
    expect(before).toMatchObject({ version: proposed.body.version, scored: 0 });
    expect(before.remaining).toBeGreaterThanOrEqual(30);

    // Ingestion keeps flowing while the job works through its slices.
    const [more] = await Promise.all([
      runOnce(fx.ctx, rescoreJob),
      api.call('POST', '/v1/events', {
        key: api.keys.marketing,
        body: { events: [{ eventId: 'during', type: 'page_view', visitorId: 'v-during' }] },
      }),
    ]);
    expect(more).toBe(true);
    while (await runOnce(fx.ctx, rescoreJob)) {}
    expect((await api.call('GET', '/v1/scoring/rescoring')).body.remaining).toBe(0);

    const detail = (await api.call('GET', `/v1/people/${lead.id}`)).body;
    expect(detail.person.stage).toBe('mql');
    expect(detail.history.at(-1)).toMatchObject({ to: 'mql', agreementVersion: proposed.body.version });
    const score = (await api.call('GET', `/v1/people/${lead.id}/score`)).body;
    expect(score).toMatchObject({ total: 40, threshold: 40, modelVersion: proposed.body.version });
    expect(score.history[0].cause).toBe(`rescore v${proposed.body.version}`);
  });

  it('calibrates from closed outcomes', async () => {
    const report = await api.call('GET', '/v1/scoring/calibration');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ target: 0.6 });
  });
});

forEachStore('a person edited through the API', (fx) => {
  const api = useApi(fx);

  it('is re-scored in the background: a new title counts, and a qualifying change makes them an MQL', async () => {
    await api.call('POST', '/v1/events', {
      key: api.keys.marketing,
      body: {
        events: [
          {
            eventId: 'e1',
            type: 'pricing_page_view',
            email: 'kim@initech-software.com',
            person: { title: 'Analyst', employees: 120, industry: 'Software' },
          },
        ],
      },
    });
    const person = (await api.call('GET', '/v1/people?email=kim@initech-software.com')).body.items[0];
    // size 15 + industry 10 + pricing 15 = 40: a lead.
    expect((await api.call('GET', `/v1/people/${person.id}`)).body.person.stage).toBe('lead');
    fx.clock.advance(60_000);
    const edited = await api.call('PATCH', `/v1/people/${person.id}`, { body: { title: 'VP Marketing' } });
    expect(edited.status).toBe(200);
    expect(await runOnce(fx.ctx, rescoreJob)).toBe(true);
    const score = (await api.call('GET', `/v1/people/${person.id}/score`)).body;
    expect(score.history[0]).toMatchObject({ total: 60, fit: 45 });
    expect((await api.call('GET', `/v1/people/${person.id}`)).body.person.stage).toBe('mql');
    // Nothing changed since: the next slice has nothing to do.
    expect(await runOnce(fx.ctx, rescoreJob)).toBe(false);
  });
});
