import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newSalesActivity, newUser, rawAccount, rawPerson, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

forEachStore('API sales activities', (fx) => {
  const api = useApi(fx);

  it('logs a call for the calling rep with the person’s account, and reads it back', async () => {
    const account = await rawAccount(fx.ctx);
    const person = await rawPerson(fx.ctx, { accountId: account.id });
    const me = await newUser(fx.ctx, { role: 'sdr' });
    const key = await api.repKey(me.id);
    const res = await api.call('POST', '/v1/activities', {
      body: {
        type: 'call',
        outcome: 'meeting_booked',
        personId: person.id,
        durationSeconds: 310,
        subject: 'Discovery call',
      },
      key,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      userId: me.id,
      accountId: account.id,
      direction: 'outbound',
      occurredAt: fx.clock.now().toISOString(),
    });
    expect((await api.call('GET', `/v1/activities/${res.body.id}`, { key })).body).toEqual(res.body);
  });

  it('answers 200 with the first activity when an external id is posted again', async () => {
    const person = await rawPerson(fx.ctx);
    const body = {
      type: 'email',
      outcome: 'replied',
      direction: 'inbound',
      personId: person.id,
      externalId: 'outreach-123',
    };
    const first = await api.call('POST', '/v1/activities', { body });
    expect(first.status).toBe(201);
    const again = await api.call('POST', '/v1/activities', { body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const listed = await api.call('GET', `/v1/activities?personId=${person.id}`);
    expect(listed.body.items).toHaveLength(1);
  });

  it('checks the outcome against the type and names unknown references (422)', async () => {
    const person = await rawPerson(fx.ctx);
    const wrong = await api.call('POST', '/v1/activities', {
      body: { type: 'meeting', outcome: 'voicemail', personId: person.id },
    });
    expect(wrong.status).toBe(422);
    expect(paths(wrong.body)).toEqual(['/outcome']);
    const unknown = await api.call('POST', '/v1/activities', {
      body: { type: 'call', personId: 'per_ghost', userId: 'usr_ghost' },
    });
    expect(unknown.status).toBe(422);
    expect(paths(unknown.body)).toEqual(['/personId', '/userId']);
    const nobody = await api.call('POST', '/v1/activities', { body: { type: 'call' } });
    expect(nobody.status).toBe(422);
    expect(paths(nobody.body)).toEqual(['/personId']);
    const shape = await api.call('POST', '/v1/activities', {
      body: { type: 'telegram', personId: person.id, mood: 'good' },
    });
    expect(shape.status).toBe(400);
    expect(paths(shape.body)).toEqual(expect.arrayContaining(['/body/type', '/body/mood']));
  });

  it('shows a rep only their own activities (others 404) and refuses logging for another rep (403)', async () => {
    const person = await rawPerson(fx.ctx);
    const me = await newUser(fx.ctx);
    const them = await newUser(fx.ctx);
    const key = await api.repKey(me.id);
    const mine = await newSalesActivity(fx.ctx, { personId: person.id, userId: me.id });
    const theirs = await newSalesActivity(fx.ctx, { personId: person.id, userId: them.id });
    const list = await api.call('GET', `/v1/activities?personId=${person.id}`, { key });
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([mine.id]);
    expect((await api.call('GET', `/v1/activities/${theirs.id}`, { key })).status).toBe(404);
    const forThem = await api.call('POST', '/v1/activities', {
      body: { type: 'call', personId: person.id, userId: them.id },
      key,
    });
    expect(forThem.status).toBe(403);
    const manager = await api.call('GET', `/v1/activities?personId=${person.id}`, {
      key: api.keys.sales_manager,
    });
    expect(manager.body.items).toHaveLength(2);
  });

  it('filters by user, type and occurred range, paging through every row once', async () => {
    const person = await rawPerson(fx.ctx);
    const me = await newUser(fx.ctx);
    const expected: string[] = [];
    for (let i = 0; i < 5; i++) {
      expected.push(
        (
          await newSalesActivity(fx.ctx, {
            type: 'call',
            outcome: 'no_answer',
            personId: person.id,
            userId: me.id,
            occurredAt: `2025-12-0${i + 1}T12:00:00Z`,
          })
        ).id,
      );
      fx.clock.advance(1000);
    }
    await newSalesActivity(fx.ctx, {
      type: 'email',
      outcome: 'sent',
      personId: person.id,
      userId: me.id,
      occurredAt: '2025-12-02T12:00:00Z',
    });
    await newSalesActivity(fx.ctx, {
      type: 'call',
      personId: person.id,
      userId: me.id,
      occurredAt: '2025-11-30T12:00:00Z',
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await api.call(
          'GET',
          `/v1/activities?userId=${me.id}&type=call&occurredFrom=2025-12-01T00:00:00Z&occurredTo=2025-12-06T00:00:00Z&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('refuses writes to marketing (403) and calls without a key (401)', async () => {
    const person = await rawPerson(fx.ctx);
    const res = await api.call('POST', '/v1/activities', {
      body: { type: 'call', personId: person.id },
      key: api.keys.marketing,
    });
    expect(res.status).toBe(403);
    expect(res.body.permission).toBe('sales:write');
    expect((await api.call('GET', '/v1/activities', { key: null })).status).toBe(401);
    expect((await api.call('GET', '/v1/activities/act_nope')).status).toBe(404);
  });
});

forEachStore('CLI sales activities', (fx) => {
  const cli = useCli(fx.kind);

  it('logs once per external id and lists through `servio activities`', async () => {
    const opp = JSON.parse(
      (await cli.run('--json', 'opportunities', 'create', '--name', 'Hooli pilot')).stdout,
    );
    const args = [
      'activities',
      'log',
      '--type',
      'meeting',
      '--outcome',
      'held',
      '--opportunity',
      opp.id,
      '--duration',
      '1800',
      '--external-id',
      'cal-1',
    ];
    const logged = await cli.run('--json', ...args);
    expect(logged.code).toBe(0);
    const activity = JSON.parse(logged.stdout);
    expect(activity).toMatchObject({
      type: 'meeting',
      outcome: 'held',
      opportunityId: opp.id,
      durationSeconds: 1800,
    });
    const again = await cli.run(...args);
    expect(again.stdout).toContain(`Already logged as ${activity.id}`);

    const listed = await cli.run('--json', 'activities', 'list', '--opportunity', opp.id);
    expect(JSON.parse(listed.stdout).items.map((a: { id: string }) => a.id)).toEqual([activity.id]);

    const bad = await cli.run(
      'activities',
      'log',
      '--type',
      'call',
      '--outcome',
      'held',
      '--opportunity',
      opp.id,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/outcome');
  });
});
