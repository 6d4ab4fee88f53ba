import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../../access/index.js';
import { type Cli, print, table, UsageError } from '../../cli/index.js';
import { FORMAT_CHOICES, type FormatChoice, formatLabel, isFormatChoice } from './formats.js';
import { type ImportSummary, importPeople } from './service.js';

/** `servio import people --file F --format auto|salesforce|hubspot|generic [--dry-run]`. */
export function importCommands(program: Command, cli: Cli): void {
  const imports = program.command('import').description('load data from files (CRM exports)');

  imports
    .command('people')
    .description(
      'import people from a CSV: a Salesforce lead export, a HubSpot contact export, or generic columns',
    )
    .requiredOption('--file <path>', 'the CSV file')
    .option('--format <format>', FORMAT_CHOICES.join(' | '), 'auto')
    .option('--dry-run', 'validate and count what would change, write nothing')
    .action(async (options: { file: string; format: string; dryRun?: boolean }, command: Command) => {
      if (!isFormatChoice(options.format)) {
        throw new UsageError(`--format must be one of ${FORMAT_CHOICES.join(', ')}, got "${options.format}"`);
      }
      const format: FormatChoice = options.format;
      const size = await fileSize(options.file);
      const output = cli.output(command);
      // A bar only for a person watching a terminal; never mixed into --json or a pipe.
      const bar =
        process.stderr.isTTY && !output.json
          ? new SingleBar({
              stream: process.stderr,
              format: ' {bar} {percentage}% | {value}/{total} bytes | {duration}s',
            })
          : undefined;
      bar?.start(size, 0);
      let summary: ImportSummary;
      try {
        summary = await cli.run((ctx) =>
          importPeople(
            ctx,
            createReadStream(options.file),
            { format, dryRun: options.dryRun ?? false, onProgress: bar && ((bytes) => bar.update(bytes)) },
            CLI_PRINCIPAL,
          ),
        );
        bar?.update(size);
      } finally {
        bar?.stop();
      }
      print(output, summary, () => describe(summary));
      if (summary.stoppedAt) {
        // The rows before the error are in; the rest of the file was not read: bad input.
        throw new UsageError(
          `line ${summary.stoppedAt.line}: ${summary.stoppedAt.reason}; the rows after it were not imported (fix the file and import it again: known people are updated, not duplicated)`,
        );
      }
    });
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`--file ${file} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--file ${file}: no such file or not readable`);
  }
}

function describe(s: ImportSummary): string {
  const lines = [
    `${s.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${s.rows} rows as ${formatLabel(s.format)}${s.formatDetected ? ' (detected from the header)' : ''}.`,
    `  ${s.dryRun ? 'would create' : 'created'} ${s.created}, ${s.dryRun ? 'would update' : 'updated'} ${s.updated}, merged duplicates ${s.merged}, rejected ${s.rejected}`,
  ];
  if (s.ignoredColumns.length > 0) lines.push(`  ignored columns: ${s.ignoredColumns.join(', ')}`);
  if (s.unmatchedOwners.length > 0) {
    lines.push(`  owners matching no user (kept as the "owner" attribute): ${s.unmatchedOwners.join(', ')}`);
  }
  if (s.rejections.length > 0) {
    lines.push(
      '',
      table(
        ['line', 'email', 'reason'],
        s.rejections.map((r) => [r.line, r.email, r.reason]),
      ),
    );
  }
  return lines.join('\n');
}
