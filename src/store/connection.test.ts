import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { openTestStore } from '../../test/support/stores.js';

// PostgreSQL only: PGlite runs in the process and has no connection to lose.
describe.runIf(inject('stores').includes('postgres'))('a PostgreSQL store', () => {
  it('survives the server dropping its idle connections, and the next query reconnects', async () => {
    const store = await openTestStore('postgres');
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
      const idle = rows[0]!.pid;
      // Another session terminates the pool's idle connection, as a restart or an administrator would.
      const other = await openTestStore('postgres');
      await sql`select pg_terminate_backend(${idle})`.execute(other.db);
      await other.close();
      await expect.poll(() => warnings.some((w) => w.includes('dropped an idle connection'))).toBe(true);
      const again = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      expect(again.rows[0]!.one).toBe(1);
    } finally {
      process.off('warning', onWarning);
      await store.close();
    }
  });
});
