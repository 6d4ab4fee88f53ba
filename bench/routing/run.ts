/**
 * `npm run bench:routing`: the latency of `POST /v1/events` for requests that each create a
 * new person who becomes an MQL and is routed (owner set, routing decision and `lead.routed`
 * outbox row written, all in the request's commit), at a fixed rate with autocannon, next to
 * a baseline of plain anonymous page views through the same endpoint, on the same server
 * and database, in the same run. Target: routing p99 < 50 ms at 200 requests/s. See
 * bench/README.md.
 *
 *   --store S          postgres | pglite | both (default: both when a PostgreSQL server is
 *                      available through BENCH_DATABASE_URL or can be started here)
 *   --rate R           requests a second, overall (default 200)
 *   --duration S       seconds per phase (default 60)
 *   --connections N    autocannon connections (default 10)
 *   --rounds K         baseline then routing, K times over (default 1)
 *   --warmup S         seconds of each kind before the timed phases, not reported (default 5)
 *   --mode M           sync (default): the answer comes after the request's commit, which routed
 *                      the lead (requests that arrive together share a commit); async: routing
 *                      requests ask `Prefer: respond-async`, are answered 202 once in the inbox,
 *                      and the figure is request sent -> the worker's transaction that routed
 *                      the lead (its clock_timestamp() on the outcome row, same machine's clock)
 *   --cpu-prof DIR     write a V8 CPU profile of each server (and --worker) process into DIR
 *   --paced            evenly paced arrivals: one autocannon instance of one connection and one
 *                      request a second per request a second, started 1/rate s apart (autocannon's
 *                      own pacing sends each connection's share of a second back to back, from
 *                      the start of each second)
 *   --socket           the server reaches PostgreSQL through its Unix socket, not TCP on
 *                      127.0.0.1 (the server this run starts; same host)
 *   --worker           the background jobs (webhook deliveries, sweeps) in a `servio worker`
 *                      process beside a server started with SERVIO_JOBS=off, not in the server
 *   --ideal            a third phase a round, "ideal": the same requests to the route of
 *                      bench/routing/ideal-server.ts (the real server with that route more),
 *                      which writes the same leads in the fewest round trips the work allows,
 *                      deciding nothing: the bound any rewrite of the write path stays above
 *
 * Exits non-zero on an error (a request not answered 2xx with every event stored, a person
 * without an owner, a decision or an outbox row), never for missing the target.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../../src/store/index.js';
import {
  type ServerProcess,
  startServerProcess,
  startWorkerProcess,
} from '../../test/support/server-process.js';
import { cpuMeter, ownCpuMs, treeCpuMs } from '../support/cpu.js';
import {
  createDatabase,
  dropDatabase,
  benchPostgres,
  findPostgresBin,
  resetStatementStats,
  type StatementStat,
  statementStats,
  withAdmin,
  withDatabase,
} from '../support/postgres-server.js';
import { type PhaseKind, type PhaseReport, runPhase } from './load.js';
import { drained, fillRouted } from './routed.js';
import { setUpOrg, startWebhookSink } from './org.js';
import { fmt, type Phase, printResults, type StoreResult } from './report.js';
import { verify } from './verify.js';

type CpuSources = Record<string, () => number | undefined>;

const { values: args } = parseArgs({
  options: {
    store: { type: 'string' },
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '10' },
    socket: { type: 'boolean', default: false },
    paced: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
    ideal: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '5' },
    mode: { type: 'string', default: 'sync' },
    'cpu-prof': { type: 'string' },
  },
});
const count = (name: string, raw: string, min: number, max: number): number => {
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max)
    usage(`--${name} ${raw}: must be a whole number from ${min} to ${max}`);
  return value;
};
const rate = count('rate', args.rate, 1, 100_000);
const duration = count('duration', args.duration, 1, 3_600);
const connections = count('connections', args.connections, 1, 1_000);
const rounds = count('rounds', args.rounds, 1, 20);
const pacing = args.paced
  ? `paced: ${rate} autocannon instances of 1 connection, 1 request a second each, started ${(1000 / rate).toFixed(1)} ms apart`
  : `${connections} connections (autocannon)`;
const warmup = count('warmup', args.warmup, 0, 600);
if (!['sync', 'async'].includes(args.mode)) usage(`--mode ${args.mode}: sync or async`);
const asyncMode = args.mode === 'async';
if (args.ideal && asyncMode) usage('--ideal measures the synchronous answer: not with --mode async');
if (args.ideal && args.store !== 'postgres') usage('--ideal needs --store postgres');
/**
 * The kinds of phase a round runs, in order. With `--ideal`, routing and ideal swap places
 * every other round: the tables grow through a run, and the later phase writes to larger ones.
 */
