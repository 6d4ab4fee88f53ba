import { expect, it } from 'vitest';
import { useApi } from '../support/api.js';
import { forEachStore } from '../support/stores.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

forEachStore('API business calendars', (fx) => {
  const api = useApi(fx);

  it('creates, reads, updates, assigns and deletes a calendar', async () => {
    const created = await api.call('POST', '/v1/calendars', {
      body: {
        name: 'Berlin office',
        timeZone: 'Europe/Berlin',
        hours: 'Mon-Fri 09:00-17:00',
        holidays: ['12-31'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Berlin office',
      hours: 'Mon-Fri 09:00-17:00',
      holidays: ['12-31'],
    });
    const id = created.body.id as string;
    expect((await api.call('GET', `/v1/calendars/${id}`)).body).toEqual(created.body);
    expect((await api.call('GET', '/v1/calendars')).body.items.map((c: { id: string }) => c.id)).toContain(
      id,
    );

    const patched = await api.call('PATCH', `/v1/calendars/${id}`, {
      body: { hours: 'Mon-Thu 09:00-12:00,13:00-17:00; Fri 09:00-12:00' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.hours).toBe('Mon-Thu 09:00-12:00,13:00-17:00; Fri 09:00-12:00');

    const team = await api.call('POST', '/v1/teams', { body: { name: 'Berlin AEs', function: 'ae' } });
    const assigned = await api.call('PATCH', `/v1/teams/${team.body.id}`, { body: { calendarId: id } });
    expect(assigned.body.calendarId).toBe(id);
    const user = await api.call('POST', '/v1/users', {
      body: { email: 'cal.rep@servio.test', name: 'Cal Rep', role: 'ae', timeZone: 'Europe/Berlin' },
    });
    expect(user.body.calendarId).toBeNull();
    const own = await api.call('PATCH', `/v1/users/${user.body.id}`, { body: { calendarId: id } });
    expect(own.body.calendarId).toBe(id);
    const missing = await api.call('PATCH', `/v1/users/${user.body.id}`, {
      body: { calendarId: 'cal_missing' },
    });
    expect(missing.status).toBe(422);
    expect(paths(missing.body)).toEqual(['/calendarId']);

    const inUse = await api.call('DELETE', `/v1/calendars/${id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('calendar_in_use');
    await api.call('PATCH', `/v1/users/${user.body.id}`, { body: { calendarId: null } });
    await api.call('PATCH', `/v1/teams/${team.body.id}`, { body: { calendarId: null } });
    expect((await api.call('DELETE', `/v1/calendars/${id}`)).status).toBe(200);
    expect((await api.call('GET', `/v1/calendars/${id}`)).status).toBe(404);
  });

  it('computes due and elapsed for scripts', async () => {
    const { body } = await api.call('POST', '/v1/calendars', {
      body: { name: 'Berlin 9-5', timeZone: 'Europe/Berlin', hours: 'Mon-Fri 09:00-17:00' },
    });
    const due = await api.call(
      'GET',
      `/v1/calendars/${body.id}/due?start=${encodeURIComponent('2026-03-27T16:00')}&add=4h`,
    );
    expect(due.body).toEqual({ due: '2026-03-30T12:00:00+02:00' });
    const back = await api.call(
      'GET',
      `/v1/calendars/${body.id}/due?start=${encodeURIComponent('2026-03-30T12:00:00+02:00')}&subtract=PT4H`,
    );
    expect(back.body).toEqual({ due: '2026-03-27T16:00:00+01:00' });
    const elapsed = await api.call(
      'GET',
      `/v1/calendars/${body.id}/elapsed?from=2026-03-27T16:00&to=2026-03-30T12:00`,
    );
    expect(elapsed.body).toEqual({ seconds: 14_400 });
    const bad = await api.call('GET', `/v1/calendars/${body.id}/due?start=2026-03-27T16:00&add=4x`);
    expect(bad.status).toBe(422);
    expect(paths(bad.body)).toEqual(['/add']);
  });

  it('names each bad field with 422 or 400, refuses duplicates and needs org:write', async () => {
    const hours = await api.call('POST', '/v1/calendars', {
      body: { name: 'Bad', timeZone: 'Europe/Berlin', hours: 'Mon-Fry 09:00-17:00' },
    });
    expect(hours.status).toBe(422);
    expect(paths(hours.body)).toEqual(['/hours']);
    expect(hours.body.detail).toContain('"Fry"');
    const zone = await api.call('POST', '/v1/calendars', {
      body: { name: 'Bad', timeZone: 'Mars/Olympus', hours: 'Mon 09:00-17:00' },
    });
    expect(paths(zone.body)).toEqual(['/timeZone']);
    const holidays = await api.call('POST', '/v1/calendars', {
      body: { name: 'Bad', timeZone: 'UTC', hours: 'Mon 09:00-17:00', holidays: ['2026-02-30'] },
    });
    expect(paths(holidays.body)).toEqual(['/holidays']);
    const shape = await api.call('POST', '/v1/calendars', {
      body: { name: 'Bad', hours: 'Mon 09:00-17:00', x: 1 },
    });
    expect(shape.status).toBe(400);

    const body = { name: 'Twice', timeZone: 'UTC', hours: 'Mon-Fri 09:00-17:00' };
    expect((await api.call('POST', '/v1/calendars', { body })).status).toBe(201);
    const again = await api.call('POST', '/v1/calendars', { body });
    expect(again.status).toBe(409);
    expect(paths(again.body)).toEqual(['/name']);
    const marketing = await api.call('POST', '/v1/calendars', {
      body: { ...body, name: 'By marketing' },
      key: api.keys.marketing,
    });
    expect(marketing.status).toBe(403);
  });
});
