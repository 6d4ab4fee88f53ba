import { createReadStream } from 'node:fs';
import { parse as parseRecord } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { type AggregatedPath, Names, type PathSet } from './model.js';

/**
 * The ChannelAttribution package's path layout (DESIGN.md, Interfaces):
 * `path,total_conversions,total_conversion_value,total_null`, one row per path, channels
 * joined by ` > ` (a bare `>` is accepted too). `path` and `total_conversions` are required,
 * the value and null columns optional, other columns ignored.
 *
 * Reading is streamed and identical paths are merged while reading, so memory grows with
 * the distinct paths, not the rows. Records are split by lines; a line with a quote goes to
 * csv-parse (which handles quoting, escaped quotes and quoted line breaks), the others are
 * split on commas directly: over the benchmark's million rows csv-parse alone took 3.1 s, a
 * plain split on line breaks and commas 0.8 s (bench/README.md).
 */

export const PATH_COLUMNS = ['path', 'total_conversions', 'total_conversion_value', 'total_null'] as const;

/** Bad input in a paths file: names the line (1 is the header) and the column. */
export class PathsFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column?: string,
  ) {
    super(column ? `line ${line}, column ${column}: ${message}` : `line ${line}: ${message}`);
    this.name = 'PathsFileError';
  }
}

export interface PathsFile {
  set: PathSet;
  /** Data rows read, and which optional columns the file had. */
  rows: number;
  hasValue: boolean;
  hasNull: boolean;
}

interface Columns {
  path: number;
  conversions: number;
  value: number;
  nulls: number;
}

interface Tally {
  conversions: number;
  value: number;
  nulls: number;
  line: number;
}

/** Splits a line on commas, or through csv-parse when it holds quotes. */
function fields(record: string, line: number): string[] {
  if (!record.includes('"')) return record.split(',');
  try {
    const parsed = parseRecord(record, { relax_column_count: true }) as string[][];
    return parsed[0] ?? [];
  } catch (error) {
    throw new PathsFileError((error as Error).message.replace(/ at line \d+/, ''), line);
  }
}

function headerColumns(header: string[]): Columns {
  const names = header.map((h) => h.trim().toLowerCase());
  const find = (name: string) => names.indexOf(name);
  const columns = { path: find('path'), conversions: find('total_conversions') };
  for (const [name, index] of Object.entries(columns))
    if (index < 0)
      throw new PathsFileError(
        `the header has no ${name === 'path' ? 'path' : 'total_conversions'} column (expected ${PATH_COLUMNS.join(',')}), got "${header.join(',')}"`,
        1,
      );
  return { ...columns, value: find('total_conversion_value'), nulls: find('total_null') };
}

function amount(raw: string | undefined, line: number, column: string): number {
  if (raw === '0') return 0;
  if (raw === '1') return 1;
  if (raw === undefined)
    throw new PathsFileError('is missing: the row has fewer columns than the header', line, column);
  const text = raw.trim();
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new PathsFileError(`must be a number of at least 0, got "${raw}"`, line, column);
  return value;
}

/** A name between ` > ` separators that needs no trimming and holds no other separator. */
function canonicalName(name: string): boolean {
  return (
    name.length > 0 && name.charCodeAt(0) > 32 && name.charCodeAt(name.length - 1) > 32 && !name.includes('>')
  );
}

/** The channel names of a path: split on `>`, trimmed; an empty name is an error. */
export function splitPath(path: string, line: number): string[] {
  const names = path.split('>').map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new PathsFileError(
      path.trim() === '' ? 'the path is empty' : `the path "${path}" has an empty channel name`,
      line,
      'path',
    );
  return names;
}

/** A count field: "0" and "1" (most rows) without slicing, others through `amount`. */
function count(text: string, from: number, to: number, line: number, column: string): number {
  if (to - from === 1) {
    const digit = text.charCodeAt(from) - 48;
    if (digit >= 0 && digit <= 9) return digit;
  }
  return amount(text.slice(from, to), line, column);
}

