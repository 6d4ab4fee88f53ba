import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachStore } from '../../test/support/stores.js';
import { REFERENCE_TABLES } from './migrations/0025_reference_version.js';
import { bindReferenceCache, referenceRead, referenceReadMany } from './reference.js';

async function version(db: import('./connection.js').Db): Promise<number> {
  const { rows } = await sql<{ v: string }>`select version::text as v from reference_version`.execute(db);
  return Number(rows[0]!.v);
}

forEachStore('the reference-data cache', (fx) => {
  it('counts a change to every reference table, in the changing transaction only', async () => {
    const db = fx.ctx.db;
    for (const table of REFERENCE_TABLES) {
      const before = await version(db);
      // A statement trigger: a statement counts even when it changes no row.
      await sql.raw(`delete from ${table} where false`).execute(db);
      expect({ table, bumped: (await version(db)) - before }).toEqual({ table, bumped: 1 });
    }
    const before = await version(db);
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`update teams set name = name where false`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await version(db)).toBe(before);
  });

  it('serves a bound transaction from what an earlier one read while the version holds, and reads again after a change', async () => {
    const db = fx.ctx.db;
    const loads: string[] = [];
    const pass = () =>
      db.transaction().execute(async (trx) => {
        await bindReferenceCache(db, trx);
        const teams = await referenceRead(trx, 'test:teams', async () => {
          loads.push('teams');
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from teams`.execute(trx);
          return rows[0]!.n;
        });
        const many = await referenceReadMany(trx, 'test:double', ['1', '2', '404'], async (missing) => {
          loads.push(`many ${missing.join(',')}`);
          return new Map(missing.filter((k) => k !== '404').map((k) => [k, Number(k) * 2]));
        });
        return { teams, many: Object.fromEntries(many) };
      });
    const first = await pass();
    expect(await pass()).toEqual(first);
    // The unknown key is asked for again (it may exist by then); the others are kept.
    expect(loads).toEqual(['teams', 'many 1,2,404', 'many 404']);
    await db
      .insertInto('teams')
      .values({
        id: 'team_ref_cache',
        name: 'Reference cache',
        function: 'sdr',
        created_at: fx.clock.now(),
        updated_at: fx.clock.now(),
      })
      .execute();
    const after = await pass();
    expect(after.teams).toBe(first.teams + 1);
    expect(loads.slice(3)).toEqual(['teams', 'many 1,2,404']);
  });

  it('never serves a transaction that did not bind, nor the pool', async () => {
    const db = fx.ctx.db;
    let loads = 0;
    const load = async () => ++loads;
    await db.transaction().execute(async (trx) => {
      await bindReferenceCache(db, trx);
      await referenceRead(trx, 'test:unbound', load);
    });
    await referenceRead(db, 'test:unbound', load);
    await db.transaction().execute((trx) => referenceRead(trx, 'test:unbound', load));
    expect(loads).toBe(3);
  });

  it('starts again empty when a version holds 10,000 values, instead of keeping the first ones for good', async () => {
    const db = fx.ctx.db;
    const asked: string[][] = [];
    const load = async (missing: string[]) => {
      asked.push(missing);
      return new Map(missing.map((k) => [k, k]));
    };
    const keys = Array.from({ length: 10_000 }, (_, i) => String(i));
    // A new version, so the cache starts empty.
    await sql`delete from teams where false`.execute(db);
    await db.transaction().execute(async (trx) => {
      await bindReferenceCache(db, trx);
      await referenceReadMany(trx, 'test:bound', keys, load);
      await referenceReadMany(trx, 'test:bound', ['1'], load);
      await referenceReadMany(trx, 'test:bound', ['new'], load);
      await referenceReadMany(trx, 'test:bound', ['1', 'new'], load);
    });
    // Full at 10,000: 'new' empties it, so '1' is read again.
    expect(asked.slice(1)).toEqual([['new'], ['1']]);
  });
});