const kindsOf = (round: number): PhaseKind[] =>
  !args.ideal
    ? ['baseline', 'routing']
    : round % 2 === 1
      ? ['baseline', 'routing', 'ideal']
      : ['baseline', 'ideal', 'routing'];
if (args.store && !['postgres', 'pglite', 'both'].includes(args.store))
  usage(`--store ${args.store}: postgres, pglite or both`);

function usage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const cleanups: (() => Promise<void>)[] = [];
const runId = randomBytes(3).toString('hex');

/** The server logs pino JSON lines; errors are counted by message. */
function loggedErrors(output: string): Map<string, number> {
  const errors = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) < 50) continue;
      const message = (entry.err?.message ?? entry.msg ?? line).slice(0, 200);
      errors.set(message, (errors.get(message) ?? 0) + 1);
    } catch {
      // not a log line
    }
  }
  return errors;
}

interface Target {
  store: 'postgres' | 'pglite';
  env: Record<string, string>;
  cpuSources: CpuSources;
  /** pg_stat_statements of the server's database, when available. */
  stats?: { reset(): Promise<boolean>; read(): Promise<StatementStat[]> };
  /** Reads the database once the server has stopped. */
  query<T>(work: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T>;
}

async function runStore(target: Target): Promise<StoreResult> {
  const sink = await startWebhookSink();
  cleanups.push(() => sink.close());
  const profile = args['cpu-prof'];
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  const server: ServerProcess = await startServerProcess({
    // The per-key rate limit is lifted: it is not what is measured. Errors are logged (kept in
    // memory by the helper) so that a 500 can be explained.
    env: {
      ...target.env,
      SERVIO_RATE_LIMIT_PER_MINUTE: '10000000',
      LOG_LEVEL: 'error',
      ...(args.worker ? { SERVIO_JOBS: 'off' } : {}),
    },
    nodeArgs,
    readyTimeoutMs: 120_000,
    ...(args.ideal ? { script: path.resolve(import.meta.dirname, 'ideal-server.ts') } : {}),
  });
  cleanups.push(() => server.kill());
  if (args.worker && target.store !== 'postgres')
    throw new Error('--worker needs PostgreSQL: PGlite is opened by one process');
  // The background jobs beside the server, on its database.
  const worker = args.worker
    ? await startWorkerProcess({
        env: { ...target.env, LOG_LEVEL: 'error' },
        nodeArgs,
        readyTimeoutMs: 120_000,
      })
    : undefined;
  if (worker) cleanups.push(() => worker.kill());
  if (!server.adminKey)
    throw new Error(`the server printed no admin key on a fresh database:\n${server.output()}`);
  const org = await setUpOrg(server.url, server.adminKey, sink.url);
  process.stderr.write(
    `${target.store}: server ${server.url} (pid ${server.pid}); ${org.teams} teams, ${org.users} users, ` +
      `webhook to ${org.webhook}; ${rate}/s, ${duration} s a phase, ${pacing}\n`,
  );
  const meterSources = {
    ...target.cpuSources,
    server: () => treeCpuMs(server.pid),
    ...(worker ? { worker: () => treeCpuMs(worker.pid) } : {}),
  };
  let tags = 0;
  const phase = async (kind: PhaseKind, seconds: number) =>
    runPhase(kind, {
      url: server.url,
      key: server.adminKey!,
      rate,
      seconds,
      connections,
      tag: `${runId}${kind[0]}${tags++}`,
      async: asyncMode,
      paced: args.paced,
    });

  const all: PhaseReport[] = [];
  if (warmup > 0) {
    process.stderr.write(`  warm-up: ${warmup} s of each\n`);
    for (const kind of kindsOf(1)) all.push(await phase(kind, warmup));
  }
  const phases: Phase[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const kind of kindsOf(round)) {
      // Requests cut off when the last phase ended are still being answered: let them finish.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const withStats = (await target.stats?.reset()) ?? false;
      const meter = cpuMeter(meterSources);
      meter.start();
      const report = await phase(kind, duration);
      // Asynchronous: the worker's work belongs to the phase; count its CPU and statements too.
      if (asyncMode) await drained(server.url, server.adminKey!);
      const cpu = meter.stop();
      const load = os.loadavg()[0]!;
      const sql = withStats ? await target.stats!.read() : [];
      all.push(report);
      phases.push({ report, round, cpu, load, sql });
      process.stderr.write(
        `  ${kind} ${round}: ${fmt(report.ok)} ok, p50 ${report.latency.p50} ms, p99 ${report.latency.p99} ms, load ${load.toFixed(1)}\n`,
      );
    }
  }
  if (asyncMode) await drained(server.url, server.adminKey!);
  // Give the delivery job a moment for the last notifications (reported, not required).
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await server.stop(60_000);
  // SIGTERM: the worker finishes its deliveries in flight before the sink closes.
  if (worker) await worker.stop(60_000);
  if (asyncMode) await target.query((query) => fillRouted(query, all));
  const webhooksReceived = sink.received();
  await sink.close();

