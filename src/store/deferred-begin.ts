import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * A pool whose connections send a transaction's `begin` with its first statement, when that
 * statement has no parameters, as one simple-protocol query (`begin; <statement>`): one round
 * trip where two were. Ingestion's transactions start with the parameterless read of the
 * reference version (`bindReferenceCache`), and a round trip is a write's unit of cost here
 * (bench/README.md, routing). A first statement with parameters (the extended protocol takes
 * one statement a message) is preceded by the `begin` on its own, as without this pool.
 *
 * Only kysely's plain `begin` is held; `start transaction ...` (an isolation level) is sent at
 * once. A transaction that ends before any statement sends nothing at all.
 */
export function deferringBegin(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      // One wrapper a connection: kysely keeps its own state per client object.
      let wrapper = wrapped.get(client);
      if (!wrapper) {
        wrapper = deferBegin(client);
        wrapped.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

type Result = PostgresQueryResult<unknown>;

function deferBegin(client: pg.PoolClient): PostgresPoolClient {
  let pending = false;
  const flush = async () => {
    if (!pending) return;
    pending = false;
    await client.query('begin');
  };
  const query = async (text: string, parameters: readonly unknown[]): Promise<Result> => {
    if (text === 'begin') {
      pending = true;
      // Nothing reads what `begin` answers.
      return { command: 'SELECT', rowCount: 0, rows: [] };
    }
    if (pending && (text === 'commit' || text === 'rollback')) {
      // Nothing was sent: there is no transaction to end.
      pending = false;
      return { command: text === 'commit' ? 'COMMIT' : 'ROLLBACK', rowCount: 0, rows: [] };
    }
    if (pending && parameters.length === 0) {
      pending = false;
      // Two statements, two results: the caller's is the second.
      const results = (await client.query(`begin;\n${text}`)) as unknown as pg.QueryResult[];
      return results[1] as unknown as Result;
    }
    await flush();
    return (await client.query(text, parameters as unknown[])) as unknown as Result;
  };
  return {
    get processID() {
      return (client as unknown as { processID?: number }).processID;
    },
    query: ((textOrCursor: unknown, parameters?: readonly unknown[]) => {
      if (typeof textOrCursor === 'string') return query(textOrCursor, parameters ?? []);
      // A cursor (a streamed read; no dialect here configures one) cannot carry the `begin`.
      if (pending) throw new Error('a streamed read cannot open a transaction: run a statement first');
      return client.query(textOrCursor as pg.Submittable);
    }) as PostgresPoolClient['query'],
    release(destroy?: boolean) {
      pending = false;
      client.release(destroy);
    },
  };
}
