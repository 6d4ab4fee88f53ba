import { expect, it } from 'vitest';
import { newTeam, newUser } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/index.js';
import {
  createUser,
  deleteTeam,
  getTeam,
  getUser,
  listTeams,
  listUsers,
  updateTeam,
  updateUser,
} from './service.js';

forEachStore('org service', (fx) => {
  it('creates a user with the defaults routing expects and records who did it', async () => {
    const user = await createUser(
      fx.ctx,
      { email: 'Nina@Servio.test', name: 'Nina', role: 'sdr', timeZone: 'Asia/Tokyo' },
      CLI_PRINCIPAL,
    );
    expect(user).toMatchObject({
      email: 'nina@servio.test',
      active: true,
      routingWeight: 1,
      capacityPerDay: null,
      teamId: null,
    });
    expect(user.createdAt).toEqual(fx.clock.now());
    expect(await getUser(fx.ctx, user.id)).toEqual(user);
    const audit = await fx.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', user.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['user.created']);
  });

  it('leaves absent fields as they are and clears fields sent as null', async () => {
    const team = await newTeam(fx.ctx);
    const user = await newUser(fx.ctx, { teamId: team.id, segment: 'smb', capacityPerDay: 10 });
    fx.clock.advance(60_000);
    const updated = await updateUser(fx.ctx, user.id, { segment: null, name: 'New Name' }, CLI_PRINCIPAL);
    expect(updated).toMatchObject({ name: 'New Name', segment: null, teamId: team.id, capacityPerDay: 10 });
    expect(updated.updatedAt.getTime()).toBe(user.updatedAt.getTime() + 60_000);
  });

  it('records a deactivation as such in the audit log', async () => {
    const user = await newUser(fx.ctx);
    await updateUser(fx.ctx, user.id, { active: false }, CLI_PRINCIPAL);
    const actions = await fx.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', user.id)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['user.created', 'user.deactivated']);
  });

  it('refuses a user as their own manager and an email taken by someone else', async () => {
    const a = await newUser(fx.ctx);
    const b = await newUser(fx.ctx);
    await expect(updateUser(fx.ctx, a.id, { managerUserId: a.id }, CLI_PRINCIPAL)).rejects.toMatchObject({
      issues: [{ path: '/managerUserId' }],
    });
    await expect(
      updateUser(fx.ctx, a.id, { email: b.email.toUpperCase() }, CLI_PRINCIPAL),
    ).rejects.toBeInstanceOf(ConflictError);
    // Keeping one's own email is not a duplicate.
    await expect(updateUser(fx.ctx, a.id, { email: a.email }, CLI_PRINCIPAL)).resolves.toMatchObject({
      id: a.id,
    });
  });

  it('writes nothing when a rule fails', async () => {
    const before = await listUsers(fx.ctx, { email: 'ghost@servio.test' }, {});
    await expect(
      createUser(
        fx.ctx,
        { email: 'ghost@servio.test', name: 'Ghost', role: 'ae', timeZone: 'UTC', teamId: 'team_missing' },
        CLI_PRINCIPAL,
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await listUsers(fx.ctx, { email: 'ghost@servio.test' }, {})).items).toEqual(before.items);
  });

  it('finds a user by email whatever its case', async () => {
    const user = await newUser(fx.ctx, { email: 'case@servio.test' });
    expect((await listUsers(fx.ctx, { email: ' CASE@servio.test' }, {})).items.map((u) => u.id)).toEqual([
      user.id,
    ]);
  });

  it('sets and clears a team manager, and deletes the team once empty', async () => {
    const manager = await newUser(fx.ctx, { role: 'sales_manager' });
    const team = await newTeam(fx.ctx, { function: 'marketing', managerUserId: manager.id });
    expect(team.managerUserId).toBe(manager.id);
    expect((await listTeams(fx.ctx, { managerUserId: manager.id }, {})).items.map((t) => t.id)).toEqual([
      team.id,
    ]);
    expect(
      (await updateTeam(fx.ctx, team.id, { managerUserId: null }, CLI_PRINCIPAL)).managerUserId,
    ).toBeNull();

    const member = await newUser(fx.ctx, { teamId: team.id });
    await expect(deleteTeam(fx.ctx, team.id, CLI_PRINCIPAL)).rejects.toMatchObject({
      code: 'team_not_empty',
    });
    await updateUser(fx.ctx, member.id, { teamId: null }, CLI_PRINCIPAL);
    await deleteTeam(fx.ctx, team.id, CLI_PRINCIPAL);
    await expect(getTeam(fx.ctx, team.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
