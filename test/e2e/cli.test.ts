import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { useCli } from '../support/factories.js';

for (const kind of inject('stores')) {
  describe(`servio CLI [${kind}]`, () => {
    const cli = useCli(kind);

    it('creates keys with a role and refuses an unknown role with exit code 2', async () => {
      const created = await cli.run('--json', 'keys', 'create', '--role', 'marketing', '--name', 'website');
      expect(created.code).toBe(0);
      const body = JSON.parse(created.stdout);
      expect(body.secret).toMatch(/^sk_/);
      expect(body.key).toMatchObject({ role: 'marketing', name: 'website' });
      const listed = await cli.run('keys', 'list');
      expect(listed.stdout).toContain('website');
      expect(listed.stdout).not.toContain(body.secret);
      const bad = await cli.run('keys', 'create', '--role', 'boss', '--name', 'x');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('/role');
    });

    it('upserts, lists, moves and shows people', async () => {
      const created = await cli.run(
        '--json',
        'people',
        'upsert',
        '--email',
        'Cli.User@Initrode.com',
        '--first-name',
        'Cli',
      );
      expect(created.code).toBe(0);
      const { person } = JSON.parse(created.stdout);
      expect(person.email).toBe('cli.user@initrode.com');
      const moved = await cli.run('lifecycle', 'move', person.id, '--to', 'mql');
      expect(moved.code).toBe(0);
      expect(moved.stdout).toContain('lead -> mql');
      const refused = await cli.run('lifecycle', 'move', person.id, '--to', 'customer');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('cannot move from mql to customer');
      const shown = await cli.run('--json', 'people', 'show', person.id);
      expect(JSON.parse(shown.stdout).history.map((h: { to: string }) => h.to)).toEqual(['lead', 'mql']);
      const listed = await cli.run('people', 'list', '--stage', 'mql');
      expect(listed.stdout).toContain('cli.user@initrode.com');
      const table = await cli.run('lifecycle', 'show');
      expect(table.stdout).toContain('DQ-07');
    });

    it('exits 2 on bad usage', async () => {
      expect((await cli.run('people', 'list', '--limit', 'many')).code).toBe(2);
      expect((await cli.run('no-such-command')).code).toBe(2);
      expect((await cli.run('--help')).code).toBe(0);
    });
  });
}
