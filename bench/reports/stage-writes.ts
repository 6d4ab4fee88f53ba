/**
 * `npm run bench:stage-writes`: what the period funnel's rollup (`funnel_stage_entries`, kept
 * by triggers on `stage_history`, migrations 0024 and 0027) costs a stage move, in an
 * organisation whose history already holds many funnel entries. See bench/README.md.
 *
 * Each timed transaction is what routing does for a new lead: a person, its lead entry and its
 * MQL entry, committed; one connection, one after another. Three ways, alternating, on the same
 * database: the triggers as migrated (0027: each person's entries from their own index range),
 * the recomputation of 0024 (every funnel entry filtered by person, when the statistics say
 * funnel entries are rare), and no trigger (the baseline: the bare inserts).
 *
 * The statistics are those of a young organisation or a fresh import: analyzed while every
 * person was a lead, then all of them became MQLs (automatic analyze is off for the run, so
 * that they stay so). With statistics that hold the funnel entries, 0024's plan was right.
 *
 *   --people N     people in the organisation, each with a lead and an MQL entry (default 100,000)
 *   --moves K      timed transactions a phase (default 1,000)
 *   --rounds R     the three phases, R times over (default 3)
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import {
  down as recomputeOf0024,
  up as recomputeOf0027,
} from '../../src/store/migrations/0027_stage_entry_recompute_by_person.js';
import { migrateToLatest, openStore, type Store } from '../../src/store/index.js';
import { benchPostgres, createDatabase, dropDatabase } from '../support/postgres-server.js';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    moves: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
  },
});
const PEOPLE = Number(args.people);
const MOVES = Number(args.moves);
const ROUNDS = Number(args.rounds);

type Way = 'rollup (0027)' | 'rollup (0024)' | 'no trigger';
const WAYS: Way[] = ['rollup (0027)', 'rollup (0024)', 'no trigger'];

async function fill(store: Store): Promise<void> {
  const db = store.db;
  await sql`insert into people (id, email, stage, stage_entered_at, created_at, updated_at)
    select 'org' || g, 'org' || g || '@bench.test', 'mql', now(), now(), now()
      from generate_series(1, ${PEOPLE}) g`.execute(db);
  await sql`insert into stage_history (person_id, from_stage, to_stage, at, actor_type)
    select 'org' || g, null, 'lead', now() - interval '1 day', 'system'
      from generate_series(1, ${PEOPLE}) g`.execute(db);
  await sql`analyze stage_history`.execute(db);
  // Kept stale for the run: an automatic analyze would otherwise catch up during it.
  await sql`alter table stage_history set (autovacuum_enabled = false)`.execute(db);
  await sql`insert into stage_history (person_id, from_stage, to_stage, at, actor_type)
    select 'org' || g, 'lead', 'mql', now(), 'system' from generate_series(1, ${PEOPLE}) g`.execute(db);
}

async function use(db: Kysely<unknown>, way: Way): Promise<void> {
  await sql`alter table stage_history enable trigger stage_history_funnel_insert`.execute(db);
  if (way === 'no trigger')
    await sql`alter table stage_history disable trigger stage_history_funnel_insert`.execute(db);
  else if (way === 'rollup (0024)') await recomputeOf0024(db);
  else await recomputeOf0027(db);
}

let serial = 0;

/** `MOVES` transactions of one new lead each; their durations, ms, sorted. */
async function moves(store: Store): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < MOVES; i++) {
    const id = `move${serial++}`;
    const started = performance.now();
    await store.db.transaction().execute(async (trx) => {
      await sql`insert into people (id, email, stage, stage_entered_at, created_at, updated_at)
        values (${id}, ${`${id}@bench.test`}, 'mql', now(), now(), now())`.execute(trx);
      await sql`insert into stage_history (person_id, from_stage, to_stage, at, actor_type)
        values (${id}, null, 'lead', now(), 'system')`.execute(trx);
      await sql`insert into stage_history (person_id, from_stage, to_stage, at, actor_type)
        values (${id}, 'lead', 'mql', now(), 'system')`.execute(trx);
    });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

const cleanups: (() => Promise<void>)[] = [];
try {
  const { server, version } = await benchPostgres(cleanups);
  const name = `servio_bench_stage_writes_${process.pid}`;
  const url = await createDatabase(server.adminUrl, name);
  cleanups.unshift(() => dropDatabase(server.adminUrl, name));
  const store = await openStore({ databaseUrl: url, poolSize: 1 });
  cleanups.unshift(() => store.close());
  await migrateToLatest(store.db);
  const filled = performance.now();
  await fill(store);
  console.log(
    `PostgreSQL ${version} (${server.description}); ${PEOPLE.toLocaleString('en')} people with a lead and an MQL entry, ` +
      `statistics taken before the MQLs (${((performance.now() - filled) / 1000).toFixed(0)} s)`,
  );
  const medians = new Map<Way, number[]>();
  console.log('round  way              p50 ms   p90 ms   p99 ms   mean ms');
  for (let round = 1; round <= ROUNDS; round++) {
    for (const way of WAYS) {
      await use(store.db as unknown as Kysely<unknown>, way);
      const times = await moves(store);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      medians.set(way, [...(medians.get(way) ?? []), at(times, 0.5)]);
      console.log(
        `${String(round).padStart(5)}  ${way.padEnd(15)}${at(times, 0.5).toFixed(2).padStart(8)}` +
          `${at(times, 0.9).toFixed(2).padStart(9)}${at(times, 0.99).toFixed(2).padStart(9)}${mean.toFixed(2).padStart(10)}`,
      );
    }
  }
  await use(store.db as unknown as Kysely<unknown>, 'rollup (0027)');
  const median = (way: Way) => {
    const v = [...(medians.get(way) ?? [])].sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)]!;
  };
  const base = median('no trigger');
  console.log(
    `\nA new lead's transaction (person, lead entry, MQL entry), median p50 over the rounds, against no trigger:\n` +
      `  rollup (0027): ${median('rollup (0027)').toFixed(2)} ms, ${(median('rollup (0027)') / base).toFixed(2)}x\n` +
      `  rollup (0024): ${median('rollup (0024)').toFixed(2)} ms, ${(median('rollup (0024)') / base).toFixed(2)}x\n` +
      `  no trigger:    ${base.toFixed(2)} ms`,
  );
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error(error));
}
