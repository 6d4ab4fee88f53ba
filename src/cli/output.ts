import { ConfigError, isDomainError, ValidationError } from '../core/index.js';

/** Exit codes (DESIGN.md, Interfaces): 0 ok, 1 failure, 2 bad usage or input. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Raised by commands for bad flags or arguments. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Output {
  json: boolean;
}

/** Prints `data` as JSON with `--json`, otherwise the human rendering. */
export function print(output: Output, data: unknown, human: () => string): void {
  process.stdout.write(output.json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

/** A plain aligned table for human output. */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The one place where errors become exit codes and messages on stderr. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ValidationError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const issue of error.issues) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
    return EXIT_USAGE;
  }
  if (isDomainError(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.status === 404 || error.status === 409 ? EXIT_USAGE : EXIT_FAILURE;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`error: ${message}\n`);
  return EXIT_FAILURE;
}
