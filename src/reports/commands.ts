import type { Command } from 'commander';
import type { Ctx } from '../app.js';
import { type Cli, commandGroup, UsageError } from '../cli/index.js';
import {
  diagnosticsBlocks,
  funnelBlocks,
  metricsBlocks,
  monthlyBlocks,
  reviewBlocks,
  speedBlocks,
} from './documents.js';
import { FUNNEL_DIMENSIONS, type FunnelDimension } from './funnel-store.js';
import { monthlyReport } from './monthly-service.js';
import { type Block, REPORT_FORMATS, type ReportFormat, render } from './render.js';
import { diagnostics, pipelineReview } from './review-service.js';
import { funnelReport, metricsReport, speedToLeadReport } from './service.js';
import { FUNNEL_STAGES, type FunnelStage } from './store.js';

interface FormatOptions {
  format?: string;
}

function formatOf(command: Command, cli: Cli, options: FormatOptions): ReportFormat {
  if (cli.output(command).json) return 'json';
  const format = options.format ?? 'md';
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  return format as ReportFormat;
}

/** Runs a report and prints it: Markdown by default (readable in a terminal), or --format / --json. */
async function printReport<T>(
  cli: Cli,
  command: Command,
  options: FormatOptions,
  work: (ctx: Ctx) => Promise<T>,
  blocks: (data: T) => Block[],
  title: (data: T) => string,
): Promise<void> {
  const format = formatOf(command, cli, options);
  const data = await cli.run(work);
  process.stdout.write(
    format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : render(blocks(data), format, title(data)),
  );
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

const FORMAT_HELP = `output format: ${REPORT_FORMATS.join('|')} (default md)`;

/** `servio report metrics|funnel|speed-to-lead|pipeline-review|monthly` and `servio diagnostics`. */
export function reportCommands(program: Command, cli: Cli): void {
  const report = commandGroup(program, 'report', 'reports: shared metrics, funnel, speed-to-lead, reviews');

  report
    .command('metrics')
    .description("seed 001's Primary Alignment Metrics for a range, beside the prior range")
    .option('--from <day>', 'first day, e.g. 2026-10-01 (default: the current month)')
    .option('--to <day>', 'last day, included')
    .option('--format <format>', FORMAT_HELP)
    .action(async (o: FormatOptions & { from?: string; to?: string }, command: Command) =>
      printReport(
        cli,
        command,
        o,
        (ctx) => metricsReport(ctx, o),
        metricsBlocks,
        () => 'Shared metrics',
      ),
    );

  report
    .command('funnel')
    .description('volume, conversion and median days per stage, by a dimension')
    .option('--from <day>', 'first day (default: the current month)')
    .option('--to <day>', 'last day, included')
    .option('--view <view>', 'period (default) or cohort')
    .option('--by <dimension>', `one of ${FUNNEL_DIMENSIONS.join(', ')}`)
    .option('--anchor <stage>', 'cohort view: the stage whose entry defines the cohort (default lead)')
    .option('--format <format>', FORMAT_HELP)
    .action(
      async (
        o: FormatOptions & { from?: string; to?: string; view?: string; by?: string; anchor?: string },
        command: Command,
      ) => {
        const input = {
          from: o.from,
          to: o.to,
          view: oneOf('--view', o.view, ['period', 'cohort'] as const),
          by: oneOf<FunnelDimension>('--by', o.by, FUNNEL_DIMENSIONS),
          anchor: oneOf<FunnelStage>('--anchor', o.anchor, FUNNEL_STAGES),
        };
        await printReport(
          cli,
          command,
          o,
          (ctx) => funnelReport(ctx, input),
          funnelBlocks,
          () => 'Funnel',
        );
      },
    );

  report
    .command('speed-to-lead')
    .description("speed-to-lead in the seed's buckets and the pipeline lost to slow follow-up")
    .option('--from <day>', 'first day (default: the current month)')
    .option('--to <day>', 'last day, included')
    .option('--format <format>', FORMAT_HELP)
    .action(async (o: FormatOptions & { from?: string; to?: string }, command: Command) =>
      printReport(
        cli,
        command,
        o,
        (ctx) => speedToLeadReport(ctx, o),
        speedBlocks,
        () => 'Speed-to-lead',
      ),
    );

  report
    .command('pipeline-review')
    .description("the weekly pipeline review of seed 001's agenda")
    .option('--week <week>', 'an ISO week like 2026-W43 (default: the current week)')
    .option('--format <format>', FORMAT_HELP)
    .action(async (o: FormatOptions & { week?: string }, command: Command) =>
      printReport(
        cli,
        command,
        o,
        (ctx) => pipelineReview(ctx, { week: o.week }),
        reviewBlocks,
        () => 'Weekly pipeline review',
      ),
    );

  report
    .command('monthly')
    .description("the monthly alignment report of seed 001's template")
    .option('--month <month>', 'a month like 2026-10 (default: the current month)')
    .option('--format <format>', FORMAT_HELP)
    .action(async (o: FormatOptions & { month?: string }, command: Command) =>
      printReport(
        cli,
        command,
        o,
        (ctx) => monthlyReport(ctx, { month: o.month }),
        monthlyBlocks,
        (r) => `Monthly alignment report — ${r.title}`,
      ),
    );

  program
    .command('diagnostics')
    .description("seed 001's misalignment patterns detected from the data, with the evidence and the fix")
    .option('--from <day>', 'first day (default: 29 days before --to)')
    .option('--to <day>', 'last day, included (default: today)')
    .option('--format <format>', FORMAT_HELP)
    .action(async (o: FormatOptions & { from?: string; to?: string }, command: Command) =>
      printReport(
        cli,
        command,
        o,
        (ctx) => diagnostics(ctx, o),
        diagnosticsBlocks,
        () => 'Diagnostics',
      ),
    );
}
