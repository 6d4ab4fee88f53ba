import { describe, expect, inject, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newUser, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

forEachStore('joint planning API', (fx) => {
  const api = useApi(fx);

  it('keeps personas and sales plays, and a campaign names the play it supports', async () => {
    const created = await api.call('POST', '/v1/personas', {
      key: api.keys.marketing,
      body: {
        key: 'vp-sales',
        name: 'VP Sales',
        titles: ['VP Sales', 'CRO'],
        pains: ['forecast misses'],
        buyingRole: 'decision_maker',
        channels: ['LinkedIn'],
      },
    });
    expect(created.status).toBe(201);
    const persona = created.body;
    expect(persona).toMatchObject({ key: 'vp-sales', titles: ['VP Sales', 'CRO'], segment: null });
    expect((await api.call('POST', '/v1/personas', { body: { key: 'VP-SALES', name: 'Twin' } })).status).toBe(
      409,
    );
    const badKey = await api.call('POST', '/v1/personas', { body: { key: 'vp sales', name: 'Spaced' } });
    expect(badKey.status).toBe(422);
    expect(badKey.body.errors[0].path).toBe('/key');
    const unknownField = await api.call('POST', '/v1/personas', {
      body: { key: 'x', name: 'X', mood: 'happy' },
    });
    expect(unknownField.status).toBe(400);
    const patched = await api.call('PATCH', `/v1/personas/${persona.id}`, {
      body: { segment: 'enterprise' },
    });
    expect(patched.body.segment).toBe('enterprise');
    expect((await api.call('GET', '/v1/personas?segment=enterprise')).body.items).toHaveLength(1);

    const play = await api.call('POST', '/v1/plays', {
      key: api.keys.sales_manager,
      body: { name: 'Forecast confidence', personaId: persona.id, segment: 'enterprise' },
    });
    expect(play.status).toBe(201);
    const rep = await newUser(fx.ctx, { role: 'ae' });
    const repKey = await api.repKey(rep.id);
    expect((await api.call('POST', '/v1/plays', { key: repKey, body: { name: 'Rogue' } })).status).toBe(403);
    expect((await api.call('GET', '/v1/plays', { key: repKey })).body.items).toHaveLength(1);
    // The plan's progress is team-wide: a rep reads the calendar, not the plan.
    expect((await api.call('GET', '/v1/plans/2026-Q4', { key: repKey })).status).toBe(403);
    expect((await api.call('GET', '/v1/plans/2026-Q4/calendar', { key: repKey })).status).toBe(200);

    const campaign = await api.call('POST', '/v1/campaigns', {
      body: {
        name: 'CRO roundtable',
        channel: 'event',
        startsOn: '2026-10-15',
        endsOn: '2026-10-15',
        playId: play.body.id,
      },
    });
    expect(campaign.status).toBe(201);
    expect(campaign.body.playId).toBe(play.body.id);
    const badPlay = await api.call('PATCH', `/v1/campaigns/${campaign.body.id}`, {
      body: { playId: 'play_nope' },
    });
    expect(badPlay.status).toBe(422);
    expect(badPlay.body.errors).toEqual([{ path: '/playId', message: 'no sales play play_nope' }]);
    expect((await api.call('DELETE', `/v1/plays/${play.body.id}`)).status).toBe(409);
    expect((await api.call('DELETE', `/v1/personas/${persona.id}`)).status).toBe(409);

    const calendar = await api.call('GET', '/v1/plans/2026-Q4/calendar');
    expect(calendar.status).toBe(200);
    expect(calendar.body.groups).toEqual([
      {
        play: { id: play.body.id, name: 'Forecast confidence', personaId: persona.id },
        campaigns: [expect.objectContaining({ id: campaign.body.id, startsOn: '2026-10-15' })],
      },
    ]);
  });

  it("serves and edits the buying-process map of seed 004's stages", async () => {
    const map = await api.call('GET', '/v1/buying-process', { key: api.keys.sales_manager });
    expect(map.status).toBe(200);
    expect(map.body.customized).toBe(false);
    expect(map.body.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'acquisition',
      'nurture',
      'qualification',
      'hand-off',
      'acceptance',
      'selling',
      'service',
    ]);
    const stages = map.body.stages;
    stages[4].points[0].metric = 'first_touch_within_sla';
    const put = await api.call('PUT', '/v1/buying-process', { body: { stages } });
    expect(put.status).toBe(200);
    expect((await api.call('GET', '/v1/buying-process')).body).toMatchObject({
      customized: true,
      stages: expect.arrayContaining([expect.objectContaining({ stage: 'acceptance' })]),
    });
    expect((await api.call('GET', '/v1/buying-process')).body.stages[4].points[0].metric).toBe(
      'first_touch_within_sla',
    );
    const reordered = await api.call('PUT', '/v1/buying-process', {
      body: { stages: [stages[1], stages[0]] },
    });
    expect(reordered.status).toBe(422);
    expect(reordered.body.errors[0].path).toBe('/stages');
  });

  it("serves a quarter's plan from the agreement and saves the teams' goals", async () => {
    const fresh = await api.call('GET', '/v1/plans/2026-Q4');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ saved: false, quarter: { label: '2026-Q4' }, agreementVersion: 1 });
    expect(fresh.body.targets.find((t: { metric: string }) => t.metric === 'mqls')).toMatchObject({
      target: 534,
      actual: 0,
      status: 'not_started',
    });
    const put = await api.call('PUT', '/v1/plans/2026-Q4', {
      key: api.keys.marketing,
      body: { goals: [{ team: 'marketing', metric: 'mqls', target: 600 }], notes: 'Webinar series' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      saved: true,
      notes: 'Webinar series',
      goals: [{ team: 'marketing', target: 600 }],
    });
    const bad = await api.call('PUT', '/v1/plans/2026-Q4', {
      body: {
        goals: [
          { team: 'marketing', metric: 'mqls', target: 1 },
          { team: 'marketing', metric: 'mqls', target: 2 },
        ],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/goals/1');
    const badQuarter = await api.call('GET', '/v1/plans/2026-10');
    expect(badQuarter.status).toBe(422);
    expect(badQuarter.body.errors[0].path).toBe('/quarter');
  });

  it('documents the planning routes in the OpenAPI document', async () => {
    const doc = (await api.call('GET', '/openapi.json', { key: null })).body;
    for (const path of [
      '/v1/personas',
      '/v1/personas/{id}',
      '/v1/buying-process',
      '/v1/plays/{id}',
      '/v1/plans/{quarter}',
      '/v1/plans/{quarter}/calendar',
      '/v1/maturity',
      '/v1/maturity/{quarter}',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/v1/plans/{quarter}'].put.summary).toContain('goals per team');
  });

  it('records maturity per quarter, with the gaps to the next level and the history', async () => {
    const rating = (level: number) => ({ level });
    const body = (p: number, st: number, sy: number, m: number) => ({
      dimensions: { process: rating(p), staffing: rating(st), systems: rating(sy), metrics: rating(m) },
    });
    expect((await api.call('GET', '/v1/maturity/2026-Q3')).status).toBe(404);
    expect((await api.call('PUT', '/v1/maturity/2026-Q3', { body: body(1, 1, 1, 1) })).status).toBe(200);
    const q4 = await api.call('PUT', '/v1/maturity/2026-Q4', {
      key: api.keys.sales_manager,
      body: body(3, 2, 2, 3),
    });
    expect(q4.status).toBe(200);
    expect(q4.body).toMatchObject({
      overallLevel: 2,
      nextLevel: 3,
      previous: { quarter: '2026-Q3', overallLevel: 1 },
    });
    expect(q4.body.gaps.map((g: { dimension: string }) => g.dimension)).toEqual(['staffing', 'systems']);
    expect(q4.body.gaps[1].cell).toEqual([
      'alignment projects may include acquisition of new systems',
      'project scope may include Web site, call center, and other systems',
    ]);
    const history = await api.call('GET', '/v1/maturity');
    expect(history.body.items.map((a: { quarter: string }) => a.quarter)).toEqual(['2026-Q3', '2026-Q4']);
    const model = await api.call('GET', '/v1/maturity/model');
    expect(model.body.levels.map((l: { name: string }) => l.name)[1]).toBe('Departmental Alignment');
    expect((await api.call('PUT', '/v1/maturity/2026-Q4', { body: body(5, 1, 1, 1) })).status).toBe(400);
  });
});

describe('servio personas, plays, plan and maturity', () => {
  for (const kind of inject('stores')) {
    describe(`[${kind}]`, () => {
      const cli = useCli(kind);

      // The first run of a describe migrates its fresh database: more time than the default.
      it('keeps personas and plays, and a campaign names its play', { timeout: 120_000 }, async () => {
        const persona = await cli.run(
          'personas',
          'create',
          '--key',
          'ops-lead',
          '--name',
          'Marketing Ops lead',
          '--pain',
          'manual lead routing',
          '--pain',
          'bad data',
          '--json',
        );
        expect(persona.code).toBe(0);
        const personaId = JSON.parse(persona.stdout).id;
        expect(JSON.parse(persona.stdout).pains).toEqual(['manual lead routing', 'bad data']);
        const play = JSON.parse(
          (await cli.run('plays', 'create', '--name', 'Routing rescue', '--persona', personaId, '--json'))
            .stdout,
        );
        const campaign = await cli.run(
          'campaigns',
          'create',
          '--name',
          'Routing webinar',
          '--channel',
          'webinar',
          '--starts-on',
          '2026-11-03',
          '--ends-on',
          '2026-11-03',
          '--play',
          play.id,
          '--json',
        );
        expect(JSON.parse(campaign.stdout).playId).toBe(play.id);
        const noPlay = await cli.run(
          'campaigns',
          'create',
          '--name',
          'x',
          '--channel',
          'email',
          '--play',
          'play_nope',
        );
        expect(noPlay.code).toBe(2);
        expect(noPlay.stderr).toContain('/playId');
      });

      it('saves and shows the joint plan of a quarter, and prints the buying-process map', async () => {
        const set = await cli.run(
          'plan',
          'set',
          '--quarter',
          '2026-Q4',
          '--goal',
          'marketing:mqls:600',
          '--goal',
          'sales:revenue:120000000',
          '--notes',
          'Routing first',
        );
        expect(set.code).toBe(0);
        const show = await cli.run('plan', 'show', '--quarter', '2026-Q4');
        expect(show.stdout).toMatch(/marketing\s+mqls\s+600/);
        expect(show.stdout).toMatch(/sales\s+revenue\s+\$1,200,000\.00/);
        expect(show.stdout).toContain('Routing rescue');
        expect(show.stdout).toContain('2026-11-03 to 2026-11-03  Routing webinar (webinar, planned)');
        const json = JSON.parse((await cli.run('--json', 'plan', 'show', '--quarter', '2026-Q4')).stdout);
        expect(json).toMatchObject({ saved: true, notes: 'Routing first' });
        const badGoal = await cli.run('plan', 'set', '--quarter', '2026-Q4', '--goal', 'marketing-mqls');
        expect(badGoal.code).toBe(2);

        const map = await cli.run('plan', 'buying-process');
        expect(map.stdout).toMatch(
          /hand-off\s+agree on process to transfer new leads to sales\s+both\s+speed_to_lead/,
        );
      });

      it('records maturity assessments and prints the gaps and the history', async () => {
        const assess = await cli.run(
          'maturity',
          'assess',
          '--quarter',
          '2026-Q4',
          '--process',
          '2',
          '--staffing',
          '2',
          '--systems',
          '1',
          '--metrics',
          '2',
          '--systems-note',
          'CRM only',
        );
        expect(assess.code).toBe(0);
        expect(assess.stdout).toContain('Maturity 2026-Q4: level 1 (Ad Hoc Projects)');
        expect(assess.stdout).toContain(
          '- technical resources are available for changes to support alignment',
        );
        const history = await cli.run('maturity', 'show');
        expect(history.stdout).toMatch(/2026-Q4\s+1\s+2\s+2\s+1\s+2/);
        const bad = await cli.run(
          'maturity',
          'assess',
          '--quarter',
          '2026-Q4',
          '--process',
          '5',
          '--staffing',
          '1',
          '--systems',
          '1',
          '--metrics',
          '1',
        );
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('--process must be a whole number from 1 to 4');
      });
    });
  }
});
