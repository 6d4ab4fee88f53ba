import { describe, expect, inject, it } from 'vitest';
import { CLI_PRINCIPAL } from '../../src/access/index.js';
import { HOUR } from '../../src/core/index.js';
import { dispositionLead } from '../../src/feedback/index.js';
import { useApi } from '../support/api.js';
import { newLead, newOpportunity, newUser, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

forEachStore('win/loss and competitors API', (fx) => {
  const api = useApi(fx);

  it('records feedback after a stage-only close, stops the clock, and names missing fields (422)', async () => {
    fx.clock.set('2026-03-02T09:00:00Z');
    const owner = await newUser(fx.ctx);
    const opp = await newOpportunity(fx.ctx, {
      ownerUserId: owner.id,
      amount: { cents: 4_000_000, currency: 'USD' },
    });
    const open = await api.call('GET', `/v1/opportunities/${opp.id}/win-loss`);
    expect(open.status).toBe(409);
    const closed = await api.call('POST', `/v1/opportunities/${opp.id}/close`, {
      body: { outcome: 'lost', reason: 'Chose competitor' },
    });
    expect(closed.status).toBe(200);
    const pending = await api.call('GET', `/v1/opportunities/${opp.id}/win-loss`);
    expect(pending.body).toMatchObject({
      status: 'pending',
      missing: ['/competitor'],
      clock: { status: 'running', accountableUserId: owner.id },
    });
    const clocks = await api.call('GET', '/v1/sla/clocks?policy=win_loss_feedback');
    expect(clocks.body.items.map((c: { opportunityId: string }) => c.opportunityId)).toEqual([opp.id]);

    const bad = await api.call('POST', `/v1/opportunities/${opp.id}/win-loss`, {
      body: { reasonCode: 'competitor', notes: 'n' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['/competitor']);
    const schema = await api.call('POST', `/v1/opportunities/${opp.id}/win-loss`, {
      body: { colour: 'red' },
    });
    expect(schema.status).toBe(400);

    const rep = await api.repKey(owner.id);
    const done = await api.call('POST', `/v1/opportunities/${opp.id}/win-loss`, {
      key: rep,
      body: {
        competitor: 'Acme ',
        reasonText: 'bundled with their CRM',
        notes: 'They demoed a routing module',
      },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      complete: true,
      status: 'on_time',
      competitor: 'Acme',
      clock: { status: 'met' },
    });
  });

  it('lists the period with the missing feedback flagged, filtered by outcome and owner', async () => {
    fx.clock.advance(HOUR);
    const owner = await newUser(fx.ctx);
    const won = await newOpportunity(fx.ctx, {
      ownerUserId: owner.id,
      amount: { cents: 1_000_000, currency: 'USD' },
    });
    await api.call('POST', `/v1/opportunities/${won.id}/close`, {
      body: { outcome: 'won', competitor: 'acme' },
    });
    const list = await api.call('GET', '/v1/win-loss?from=2026-03-01&to=2026-03-31', {
      key: api.keys.sales_manager,
    });
    expect(list.status).toBe(200);
    expect(list.body.summary).toMatchObject({ total: 2, missing: 1, pending: 1, on_time: 1 });
    const flagged = list.body.items.find((i: { opportunityId: string }) => i.opportunityId === won.id);
    expect(flagged).toMatchObject({ complete: false, missing: ['/reasonCode', '/winningFactor'] });
    const lost = await api.call('GET', '/v1/win-loss?outcome=lost');
    expect(lost.body.items).toHaveLength(1);
    const mine = await api.call('GET', `/v1/win-loss?owner=${owner.id}`);
    expect(mine.body.items.map((i: { opportunityId: string }) => i.opportunityId)).toEqual([won.id]);
    const bad = await api.call('GET', '/v1/win-loss?from=March');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/from');
    await api.call('POST', `/v1/opportunities/${won.id}/win-loss`, {
      body: { reasonCode: 'Product fit', winningFactor: 'Routing speed', competitor: ' ACME' },
    });
  });

  it('gathers deals, DQ-05 leads, notes and the battlecard per competitor, one name whatever the spelling', async () => {
    const card = await api.call('POST', '/v1/messaging', {
      body: { kind: 'battlecard', title: 'Against Acme', competitor: 'acme', body: { strengths: ['cheap'] } },
    });
    expect(card.status).toBe(201);
    const lead = await newLead(fx.ctx);
    await dispositionLead(
      fx.ctx,
      lead.id,
      { outcome: 'disqualified', reasonCode: 'DQ-05', notes: 'Signed with ACME last week' },
      CLI_PRINCIPAL,
    );
    const list = await api.call('GET', '/v1/competitors?from=2026-03-01&to=2026-03-31', {
      key: api.keys.marketing,
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      key: 'acme',
      name: 'ACME',
      lost: 1,
      lostValue: [{ cents: 4_000_000, currency: 'USD' }],
      won: 1,
      winRate: 0.5,
      dq05: 1,
      battlecard: { id: card.body.id, version: 1, link: `/v1/messaging/${card.body.id}` },
    });
    const detail = await api.call('GET', '/v1/competitors/%20Acme%20');
    expect(detail.status).toBe(200);
    expect(detail.body.lostDeals[0]).toMatchObject({
      reasonLabel: 'Chose competitor',
      reasonText: 'bundled with their CRM',
    });
    expect(detail.body.wonDeals[0]).toMatchObject({ winningFactor: 'Routing speed' });
    expect(detail.body.dq05Leads).toEqual([
      expect.objectContaining({ personId: lead.id, notes: 'Signed with ACME last week' }),
    ]);
    expect(detail.body.notes.map((n: { notes: string }) => n.notes)).toEqual([
      'They demoed a routing module',
    ]);
    expect(detail.body.lossReasons).toEqual([{ reason: 'bundled with their CRM', count: 1 }]);
    expect((await api.call('GET', '/v1/competitors/Initech')).status).toBe(404);
    expect((await api.call('GET', '/v1/competitors?from=2026-04-01')).body.items).toHaveLength(0);
  });
});

describe('servio win-loss and competitors', () => {
  for (const kind of inject('stores')) {
    describe(`[${kind}]`, () => {
      const cli = useCli(kind);

      it('records, shows and lists win/loss feedback and the competitors it names', async () => {
        const created = JSON.parse(
          (
            await cli.run(
              '--json',
              'opportunities',
              'create',
              '--name',
              'Globex rollout',
              '--amount',
              '30000',
            )
          ).stdout,
        );
        const close = await cli.run(
          'opportunities',
          'close',
          created.id,
          '--outcome',
          'lost',
          '--reason',
          'DQ-05',
        );
        expect(close.code).toBe(0);
        const show = await cli.run('win-loss', 'show', created.id);
        expect(show.code).toBe(0);
        expect(show.stdout).toContain('missing /competitor');
        const bad = await cli.run('win-loss', 'record', created.id, '--reason', 'competitor');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('/competitor');
        const rec = await cli.run(
          '--json',
          'win-loss',
          'record',
          created.id,
          '--competitor',
          'Initech  Corp',
        );
        expect(rec.code).toBe(0);
        expect(JSON.parse(rec.stdout)).toMatchObject({ complete: true, competitor: 'Initech Corp' });
        const list = await cli.run('win-loss', 'list');
        expect(list.stdout).toMatch(/Globex rollout\s+lost/);
        expect(list.stdout).toContain('1 closed: 1 on time');
        const competitors = await cli.run('competitors', 'list');
        expect(competitors.stdout).toMatch(/Initech Corp\s+1\s+\$30,000\.00\s+0\s+0%/);
        const detail = JSON.parse((await cli.run('--json', 'competitors', 'show', 'initech corp')).stdout);
        expect(detail).toMatchObject({ lost: 1, lostDeals: [{ name: 'Globex rollout' }] });
        const missing = await cli.run('competitors', 'show', 'Nobody');
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain('Nobody');
      });
    });
  }
});
