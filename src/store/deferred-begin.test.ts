import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrlFor } from '../../test/support/postgres.js';
import { deferringBegin } from './deferred-begin.js';

// PostgreSQL only: PGlite has no connection and no round trips.
describe.runIf(inject('stores').includes('postgres'))(
  'a transaction whose begin waits for its first statement',
  () => {
    let pool: pg.Pool;
    let db: Kysely<unknown>;
    /** What the pool's one connection sent to the server, statement text by statement text. */
    const sent: string[] = [];

    beforeAll(async () => {
      const url = await databaseUrlFor(inject('postgresAdminUrl')!, inject('postgresTemplate')!);
      pool = new pg.Pool({ connectionString: url, max: 1 });
      pool.on('connect', (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
          if (typeof args[0] === 'string') sent.push(args[0]);
          return query(...args);
        };
      });
      db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: deferringBegin(pool) }) });
      await sql`create table probe (n int)`.execute(db);
    });
    afterAll(() => db.destroy());

    const track = async <T>(work: () => Promise<T>) => {
      sent.length = 0;
      const result = await work();
      return { result, sent: [...sent] };
    };

    it('sends the begin with a first statement without parameters, in one query', async () => {
      const { result, sent } = await track(() =>
        db.transaction().execute(async (trx) => {
          const one = await sql<{ one: number }>`select 1 as one`.execute(trx);
          const two = await sql<{ two: number }>`select ${2}::int as two`.execute(trx);
          return [one.rows, two.rows];
        }),
      );
      expect(result).toEqual([[{ one: 1 }], [{ two: 2 }]]);
      expect(sent).toEqual(['begin;\nselect 1 as one', 'select $1::int as two', 'commit']);
    });

    it('sends the begin on its own before a first statement with parameters', async () => {
      const { sent } = await track(() =>
        db.transaction().execute((trx) => sql`select ${1}::int as one`.execute(trx)),
      );
      expect(sent).toEqual(['begin', 'select $1::int as one', 'commit']);
    });

    it('runs the first statement inside the transaction: a rollback undoes it', async () => {
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`insert into probe (n) values (1)`.execute(trx);
          await sql`insert into probe (n) values (${2})`.execute(trx);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from probe`.execute(db);
      expect(rows).toEqual([{ n: 0 }]);
      // And a commit keeps it.
      await db.transaction().execute((trx) => sql`insert into probe (n) values (3)`.execute(trx));
      const kept = await sql<{ n: number }>`select n from probe`.execute(db);
      expect(kept.rows).toEqual([{ n: 3 }]);
    });

    it('sends nothing for a transaction without statements', async () => {
      const { result, sent } = await track(() => db.transaction().execute(async () => 'empty'));
      expect(result).toBe('empty');
      expect(sent).toEqual([]);
    });

    it('fails the transaction when its combined first statement fails, and the connection goes on', async () => {
      await expect(
        db.transaction().execute((trx) => sql`select 1 / 0 as never`.execute(trx)),
      ).rejects.toThrow(/division by zero/);
      const { result, sent } = await track(() =>
        db.transaction().execute((trx) => sql<{ ok: boolean }>`select true as ok`.execute(trx)),
      );
      expect(result.rows).toEqual([{ ok: true }]);
      expect(sent).toEqual(['begin;\nselect true as ok', 'commit']);
      // Outside a transaction nothing changes.
      const plain = await track(() => sql`select ${5}::int as five`.execute(db));
      expect(plain.sent).toEqual(['select $1::int as five']);
    });
  },
);
