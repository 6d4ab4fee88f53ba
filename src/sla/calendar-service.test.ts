import { expect, it } from 'vitest';
import { CLI_PRINCIPAL } from '../access/index.js';
import { updateTeam, updateUser } from '../org/index.js';
import { newTeam, newUser, nextSeq } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { describeHours } from './business-calendar.js';
import {
  calendarsForUsers,
  createCalendar,
  deleteCalendar,
  effectiveCalendar,
  updateCalendar,
} from './calendar-service.js';

forEachStore('business calendars', (fx) => {
  const newCalendar = (timeZone: string, hours: string, holidays: string[] = []) =>
    createCalendar(fx.ctx, { name: `Calendar ${nextSeq()}`, timeZone, hours, holidays }, CLI_PRINCIPAL);

  it('stores hours canonically and holidays sorted', async () => {
    const calendar = await newCalendar('Europe/Berlin', 'fri 09:00-12:00,12:00-17:00; Mon-Thu 09:00-17:00', [
      '12-31',
      '2026-12-25',
    ]);
    expect(calendar).toMatchObject({ hours: 'Mon-Fri 09:00-17:00', holidays: ['2026-12-25', '12-31'] });
    expect(calendar.id).toMatch(/^cal_/);
  });

  it("measures a user in their own calendar, else their team's, else 09:00-17:00 in their zone", async () => {
    const berlin = await newCalendar('Europe/Berlin', 'Mon-Thu 08:00-16:00');
    const sydney = await newCalendar('Australia/Sydney', 'Mon-Fri 08:30-17:30', ['01-26']);
    const team = await newTeam(fx.ctx, { calendarId: berlin.id });
    const own = await newUser(fx.ctx, { teamId: team.id, calendarId: sydney.id });
    const member = await newUser(fx.ctx, { teamId: team.id });
    const alone = await newUser(fx.ctx, { timeZone: 'America/New_York' });

    const map = await calendarsForUsers(fx.ctx.db, [own.id, member.id, alone.id, 'usr_missing']);
    expect(map.get(own.id)).toMatchObject({ timeZone: 'Australia/Sydney', holidays: ['01-26'] });
    expect(describeHours(map.get(member.id)!)).toBe('Mon-Thu 08:00-16:00');
    expect(map.get(alone.id)!.timeZone).toBe('America/New_York');
    expect(describeHours(map.get(alone.id)!)).toBe('Mon-Fri 09:00-17:00');
    expect(map.has('usr_missing')).toBe(false);

    await updateUser(fx.ctx, own.id, { calendarId: null }, CLI_PRINCIPAL);
    expect((await effectiveCalendar(fx.ctx.db, own.id)).timeZone).toBe('Europe/Berlin');
    await updateTeam(fx.ctx, team.id, { calendarId: null }, CLI_PRINCIPAL);
    expect((await effectiveCalendar(fx.ctx.db, own.id)).timeZone).toBe('Europe/Paris');
    await expect(effectiveCalendar(fx.ctx.db, 'usr_missing')).rejects.toThrow(
      'User usr_missing was not found',
    );
  });

  it('refuses to delete a calendar still worked, and a bad update names the field', async () => {
    const calendar = await newCalendar('UTC', 'Mon-Fri 09:00-17:00');
    const user = await newUser(fx.ctx, { calendarId: calendar.id });
    await expect(deleteCalendar(fx.ctx, calendar.id, CLI_PRINCIPAL)).rejects.toThrow('worked by 1 user(s)');
    await expect(
      updateCalendar(fx.ctx, calendar.id, { hours: 'Mon 10:00-09:00' }, CLI_PRINCIPAL),
    ).rejects.toThrow('/hours');
    await updateUser(fx.ctx, user.id, { calendarId: null }, CLI_PRINCIPAL);
    expect((await deleteCalendar(fx.ctx, calendar.id, CLI_PRINCIPAL)).id).toBe(calendar.id);
  });
});
