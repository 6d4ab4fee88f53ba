import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newOpportunity, newUser, rawAccount, rawPerson, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

forEachStore('API opportunities', (fx) => {
  const api = useApi(fx);

  it('creates a deal with its amount in cents, defaulting the account to the contact’s, and reads it back', async () => {
    const account = await rawAccount(fx.ctx);
    const person = await rawPerson(fx.ctx, { accountId: account.id });
    const owner = await newUser(fx.ctx);
    const created = await api.call('POST', '/v1/opportunities', {
      body: {
        name: 'Globex expansion',
        personId: person.id,
        ownerUserId: owner.id,
        amount: { cents: 6_000_000, currency: 'GBP' },
        closeDate: '2026-03-31',
        source: 'marketing',
      },
      key: api.keys.sales_manager,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      stage: 'discovery',
      accountId: account.id,
      outcome: null,
      amount: { cents: 6_000_000, currency: 'GBP' },
    });
    expect((await api.call('GET', `/v1/opportunities/${created.body.id}`)).body).toEqual(created.body);
  });

  it('moves a deal between open stages, and sends closing to /close', async () => {
    const opp = await newOpportunity(fx.ctx);
    const moved = await api.call('PATCH', `/v1/opportunities/${opp.id}`, {
      body: { stage: 'negotiation', nextStep: 'legal review' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stage: 'negotiation', nextStep: 'legal review' });
    const closing = await api.call('PATCH', `/v1/opportunities/${opp.id}`, { body: { stage: 'closed_won' } });
    expect(closing.status).toBe(400);
    expect(paths(closing.body)).toContain('/body/stage');
  });

  it('closes a deal as lost only with a reason (422 /reason), then refuses a second close (409)', async () => {
    const opp = await newOpportunity(fx.ctx);
    const noReason = await api.call('POST', `/v1/opportunities/${opp.id}/close`, {
      body: { outcome: 'lost' },
    });
    expect(noReason.status).toBe(422);
    expect(paths(noReason.body)).toEqual(['/reason']);

    const lost = await api.call('POST', `/v1/opportunities/${opp.id}/close`, {
      body: {
        outcome: 'lost',
        reason: 'went with incumbent',
        competitor: 'Initech',
        closedAt: '2026-01-04T16:00:00Z',
      },
    });
    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({
      stage: 'closed_lost',
      outcome: 'lost',
      closeReason: 'went with incumbent',
      competitor: 'Initech',
      closedAt: '2026-01-04T16:00:00.000Z',
    });

    const again = await api.call('POST', `/v1/opportunities/${opp.id}/close`, { body: { outcome: 'won' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_closed');
  });

  it('closes a deal as won with its winning factor', async () => {
    const opp = await newOpportunity(fx.ctx);
    const won = await api.call('POST', `/v1/opportunities/${opp.id}/close`, {
      body: { outcome: 'won', winningFactor: 'time to value' },
    });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({
      stage: 'closed_won',
      outcome: 'won',
      winningFactor: 'time to value',
      closedAt: fx.clock.now().toISOString(),
    });
  });

  it('names unknown references (422) and a taken external id (409)', async () => {
    const res = await api.call('POST', '/v1/opportunities', {
      body: { name: 'x', accountId: 'acc_none', campaignId: 'cmp_none' },
    });
    expect(res.status).toBe(422);
    expect(paths(res.body)).toEqual(['/accountId', '/campaignId']);
    await newOpportunity(fx.ctx, { externalId: 'sf-006-1' });
    const dup = await api.call('POST', '/v1/opportunities', { body: { name: 'x', externalId: 'sf-006-1' } });
    expect(dup.status).toBe(409);
    expect(paths(dup.body)).toEqual(['/externalId']);
  });

  it('shows a rep only their own deals: others are 404, and their new deals are theirs', async () => {
    const me = await newUser(fx.ctx);
    const other = await newUser(fx.ctx);
    const key = await api.repKey(me.id);
    const theirs = await newOpportunity(fx.ctx, { ownerUserId: other.id });

    const created = await api.call('POST', '/v1/opportunities', { body: { name: 'My deal' }, key });
    expect(created.status).toBe(201);
    expect(created.body.ownerUserId).toBe(me.id);

    const list = await api.call('GET', '/v1/opportunities?limit=500', { key });
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([created.body.id]);
    expect((await api.call('GET', `/v1/opportunities/${theirs.id}`, { key })).status).toBe(404);
    expect(
      (await api.call('PATCH', `/v1/opportunities/${theirs.id}`, { body: { nextStep: 'x' }, key })).status,
    ).toBe(404);
    expect(
      (await api.call('POST', `/v1/opportunities/${theirs.id}/close`, { body: { outcome: 'won' }, key }))
        .status,
    ).toBe(404);
    const giveAway = await api.call('PATCH', `/v1/opportunities/${created.body.id}`, {
      body: { ownerUserId: other.id },
      key,
    });
    expect(giveAway.status).toBe(403);
    // A manager sees both.
    const all = await api.call('GET', `/v1/opportunities?limit=500`, { key: api.keys.sales_manager });
    expect(all.body.items.map((o: { id: string }) => o.id)).toEqual(
      expect.arrayContaining([created.body.id, theirs.id]),
    );
  });

  it('filters by owner, stage, open and close-date range, paging through every row once', async () => {
    const owner = await newUser(fx.ctx);
    const expected: string[] = [];
    for (let i = 0; i < 5; i++) {
      expected.push(
        (
          await newOpportunity(fx.ctx, {
            ownerUserId: owner.id,
            stage: 'proposal',
            closeDate: `2026-05-0${i + 1}`,
          })
        ).id,
      );
      fx.clock.advance(1000);
    }
    await newOpportunity(fx.ctx, { ownerUserId: owner.id, stage: 'proposal', closeDate: '2026-06-01' });
    await newOpportunity(fx.ctx, { ownerUserId: owner.id, stage: 'discovery', closeDate: '2026-05-02' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await api.call(
          'GET',
          `/v1/opportunities?ownerUserId=${owner.id}&stage=proposal&open=true&closeDateFrom=2026-05-01&closeDateTo=2026-05-31&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((o) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect((await api.call('GET', '/v1/opportunities?cursor=garbage')).status).toBe(422);
  });

  it('refuses writes to marketing (403) and calls without a key (401)', async () => {
    const res = await api.call('POST', '/v1/opportunities', { body: { name: 'x' }, key: api.keys.marketing });
    expect(res.status).toBe(403);
    expect(res.body.permission).toBe('sales:write');
    expect((await api.call('GET', '/v1/opportunities', { key: api.keys.marketing })).status).toBe(200);
    expect((await api.call('GET', '/v1/opportunities', { key: null })).status).toBe(401);
    expect((await api.call('GET', '/v1/opportunities/opp_nope')).status).toBe(404);
  });
});

forEachStore('CLI opportunities', (fx) => {
  const cli = useCli(fx.kind);

  it('creates, updates, closes, shows and lists through `servio opportunities`', async () => {
    const created = await cli.run(
      '--json',
      'opportunities',
      'create',
      '--name',
      'Umbrella renewal',
      '--amount',
      '25,000',
      '--close-date',
      '2026-02-27',
    );
    expect(created.code).toBe(0);
    const opp = JSON.parse(created.stdout);
    expect(opp).toMatchObject({ stage: 'discovery', amount: { cents: 2_500_000, currency: 'USD' } });

    const updated = await cli.run(
      '--json',
      'opportunities',
      'update',
      opp.id,
      '--stage',
      'proposal',
      '--currency',
      'EUR',
    );
    expect(JSON.parse(updated.stdout)).toMatchObject({
      stage: 'proposal',
      amount: { cents: 2_500_000, currency: 'EUR' },
    });

    const noReason = await cli.run('opportunities', 'close', opp.id, '--outcome', 'lost');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('/reason');
    const closed = await cli.run(
      'opportunities',
      'close',
      opp.id,
      '--outcome',
      'lost',
      '--reason',
      'no budget',
    );
    expect(closed.code).toBe(0);
    expect(closed.stdout).toContain('lost');
    expect((await cli.run('opportunities', 'close', opp.id, '--outcome', 'won')).code).toBe(2);

    expect((await cli.run('opportunities', 'show', opp.id)).stdout).toContain('no budget');
    const listed = await cli.run('--json', 'opportunities', 'list', '--closed');
    expect(JSON.parse(listed.stdout).items.map((o: { id: string }) => o.id)).toEqual([opp.id]);
  });
});
