/**
 * What `bench:routing` prints once its stores have run: a line a phase, the ratios and checks
 * of each store, and where the database's time went (bench/README.md, routing).
 */
import os from 'node:os';
import type { StatementStat } from '../support/postgres-server.js';
import type { PhaseReport } from './load.js';
import type { Verification } from './verify.js';

export const TARGET_P99_MS = 50;

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));

export type CpuSpent = Record<string, number | undefined>;

export interface Phase {
  report: PhaseReport;
  round: number;
  cpu: CpuSpent;
  load: number;
  sql: StatementStat[];
}

export interface StoreResult {
  store: 'postgres' | 'pglite';
  phases: Phase[];
  verification: Verification;
  /** Routing requests answered with both events stored, warm-up included. */
  routed: number;
  /** Routing requests sent, warm-up included (some may be cut off when a phase ends). */
  routingSent: number;
  webhooksReceived: number;
  serverErrors: Map<string, number>;
  problems: string[];
}

/** The run's settings the report describes. */
export interface RunSettings {
  rate: number;
  duration: number;
  /** How the load was paced, in words. */
  pacing: string;
  rounds: number;
  connections: number;
  asyncMode: boolean;
}

export function printResults(results: StoreResult[], run: RunSettings): void {
  const { rate, duration, pacing, rounds, connections, asyncMode } = run;
  const widths = [9, 9, 6, 9, 7, 7, 7, 7, 30, 5];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 1 || i === 8 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  console.log(
    `\nRouting: POST /v1/events creating one new MQL a request (routed, outbox written, one commit) vs ` +
      `one anonymous page_view a request; ${rate}/s for ${duration} s a phase, ${pacing}`,
  );
  console.log(
    line([
      'store',
      'phase',
      'round',
      'ok/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'CPU ms a request',
      'load',
    ]),
  );
  for (const r of results) {
    for (const p of r.phases) {
      const { report } = p;
      const parts = Object.entries(p.cpu).filter((e): e is [string, number] => e[1] !== undefined);
      const total = parts.reduce((sum, [, v]) => sum + v, 0);
      const per = (v: number) => (v / Math.max(1, report.ok)).toFixed(2);
      console.log(
        line([
          r.store,
          report.kind,
          String(p.round),
          fmt(report.ok / report.seconds),
          ms(report.latency.p50),
          ms(report.latency.p90),
          ms(report.latency.p99),
          ms(report.latency.max),
          `${per(total)} (${parts.map(([name, v]) => `${name} ${per(v)}`).join(', ')})`,
          p.load.toFixed(1),
        ]),
      );
    }
  }
  for (const r of results) {
    console.log(`\n${r.store}:`);
    for (let round = 1; round <= rounds; round++) {
      const base = r.phases.find((p) => p.round === round && p.report.kind === 'baseline')!.report;
      const route = r.phases.find((p) => p.round === round && p.report.kind === 'routing')!.report;
      const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}x` : 'n/a');
      console.log(
        `  round ${round}: routing/baseline p50 ${ratio(route.latency.p50, base.latency.p50)}, p99 ${ratio(route.latency.p99, base.latency.p99)}; ` +
          (asyncMode
            ? `routing answered (202, accepted) p99 ${route.latency.p99} ms; the target is judged on "routed" below`
            : `routing p99 ${route.latency.p99} ms: target (< ${TARGET_P99_MS} ms) ${route.latency.p99 < TARGET_P99_MS ? 'met' : 'missed'}`),
      );
      const ideal = r.phases.find((p) => p.round === round && p.report.kind === 'ideal')?.report;
      if (ideal)
        console.log(
          `    ideal (the same leads in the fewest round trips, nothing decided: bench/routing/ideal-server.ts): ` +
            `ideal/baseline p50 ${ratio(ideal.latency.p50, base.latency.p50)}, p99 ${ratio(ideal.latency.p99, base.latency.p99)}; ` +
            `routing/ideal p50 ${ratio(route.latency.p50, ideal.latency.p50)}, p99 ${ratio(route.latency.p99, ideal.latency.p99)}; ` +
            `ideal p99 ${ideal.latency.p99} ms: target (< ${TARGET_P99_MS} ms) ${ideal.latency.p99 < TARGET_P99_MS ? 'met' : 'missed'}`,
        );
      for (const p of ideal ? [base, route, ideal] : [base, route]) {
        const got = p.ok / p.seconds;
        if (got < rate * 0.95)
          console.log(
            `    ${p.kind}: asked ${rate}/s, answered ${got.toFixed(0)}/s: the server could not keep up, so the ` +
              `latency is mostly waiting behind the other ${connections - 1} connections' requests (autocannon waits for each answer)`,
          );
      }
      const e = (x: PhaseReport['exact']) =>
        `p50 ${x.p50.toFixed(1)}, p90 ${x.p90.toFixed(1)}, p99 ${x.p99.toFixed(1)}, max ${x.max.toFixed(1)}`;
      console.log(
        `    own timings (ms, unrounded): baseline ${e(base.exact)}; routing ${e(route.exact)}` +
          (ideal ? `; ideal ${e(ideal.exact)}` : ''),
      );
      if (route.routed) {
        console.log(
          `    request sent -> lead routed (worker's commit, ${fmt(route.routed.count)} leads; ms): ${e(route.routed)}; ` +
            `p99 vs baseline answer p99 ${(route.routed.p99 / Math.max(0.001, base.exact.p99)).toFixed(1)}x; ` +
            `target (< ${TARGET_P99_MS} ms) ${route.routed.p99 < TARGET_P99_MS ? 'met' : 'missed'}`,
        );
        const phase = r.phases.find((p) => p.round === round && p.report.kind === 'routing')!;
        const cpu = Object.values(phase.cpu).reduce((sum: number, v) => sum + (v ?? 0), 0);
        const statements = phase.sql.find((q) => q.statement === 'all statements')?.calls;
        console.log(
          `    worker: ${route.routed.perSecond.toFixed(0)} leads/s routed (first request sent to last lead routed); ` +
            `per routed lead, the phase and its drain: CPU ${(cpu / Math.max(1, route.routed.count)).toFixed(2)} ms` +
            (statements !== undefined
              ? `, ${(statements / Math.max(1, route.routed.count)).toFixed(1)} statements (pg_stat_statements, the request's included)`
              : ''),
        );
      }
    }
    const v = r.verification;
    console.log(
      `  database after the run: ${fmt(v.people)} people created (${fmt(r.routed)} routing requests answered, ${fmt(r.routingSent)} sent, warm-up included); ` +
        `${v.withoutOwner} without an owner, ${v.withoutDecision} without a routing decision, ${v.withoutOutbox} without a lead.routed outbox row`,
    );
    console.log(
      `  decisions: ${Object.entries(v.decisions)
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(
          ', ',
        )}; ${v.perOwner.owners} owners, ${fmt(v.perOwner.min)} to ${fmt(v.perOwner.max)} leads each`,
    );
    console.log(
      `  lead.routed deliveries: ${Object.entries(v.deliveries)
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(
          ', ',
        )}; webhooks received by the sink ${fmt(r.webhooksReceived)}; touchpoints ${fmt(v.touchpoints)}`,
    );
    for (const [message, n] of r.serverErrors) console.log(`  server logged ${n} x: ${message}`);
    for (const p of r.phases) {
      if (p.sql.length === 0) continue;
      console.log(
        `  ${p.report.kind} ${p.round}: database execution time by statement (pg_stat_statements, ${fmt(p.report.ok)} requests):`,
      );
      console.log(`  ${'calls'.padStart(9)} ${'total s'.padStart(8)} ${'ms/req'.padStart(7)}  statement`);
      for (const q of p.sql)
        console.log(
          `  ${fmt(q.calls).padStart(9)} ${(q.ms / 1000).toFixed(1).padStart(8)} ${(q.ms / Math.max(1, p.report.ok)).toFixed(2).padStart(7)}  ${q.statement}`,
        );
    }
    for (const problem of r.problems) console.log(`  ERROR: ${problem}`);
  }
  console.log(
    `\ntarget: routing p99 < ${TARGET_P99_MS} ms at ${rate}/s; ${os.cpus().length} cores, node ${process.version}`,
  );
}
