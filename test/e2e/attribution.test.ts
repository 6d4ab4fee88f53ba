import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ctx } from '../../src/app.js';
import { useApi } from '../support/api.js';
import { newCampaign, newUser, rawAccount, rawPerson, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

async function touch(
  ctx: Ctx,
  personId: string,
  at: string,
  channel: string,
  campaignId: string | null = null,
) {
  await ctx.db
    .insertInto('touchpoints')
    .values({
      event_id: `evt-${personId}-${at}`,
      type: 'page_view',
      occurred_at: new Date(at),
      received_at: new Date(at),
      person_id: personId,
      channel,
      campaign_id: campaignId,
    })
    .execute();
}

async function stage(ctx: Ctx, personId: string, to: string, at: string) {
  await ctx.db
    .insertInto('stage_history')
    .values({ person_id: personId, from_stage: null, to_stage: to, at: new Date(at), actor_type: 'system' })
    .execute();
}

async function opportunity(ctx: Ctx, personId: string, accountId: string, cents: number, at: string) {
  await ctx.db
    .insertInto('opportunities')
    .values({
      id: `opp-${personId}`,
      name: `Deal ${personId}`,
      person_id: personId,
      account_id: accountId,
      stage: 'discovery',
      amount_cents: cents,
      currency: 'USD',
      created_at: new Date(at),
      updated_at: new Date(at),
    })
    .execute();
}

const credits = (body: any, model: string) =>
  Object.fromEntries(
    body.models
      .find((m: any) => m.model === model)
      .credits.map((c: any) => [
        c.key,
        [Math.round(c.conversions * 1e4) / 1e4, Math.round(c.value * 100) / 100],
      ]),
  );

const RANGE = 'from=2026-03-01&to=2026-04-01&conversion=opportunity';

forEachStore('attribution API', (fx) => {
  const api = useApi(fx);
  let webinar: string;

  beforeAll(async () => {
    const ctx = fx.ctx;
    webinar = (await newCampaign(ctx, { channel: 'webinar' })).id;
    const account = await rawAccount(ctx);
    // P1: email, webinar (campaign), organic, paid search; lead after the webinar,
    // opportunity of $10,000 on 03-12.
    const p1 = await rawPerson(ctx, { accountId: account.id });
    await touch(ctx, p1.id, '2026-03-01T10:00:00Z', 'email');
    await touch(ctx, p1.id, '2026-03-05T10:00:00Z', 'webinar', webinar);
    await touch(ctx, p1.id, '2026-03-07T10:00:00Z', 'organic_search');
    await touch(ctx, p1.id, '2026-03-10T10:00:00Z', 'paid_search');
    await stage(ctx, p1.id, 'lead', '2026-03-05T12:00:00Z');
    await stage(ctx, p1.id, 'opportunity', '2026-03-12T10:00:00Z');
    await opportunity(ctx, p1.id, account.id, 1_000_000, '2026-03-12T10:00:00Z');
    // P2, same account: paid search then email; lead 03-03, opportunity of $5,000 on 03-06.
    const p2 = await rawPerson(ctx, { accountId: account.id });
    await touch(ctx, p2.id, '2026-03-02T10:00:00Z', 'paid_search');
    await touch(ctx, p2.id, '2026-03-04T10:00:00Z', 'email');
    await stage(ctx, p2.id, 'lead', '2026-03-03T10:00:00Z');
    await stage(ctx, p2.id, 'opportunity', '2026-03-06T10:00:00Z');
    await opportunity(ctx, p2.id, account.id, 500_000, '2026-03-06T10:00:00Z');
    // P3: one direct visit, a lead who never converts: the null journey.
    const p3 = await rawPerson(ctx);
    await touch(ctx, p3.id, '2026-03-03T10:00:00Z', 'direct');
    await stage(ctx, p3.id, 'lead', '2026-03-03T11:00:00Z');
  });

  it('credits opportunities to channels under every model, with their value', async () => {
    const res = await api.call('GET', `/v1/attribution?${RANGE}&model=all`, { key: api.keys.marketing });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ conversions: 2, value: 15_000, nulls: 1, paths: 3 });
    // Linear: P1 1/4 each ($2,500), P2 1/2 each ($2,500).
    expect(credits(res.body, 'linear')).toEqual({
      email: [0.75, 5000],
      paid_search: [0.75, 5000],
      webinar: [0.25, 2500],
      organic_search: [0.25, 2500],
      direct: [0, 0],
    });
    // W-shaped. P1: first touch email .3, lead creation webinar .3 (last touch before the
    // lead), opportunity creation paid search .3, organic .1. P2: paid search is first touch
    // and lead creation (.6), email opportunity creation (.3), nothing between: / .9.
    expect(credits(res.body, 'w_shaped')).toEqual({
      email: [0.6333, 3000 + 5000 / 3].map((x, i) => (i ? Math.round(x * 100) / 100 : x)),
      paid_search: [0.9667, 3000 + 10_000 / 3].map((x, i) => (i ? Math.round(x * 100) / 100 : x)),
      webinar: [0.3, 3000],
      organic_search: [0.1, 1000],
      direct: [0, 0],
    });
    // Direct only ever led nowhere: no removal effect, no credit.
    const markov = res.body.models.find((m: any) => m.model === 'markov');
    expect(markov.removalEffects.direct).toBe(0);
    for (const m of res.body.models) {
      expect(m.credits.reduce((s: number, c: any) => s + c.conversions, 0)).toBeCloseTo(2, 9);
      expect(m.credits.reduce((s: number, c: any) => s + c.value, 0)).toBeCloseTo(15_000, 6);
    }
  });

  it('groups by campaign, reads account journeys, and applies the lookback window', async () => {
    const byCampaign = await api.call('GET', `/v1/attribution?${RANGE}&model=linear&by=campaign`);
    expect(credits(byCampaign.body, 'linear')).toEqual({
      '(no campaign)': [1.75, 12_500],
      [webinar]: [0.25, 2500],
    });

    // The account converts once, when P2's opportunity opens (03-06, $5,000), with the
    // touches of both contacts until then: P1 email 03-01 is its first touch.
    const account = await api.call('GET', `/v1/attribution?${RANGE}&model=first_touch&level=account`);
    expect(account.body).toMatchObject({ conversions: 1, value: 5000 });
    expect(credits(account.body, 'first_touch')['email']).toEqual([1, 5000]);

    // Three days back from each opportunity: P1 keeps paid search (03-10), P2 email (03-04).
    const recent = await api.call('GET', `/v1/attribution?${RANGE}&model=first_touch&lookbackDays=3`);
    expect(credits(recent.body, 'first_touch')).toMatchObject({ paid_search: [1, 10_000], email: [1, 5000] });
  });

  it('is closed to sales reps, and names bad input', async () => {
    const rep = await api.repKey((await newUser(fx.ctx, { role: 'sdr' })).id);
    const denied = await api.call('GET', `/v1/attribution?${RANGE}`, { key: rep });
    expect(denied.status).toBe(403);
    expect((await api.call('GET', `/v1/attribution?${RANGE}`, { key: api.keys.sales_manager })).status).toBe(
      200,
    );
    expect((await api.call('GET', '/v1/attribution?model=magic')).status).toBe(400);
    const backwards = await api.call('GET', '/v1/attribution?from=2026-04-01&to=2026-03-01');
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([{ path: '/from', message: 'must be before to' }]);
    const weights = await api.call('GET', '/v1/attribution?model=custom&weights=50,50,50,0,0');
    expect(weights.status).toBe(422);
    expect(weights.body.errors[0].path).toBe('/weights');
  });
});

