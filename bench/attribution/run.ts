/**
 * `npm run bench:attribution`: attribution end to end through the CLI, reading the file
 * included (issue #6, Performance). A fixed-seed file of 1,000,000 journeys over 10 channels
 * (generate.ts) is read by `node bin/servio.js attribution --paths FILE --json` for
 * - Markov order 1 with value and nulls   target < 1.5 s and < 1 GiB
 * - every heuristic model together          target < 1.5 s
 * - Shapley (exact, 10 channels)
 * next to the baseline in the same run: reading and splitting the same file alone, streamed
 * the same way (baseline.ts). The CLI runs its light entry compiled by `npm run build`
 * (bin/build-light.mjs, rebuilt here first), so the baseline is compiled the same way (esbuild,
 * no tsx at run time); one more case runs Markov from the sources through tsx, as a checkout
 * without a build does. Wall seconds are the median
 * of --runs runs measured by this process; peak memory is the child's maximum resident set
 * (/usr/bin/time). Exits 1 when a model's credits do not add up to the file's conversions
 * (never for missing a target).
 *
 *   --journeys N  rows of the file (default 1,000,000)   --seed N  (default 42)
 *   --runs N      runs of each case (default 3)          --file F  use this file instead
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generatePaths } from './generate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    journeys: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '3' },
    file: { type: 'string' },
  },
});

interface Measure {
  seconds: number;
  /** User + system CPU seconds of the child: less sensitive than wall time to a busy machine. */
  cpu: number;
  peakMiB: number;
  stdout: string;
}

/** Runs `node ...argv` under /usr/bin/time: wall time from here, peak RSS from time. */
function measure(argv: string[], env: Record<string, string> = {}): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'peak-kib %M cpu %U %S', process.execPath, ...argv], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const peak = /peak-kib (\d+) cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 || !peak) return reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`));
      resolve({ seconds, cpu: Number(peak[2]) + Number(peak[3]), peakMiB: Number(peak[1]) / 1024, stdout });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(path.join(os.tmpdir(), 'servio-bench-attr-'));
const file = args.file ?? path.join(dir, 'paths.csv');
if (!args.file) {
  const t = performance.now();
  await generatePaths(file, Number(args.journeys), Number(args.seed));
  process.stdout.write(
    `generated ${Number(args.journeys).toLocaleString('en-US')} journeys, ${(statSync(file).size / 1e6).toFixed(1)} MB, in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
  );
}
// The light entry as `npm run build` leaves it, and the baseline compiled the same way.
execFileSync(process.execPath, ['bin/build-light.mjs'], { cwd: ROOT, stdio: 'inherit' });
const baseline = path.join(dir, 'baseline.mjs');
execFileSync(
  path.join(ROOT, 'node_modules/.bin/esbuild'),
  [
    'bench/attribution/baseline.ts',
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--log-level=warning',
    `--outfile=${baseline}`,
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
const runs = Number(args.runs);
const cli = (model: string, ...extra: string[]) => [
  'bin/servio.js',
  'attribution',
  '--model',
  model,
  ...extra,
  '--paths',
  file,
  '--json',
];
const compiled = { SERVIO_LIGHT_BUNDLE: 'require' };
const cases: { name: string; argv: string[]; env?: Record<string, string>; target?: number }[] = [
  { name: 'baseline: read + split', argv: [baseline, file] },
  { name: 'markov order 1', argv: cli('markov', '--order', '1'), env: compiled, target: 1.5 },
  { name: 'all heuristics', argv: cli('heuristics'), env: compiled, target: 1.5 },
  { name: 'shapley', argv: cli('shapley'), env: compiled },
  { name: 'markov 1, tsx sources', argv: cli('markov', '--order', '1'), env: { SERVIO_LIGHT_BUNDLE: 'off' } },
];

let failed = false;
const results: { name: string; seconds: number; cpu: number; peakMiB: number; target?: number }[] = [];
for (const c of cases) {
  const measures: Measure[] = [];
  for (let r = 0; r < runs; r++) measures.push(await measure(c.argv, c.env));
  const last = JSON.parse(measures.at(-1)!.stdout);
  if (c.name.startsWith('baseline')) {
    process.stdout.write(`baseline read ${last.rows} rows\n`);
  } else {
    for (const model of last.models) {
      const sum = model.credits.reduce((s: number, x: { conversions: number }) => s + x.conversions, 0);
      if (Math.abs(sum - last.conversions) > 1e-6 * Math.max(1, last.conversions)) {
        process.stderr.write(`${model.model}: credits sum to ${sum}, not ${last.conversions}\n`);
        failed = true;
      }
    }
  }
  results.push({
    name: c.name,
    seconds: median(measures.map((m) => m.seconds)),
    cpu: median(measures.map((m) => m.cpu)),
    peakMiB: Math.max(...measures.map((m) => m.peakMiB)),
    ...(c.target !== undefined && { target: c.target }),
  });
}

const base = results[0]!;
process.stdout.write(
  `\n${'case'.padEnd(24)}${'wall s'.padStart(8)}${'x base'.padStart(8)}${'CPU s'.padStart(8)}` +
    `${'x base'.padStart(8)}${'peak MiB'.padStart(10)}  target (wall)\n`,
);
for (const r of results) {
  const target = r.target === undefined ? '' : `< ${r.target} s: ${r.seconds < r.target ? 'met' : 'MISSED'}`;
  process.stdout.write(
    `${r.name.padEnd(24)}${r.seconds.toFixed(2).padStart(8)}${(r.seconds / base.seconds).toFixed(2).padStart(8)}` +
      `${r.cpu.toFixed(2).padStart(8)}${(r.cpu / base.cpu).toFixed(2).padStart(8)}${r.peakMiB.toFixed(0).padStart(10)}  ${target}\n`,
  );
}
process.stdout.write(
  `\n${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
rmSync(dir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
