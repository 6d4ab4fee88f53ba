import fc from 'fast-check';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { Names, type PathSet } from './model.js';
import { readPaths, splitPath } from './paths-file.js';

/**
 * The fast reader (bytes, merging raw paths, a canonical shortcut) against the straightforward
 * one: the whole text through csv-parse, every path split on `>` and trimmed, rows merged by
 * their channel names in file order.
 */
function straightforward(text: string): { set: PathSet; rows: number; hasValue: boolean; hasNull: boolean } {
  const [header, ...records] = parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as string[][];
  const column = (name: string) => header!.map((h) => h.trim().toLowerCase()).indexOf(name);
  const [path, conversions, value, nulls] = [
    column('path'),
    column('total_conversions'),
    column('total_conversion_value'),
    column('total_null'),
  ];
  const names = new Names();
  const merged = new Map<string, { steps: number[]; conversions: number; value: number; nulls: number }>();
  for (const [i, record] of records.entries()) {
    const steps = splitPath(record[path]!, i + 2).map((name) => names.id(name));
    const row = {
      conversions: Number(record[conversions]),
      value: value < 0 ? 0 : Number(record[value]),
      nulls: nulls < 0 ? 0 : Number(record[nulls]),
    };
    const key = steps.join(',');
    const seen = merged.get(key);
    if (seen) {
      seen.conversions += row.conversions;
      seen.value += row.value;
      seen.nulls += row.nulls;
    } else merged.set(key, { steps, ...row });
  }
  return {
    set: { names: names.list, paths: [...merged.values()] },
    rows: records.length,
    hasValue: value >= 0,
    hasNull: nulls >= 0,
  };
}

// Names with commas, quotes, inner spaces and characters of two, three and four bytes.
const name = fc.constantFrom('email', 'paid search', 'a,b', 'say "hi"', 'café', '日本', 'x🙂', 'direct', 'e');
const separator = fc.constantFrom(' > ', '>', ' >', '>  ', '  >  ');
const path = fc
  .tuple(fc.array(fc.tuple(separator, name), { minLength: 0, maxLength: 5 }), name, fc.boolean())
  .map(([rest, first, padded]) => {
    const text = first + rest.map(([s, n]) => s + n).join('');
    return padded ? ` ${text} ` : text;
  });
// Multiples of 0.25 add up exactly in any order; some written with a decimal point or spaces.
const amount = fc.oneof(
  fc.nat(20).map(String),
  fc.nat(400).map((n) => String(n / 4)),
  fc.nat(9).map((n) => ` ${n} `),
  fc.constant('1e2'),
);
const layout = fc.constantFrom(
  ['path', 'total_conversions', 'total_conversion_value', 'total_null'],
  ['path', 'total_conversions'],
  ['total_null', 'path', 'total_conversions', 'total_conversion_value', 'note'],
);

const file = fc
  .record({
    columns: layout,
    rows: fc.array(fc.tuple(path, amount, amount, amount, fc.boolean()), { minLength: 0, maxLength: 30 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    blank: fc.nat(30),
    finalBreak: fc.boolean(),
  })
  .map(({ columns, rows, crlf, bom, blank, finalBreak }) => {
    const cell = (column: string, [p, c, v, n]: [string, string, string, string, boolean]) =>
      ({ path: p, total_conversions: c, total_conversion_value: v, total_null: n })[column] ?? 'x';
    const lines = [
      stringify([columns]).trimEnd(),
      ...rows.map((row) =>
        // Quoted where needed; now and then a plain path quoted anyway.
        stringify([columns.map((c) => cell(c, row))], { quoted_match: row[4] ? /^ / : undefined }).trimEnd(),
      ),
    ];
    if (blank < lines.length && blank > 0) lines.splice(blank, 0, '');
    const text = lines.join(crlf ? '\r\n' : '\n') + (finalBreak ? (crlf ? '\r\n' : '\n') : '');
    return (bom ? '\uFEFF' : '') + text;
  });

/** The file's bytes in chunks cut anywhere, in the middle of a character too. */
const chunked = (bytes: Buffer, cuts: number[]) => {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    if (cut > from) pieces.push(bytes.subarray(from, cut));
    from = cut;
  }
  return Readable.from(pieces);
};

describe('the fast paths reader', () => {
  it('reads a random file as the straightforward reader does, however its bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.nat(), { maxLength: 12 }), async (text, cuts) => {
        const expected = straightforward(text);
        const actual = await readPaths(chunked(Buffer.from(text, 'utf8'), cuts));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
