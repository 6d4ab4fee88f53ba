import { createReadStream } from 'node:fs';
import { parse as parseRecord } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ByteKeys, grow, hashBytes } from './byte-keys.js';
import { type AggregatedPath, Names, type PathSet } from './model.js';

/**
 * The ChannelAttribution package's path layout (DESIGN.md, Interfaces):
 * `path,total_conversions,total_conversion_value,total_null`, one row per path, channels
 * joined by ` > ` (a bare `>` is accepted too). `path` and `total_conversions` are required,
 * the value and null columns optional, other columns ignored.
 *
 * Reading is streamed and identical paths are merged while reading, so memory grows with
 * the distinct paths, not the rows. Plain rows (the package's column order, an unquoted path,
 * whole numbers) are read from the bytes without making a string; other lines are decoded and
 * split on commas, and a line with a quote goes to csv-parse (which handles quoting, escaped
 * quotes and quoted line breaks): over the benchmark's million rows csv-parse alone took
 * 3.1 s (bench/README.md). paths-file.property.test.ts holds this reader to a straightforward
 * csv-parse one.
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

/** A row's tallies, by the id of its raw path text in `ByteKeys`. */
class Tallies {
  readonly keys = new ByteKeys();
  /** Per raw path: conversions, value and nulls side by side (one cache line a row). */
  sums = new Float64Array(3 * 1024);
  /** The line where each raw path first appeared (for the errors of splitting it). */
  line = new Int32Array(1024);

  add(
    bytes: Uint8Array,
    from: number,
    to: number,
    hash: number,
    c: number,
    v: number,
    n: number,
    line: number,
  ) {
    const id = this.keys.find(bytes, from, to, hash);
    const sums = this.sums;
    if (id >= 0) {
      sums[3 * id]! += c;
      sums[3 * id + 1]! += v;
      sums[3 * id + 2]! += n;
      return;
    }
    const added = this.keys.add(bytes, from, to, hash);
    if (added === this.line.length) {
      this.sums = grow(this.sums);
      this.line = grow(this.line);
    }
    this.sums[3 * added] = c;
    this.sums[3 * added + 1] = v;
    this.sums[3 * added + 2] = n;
    this.line[added] = line;
  }

  addText(path: string, c: number, v: number, n: number, line: number) {
    const bytes = Buffer.from(path, 'utf8');
    this.add(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length), c, v, n, line);
  }
}

const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;
const QUOTE = 34;
const GT = 62;
const SPACE = 32;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Up to 15 digits a whole number is exact in a double, and equal to what Number() reads. */
const MAX_DIGITS = 15;

/**
 * Reads a paths file's bytes (or text) into a path set. Rows in the package's own column
 * order whose fields are plain (an unquoted path, whole numbers) are read straight from the
 * bytes: the path's bytes are hashed while looking for its comma and merged with the same
 * bytes seen before, the numbers are read digit by digit; nothing is allocated for a row
 * whose path was seen before. Any other line (the header, another column order, quotes,
 * decimals, blanks, bad input) is decoded and read as text by `take`, into the same tallies.
 */
