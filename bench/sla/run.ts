/**
 * `npm run bench:sla`: the SLA sweeper marking breaches over 1,000,000 open clocks of which
 * 10% are past due, next to a baseline in the same run: one bare UPDATE of exactly those rows
 * (run in a transaction that is rolled back, so the sweeper then finds the same rows).
 *
 *   npm run bench:sla -- --clocks 1000000 --due 0.1 --store both|postgres|pglite
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { contextFor } from '../../src/app.js';
import { loadConfig, ManualClock } from '../../src/core/index.js';
import { markBreaches } from '../../src/sla/index.js';
import { migrateToLatest, openStore, type Store } from '../../src/store/index.js';
import { createDatabase, dropDatabase, findPostgresBin, startPostgres } from '../support/postgres-server.js';

const { values } = parseArgs({
  options: {
    clocks: { type: 'string', default: '1000000' },
    due: { type: 'string', default: '0.1' },
    store: { type: 'string', default: 'both' },
  },
});
const CLOCKS = Number(values.clocks);
const DUE_SHARE = Number(values.due);
const NOW = new Date('2026-11-23T12:00:00Z');
const PEOPLE = Math.max(1, Math.ceil(CLOCKS / 5));

async function fill(store: Store): Promise<void> {
  const db = store.db;
  await migrateToLatest(db);
  const t = NOW.toISOString();
  // People and clocks generated in the database: the fill is not what is measured.
  await sql`insert into people (id, email, stage, stage_entered_at, attributes, created_at, updated_at)
    select 'per_' || lpad(i::text, 10, '0'), null, 'mql', ${t}::timestamptz, '{}'::jsonb, ${t}::timestamptz, ${t}::timestamptz
    from generate_series(1, ${PEOPLE}::int) i`.execute(db);
  // 60 reps are accountable for the clocks (notices go one per rep and sweep slice).
  await sql`insert into users (id, email, name, role, time_zone, created_at, updated_at)
    select 'usr_' || lpad(i::text, 4, '0'), 'rep' || i || '@bench.test', 'Rep ' || i, 'ae', 'UTC', ${t}::timestamptz, ${t}::timestamptz
    from generate_series(1, 60) i`.execute(db);
  const due = Math.round(CLOCKS * DUE_SHARE);
  for (let from = 1; from <= CLOCKS; from += 200_000) {
    const to = Math.min(CLOCKS, from + 199_999);
    await sql`insert into sla_clocks (id, policy, person_id, agreement_version, started_at, due_at, status, accountable_user_id, created_at)
      select 'clk_' || lpad(i::text, 10, '0'),
        (array['mql_first_touch','mql_disposition','mql_routed','sql_to_opportunity'])[1 + i % 4],
        'per_' || lpad((1 + i % ${PEOPLE}::int)::text, 10, '0'), 1,
        ${t}::timestamptz - interval '1 day',
        case when i % ${Math.round(1 / DUE_SHARE)}::int = 0 and i <= ${due * Math.round(1 / DUE_SHARE)}::int
          then ${t}::timestamptz - interval '2 hours' - (i % 1000) * interval '1 second'
          else ${t}::timestamptz + interval '3 days' + (i % 1000) * interval '1 second' end,
        'running', 'usr_' || lpad((1 + i % 60)::text, 4, '0'), ${t}::timestamptz
      from generate_series(${from}::int, ${to}::int) i`.execute(db);
  }
  await sql`analyze sla_clocks`.execute(db);
}

async function countDue(store: Store): Promise<number> {
  const r = await sql<{
    n: string;
  }>`select count(*) as n from sla_clocks where status = 'running' and due_at <= ${new Date(NOW.getTime() - 60_000).toISOString()}::timestamptz`.execute(
    store.db,
  );
  return Number(r.rows[0]!.n);
}

async function baseline(store: Store): Promise<number> {
  const started = performance.now();
  await store.db
    .transaction()
    .execute(async (trx) => {
      await sql`update sla_clocks set status = 'breached', breached_at = due_at
        where status = 'running' and due_at <= ${new Date(NOW.getTime() - 60_000).toISOString()}::timestamptz`.execute(
        trx,
      );
      throw new RollbackSignal();
    })
    .catch((e) => {
      if (!(e instanceof RollbackSignal)) throw e;
    });
  return performance.now() - started;
}
class RollbackSignal extends Error {}

async function sweeper(store: Store): Promise<{ ms: number; marked: number }> {
  const ctx = contextFor(store, loadConfig({ LOG_LEVEL: 'silent' }), { clock: new ManualClock(NOW) });
  const started = performance.now();
  let marked = 0;
  for (let n = await markBreaches(ctx, NOW); n > 0; n = await markBreaches(ctx, NOW)) marked += n;
  return { ms: performance.now() - started, marked };
}

async function measure(label: string, store: Store) {
  process.stdout.write(
    `${label}: filling ${CLOCKS.toLocaleString()} clocks (${Math.round(DUE_SHARE * 100)}% due) ...\n`,
  );
  await fill(store);
  const due = await countDue(store);
  const base = await baseline(store);
  if ((await countDue(store)) !== due) throw new Error('the baseline was not rolled back');
  const sweep = await sweeper(store);
  const left = await countDue(store);
  const outbox = Number(
    (
      await sql<{
        n: string;
      }>`select coalesce(sum((data->>'count')::int), 0) as n from outbox where type = 'sla.breached'`.execute(
        store.db,
      )
    ).rows[0]!.n,
  );
  if (left !== 0 || sweep.marked !== due || outbox !== due)
    throw new Error(
      `sweeper marked ${sweep.marked} of ${due} due clocks (${left} left, ${outbox} notifications)`,
    );
  const baseRate = due / (base / 1000);
  const sweepRate = due / (sweep.ms / 1000);
  return { label, due, baseMs: base, baseRate, sweepMs: sweep.ms, sweepRate, ratio: sweepRate / baseRate };
}

const rows: Awaited<ReturnType<typeof measure>>[] = [];
if (values.store === 'both' || values.store === 'pglite') {
  const store = await openStore({});
  try {
    rows.push(await measure('PGlite', store));
  } finally {
    await store.close();
  }
}
if (values.store === 'both' || values.store === 'postgres') {
  const bin = findPostgresBin();
  const external = process.env.BENCH_DATABASE_URL;
  if (!bin && !external)
    process.stdout.write('PostgreSQL: no server binaries and no BENCH_DATABASE_URL; skipped\n');
  else {
    const server = external ? undefined : await startPostgres(bin!);
    const adminUrl = external ?? server!.adminUrl;
    const name = `servio_bench_sla_${process.pid}`;
    const url = await createDatabase(adminUrl, name);
    const store = await openStore({ databaseUrl: url, poolSize: 2 });
    try {
      rows.push(await measure('PostgreSQL', store));
    } finally {
      await store.close();
      await dropDatabase(adminUrl, name);
      await server?.stop();
    }
  }
}

const f = (n: number) => Math.round(n).toLocaleString('en-US');
process.stdout.write(
  '\n| store | due clocks | bare UPDATE | rows/s | sweeper | breaches/s | ratio |\n|---|--:|--:|--:|--:|--:|--:|\n',
);
for (const r of rows)
  process.stdout.write(
    `| ${r.label} | ${f(r.due)} | ${f(r.baseMs)} ms | ${f(r.baseRate)} | ${f(r.sweepMs)} ms | ${f(r.sweepRate)} | **${Math.round(r.ratio * 100)}%** |\n`,
  );
process.stdout.write(
  '\nThe sweeper claims 1,000 due clocks a transaction (FOR UPDATE SKIP LOCKED), marks them and\npublishes one sla.breached notification each (outbox rows, in one statement); the baseline only updates.\n',
);