const PATHS =
  'path,total_conversions,total_conversion_value,total_null\nA > B,1,30,0\nA,0,0,1\nB,1,90,0\nA>B,0,0,0\n';

describe('servio attribution', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'servio-attr-'));
    file = path.join(dir, 'paths.csv');
    await writeFile(file, PATHS);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a paths file through the light entry of bin/servio.js, and exits 2 on bad input', async () => {
    const { stdout } = await run(
      'node',
      ['bin/servio.js', 'attribution', '--model', 'markov', '--order', '1', '--paths', file, '--json'],
      { cwd: ROOT },
    );
    const report = JSON.parse(stdout);
    // Hand-computed in src/attribution/markov.test.ts: A 2/3 ($40), B 4/3 ($80).
    expect(report).toMatchObject({ source: { rows: 4 }, conversions: 2, value: 120, nulls: 1, paths: 3 });
    const [b, a] = report.models[0].credits;
    expect([a.key, a.conversions, a.value]).toEqual(['A', expect.closeTo(2 / 3, 12), expect.closeTo(40, 10)]);
    expect([b.key, b.conversions, b.value]).toEqual(['B', expect.closeTo(4 / 3, 12), expect.closeTo(80, 10)]);

    const table = await run('node', ['bin/servio.js', 'attribution', '--model', 'all', '--paths', file], {
      cwd: ROOT,
    });
    expect(table.stdout).toMatch(/key\s+first_touch\s+last_touch\s+last_non_direct\s+linear/);
    expect(table.stdout).toMatch(/^A\s+1\.00\s+0\.00/m);

    const bad = await run('node', ['bin/servio.js', 'attribution', '--paths', file, '--order', '9'], {
      cwd: ROOT,
    }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--order must be a whole number from 1 to 4');
    await writeFile(path.join(dir, 'bad.csv'), 'path,total_conversions\nA,one\n');
    const broken = await run('node', ['bin/servio.js', 'attribution', '--paths', path.join(dir, 'bad.csv')], {
      cwd: ROOT,
    }).catch((e) => e);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(
      'line 2, column total_conversions: must be a number of at least 0, got "one"',
    );
  });

  for (const kind of inject('stores')) {
    describe(`[${kind}]`, () => {
      const cli = useCli(kind);

      it('reads the same file in-process, and the store with --from and --to', async () => {
        const fromFile = await cli.run('attribution', '--model', 'linear', '--paths', file, '--json');
        expect(fromFile.code).toBe(0);
        expect(JSON.parse(fromFile.stdout).models[0].credits.map((c: any) => c.key)).toEqual(['B', 'A']);

        const fromStore = await cli.run(
          '--json',
          'attribution',
          '--model',
          'shapley',
          '--from',
          '2026-03-01',
          '--to',
          '2026-04-01',
          '--conversion',
          'won',
        );
        expect(fromStore.stderr).toBe('');
        expect(JSON.parse(fromStore.stdout)).toMatchObject({
          source: { from: '2026-03-01T00:00:00.000Z', conversion: 'won', by: 'channel', level: 'person' },
          conversions: 0,
          models: [{ model: 'shapley', method: 'exact', credits: [] }],
        });

        const bad = await cli.run('attribution', '--from', '2026-04-01', '--to', '2026-03-01');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('/from: must be before to');
        const badFile = await cli.run('attribution', '--paths', path.join(dir, 'missing.csv'));
        expect(badFile.code).toBe(2);
        expect(badFile.stderr).toContain('cannot read');
      });
    });
  }
});
