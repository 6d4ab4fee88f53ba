import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { forEachStore } from '../support/stores.js';

forEachStore('people and accounts API', (fx) => {
  const api = useApi(fx);

  it('upserts a person by normalised email and creates the account from the domain', async () => {
    const first = await api.call('POST', '/v1/people', {
      body: { email: '  Ada@Acme-Robotics.com ', firstName: 'Ada', company: 'Acme Robotics' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ email: 'ada@acme-robotics.com', stage: 'lead' });
    const again = await api.call('POST', '/v1/people', {
      body: { email: 'ADA@acme-robotics.com', title: 'CTO' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, firstName: 'Ada', title: 'CTO' });
    const account = await api.call('GET', `/v1/accounts/${first.body.accountId}`);
    expect(account.body).toMatchObject({ domain: 'acme-robotics.com', name: 'Acme Robotics' });
    const colleague = await api.call('POST', '/v1/people', { body: { email: 'bob@acme-robotics.com' } });
    expect(colleague.body.accountId).toBe(first.body.accountId);
  });

  it('never creates an account for free-mail or .edu addresses', async () => {
    for (const email of ['someone@gmail.com', 'student@cs.stanford.edu', 'prof@ox.ac.uk']) {
      const res = await api.call('POST', '/v1/people', { body: { email } });
      expect(res.status).toBe(201);
      expect(res.body.accountId).toBeNull();
    }
    const listed = await api.call('GET', '/v1/accounts?domain=gmail.com');
    expect(listed.body.items).toEqual([]);
  });

  it('matches an explicit account id and refuses an unknown one with the field path', async () => {
    const account = await api.call('POST', '/v1/accounts', {
      body: {
        name: 'Globex',
        domain: 'https://www.globex.io/',
        employees: 1200,
        industry: 'Manufacturing',
        isNamedAccount: true,
      },
    });
    expect(account.status).toBe(201);
    expect(account.body.domain).toBe('globex.io');
    const person = await api.call('POST', '/v1/people', {
      body: { email: 'hank@gmail.com', accountId: account.body.id },
    });
    expect(person.body.accountId).toBe(account.body.id);
    const bad = await api.call('POST', '/v1/people', {
      body: { email: 'x@globex.io', accountId: 'acc_nope' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: '/accountId', message: 'no account acc_nope' }]);
    const dup = await api.call('POST', '/v1/accounts', { body: { name: 'Globex 2', domain: 'globex.io' } });
    expect(dup.status).toBe(409);
  });

  it('rejects a malformed email naming the field', async () => {
    const res = await api.call('POST', '/v1/people', { body: { email: 'not-an-email' } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/email');
  });

  it('pages through people with a cursor, each person exactly once', async () => {
    for (let i = 0; i < 7; i++) {
      fx.clock.advance(1000);
      await api.call('POST', '/v1/people', { body: { email: `page${i}@initech.com`, company: 'Initech' } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { email: string }[]; nextCursor: string | null } } = await api.call(
        'GET',
        `/v1/people?q=initech&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items.map((p) => p.email));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `page${i}@initech.com`));
    const bad = await api.call('GET', '/v1/people?cursor=garbage');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/cursor');
  });

  it('moves a person along the funnel and refuses a forbidden move with 409 naming both stages', async () => {
    const person = (await api.call('POST', '/v1/people', { body: { email: 'move@umbrella.com' } })).body;
    const skip = await api.call('POST', `/v1/people/${person.id}/transitions`, { body: { to: 'customer' } });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ code: 'transition_not_allowed', from: 'lead', to: 'customer' });
    expect(skip.body.detail).toContain('lead');
    expect(skip.body.detail).toContain('customer');

    fx.clock.advance(60_000);
    const mql = await api.call('POST', `/v1/people/${person.id}/transitions`, {
      body: { to: 'mql' },
      key: api.keys.marketing,
    });
    expect(mql.status).toBe(201);
    const dqWithoutCode = await api.call('POST', `/v1/people/${person.id}/transitions`, {
      body: { to: 'disqualified' },
      key: api.keys.sales_manager,
    });
    expect(dqWithoutCode.status).toBe(422);
    expect(dqWithoutCode.body.errors[0].path).toBe('/reasonCode');
    const marketingAccepts = await api.call('POST', `/v1/people/${person.id}/transitions`, {
      body: { to: 'sql' },
      key: api.keys.marketing,
    });
    expect(marketingAccepts.status).toBe(403);
    fx.clock.advance(3_600_000);
    const dq = await api.call('POST', `/v1/people/${person.id}/transitions`, {
      body: { to: 'disqualified', reasonCode: 'DQ-01' },
      key: api.keys.sales_manager,
    });
    expect(dq.status).toBe(201);

    const detail = await api.call('GET', `/v1/people/${person.id}`);
    expect(detail.body.person.stage).toBe('disqualified');
    expect(detail.body.history.map((h: { to: string }) => h.to)).toEqual(['lead', 'mql', 'disqualified']);
    expect(detail.body.history[2]).toMatchObject({ from: 'mql', reasonCode: 'DQ-01', actorType: 'api_key' });
    expect(detail.body.timeInStage[1]).toMatchObject({ stage: 'mql', durationMs: 3_600_000 });
  });

  it('lets a sales rep see and move only the people they own', async () => {
    const user = await fx.ctx.db
      .insertInto('users')
      .values({
        id: 'usr_rep_people',
        email: 'rep-people@servio.test',
        name: 'Rep',
        role: 'sdr',
        time_zone: 'Europe/Paris',
        created_at: fx.clock.now(),
        updated_at: fx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const repKey = await api.repKey(user.id);
    const mine = (
      await api.call('POST', '/v1/people', { body: { email: 'mine@hooli.com', ownerUserId: user.id } })
    ).body;
    const theirs = (await api.call('POST', '/v1/people', { body: { email: 'theirs@hooli.com' } })).body;
    const listed = await api.call('GET', '/v1/people?q=hooli', { key: repKey });
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([mine.id]);
    expect((await api.call('GET', `/v1/people/${theirs.id}`, { key: repKey })).status).toBe(404);
    expect((await api.call('GET', `/v1/people/${mine.id}`, { key: repKey })).status).toBe(200);
    expect(
      (await api.call('POST', `/v1/people/${theirs.id}/transitions`, { body: { to: 'mql' }, key: repKey }))
        .status,
    ).toBe(404);
    const grab = await api.call('POST', '/v1/people', {
      body: { email: 'theirs@hooli.com', title: 'mine now' },
      key: repKey,
    });
    expect(grab.status).toBe(403);
    const own = await api.call('POST', '/v1/people', { body: { email: 'new-lead@hooli.com' }, key: repKey });
    expect(own.status).toBe(201);
    expect(own.body.ownerUserId).toBe(user.id);
  });

  it('lists the transition table and computes conversion from the history alone', async () => {
    const funnel = await api.call('GET', '/v1/lifecycle');
    expect(funnel.body.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'visitor',
      'lead',
      'mql',
      'tql',
      'sql',
      'opportunity',
      'customer',
      'advocate',
      'nurture',
      'disqualified',
    ]);
    expect(funnel.body.dqCodes).toHaveLength(7);
    const since = new Date(fx.clock.now().getTime() - 86_400_000).toISOString();
    const until = new Date(fx.clock.now().getTime() + 86_400_000).toISOString();
    const conv = await api.call(
      'GET',
      `/v1/lifecycle/conversion?from=mql&to=disqualified&since=${since}&until=${until}`,
    );
    expect(conv.status).toBe(200);
    expect(conv.body).toMatchObject({ entered: 1, converted: 1, rate: 1, medianMs: 3_600_000 });
  });

  it('erases a person but keeps their anonymous history, and deletes only unreferenced accounts', async () => {
    const person = (
      await api.call('POST', '/v1/events', {
        key: api.keys.marketing,
        body: {
          events: [
            {
              eventId: 'erase-1',
              type: 'form_submit',
              email: 'forget.me@wayne-labs.com',
              person: { firstName: 'Bruce' },
            },
          ],
        },
      })
    ).body;
    expect(person.stored).toBe(1);
    const found = (await api.call('GET', '/v1/people?email=forget.me@wayne-labs.com')).body.items[0];
    const inUse = await api.call('DELETE', `/v1/accounts/${found.accountId}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.references.people).toBe(1);

    expect((await api.call('DELETE', `/v1/people/${found.id}`, { key: api.keys.sales_manager })).status).toBe(
      403,
    );
    expect((await api.call('DELETE', `/v1/people/${found.id}`)).status).toBe(204);
    expect((await api.call('GET', `/v1/people/${found.id}`)).status).toBe(404);
    expect((await api.call('GET', '/v1/people?email=forget.me@wayne-labs.com')).body.items).toEqual([]);
    const row = await fx.ctx.db
      .selectFrom('people')
      .select(['email', 'first_name', 'stage'])
      .where('id', '=', found.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: null, first_name: null, stage: 'lead' });
    const kept = await fx.ctx.db
      .selectFrom('touchpoints')
      .select('person_id')
      .where('event_id', '=', 'erase-1')
      .executeTakeFirstOrThrow();
    expect(kept.person_id).toBe(found.id);
    // The same email later is a new person, not the erased one.
    const back = await api.call('POST', '/v1/people', { body: { email: 'forget.me@wayne-labs.com' } });
    expect(back.status).toBe(201);
    expect(back.body.id).not.toBe(found.id);

    const lonely = await api.call('POST', '/v1/accounts', {
      body: { name: 'Lonely Co', domain: 'lonely.example' },
    });
    expect((await api.call('DELETE', `/v1/accounts/${lonely.body.id}`)).status).toBe(200);
    expect((await api.call('GET', `/v1/accounts/${lonely.body.id}`)).status).toBe(404);
  });
});
