import type { Command } from 'commander';
import type { Cli } from '../cli/index.js';
import { type AttributionOptions, isModelChoice, MODEL_CHOICES, type ModelChoice } from './attribute.js';
import { type StageWeights, stageWeightsProblem } from './heuristics.js';
import { MAX_ORDER } from './markov.js';
import type { ModelResult } from './model.js';
import { PathsFileError, readPathsFile } from './paths-file.js';
import { type AttributionReport, attributionReport } from './report.js';

/**
 * `servio attribution`: credits per channel or campaign from a ChannelAttribution paths file
 * (`--paths`) or from the store. With `--paths` this file is loaded by a light entry
 * (`paths-main.ts`) that never opens the database, so it imports nothing at run time from
 * the CLI folder (whose runner loads the whole app, ~3 s): the table renderer is its own and
 * usage errors are made by the caller's `usage`.
 */

interface Flags {
  model: string;
  paths?: string;
  order?: string;
  halfLife?: string;
  weights?: string;
  samples?: string;
  from?: string;
  to?: string;
  by: string;
  conversion: string;
  level: string;
  lookbackDays?: string;
}

export type UsageFactory = (message: string) => Error | Promise<Error>;

function whole(
  flag: string,
  raw: string | undefined,
  min: number,
  max: number,
  usage: string[],
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    usage.push(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** `--weights 40,40,0,0,20`: first touch, lead creation, opportunity creation, closed-won, rest. */
export function parseStageWeights(raw: string): StageWeights | string {
  const parts = raw.split(',').map((p) => Number(p.trim().replace(/%$/, '')));
  if (parts.length !== 5 || parts.some((p) => !Number.isFinite(p)))
    return `--weights takes 5 numbers (first touch, lead creation, opportunity creation, closed-won, rest), got "${raw}"`;
  const scale = parts.reduce((a, b) => a + b, 0) > 1.000001 ? 100 : 1;
  const [firstTouch, leadCreation, opportunityCreation, closedWon, rest] = parts.map((p) => p / scale) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const weights = { firstTouch, leadCreation, opportunityCreation, closedWon, rest };
  const problem = stageWeightsProblem(weights);
  return problem ? `--weights: ${problem}` : weights;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const fixed = (n: number, digits = 2) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function describeOne(result: ModelResult): string {
  const markov = result.removalEffects !== undefined;
  const sampled = result.method === 'sampled';
  const headers = ['key', 'conversions', 'value', 'share'];
  if (markov) headers.push('removal effect');
  if (sampled) headers.push('std error');
  const rows = result.credits.map((c) => {
    const row = [c.key, fixed(c.conversions), fixed(c.value), percent(c.share)];
    if (markov) row.push(fixed(result.removalEffects![c.key] ?? 0, 4));
    if (sampled) row.push(fixed(c.standardError ?? 0));
    return row;
  });
  const note = sampled ? `\nShapley sampled over ${result.samples} orderings (more than 15 channels)` : '';
  return `${result.model}\n${table(headers, rows)}${note}`;
}

/** Every model side by side: one column a model, conversions then value. */
function describeAll(results: ModelResult[]): string {
  const keys = [...new Set(results.flatMap((r) => r.credits.map((c) => c.key)))].sort();
  const cell = (r: ModelResult, key: string, field: 'conversions' | 'value') =>
    fixed(r.credits.find((c) => c.key === key)?.[field] ?? 0);
  const headers = ['key', ...results.map((r) => r.model)];
  const parts = [
    `conversions\n${table(
      headers,
      keys.map((k) => [k, ...results.map((r) => cell(r, k, 'conversions'))]),
    )}`,
  ];
  if (results.some((r) => r.value > 0))
    parts.push(
      `value\n${table(
        headers,
        keys.map((k) => [k, ...results.map((r) => cell(r, k, 'value'))]),
      )}`,
    );
  return parts.join('\n\n');
}

export function describeReport(report: AttributionReport<object>): string {
  const head =
    `${fixed(report.conversions, 0)} conversions worth ${fixed(report.value)} over ${report.paths} distinct paths` +
    (report.nulls > 0 ? `, ${fixed(report.nulls, 0)} journeys without conversion` : '');
  return [
    head,
    '',
    report.models.length === 1 ? describeOne(report.models[0]!) : describeAll(report.models),
  ].join('\n');
}

/** Registers `servio attribution`; `usage` makes the error that exits 2 on bad input. */
export function defineAttributionCommand(program: Command, cli: Cli, usage: UsageFactory): void {
  program
    .command('attribution')
    .description(
      'credits per channel or campaign under every attribution model, from a paths file or the store',
    )
    .option('--model <model>', `${MODEL_CHOICES.join('|')}`, 'all')
    .option(
      '--paths <file>',
      'a ChannelAttribution paths file (path,total_conversions,total_conversion_value,total_null)',
    )
    .option('--order <n>', `Markov order, 1 to ${MAX_ORDER}`, '1')
    .option('--half-life <n>', 'time decay half-life: days (store) or touches (paths file); default 7')
    .option(
      '--weights <list>',
      'custom model: first touch, lead creation, opportunity creation, closed-won, rest (default 40,40,0,0,20)',
    )
    .option('--samples <n>', 'Shapley orderings sampled beyond 15 channels (default 2000)')
    .option('--from <date>', 'store: conversions from this date (YYYY-MM-DD or ISO time)')
    .option('--to <date>', 'store: conversions before this date')
    .option('--by <grouping>', 'store: channel|campaign', 'channel')
    .option('--conversion <stage>', 'store: mql|sql|opportunity|won', 'opportunity')
    .option('--level <level>', 'store: person|account', 'person')
    .option('--lookback-days <n>', 'store: touches at most this many days before the conversion')
    .action(async (flags: Flags, command: Command) => {
      const problems: string[] = [];
      if (!isModelChoice(flags.model))
        problems.push(`--model must be one of ${MODEL_CHOICES.join(', ')}, got "${flags.model}"`);
      const options: AttributionOptions = {
        order: whole('--order', flags.order, 1, MAX_ORDER, problems),
        halfLifeDays: whole('--half-life', flags.halfLife, 1, 3650, problems),
        samples: whole('--samples', flags.samples, 2, 1_000_000, problems),
      };
      if (flags.weights !== undefined) {
        const weights = parseStageWeights(flags.weights);
        if (typeof weights === 'string') problems.push(weights);
        else options.stageWeights = weights;
      }
      const json = Boolean((command.optsWithGlobals() as { json?: boolean }).json);
      const model = flags.model as ModelChoice;
      let report: AttributionReport<object>;
      if (flags.paths !== undefined) {
        if (problems.length > 0) throw await usage(problems.join('; '));
        report = await fromFile(flags.paths, model, options, usage);
      } else {
        const lookbackDays = whole('--lookback-days', flags.lookbackDays, 1, 3650, problems);
        if (problems.length > 0) throw await usage(problems.join('; '));
        const { attributionFromStore } = await import('./service.js');
        report = await cli.run((ctx) =>
          attributionFromStore(ctx, {
            model,
            from: flags.from,
            to: flags.to,
            by: flags.by,
            conversion: flags.conversion,
            level: flags.level,
            lookbackDays,
            ...options,
          }),
        );
      }
      process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${describeReport(report)}\n`);
    });
}

async function fromFile(
  file: string,
  model: ModelChoice,
  options: AttributionOptions,
  usage: UsageFactory,
): Promise<AttributionReport<object>> {
  try {
    const read = await readPathsFile(file);
    return attributionReport(read.set, { file, rows: read.rows }, model, options);
  } catch (error) {
    if (error instanceof PathsFileError) throw await usage(`${file}: ${error.message}`);
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw await usage(`cannot read ${file}: ${(error as Error).message}`);
    throw error;
  }
}

/** The full CLI's registration (src/cli/modules.ts): usage errors are the CLI's UsageError. */
export function attributionCommands(program: Command, cli: Cli): void {
  defineAttributionCommand(program, cli, async (message) => {
    const { UsageError } = await import('../cli/index.js');
    return new UsageError(message);
  });
}
