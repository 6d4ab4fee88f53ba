import type { Readable } from 'node:stream';
import { type CsvError, type InfoRecord, parse } from 'csv-parse';

/** A CSV record with the physical line it starts on (the header is line 1 of a plain file). */
export interface CsvRecord {
  line: number;
  cells: string[];
  /** Bytes of the source parsed so far, for a progress bar. */
  bytes: number;
}

/** A syntax error that makes the rest of the file unreadable (an unclosed quote). */
export interface CsvStop {
  line: number;
  reason: string;
}

interface Parsed extends CsvRecord {
  /** Parsed after a syntax error: not to be trusted. */
  afterError: boolean;
}

const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field opened on this line is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'unexpected characters after the closing quote of a field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'unexpected characters after the closing quote of a field',
};

/**
 * Streams the records of a CSV, blank lines and rows of empty cells left out, without
 * holding the file in memory (the parser pauses the source while the caller awaits).
 *
 * Line numbers are counted here rather than taken from csv-parse's `info.lines`: 7.0.3
 * counts every `\r` inside a quoted field as a line, so a CRLF export whose addresses span
 * lines would report wrong numbers. A record starts on the line after the previous one
 * ended, past the empty lines skipped since; it ends as many lines further as its fields
 * hold `\n`.
 *
 * A stray quote inside an unquoted field is kept as text (`5'10"`). Any other syntax error
 * ends the reading at the record where it occurred, reported through `stopped()`: what
 * follows an unclosed quote cannot be told apart from the field, and skipping ahead would
 * silently swallow good rows.
 */
export function readCsv(source: Readable): {
  records: AsyncIterable<CsvRecord>;
  stopped(): CsvStop | undefined;
} {
  let lastEnd = 0;
  let emptyLinesSeen = 0;
  let stop: CsvStop | undefined;
  const startOf = (emptyLines: number) => lastEnd + 1 + (emptyLines - emptyLinesSeen);

  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (!error || stop) return;
      stop = {
        line: startOf(Number(error.empty_lines)),
        reason: REASONS[error.code] ?? error.message.replace(/ (at|on) line \d+/, ''),
      };
    },
    on_record: (record: string[], info: InfoRecord) => {
      const line = startOf(info.empty_lines);
      let newlines = 0;
      for (const cell of record)
        for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) newlines++;
      emptyLinesSeen = info.empty_lines;
      lastEnd = line + newlines;
      const parsed: Parsed = { line, cells: record, bytes: info.bytes, afterError: stop !== undefined };
      return parsed as unknown as string[];
    },
  });
  source.once('error', (error) => parser.destroy(error));
  source.pipe(parser);

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for await (const parsed of parser as AsyncIterable<Parsed>) {
        if (parsed.afterError) break;
        if (parsed.cells.every((c) => c === '')) continue;
        yield { line: parsed.line, cells: parsed.cells, bytes: parsed.bytes };
      }
    } finally {
      source.unpipe(parser);
      source.destroy();
      parser.destroy();
    }
  }
  return { records: records(), stopped: () => stop };
}
