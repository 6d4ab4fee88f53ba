import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newTeam, newUser, nextSeq, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

forEachStore('API users and teams', (fx) => {
  const api = useApi(fx);

  it('creates a team and a user in it, and reads both back', async () => {
    const team = await api.call('POST', '/v1/teams', { body: { name: 'EMEA AEs', function: 'ae' } });
    expect(team.status).toBe(201);
    expect(team.body).toMatchObject({ name: 'EMEA AEs', function: 'ae', managerUserId: null });

    const created = await api.call('POST', '/v1/users', {
      body: {
        email: 'Alice.Martin@Servio.TEST',
        name: 'Alice Martin',
        role: 'ae',
        timeZone: 'Europe/Paris',
        teamId: team.body.id,
        segment: 'enterprise',
        territory: 'emea',
        capacityPerDay: 20,
        routingWeight: 2,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'alice.martin@servio.test',
      active: true,
      routingWeight: 2,
      teamId: team.body.id,
    });

    const read = await api.call('GET', `/v1/users/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect((await api.call('GET', `/v1/teams/${team.body.id}`)).body).toEqual(team.body);
  });

  it('names each bad field of a user with 422 or 400', async () => {
    const zone = await api.call('POST', '/v1/users', {
      body: { email: 'z@servio.test', name: 'Z', role: 'ae', timeZone: 'Mars/Olympus' },
    });
    expect(zone.status).toBe(422);
    expect(paths(zone.body)).toEqual(['/timeZone']);

    const team = await api.call('POST', '/v1/users', {
      body: {
        email: 'y@servio.test',
        name: 'Y',
        role: 'ae',
        timeZone: 'UTC',
        teamId: 'team_missing',
        managerUserId: 'usr_missing',
      },
    });
    expect(team.status).toBe(422);
    expect(paths(team.body).sort()).toEqual(['/managerUserId', '/teamId']);

    const shape = await api.call('POST', '/v1/users', {
      body: { email: 'x@servio.test', name: 'X', role: 'ceo', timeZone: 'UTC', extra: 1 },
    });
    expect(shape.status).toBe(400);
    expect(paths(shape.body)).toEqual(expect.arrayContaining(['/body/role', '/body/extra']));
  });

  it('refuses a second user with the same email, whatever its case, with 409 naming /email', async () => {
    await newUser(fx.ctx, { email: 'dup@servio.test' });
    const res = await api.call('POST', '/v1/users', {
      body: { email: 'DUP@servio.test', name: 'Dup', role: 'sdr', timeZone: 'UTC' },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('duplicate');
    expect(paths(res.body)).toEqual(['/email']);
  });

  it('deactivates a user with PATCH active=false and keeps them readable', async () => {
    const user = await newUser(fx.ctx);
    const res = await api.call('PATCH', `/v1/users/${user.id}`, {
      body: { active: false, outOfOfficeUntil: '2026-02-01T00:00:00Z' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      active: false,
      outOfOfficeUntil: '2026-02-01T00:00:00.000Z',
      email: user.email,
    });
    expect((await api.call('GET', `/v1/users/${user.id}`)).body.active).toBe(false);
    expect((await api.call('DELETE', `/v1/users/${user.id}`)).status).toBe(404);
  });

  it('refuses a management loop', async () => {
    const boss = await newUser(fx.ctx, { role: 'sales_manager' });
    const report = await newUser(fx.ctx, { managerUserId: boss.id });
    const res = await api.call('PATCH', `/v1/users/${boss.id}`, { body: { managerUserId: report.id } });
    expect(res.status).toBe(422);
    expect(paths(res.body)).toEqual(['/managerUserId']);
  });

  it('lists users filtered by team, role and active, every row once across pages', async () => {
    const team = await newTeam(fx.ctx, { function: 'sdr' });
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) {
      ids.add((await newUser(fx.ctx, { teamId: team.id, role: 'sdr', active: i !== 3 })).id);
      fx.clock.advance(1000);
    }
    await newUser(fx.ctx, { role: 'sdr' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/users?teamId=${team.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', query);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((u: { id: string }) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(ids);

    const active = await api.call('GET', `/v1/users?teamId=${team.id}&active=false`);
    expect(active.body.items).toHaveLength(1);
    const byRole = await api.call('GET', `/v1/users?role=sales_manager&teamId=${team.id}`);
    expect(byRole.body.items).toHaveLength(0);
  });

  it('renames a team but refuses a name another team has (409 /name)', async () => {
    const a = await newTeam(fx.ctx);
    const b = await newTeam(fx.ctx);
    const renamed = await api.call('PATCH', `/v1/teams/${a.id}`, { body: { name: `Renamed ${nextSeq()}` } });
    expect(renamed.status).toBe(200);
    const clash = await api.call('PATCH', `/v1/teams/${b.id}`, { body: { name: renamed.body.name } });
    expect(clash.status).toBe(409);
    expect(paths(clash.body)).toEqual(['/name']);
    const list = await api.call('GET', '/v1/teams?function=ae&limit=500');
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('deletes an empty team, and refuses one with members (409)', async () => {
    const full = await newTeam(fx.ctx);
    await newUser(fx.ctx, { teamId: full.id });
    const refused = await api.call('DELETE', `/v1/teams/${full.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('team_not_empty');

    const empty = await newTeam(fx.ctx);
    expect((await api.call('DELETE', `/v1/teams/${empty.id}`)).status).toBe(200);
    expect((await api.call('GET', `/v1/teams/${empty.id}`)).status).toBe(404);
  });

  it('lets every role read, only admin and revops write (403), and requires a key (401)', async () => {
    expect((await api.call('GET', '/v1/users', { key: api.keys.marketing })).status).toBe(200);
    expect((await api.call('GET', '/v1/teams', { key: null })).status).toBe(401);
    const body = { name: `Forbidden ${nextSeq()}`, function: 'ae' };
    for (const key of [api.keys.marketing, api.keys.sales_manager]) {
      const res = await api.call('POST', '/v1/teams', { body, key });
      expect(res.status).toBe(403);
      expect(res.body.permission).toBe('org:write');
    }
    expect((await api.call('POST', '/v1/teams', { body, key: api.keys.revops })).status).toBe(201);
  });

  it('answers 404 for an unknown user or team', async () => {
    expect((await api.call('GET', '/v1/users/usr_nope')).status).toBe(404);
    expect((await api.call('PATCH', '/v1/teams/team_nope', { body: { name: 'x' } })).status).toBe(404);
  });
});

forEachStore('CLI users and teams', (fx) => {
  const cli = useCli(fx.kind);

  it('creates, shows, lists and deactivates through `servio users` and `servio teams`', async () => {
    const team = await cli.run('--json', 'teams', 'create', '--name', 'SDR East', '--function', 'sdr');
    expect(team.code).toBe(0);
    const teamId = JSON.parse(team.stdout).id as string;

    const user = await cli.run(
      '--json',
      'users',
      'create',
      '--email',
      'Sam@Servio.test',
      '--name',
      'Sam',
      '--role',
      'sdr',
      '--time-zone',
      'America/New_York',
      '--team',
      teamId,
      '--capacity',
      '15',
    );
    expect(user.code).toBe(0);
    const created = JSON.parse(user.stdout);
    expect(created).toMatchObject({ email: 'sam@servio.test', teamId, capacityPerDay: 15 });

    const shown = await cli.run('users', 'show', created.id);
    expect(shown.stdout).toContain('America/New_York');

    const updated = await cli.run(
      '--json',
      'users',
      'update',
      created.id,
      '--deactivate',
      '--capacity',
      'none',
    );
    expect(JSON.parse(updated.stdout)).toMatchObject({ active: false, capacityPerDay: null });

    const listed = await cli.run('--json', 'users', 'list', '--team', teamId, '--inactive');
    expect(JSON.parse(listed.stdout).items.map((u: { id: string }) => u.id)).toEqual([created.id]);
    const teams = await cli.run('teams', 'list', '--function', 'sdr');
    expect(teams.stdout).toContain('SDR East');
    expect((await cli.run('teams', 'show', teamId)).stdout).toContain('SDR East');
  });

  it('exits 2 naming the field for a bad time zone or a duplicate email', async () => {
    const bad = await cli.run(
      'users',
      'create',
      '--email',
      'x@servio.test',
      '--name',
      'X',
      '--role',
      'ae',
      '--time-zone',
      'Nowhere/City',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/timeZone');
    await cli.run(
      'users',
      'create',
      '--email',
      'twice@servio.test',
      '--name',
      'T',
      '--role',
      'ae',
      '--time-zone',
      'UTC',
    );
    const again = await cli.run(
      'users',
      'create',
      '--email',
      'twice@servio.test',
      '--name',
      'T',
      '--role',
      'ae',
      '--time-zone',
      'UTC',
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('/email');
    expect((await cli.run('users', 'list', '--active', '--inactive')).code).toBe(2);
  });
});