/** Reads text chunks into a path set. */
export async function readPaths(chunks: AsyncIterable<string>): Promise<PathsFile> {
  const tallies = new Map<string, Tally>();
  let columns: Columns | undefined;
  let line = 0;
  let rows = 0;
  let pending = '';
  let pendingLines = 0;
  // The package's own column order: unquoted rows are read by comma positions in the chunk.
  let standard = false;

  const tally = (path: string, conversions: number, value: number, nulls: number, lineOfRecord: number) => {
    rows++;
    const seen = tallies.get(path);
    if (seen) {
      seen.conversions += conversions;
      seen.value += value;
      seen.nulls += nulls;
    } else tallies.set(path, { conversions, value, nulls, line: lineOfRecord });
  };

  const take = (record: string, lineOfRecord: number) => {
    if (record.charCodeAt(record.length - 1) === 13) record = record.slice(0, -1);
    if (record.trim() === '') return;
    const cells = fields(record, lineOfRecord);
    if (!columns) {
      columns = headerColumns(cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c)));
      standard =
        cells.length === 4 &&
        columns.path === 0 &&
        columns.conversions === 1 &&
        columns.value === 2 &&
        columns.nulls === 3;
      return;
    }
    tally(
      cells[columns.path] ?? '',
      amount(cells[columns.conversions], lineOfRecord, 'total_conversions'),
      columns.value < 0 ? 0 : amount(cells[columns.value], lineOfRecord, 'total_conversion_value'),
      columns.nulls < 0 ? 0 : amount(cells[columns.nulls], lineOfRecord, 'total_null'),
      lineOfRecord,
    );
  };

  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let start = 0;
    let quote = text.indexOf('"');
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      line++;
      if (quote !== -1 && quote < start) quote = text.indexOf('"', start);
      const quoted = quote !== -1 && quote < newline;
      let read = false;
      if (standard && !quoted && pendingLines === 0) {
        // Inlined on purpose: this runs once a row, and a call per row cost 0.5 s a million.
        const end = text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        const c1 = text.indexOf(',', start);
        const c2 = text.indexOf(',', c1 + 1);
        const c3 = text.indexOf(',', c2 + 1);
        const c4 = c3 < 0 ? -1 : text.indexOf(',', c3 + 1);
        if (c1 > start && c2 > 0 && c3 > 0 && c3 < end && (c4 < 0 || c4 >= end)) {
          const path = text.slice(start, c1);
          const conversions = count(text, c1 + 1, c2, line, 'total_conversions');
          const value = amount(text.slice(c2 + 1, c3), line, 'total_conversion_value');
          const nulls = count(text, c3 + 1, end, line, 'total_null');
          rows++;
          const seen = tallies.get(path);
          if (seen) {
            seen.conversions += conversions;
            seen.value += value;
            seen.nulls += nulls;
          } else tallies.set(path, { conversions, value, nulls, line });
          read = true;
        }
      }
      if (!read) {
        const piece = text.slice(start, newline);
        if (pendingLines > 0 || quoted) {
          // Quoted: keep joining lines until the quotes balance (a quoted line break).
          pending = pendingLines > 0 ? `${pending}\n${piece}` : piece;
          pendingLines++;
          if ((pending.match(/"/g)?.length ?? 0) % 2 === 0) {
            take(pending, line - pendingLines + 1);
            pending = '';
            pendingLines = 0;
          }
        } else take(piece, line);
      }
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest !== '' || pendingLines > 0) {
    line++;
    const last = pendingLines > 0 ? `${pending}\n${rest}` : rest;
    if ((last.match(/"/g)?.length ?? 0) % 2 === 1)
      throw new PathsFileError('a quoted field is never closed', line - pendingLines);
    take(last, line - pendingLines);
  }
  if (!columns)
    throw new PathsFileError(`the file is empty; expected the header ${PATH_COLUMNS.join(',')}`, 1);

  // Identical raw paths are merged; now split each distinct one and merge again, since
  // `a > b` and `a>b` are the same path.
  const names = new Names();
  const merged = new Map<string, AggregatedPath & { steps: number[] }>();
  for (const [raw, tally] of tallies) {
    // Most paths are already canonical (`a > b`, trimmed names): their text is their key.
    let parts = raw.split(' > ');
    let key = raw;
    if (!parts.every(canonicalName)) {
      parts = splitPath(raw, tally.line);
      key = parts.join(' > ');
    }
    const steps = parts.map((name) => names.id(name));
    const existing = merged.get(key);
    if (existing) {
      existing.conversions += tally.conversions;
      existing.value += tally.value;
      existing.nulls += tally.nulls;
    } else merged.set(key, { steps, conversions: tally.conversions, value: tally.value, nulls: tally.nulls });
  }
  return {
    set: { names: names.list, paths: [...merged.values()] },
    rows,
    hasValue: columns.value >= 0,
    hasNull: columns.nulls >= 0,
  };
}

/** Streams a paths file from disk. */
export function readPathsFile(file: string): Promise<PathsFile> {
  return readPaths(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }));
}

/** The same layout back: one row per path, channels joined by ` > `, quoted where needed. */
export function writePaths(set: PathSet): string {
  const rows = set.paths.map((p) => [
    p.steps.map((id) => set.names[id]).join(' > '),
    p.conversions,
    p.value,
    p.nulls,
  ]);
  return stringify([[...PATH_COLUMNS], ...rows]);
}
