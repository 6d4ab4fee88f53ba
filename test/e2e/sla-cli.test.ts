import { describe, expect, inject, it } from 'vitest';
import { useCli } from '../support/factories.js';

const BERLIN = ['--tz', 'Europe/Berlin', '--hours', 'Mon-Fri 09:00-17:00', '--holidays', '2026-12-25,12-31'];

for (const kind of inject('stores')) {
  describe(`servio sla and servio calendars [${kind}]`, () => {
    const cli = useCli(kind);

    it('prints the due instant with its offset, and JSON for scripts', async () => {
      const due = await cli.run(
        'sla',
        'due',
        '--start',
        '2026-03-27T16:00:00+01:00',
        ...BERLIN,
        '--add',
        '4h',
      );
      expect(due).toMatchObject({ code: 0, stdout: '2026-03-30T12:00:00+02:00\n' });
      const json = await cli.run(
        '--json',
        'sla',
        'due',
        '--start',
        '2026-12-24T16:00',
        ...BERLIN,
        '--add',
        '2h',
      );
      expect(JSON.parse(json.stdout)).toEqual({ due: '2026-12-28T10:00:00+01:00' });
      const back = await cli.run(
        'sla',
        'due',
        '--start',
        '2026-03-30T12:00',
        ...BERLIN,
        '--subtract',
        'PT4H',
      );
      expect(back.stdout).toBe('2026-03-27T16:00:00+01:00\n');
      const days = await cli.run('sla', 'due', '--start', '2026-01-06T10:00', ...BERLIN, '--add', '2d');
      expect(days.stdout).toBe('2026-01-08T10:00:00+01:00\n');
    });

    it('prints the business time between two instants', async () => {
      const human = await cli.run(
        'sla',
        'elapsed',
        '--from',
        '2026-03-27T16:00',
        '--to',
        '2026-03-30T12:00',
        ...BERLIN,
      );
      expect(human).toMatchObject({ code: 0, stdout: '4h (14400 seconds)\n' });
      const json = await cli.run(
        '--json',
        'sla',
        'elapsed',
        '--from',
        '2026-03-30T12:00',
        '--to',
        '2026-03-27T16:00',
        ...BERLIN,
      );
      expect(JSON.parse(json.stdout)).toEqual({ seconds: -14_400 });
    });

    it('exits 2 naming the flag and the bad piece', async () => {
      const hours = await cli.run(
        'sla',
        'due',
        '--start',
        '2026-03-27T16:00',
        '--hours',
        'Mon-Fry 09:00-17:00',
        '--add',
        '4h',
      );
      expect(hours.code).toBe(2);
      expect(hours.stderr).toContain('--hours: "Fry": unknown day');
      const add = await cli.run('sla', 'due', '--start', '2026-03-27T16:00', '--add', '4x');
      expect(add.code).toBe(2);
      expect(add.stderr).toContain('--add: "4x"');
      const both = await cli.run(
        'sla',
        'due',
        '--start',
        '2026-03-27T16:00',
        '--add',
        '4h',
        '--subtract',
        '1h',
      );
      expect(both.code).toBe(2);
      const start = await cli.run('sla', 'due', '--start', 'soon', '--add', '4h');
      expect(start.stderr).toContain('--start');
      const holidays = await cli.run(
        'sla',
        'elapsed',
        '--from',
        '2026-01-01',
        '--to',
        '2026-02-01',
        '--holidays',
        '13-01',
      );
      expect(holidays).toMatchObject({ code: 2 });
      expect(holidays.stderr).toContain('--holidays: "13-01"');
    });

    it('stores calendars and computes in one by name', async () => {
      const added = await cli.run('--json', 'calendars', 'add', '--name', 'Berlin office', ...BERLIN);
      expect(added.code).toBe(0);
      const calendar = JSON.parse(added.stdout);
      expect(calendar).toMatchObject({ name: 'Berlin office', holidays: ['2026-12-25', '12-31'] });
      expect((await cli.run('calendars', 'list')).stdout).toContain('Berlin office');
      expect((await cli.run('calendars', 'show', calendar.id)).stdout).toContain('Mon-Fri 09:00-17:00');
      const due = await cli.run(
        'sla',
        'due',
        '--calendar',
        'Berlin office',
        '--start',
        '2026-03-27T16:00',
        '--add',
        '4h',
      );
      expect(due.stdout).toBe('2026-03-30T12:00:00+02:00\n');
      const mixed = await cli.run(
        'sla',
        'due',
        '--calendar',
        'Berlin office',
        '--tz',
        'UTC',
        '--start',
        '2026-03-27T16:00',
        '--add',
        '4h',
      );
      expect(mixed.code).toBe(2);
      const bad = await cli.run(
        'calendars',
        'add',
        '--name',
        'Never',
        '--tz',
        'UTC',
        '--hours',
        'Mon 09:00-09:00',
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--hours');
      expect((await cli.run('calendars', 'remove', 'Berlin office')).code).toBe(0);
      expect((await cli.run('calendars', 'show', 'Berlin office')).code).toBe(2);
    });
  });
}
