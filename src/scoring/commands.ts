import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseAgreementYaml } from '../agreement/index.js';
import { type Cli, print, progressBar, table, UsageError } from '../cli/index.js';
import { calibrateScoring, replayScoring } from './analysis.js';
import { rescoreProgress, rescoreSlice } from './rescore.js';

function day(flag: string, raw: string | undefined, fallback: Date): Date {
  if (raw === undefined) return fallback;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${flag} must be a date like 2026-09-01, got "${raw}"`);
  return date;
}

const percent = (value: number | null) => (value === null ? '-' : `${Math.round(value * 100)}%`);

/** `servio scoring replay|calibrate`. */
export function scoringCommands(program: Command, cli: Cli): void {
  const scoring = program
    .command('scoring')
    .description('the lead score: replay a proposed model, calibrate the current one');

  scoring
    .command('replay')
    .description('re-score history under a proposed agreement and compare with the current model')
    .requiredOption(
      '--agreement <file>',
      'the proposed agreement (YAML, as servio agreement export writes it)',
    )
    .option('--from <date>', 'start of the window (default: 90 days before --to)')
    .option('--to <date>', 'end of the window (default: now)')
    .action(async (options: { agreement: string; from?: string; to?: string }, command: Command) => {
      const text = await readFile(options.agreement, 'utf8').catch(() => {
        throw new UsageError(`cannot read ${options.agreement}`);
      });
      const document = parseAgreementYaml(text);
      const report = await cli.run(async (ctx) => {
        const to = day('--to', options.to, ctx.clock.now());
        const from = day('--from', options.from, new Date(to.getTime() - 90 * 86_400_000));
        return replayScoring(ctx, { agreement: document, from, to });
      });
      print(cli.output(command), report, () =>
        [
          `Replay ${report.from.slice(0, 10)} to ${report.to.slice(0, 10)} over ${report.people} people (current = agreement v${report.currentVersion}):`,
          '',
          table(
            ['', 'current', 'proposed'],
            [
              ['MQLs', report.current.totalMqls, report.proposed.totalMqls],
              [
                `of ${report.outcomes.sql} accepted by sales (SQL)`,
                report.current.passes.sql,
                report.proposed.passes.sql,
              ],
              [
                `of ${report.outcomes.opportunity} that became opportunities`,
                report.current.passes.opportunity,
                report.proposed.passes.opportunity,
              ],
              [
                `of ${report.outcomes.customer} customers`,
                report.current.passes.customer,
                report.proposed.passes.customer,
              ],
              [
                `of ${report.outcomes.rejectedBySales} rejected by sales, still passed`,
                report.current.passes.rejectedBySales,
                report.proposed.passes.rejectedBySales,
              ],
            ],
          ),
          '',
          table(
            ['week of', 'current MQLs', 'proposed MQLs'],
            report.current.mqlsByWeek.map((w, i) => [
              w.weekStarting,
              w.mqls,
              report.proposed.mqlsByWeek[i]?.mqls ?? 0,
            ]),
          ),
        ].join('\n'),
      );
    });

  scoring
    .command('calibrate')
    .description(
      'conversion by score band, lift per rule, and the threshold that holds the acceptance target',
    )
    .option('--until <date>', 'outcomes up to this instant (default: now)')
    .action(async (options: { until?: string }, command: Command) => {
      const report = await cli.run((ctx) =>
        calibrateScoring(ctx, day('--until', options.until, ctx.clock.now())),
      );
      print(cli.output(command), report, () =>
        [
          `Agreement v${report.version}: ${report.decided} MQLs with a sales decision, ${percent(report.acceptance)} accepted (target ${percent(report.target)}, threshold ${report.threshold}).`,
          '',
          table(
            ['score band', 'MQLs', 'accepted', 'acceptance', 'won'],
            report.bands.map((b) => [b.band, b.mqls, b.accepted, percent(b.acceptance), b.won]),
          ),
          '',
          table(
            ['rule', 'MQLs', 'acceptance', 'lift'],
            report.rules.map((r) => [
              r.rule,
              r.mqls,
              percent(r.acceptance),
              r.lift === null ? '-' : r.lift.toFixed(2),
            ]),
          ),
          '',
          report.suggestion && report.suggestion.threshold <= report.threshold
            ? `The current threshold of ${report.threshold} already meets the target (${percent(report.acceptance)} accepted).`
            : report.suggestion
              ? `A threshold of ${report.suggestion.threshold} would have had ${percent(report.suggestion.acceptance)} accepted with ${report.suggestion.mqls} MQLs (${report.suggestion.volumeChange >= 0 ? '+' : ''}${report.suggestion.volumeChange} vs the current threshold).`
              : 'No threshold reaches the acceptance target with these outcomes.',
        ].join('\n'),
      );
    });

  scoring
    .command('rescore')
    .description('re-score everyone under the active model now (the server also does it in the background)')
    .action(async (_options, command: Command) => {
      const output = cli.output(command);
      const progress = await cli.run(async (ctx) => {
        const start = await rescoreProgress(ctx);
        const bar = progressBar('re-scoring', output.json);
        let done = 0;
        for (;;) {
          const n = await rescoreSlice(ctx, ctx.clock.now());
          if (n === 0) break;
          done += n;
          bar.update(done, start.remaining);
        }
        bar.stop();
        return rescoreProgress(ctx);
      });
      print(
        output,
        progress,
        () => `Everyone is scored under agreement v${progress.version} (${progress.scored} people).`,
      );
    });
}
