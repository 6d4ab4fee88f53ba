import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { parentPid } from './cpu.js';

const run = promisify(execFile);

/** A PostgreSQL server the benchmark talks to through an admin URL (superuser, database `postgres`). */
export interface PostgresServer {
  adminUrl: string;
  /** pg_stat_statements is loaded: the run can say which statements took the time. */
  statementStats: boolean;
  /** Where it came from, for the report. */
  description: string;
  /** The same server through its Unix socket, when this run started it (same host). */
  socketUrl?: string;
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL binaries (`/usr/lib/postgresql/<version>/bin`), if any. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/**
 * A throw-away server like `.ci/run` starts: initdb in a temp dir with trust auth, a free
 * 127.0.0.1 port, its socket in the temp dir. Run as `postgres` when we are root (initdb
 * refuses root). Unlike CI it keeps PostgreSQL's durable defaults (fsync, synchronous_commit):
 * a benchmark of acknowledged writes should pay for durability.
 */
export async function startPostgres(bin: string): Promise<PostgresServer> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'servio-bench-pg-'));
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'sock');
  mkdirSync(socketDir);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    chownSync(socketDir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], { cwd: dir })
      : run(path.join(bin, command), args, { cwd: dir });

  await as('initdb', [
    '-D',
    dataDir,
    '--auth=trust',
    '--username=postgres',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  const statementStats = existsSync(path.join(bin, '..', 'lib', 'pg_stat_statements.so'));
  const settings = [`-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir}`];
  if (statementStats)
    settings.push('-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top');
  await as('pg_ctl', [
    '-D',
    dataDir,
    '-l',
    path.join(dir, 'postgres.log'),
    '-w',
    '-t',
    '60',
    'start',
    '-o',
    settings.join(' '),
  ]);
  let stopped = false;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    socketUrl: `postgres://postgres@localhost:${port}/postgres?host=${encodeURIComponent(socketDir)}`,
    statementStats,
    description: `PostgreSQL started for this run (${bin}, port ${port}, default settings)`,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await as('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `postgres://u@h:p/db` with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` with one admin connection. */
export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await withAdmin(adminUrl, (c) => c.query(`create database ${name}`));
  return withDatabase(adminUrl, name);
}

export interface StatementStat {
  /** The statement's first words: statements that differ only in their number of rows are one. */
  statement: string;
  calls: number;
  ms: number;
  rows: number;
}

/** Starts counting statements from zero; false when pg_stat_statements is not loaded. */
export async function resetStatementStats(adminUrl: string): Promise<boolean> {
  try {
    await withAdmin(adminUrl, async (c) => {
      await c.query('create extension if not exists pg_stat_statements');
      await c.query('select pg_stat_statements_reset()');
    });
    return true;
  } catch {
    return false;
  }
}

/** Execution time by statement in `database` since the reset, most expensive first. */
export async function statementStats(
  adminUrl: string,
  database: string,
  limit: number,
): Promise<StatementStat[]> {
  return withAdmin(adminUrl, async (c) => {
    const { rows } = await c.query(
      `select left(regexp_replace(s.query, '\\s+', ' ', 'g'), 72) as statement,
              sum(s.calls)::float8 as calls, sum(s.total_exec_time)::float8 as ms, sum(s.rows)::float8 as rows
         from pg_stat_statements s join pg_database d on d.oid = s.dbid
        where d.datname = $1
        group by 1 order by ms desc limit $2`,
      [database, limit],
    );
    return rows as StatementStat[];
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
}

/**
 * The server a benchmark runs against: `BENCH_DATABASE_URL` if set, else a throw-away one
 * started here (its stop is pushed onto `cleanups`), with its version and, when it runs on
 * this machine, the postmaster's pid (its process tree is the database's CPU).
 */
export async function benchPostgres(
  cleanups: (() => Promise<void>)[],
): Promise<{ server: PostgresServer; version: string; postmaster: number | undefined }> {
  let server: PostgresServer;
  const external = process.env.BENCH_DATABASE_URL;
  if (external)
    server = {
      adminUrl: external,
      statementStats: true,
      description: 'BENCH_DATABASE_URL',
      stop: async () => {},
    };
  else {
    const bin = findPostgresBin();
    if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql and no BENCH_DATABASE_URL');
    server = await startPostgres(bin);
    cleanups.push(() => server.stop());
  }
  const { version, postmaster } = await withAdmin(server.adminUrl, async (c) => {
    const { rows } = await c.query('select current_setting($1) as version, pg_backend_pid() as backend', [
      'server_version',
    ]);
    return { version: rows[0].version as string, postmaster: parentPid(rows[0].backend as number) };
  });
  return { server, version, postmaster };
}
