import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';

/** The text in chunks of `size` bytes, as a file stream would deliver it (split anywhere). */
function source(text: string, size = 7): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function read(text: string, size?: number) {
  const { records, stopped } = readCsv(source(text, size));
  const out: { line: number; cells: string[] }[] = [];
  for await (const r of records) out.push({ line: r.line, cells: r.cells });
  return { records: out, stopped: stopped() };
}

describe('readCsv', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`numbers each record by the physical line it starts on (${JSON.stringify(eol)} line ends)`, async () => {
      const text = [
        'email,note', // 1
        `a@x.com,"two${eol}lines"`, // 2-3
        '', // 4
        'b@x.com,plain', // 5
        ',', // 6: empty cells only, left out
        `c@x.com,"a, comma and${eol}${eol}three lines"`, // 7-9
        'd@x.com,"lone\rreturn"', // 10
        'e@x.com,last', // 11
      ].join(eol);
      for (const size of [1, 7, 1 << 16]) {
        const { records, stopped } = await read(text, size);
        expect(
          records.map((r) => r.line),
          `chunks of ${size}`,
        ).toEqual([1, 2, 5, 7, 10, 11]);
        expect(records[3]!.cells).toEqual(['c@x.com', `a, comma and${eol}${eol}three lines`]);
        expect(stopped).toBeUndefined();
      }
    });
  }

  it('strips a byte order mark and keeps a stray quote inside a field as text', async () => {
    const { records } = await read('\uFEFFemail,height\nm@x.com,5\'10"\n');
    expect(records).toEqual([
      { line: 1, cells: ['email', 'height'] },
      { line: 2, cells: ['m@x.com', '5\'10"'] },
    ]);
  });

  it('stops at an unclosed quote, reporting the line where the record began', async () => {
    const { records, stopped } = await read('email,name\na@x.com,Ann\nb@x.com,"Bob\nc@x.com,Cy\n');
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(stopped).toEqual({ line: 3, reason: 'a quoted field opened on this line is never closed' });
  });

  it('stops at junk after a closing quote and returns nothing read after it', async () => {
    const { records, stopped } = await read('email,name\na@x.com,"Ann"x\nb@x.com,Bob\n');
    expect(records.map((r) => r.line)).toEqual([1]);
    expect(stopped?.line).toBe(2);
  });

  it('accepts rows shorter or longer than the header', async () => {
    const { records } = await read('a,b,c\n1\n1,2,3,4\n');
    expect(records.map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']]);
  });
});
