import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import {
  type DatabaseConnection,
  type Driver,
  Kysely,
  PGliteDialect,
  PostgresDialect,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { deferringBegin } from './deferred-begin.js';
import type { Database } from './database.js';

export type Db = Kysely<Database>;
export type StoreKind = 'pglite' | 'postgres';

/** PostgreSQL type ids whose text form we parse ourselves, the same way on both stores. */
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** int8 counts and sums fit a JS number here (cents below 2^53); dates stay `YYYY-MM-DD`. */
const PARSERS: Record<number, (value: string) => unknown> = {
  [INT8]: (value) => Number(value),
  [NUMERIC]: (value) => Number(value),
  [DATE]: (value) => value,
};

export interface OpenOptions {
  /** A PostgreSQL server; without it, PGlite in `dataDir` (or in memory when absent). */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** A PGlite data-dir dump to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
}

export interface Store {
  db: Db;
  kind: StoreKind;
  /** The PGlite instance, when embedded (tests dump it as a template). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export async function openStore(options: OpenOptions): Promise<Store> {
  if (options.databaseUrl) {
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text'),
    };
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: types as pg.CustomTypesConfig,
    });
    // An idle connection the server drops (a restart, a failover, an administrator's
    // terminate) is reported on the pool: without a listener Node throws it and the process
    // dies. The pool has already discarded the client; the next query opens a new one.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL dropped an idle connection: ${error.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: deferringBegin(pool) }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }

  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: PARSERS as Record<number, (value: string) => unknown>,
  });
  const dialect = new PGliteDialect({ pglite });
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => new SerializedDriver(dialect.createDriver()),
      createIntrospector: (kysely) => dialect.createIntrospector(kysely),
      createQueryCompiler: () => dialect.createQueryCompiler(),
    },
  });
  return { db, kind: 'pglite', pglite, close: () => db.destroy() };
}

/**
 * PGlite is a single connection: Kysely's PGlite driver hands the same connection to
 * everyone, so a query issued while another request's transaction is open would run inside
 * that transaction. This driver lets one holder use the connection at a time, exactly as a
 * pool of one would.
 */
class SerializedDriver implements Driver {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return this.inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  savepoint: Driver['savepoint'] = (connection, name, compile) =>
    this.inner.savepoint!(connection, name, compile);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (connection, name, compile) =>
    this.inner.rollbackToSavepoint!(connection, name, compile);
  releaseSavepoint: Driver['releaseSavepoint'] = (connection, name, compile) =>
    this.inner.releaseSavepoint!(connection, name, compile);

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
