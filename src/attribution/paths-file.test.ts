import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { barePaths } from './model.js';
import { PathsFileError, readPaths, writePaths } from './paths-file.js';

/** Feeds text in small chunks so records straddle chunk boundaries. */
const read = (text: string, chunk = 7) =>
  readPaths(
    Readable.from(
      Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) =>
        text.slice(i * chunk, (i + 1) * chunk),
      ),
    ),
  );

const named = (file: Awaited<ReturnType<typeof read>>) =>
  file.set.paths.map((p) => ({
    path: p.steps.map((s) => file.set.names[s]).join(' > '),
    conversions: p.conversions,
    value: p.value,
    nulls: p.nulls,
  }));

describe('the ChannelAttribution paths layout', () => {
  it('reads paths joined by " > " or ">", merging identical paths while reading', async () => {
    const file = await read(
      'path,total_conversions,total_conversion_value,total_null\n' +
        'email > webinar,1,100.5,0\r\n' +
        'email>webinar,0,0,2\n' +
        '"paid, search > email",2,40,1\n' +
        '\n' +
        'email > webinar,1,20,0\n',
    );
    expect(file.rows).toBe(4);
    expect(named(file)).toEqual([
      { path: 'email > webinar', conversions: 2, value: 120.5, nulls: 2 },
      { path: 'paid, search > email', conversions: 2, value: 40, nulls: 1 },
    ]);
  });

  it('reads text chunks that end between the two halves of a character', async () => {
    // Cut every 7 UTF-16 units: the emoji's halves fall into two chunks.
    const file = await read('path,total_conversions\nab > x🙂 > 🙂,1\n🙂,2');
    expect(named(file)).toEqual([
      { path: 'ab > x🙂 > 🙂', conversions: 1, value: 0, nulls: 0 },
      { path: '🙂', conversions: 2, value: 0, nulls: 0 },
    ]);
  });

  it('accepts a file without the optional columns, in any column order', async () => {
    const file = await read('total_conversions,path\n3,a > b\n');
    expect(file.hasValue).toBe(false);
    expect(named(file)).toEqual([{ path: 'a > b', conversions: 3, value: 0, nulls: 0 }]);
  });

  it('names the line and the column of bad input', async () => {
    const header = 'path,total_conversions,total_conversion_value,total_null\n';
    await expect(read(`${header}a > b,1,0,0\na,x,0,0\n`)).rejects.toThrow(
      'line 3, column total_conversions: must be a number of at least 0, got "x"',
    );
    await expect(read(`${header}a,1,-5,0\n`)).rejects.toThrow('line 2, column total_conversion_value');
    await expect(read(`${header}a,1,0\n`)).rejects.toThrow('line 2, column total_null: is missing');
    await expect(read(`${header}a > > b,1,0,0\n`)).rejects.toThrow(
      'line 2, column path: the path "a > > b" has an empty channel name',
    );
    await expect(read('channel,conversions\n')).rejects.toThrow('line 1: the header has no path column');
    await expect(read('')).rejects.toBeInstanceOf(PathsFileError);
    await expect(read(`${header}"a,1,0,0\n`)).rejects.toThrow('line 2: a quoted field is never closed');
    await expect(read(`${header}"a" b,1,0,0\n`)).rejects.toThrow(/^line 2: Invalid Closing Quote/);
  });

  it('round-trips: what it writes reads back to the same paths', async () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9 ,"_-]{0,10}[a-z0-9]$/).filter((s) => !s.includes('>'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            path: fc.array(name, { minLength: 1, maxLength: 5 }),
            conversions: fc.integer({ min: 0, max: 100 }),
            value: fc.double({ min: 0, max: 1e6, noNaN: true }),
            nulls: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 20 },
        ),
        async (rows) => {
          const set = barePaths(rows);
          const back = await read(writePaths(set), 13);
          expect(back.set).toEqual(set);
        },
      ),
      { numRuns: 100 },
    );
  });
});