export async function readPaths(chunks: AsyncIterable<Uint8Array | string>): Promise<PathsFile> {
  const tallies = new Tallies();
  let columns: Columns | undefined;
  let line = 0;
  let rows = 0;
  let pending = '';
  let pendingLines = 0;
  // The package's own column order: plain rows are read from the bytes.
  let standard = false;

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
    rows++;
    tallies.addText(
      cells[columns.path] ?? '',
      amount(cells[columns.conversions], lineOfRecord, 'total_conversions'),
      columns.value < 0 ? 0 : amount(cells[columns.value], lineOfRecord, 'total_conversion_value'),
      columns.nulls < 0 ? 0 : amount(cells[columns.nulls], lineOfRecord, 'total_null'),
      lineOfRecord,
    );
  };

  /** One line as text (its line break excluded): quoted records may go on over lines. */
  const textLine = (piece: string) => {
    if (pendingLines > 0 || piece.includes('"')) {
      // Quoted: keep joining lines until the quotes balance (a quoted line break).
      pending = pendingLines > 0 ? `${pending}\n${piece}` : piece;
      pendingLines++;
      if ((pending.match(/"/g)?.length ?? 0) % 2 === 0) {
        take(pending, line - pendingLines + 1);
        pending = '';
        pendingLines = 0;
      }
    } else take(piece, line);
  };

  let rest: Buffer | undefined;
  // Text chunks may end between the two halves of a character: the first waits for the next.
  let surrogate = '';
  for await (const chunk of chunks) {
    let piece: Buffer;
    if (typeof chunk === 'string') {
      let text = surrogate + chunk;
      const code = text.charCodeAt(text.length - 1);
      surrogate = code >= 0xd800 && code <= 0xdbff ? text.slice(-1) : '';
      if (surrogate !== '') text = text.slice(0, -1);
      piece = Buffer.from(text, 'utf8');
    } else piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const bytes = rest ? Buffer.concat([rest, piece]) : piece;
    const last = bytes.lastIndexOf(NEWLINE);
    if (last < 0) {
      rest = bytes;
      continue;
    }
    let p = 0;
    while (p <= last) {
      line++;
      const start = p;
      // Inlined on purpose: this runs once a row. Every field ends at its comma or at the
      // line break; the line break at `last` stops every scan.
      if (standard && pendingLines === 0) {
        let hash = FNV_OFFSET;
        let b = bytes[p]!;
        while (b !== COMMA && b !== NEWLINE && b !== QUOTE) {
          hash = Math.imul(hash ^ b, FNV_PRIME);
          b = bytes[++p]!;
        }
        const pathEnd = p;
        if (b === COMMA && pathEnd > start) {
          let conversions = 0;
          let digits = 0;
          b = bytes[++p]!;
          while (b >= 48 && b <= 57) {
            conversions = conversions * 10 + (b - 48);
            digits++;
            b = bytes[++p]!;
          }
          if (b === COMMA && digits > 0 && digits <= MAX_DIGITS) {
            let value = 0;
            digits = 0;
            b = bytes[++p]!;
            while (b >= 48 && b <= 57) {
              value = value * 10 + (b - 48);
              digits++;
              b = bytes[++p]!;
            }
            if (b === COMMA && digits > 0 && digits <= MAX_DIGITS) {
              let nulls = 0;
              digits = 0;
              b = bytes[++p]!;
              while (b >= 48 && b <= 57) {
                nulls = nulls * 10 + (b - 48);
                digits++;
                b = bytes[++p]!;
              }
              if (b === RETURN && bytes[p + 1] === NEWLINE) b = bytes[++p]!;
              if (b === NEWLINE && digits > 0 && digits <= MAX_DIGITS) {
                rows++;
                tallies.add(bytes, start, pathEnd, hash, conversions, value, nulls, line);
                p++;
                continue;
              }
            }
          }
        }
      }
      const end = bytes.indexOf(NEWLINE, start);
      textLine(bytes.toString('utf8', start, end));
      p = end + 1;
    }
    rest = last + 1 < bytes.length ? bytes.subarray(last + 1) : undefined;
  }
  const tail = (rest ? rest.toString('utf8') : '') + surrogate;
  if (tail !== '' || pendingLines > 0) {
    line++;
    const last = pendingLines > 0 ? `${pending}\n${tail}` : tail;
    if ((last.match(/"/g)?.length ?? 0) % 2 === 1)
      throw new PathsFileError('a quoted field is never closed', line - pendingLines);
    take(last, line - pendingLines);
  }
  if (!columns)
    throw new PathsFileError(`the file is empty; expected the header ${PATH_COLUMNS.join(',')}`, 1);
  return {
    set: mergePaths(tallies),
    rows,
    hasValue: columns.value >= 0,
    hasNull: columns.nulls >= 0,
  };
}

/**
 * The channel ids of a canonical path (`a > b`: names joined by exactly ` > `, none empty,
 * none starting or ending with a space or a control character, no other `>`), interned by
 * their bytes; undefined when the path is not canonical. `scratch` is working room.
 */
function canonicalSteps(
  bytes: Buffer,
  from: number,
  to: number,
  channels: ByteKeys,
  channelIds: number[],
  names: Names,
  scratch: number[],
): number[] | undefined {
  let count = 0;
  let start = from;
  let hash = FNV_OFFSET;
  for (let i = from; i <= to; i++) {
    const b = bytes[i]!;
    const separator = i + 2 < to && b === SPACE && bytes[i + 1] === GT && bytes[i + 2] === SPACE;
    if (i < to && !separator) {
      if (b === GT) return undefined;
      hash = Math.imul(hash ^ b, FNV_PRIME);
      continue;
    }
    if (i === start || bytes[start]! <= SPACE || bytes[i - 1]! <= SPACE) return undefined;
    let key = channels.find(bytes, start, i, hash);
    if (key < 0) {
      key = channels.add(bytes, start, i, hash);
      channelIds.push(names.id(bytes.toString('utf8', start, i)));
    }
    scratch[count++] = channelIds[key]!;
    i += 2;
    start = i + 1;
    hash = FNV_OFFSET;
  }
  // A copy of exactly its length: a pushed-to array would reserve room for 17 ids.
  return scratch.slice(0, count);
}

/**
 * Identical raw paths were merged while reading; now split each distinct one into channel
 * ids, and merge again the ones that only differ in spacing (`a>b` is `a > b`). A canonical
 * raw path is its own merge key, and no other canonical raw path shares it, so only the
 * others are looked up: by their canonical text, among the raw paths and among each other.
 * Paths and channels keep the order in which they first appear in the file, and the sums of
 * a merged path are added in that order too.
 */
function mergePaths(tallies: Tallies): PathSet {
  const names = new Names();
  const channels = new ByteKeys();
  const channelIds: number[] = [];
  const { keys } = tallies;
  const raw = tallies.sums;
  const arena = Buffer.from(keys.arena.buffer, keys.arena.byteOffset, keys.arena.byteLength);
  const paths: (AggregatedPath & { steps: number[] })[] = [];
  // The merged path of a raw path, once known (+1; 0 when not yet), and of the canonical
  // texts of non-canonical raw paths that no raw path spells out.
  const mergedOf = new Int32Array(keys.size);
  const byText = new Map<string, number>();
  const scratch: number[] = [];
  for (let id = 0; id < keys.size; id++) {
    let into = mergedOf[id]! - 1;
    if (into < 0) {
      const from = keys.start(id);
      const to = from + keys.length(id);
      let steps = canonicalSteps(arena, from, to, channels, channelIds, names, scratch);
      if (steps) into = paths.length;
      else {
        const parts = splitPath(arena.toString('utf8', from, to), tallies.line[id]!);
        steps = parts.map((name) => names.id(name));
        const text = Buffer.from(parts.join(' > '), 'utf8');
        const spelled = keys.find(text, 0, text.length, hashBytes(text, 0, text.length));
        if (spelled >= 0 && mergedOf[spelled]! > 0) into = mergedOf[spelled]! - 1;
        else if (spelled < 0) into = byText.get(text.toString('latin1')) ?? -1;
        if (into < 0) {
          into = paths.length;
          if (spelled >= 0) mergedOf[spelled] = into + 1;
          else byText.set(text.toString('latin1'), into);
        }
      }
      if (into === paths.length) {
        mergedOf[id] = into + 1;
        paths.push({ steps, conversions: raw[3 * id]!, value: raw[3 * id + 1]!, nulls: raw[3 * id + 2]! });
        continue;
      }
    }
    const path = paths[into]!;
    path.conversions += raw[3 * id]!;
    path.value += raw[3 * id + 1]!;
    path.nulls += raw[3 * id + 2]!;
  }
  return { names: names.list, paths };
}

/** Streams a paths file from disk. */
export function readPathsFile(file: string): Promise<PathsFile> {
  return readPaths(createReadStream(file, { highWaterMark: 1 << 20 }));
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
