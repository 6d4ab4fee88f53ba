/**
 * `npm run bench:reports`: every report over 1,000,000 people and 10,000,000 touchpoints on
 * a PostgreSQL server (target: each under 1 s), timed as the median of 5 runs, next to two
 * baselines measured in the same run on the same database: a plain `count(*)` over people and
 * a group-by over the raw stage history (the full scan a report without its indexes would
 * do). Generated on a fresh database of the server (`BENCH_DATABASE_URL`, else one started
 * here); see bench/README.md.
 *
 *   npm run bench:reports -- --people 1000000 --touchpoints 10 --runs 5 --keep
 *   npm run bench:reports -- --reuse servio_bench_reports_123   # time again over a kept database
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Ctx, contextFor } from '../../src/app.js';
import { loadConfig, ManualClock } from '../../src/core/index.js';
import {
  diagnostics,
  funnelReport,
  metricsReport,
  monthlyReport,
  pipelineReview,
  speedToLeadReport,
} from '../../src/reports/index.js';
import { migrateToLatest, openStore } from '../../src/store/index.js';
import { benchPostgres, createDatabase, dropDatabase, withDatabase } from '../support/postgres-server.js';
import { firstTouchDrift } from '../../src/reports/first-touch-store.js';
import { stageEntryDrift } from '../../src/reports/stage-entry-store.js';
import { fillReports } from './data.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000000' },
    touchpoints: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const PEOPLE = Number(values.people);
const TOUCHPOINTS = Number(values.touchpoints);
const RUNS = Number(values.runs);
const NOW = new Date('2026-11-23T12:00:00Z');
const TARGET_MS = 1000;
const log = (line: string) => process.stdout.write(`${line}\n`);

const cleanups: (() => Promise<void>)[] = [];
const { server, version } = await benchPostgres(cleanups);
const name = values.reuse ?? `servio_bench_reports_${process.pid}`;
const url = values.reuse ? withDatabase(server.adminUrl, name) : await createDatabase(server.adminUrl, name);
const store = await openStore({ databaseUrl: url, poolSize: 10 });
try {
  await migrateToLatest(store.db);
  log(`PostgreSQL ${version} (${server.description}), database ${name}`);
  const started = performance.now();
  if (!values.reuse) {
    log(
      `filling ${PEOPLE.toLocaleString()} people, ${(PEOPLE * TOUCHPOINTS).toLocaleString()} touchpoints ...`,
    );
    await fillReports(store.db, PEOPLE, TOUCHPOINTS, log);
  }
  const fillSeconds = (performance.now() - started) / 1000;
  const sizes = await sql<{ t: string; n: string }>`
    select 'people' as t, count(*) as n from people union all select 'touchpoints', count(*) from touchpoints
    union all select 'stage_history', count(*) from stage_history union all select 'sla_clocks', count(*) from sla_clocks
    union all select 'opportunities', count(*) from opportunities`.execute(store.db);
  log(
    `filled in ${fillSeconds.toFixed(0)} s: ${sizes.rows.map((r) => `${r.t} ${Number(r.n).toLocaleString()}`).join(', ')}`,
  );

  // The first-touch rollup the funnel groups by (migration 0019, kept by triggers on
  // touchpoints; backfilled by the migration when reusing a database filled before it, else
  // written by the fill's inserts) must equal its definition recomputed from the touchpoints.
  const driftStarted = performance.now();
  const drift = await firstTouchDrift(store.db);
  log(
    `first-touch rollup vs recomputed from ${(PEOPLE * TOUCHPOINTS).toLocaleString()} touchpoints: ${drift.length === 0 ? 'equal' : `${drift.length}+ people differ, e.g. ${JSON.stringify(drift[0])}`} (${((performance.now() - driftStarted) / 1000).toFixed(1)} s)`,
  );
  if (drift.length > 0) process.exitCode = 1;
  // Likewise the period funnel's rollup (migration 0024, kept by triggers on stage_history).
  const stageStarted = performance.now();
  const stageDrift = await stageEntryDrift(store.db);
  log(
    `period funnel rollup vs recomputed from the stage history: ${stageDrift.length === 0 ? 'equal' : `${stageDrift.length}+ entries differ, e.g. ${JSON.stringify(stageDrift[0])}`} (${((performance.now() - stageStarted) / 1000).toFixed(1)} s)`,
  );
  if (stageDrift.length > 0) process.exitCode = 1;

  const ctx: Ctx = contextFor(store, loadConfig({ LOG_LEVEL: 'silent' }), { clock: new ManualClock(NOW) });
  const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
  const cases: [string, () => Promise<unknown>][] = [
    ['baseline: count(*) over people', () => sql`select count(*) from people`.execute(store.db)],
    [
      'baseline: group-by over raw stage_history',
      () =>
        sql`select to_stage, count(distinct person_id) from stage_history group by to_stage`.execute(
          store.db,
        ),
    ],
    ['metrics (October, beside September)', () => metricsReport(ctx, OCTOBER)],
    ['funnel, period view, total', () => funnelReport(ctx, { ...OCTOBER, view: 'period' })],
    [
      'funnel, period view, by channel',
      () => funnelReport(ctx, { ...OCTOBER, view: 'period', by: 'channel' }),
    ],
    ['funnel, period view, by team', () => funnelReport(ctx, { ...OCTOBER, view: 'period', by: 'team' })],
    [
      'funnel, cohort view, by campaign',
      () => funnelReport(ctx, { ...OCTOBER, view: 'cohort', by: 'campaign' }),
    ],
    [
      'funnel, cohort of MQLs, by segment',
      () => funnelReport(ctx, { ...OCTOBER, view: 'cohort', anchor: 'mql', by: 'segment' }),
    ],
    ['speed-to-lead (October)', () => speedToLeadReport(ctx, OCTOBER)],
    ['weekly pipeline review (2026-W43)', () => pipelineReview(ctx, { week: '2026-W43' })],
    ['monthly alignment report (2026-10)', () => monthlyReport(ctx, { month: '2026-10' })],
    ['diagnostics (October against September)', () => diagnostics(ctx, OCTOBER)],
  ];
  const rows: { label: string; median: number; min: number; max: number }[] = [];
  for (const [label, run] of cases) {
    await run(); // warm the cache: the figure is a report on a running server
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    rows.push({ label, median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times.at(-1)! });
    log(`  ${label}: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms`);
  }

  // Sanity: the reports read real volume, not an empty range.
  const m = await metricsReport(ctx, OCTOBER);
  const acceptance = m.metrics.find((r) => r.id === 'mql_to_sql_acceptance');
  log(
    `October: ${acceptance?.note}; speed-to-lead ${m.metrics.find((r) => r.id === 'speed_to_lead')?.display}`,
  );

  const count = rows[0]!.median;
  const group = rows[1]!.median;
  const f = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US')} ms`;
  log(`\n| report | median of ${RUNS} | min-max | vs count(*) | vs raw group-by | < 1 s |`);
  log('|---|--:|--:|--:|--:|:-:|');
  for (const r of rows)
    log(
      `| ${r.label} | ${f(r.median)} | ${f(r.min)}-${f(r.max)} | ${(r.median / count).toFixed(2)}x | ${(r.median / group).toFixed(2)}x | ${r.median < TARGET_MS ? 'yes' : '**no**'} |`,
    );
  log(`\nvolume generated in ${fillSeconds.toFixed(0)} s`);
} finally {
  await store.close();
  if (!values.keep && !values.reuse) await dropDatabase(server.adminUrl, name);
  else log(`kept database ${url}`);
  for (const cleanup of cleanups.reverse()) await cleanup();
}
