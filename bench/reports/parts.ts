/**
 * The monthly alignment report's parts timed apart over a kept bench database (median of
 * `--runs` after one warm-up each), and the JSON of the three reports that share them
 * (monthly, diagnostics, metrics) written to `--out`, so that two versions of the code can be
 * compared over the same data (`cmp a.json b.json`). See bench/README.md.
 *
 *   BENCH_DATABASE_URL=postgres://... node --import tsx bench/reports/parts.ts \
 *     --reuse servio_bench_reports_123 --out /tmp/before.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { parseArgs } from 'node:util';
import { type Ctx, contextFor } from '../../src/app.js';
import { loadConfig, ManualClock } from '../../src/core/index.js';
import { diagnostics, funnelReport, metricsReport, monthlyReport } from '../../src/reports/index.js';
import { periodFunnel } from '../../src/reports/funnel-store.js';
import { monthRange, previousMonth } from '../../src/reports/model.js';
import { revenueFiguresFor } from '../../src/reports/revenue-source.js';
import { campaignsOfRange } from '../../src/reports/review-store.js';
import { countStageEntries, speedToLead } from '../../src/reports/store.js';
import { slaCompliance } from '../../src/sla/index.js';
import { openStore } from '../../src/store/index.js';

const { values } = parseArgs({
  options: {
    reuse: { type: 'string' },
    runs: { type: 'string', default: '5' },
    out: { type: 'string' },
    only: { type: 'string' },
  },
});
const admin = process.env.BENCH_DATABASE_URL;
if (!admin || !values.reuse) throw new Error('needs BENCH_DATABASE_URL and --reuse <database>');
const url = new URL(admin);
url.pathname = `/${values.reuse}`;
const store = await openStore({ databaseUrl: url.toString(), poolSize: 10 });
const NOW = new Date('2026-11-23T12:00:00Z');
const ctx: Ctx = contextFor(store, loadConfig({ LOG_LEVEL: 'silent' }), { clock: new ManualClock(NOW) });
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
const range = monthRange('2026-10');
const prior = previousMonth(range);
const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * CPU milliseconds of this database's backends (the pool's connections, alive through the
 * run; parallel workers that come and go are not counted) and of this process: on a shared
 * machine a part's CPU says more than its wall time.
 */
async function backendsCpuMs(): Promise<number> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(store.db);
  let total = 0;
  for (const { pid } of rows) {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // a backend of another machine, or gone
    }
  }
  return total;
}
const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

try {
  const cases: [string, () => Promise<unknown>][] = [
    ['slaCompliance', () => slaCompliance(ctx, '2026-10')],
    ['periodFunnel October', () => periodFunnel(ctx.db, range, 'total')],
    ['periodFunnel September', () => periodFunnel(ctx.db, prior, 'total')],
    [
      'periodFunnel both, side by side',
      () => Promise.all([periodFunnel(ctx.db, range, 'total'), periodFunnel(ctx.db, prior, 'total')]),
    ],
    [
      'countStageEntries both, side by side',
      () => Promise.all([countStageEntries(ctx.db, range), countStageEntries(ctx.db, prior)]),
    ],
    ['speedToLead', () => speedToLead(ctx.db, range, NOW)],
    ['campaignsOfRange', () => campaignsOfRange(ctx.db, range)],
    ['diagnostics without revenue', () => diagnostics(ctx, OCTOBER, null)],
    ['revenue figures (both months)', () => revenueFiguresFor(ctx, range, prior, 'USD')],
    ['monthly report', () => monthlyReport(ctx, { month: '2026-10' })],
    ['diagnostics', () => diagnostics(ctx, OCTOBER)],
    ['metrics', () => metricsReport(ctx, OCTOBER)],
  ];
  const runs = Number(values.runs);
  for (const [label, run] of cases) {
    if (values.only && !label.includes(values.only)) continue;
    await run();
    const times: number[] = [];
    const dbBefore = await backendsCpuMs();
    const nodeBefore = ownCpuMs();
    for (let i = 0; i < runs; i += 1) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    const nodeMs = (ownCpuMs() - nodeBefore) / runs;
    const dbMs = ((await backendsCpuMs()) - dbBefore) / runs;
    times.sort((a, b) => a - b);
    log(
      `${label}: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms (${times[0]!.toFixed(0)}-${times.at(-1)!.toFixed(0)}); CPU a run: database ${dbMs.toFixed(0)} ms, node ${nodeMs.toFixed(0)} ms`,
    );
  }
  if (values.out) {
    const out = {
      monthly: await monthlyReport(ctx, { month: '2026-10' }),
      diagnostics: await diagnostics(ctx, OCTOBER),
      metrics: await metricsReport(ctx, OCTOBER),
      funnels: await Promise.all(
        (['total', 'channel', 'team', 'segment'] as const).map((by) =>
          funnelReport(ctx, { ...OCTOBER, view: 'period', by }),
        ),
      ),
    };
    writeFileSync(values.out, `${JSON.stringify(out, null, 2)}\n`);
    log(`wrote ${values.out}`);
  }
} finally {
  await store.close();
}