  const verification = await target.query(verify);
  const routing = all.filter((r) => r.kind !== 'baseline');
  const routed = routing.reduce((sum, r) => sum + r.ok, 0);
  const routingSent = routing.reduce((sum, r) => sum + r.sent, 0);
  const problems: string[] = [];
  for (const r of all) {
    const failed = r.non2xx + r.errors + r.timeouts + r.bad;
    if (failed > 0)
      problems.push(
        `${r.kind} ${r.tag}: ${r.non2xx} non-2xx, ${r.errors} errors (${r.timeouts} timeouts), ${r.bad} not all stored; first: ${r.firstProblem}`,
      );
  }
  const v = verification;
  if (v.people < routed)
    problems.push(`${v.people} people in the database, ${routed} routing requests answered`);
  if (v.people > routingSent) problems.push(`${v.people} people in the database, only ${routingSent} sent`);
  if (v.withoutOwner > 0) problems.push(`${v.withoutOwner} people without an owner`);
  if (v.withoutDecision > 0) problems.push(`${v.withoutDecision} people without a routing decision`);
  if (v.withoutOutbox > 0) problems.push(`${v.withoutOutbox} people without a lead.routed outbox row`);
  return {
    store: target.store,
    phases,
    verification,
    routed,
    routingSent,
    webhooksReceived,
    serverErrors: loggedErrors(server.output()),
    problems,
  };
}

async function postgresTarget(): Promise<Target> {
  const { server, version, postmaster } = await benchPostgres(cleanups);
  process.stderr.write(`postgres: ${server.description}, version ${version}\n`);
  const name = `servio_bench_routing_${runId}`;
  cleanups.push(() => dropDatabase(server.adminUrl, name));
  const url = await createDatabase(server.adminUrl, name);
  if (args.socket && !server.socketUrl)
    throw new Error('--socket needs the server this run starts (no BENCH_DATABASE_URL)');
  return {
    store: 'postgres',
    env: { DATABASE_URL: args.socket ? withDatabase(server.socketUrl!, name) : url },
    cpuSources: {
      database: () => (postmaster === undefined ? undefined : treeCpuMs(postmaster)),
      client: ownCpuMs,
    },
    stats: server.statementStats
      ? {
          reset: () => resetStatementStats(server.adminUrl),
          read: async () => [
            ...(await statementStats(server.adminUrl, name, 15)),
            await withAdmin(server.adminUrl, async (c) => {
              const { rows } = await c.query(
                `select 'all statements' as statement, sum(s.calls)::float8 as calls,
                        sum(s.total_exec_time)::float8 as ms, sum(s.rows)::float8 as rows
                   from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1`,
                [name],
              );
              return rows[0] as StatementStat;
            }),
          ],
        }
      : undefined,
    query: (work) => withAdmin(url, (c) => work(async (sql) => (await c.query(sql)).rows)),
  };
}

function pgliteTarget(): Target {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'servio-bench-routing-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'server');
  return {
    store: 'pglite',
    env: { SERVIO_DATA_DIR: dataDir },
    cpuSources: { client: ownCpuMs },
    async query(work) {
      let store: Store | undefined;
      try {
        store = await openStore({ dataDir });
        const pglite = store.pglite!;
        return await work(async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows);
      } finally {
        await store?.close();
      }
    },
  };
}

async function main(): Promise<boolean> {
  let stores: ('postgres' | 'pglite')[];
  if (args.store === 'postgres') stores = ['postgres'];
  else if (args.store === 'pglite') stores = ['pglite'];
  else if (args.store === 'both' || process.env.BENCH_DATABASE_URL || findPostgresBin())
    stores = ['postgres', 'pglite'];
  else {
    process.stderr.write('no BENCH_DATABASE_URL and no PostgreSQL binaries: PGlite only\n');
    stores = ['pglite'];
  }
  const results: StoreResult[] = [];
  for (const store of stores) {
    try {
      results.push(await runStore(store === 'postgres' ? await postgresTarget() : pgliteTarget()));
    } finally {
      await cleanUp(); // this store's server, database and temp dirs, before the next store runs
    }
  }
  printResults(results, { rate, duration, pacing, rounds, connections, asyncMode });
  return results.every((r) => r.problems.length === 0);
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup: ${(error as Error).message}\n`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  if (!(await main())) process.exitCode = 1;
  await cleanUp();
} catch (error) {
  process.stderr.write(`bench:routing failed: ${(error as Error).stack ?? error}\n`);
  await cleanUp();
  process.exitCode = 1;
}
