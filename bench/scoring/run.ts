/**
 * `npm run bench:scoring`: in-process scoring against the default model (seed 001, MQL
 * Scoring Criteria), events/s on one core, next to a hand-written loop over the same rules
 * (`baseline.ts`) in the same run. Target: the compiled model at >= 50% of the hand-written
 * loop. See bench/README.md.
 *
 * Two patterns, each warmed up, then timed 3 times alternating the two scorers; the median:
 *   batch        every person scored once with all their touchpoints (a re-score of everyone
 *                after a new model version takes effect): events scored / s.
 *   incremental  a person re-scored with all their touchpoints so far after each new one
 *                arrives (the ingestion pattern): events ingested / s, amortized.
 *
 *   --events N   touchpoints in all (default 1,000,000)
 *   --people N   people (default 50,000)
 *   --seed N     the data's seed (default 1)
 *
 * Exits non-zero when the two scorers disagree on any person (never for missing the target).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import {
  compileModel,
  DEFAULT_SCORING_MODEL,
  type PersonFacts,
  type ScoreResult,
  type ScoringEvent,
} from '../../src/scoring/index.js';
import { handScore } from './baseline.js';
import { type BenchPerson, benchPeople } from './data.js';

const TARGET = 0.5;
const RUNS = 3;
const NOW = new Date('2026-11-23T09:00:00Z');

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    people: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
  },
});
const whole = (name: string, raw: string, min: number): number => {
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`--${name} ${raw}: must be a whole number >= ${min}\n`);
    process.exit(2);
  }
  return value;
};
const totalEvents = whole('events', args.events, 1);
const peopleCount = whole('people', args.people, 1);
if (totalEvents < peopleCount) {
  process.stderr.write('--events must be at least --people (every person has a touchpoint)\n');
  process.exit(2);
}

type Scorer = (person: PersonFacts, events: readonly ScoringEvent[], now: Date) => ScoreResult;
const compiled = compileModel(DEFAULT_SCORING_MODEL);
const scorers: Record<'compiled' | 'hand-written', Scorer> = {
  compiled: compiled.score,
  'hand-written': handScore,
};

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

process.stderr.write(
  `generating ${fmt(peopleCount)} people, ${fmt(totalEvents)} touchpoints (seed ${args.seed})\n`,
);
const people = benchPeople({
  people: peopleCount,
  events: totalEvents,
  seed: whole('seed', args.seed, 0),
  now: NOW,
});

/** Both scorers must return the same result for everyone, or the ratio means nothing. */
function checkAgreement(): { mqls: number; fired: Map<string, number> } {
  let mqls = 0;
  const fired = new Map<string, number>();
  for (const { facts, events } of people) {
    const a = compiled.score(facts, events, NOW);
    const b = handScore(facts, events, NOW);
    if (!isDeepStrictEqual(a, b)) {
      process.stderr.write(
        `the scorers disagree:\n${JSON.stringify({ facts, compiled: a, handWritten: b }, null, 2)}\n`,
      );
      process.exit(1);
    }
    if (a.qualifies) mqls++;
    for (const rule of a.rules) fired.set(rule.id, (fired.get(rule.id) ?? 0) + 1);
    if (a.decay !== 0) fired.set('(decay)', (fired.get('(decay)') ?? 0) + 1);
  }
  return { mqls, fired };
}

/** Every person once with all their touchpoints. Returns a checksum so nothing is optimized away. */
function batch(score: Scorer, list: readonly BenchPerson[]): number {
  let sum = 0;
  for (const { facts, events } of list) sum += score(facts, events, NOW).total;
  return sum;
}

/** After each touchpoint arrives, the person re-scored with everything so far, at its instant. */
function incremental(score: Scorer, list: readonly BenchPerson[]): number {
  let sum = 0;
  const seen: ScoringEvent[] = [];
  for (const { facts, events } of list) {
    seen.length = 0;
    for (const event of events) {
      seen.push(event);
      sum += score(facts, seen, event.occurredAt as Date).total;
    }
  }
  return sum;
}

interface Rates {
  compiled: number;
  'hand-written': number;
  runs: Record<'compiled' | 'hand-written', number[]>;
}

function measure(pattern: (score: Scorer, list: readonly BenchPerson[]) => number): Rates {
  // Warm-up: a tenth of the people through both, so both are optimized before timing.
  const warm = people.slice(0, Math.max(1, Math.floor(people.length / 10)));
  for (const name of ['compiled', 'hand-written'] as const) pattern(scorers[name], warm);
  const runs: Rates['runs'] = { compiled: [], 'hand-written': [] };
  const checksums = new Set<number>();
  for (let run = 0; run < RUNS; run++) {
    // Alternate who goes first, so neither always runs on a fresher heap.
    const order =
      run % 2 === 0 ? (['compiled', 'hand-written'] as const) : (['hand-written', 'compiled'] as const);
    for (const name of order) {
      globalThis.gc?.();
      const start = process.hrtime.bigint();
      checksums.add(pattern(scorers[name], people));
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      runs[name].push(totalEvents / seconds);
    }
  }
  if (checksums.size !== 1) throw new Error(`the scorers' checksums differ: ${[...checksums].join(', ')}`);
  return { compiled: median(runs.compiled), 'hand-written': median(runs['hand-written']), runs };
}

const { mqls, fired } = checkAgreement();
process.stderr.write(
  `the scorers agree on all ${fmt(people.length)} people; ${fmt(mqls)} are MQLs at ${NOW.toISOString()}\n`,
);
process.stderr.write(`rules fired (people): ${[...fired].map(([id, n]) => `${id} ${fmt(n)}`).join(', ')}\n`);

const results = { batch: measure(batch), incremental: measure(incremental) };

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
// Above the core count, something else competed for the CPU: the rates are noisier.
const load = os.loadavg()[0]!.toFixed(2);
process.stdout.write(
  `\nscoring, default model (seed 001), ${fmt(totalEvents)} touchpoints of ${fmt(people.length)} people, ` +
    `node ${process.version}, ${cpu}, ${os.cpus().length} cores (one used), load average ${load}\n\n`,
);
const rows = [
  ['pattern', 'compiled events/s', 'hand-written events/s', 'ratio', `target >= ${TARGET * 100}%`],
  ...(['batch', 'incremental'] as const).map((name) => {
    const r = results[name];
    const ratio = r.compiled / r['hand-written'];
    return [
      name,
      fmt(r.compiled),
      fmt(r['hand-written']),
      `${(ratio * 100).toFixed(0)}%`,
      ratio >= TARGET ? 'met' : 'MISSED',
    ];
  }),
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
for (const row of rows) process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
process.stdout.write(
  `\nruns (events/s): ${(['batch', 'incremental'] as const)
    .map(
      (name) =>
        `${name}: compiled ${results[name].runs.compiled.map(fmt).join(' / ')}, hand-written ${results[name].runs['hand-written'].map(fmt).join(' / ')}`,
    )
    .join('; ')}\n`,
);
