/**
 * The baseline of `bench/attribution`: reading the paths file and splitting it into rows and
 * fields the plain way (1 MiB chunks decoded as UTF-8, split into lines, each line on commas,
 * its numbers parsed), with nothing merged and nothing modelled. `servio attribution --paths`
 * reads the same chunks, as bytes. Prints the rows it read. run.ts compiles it with esbuild,
 * as `npm run build` compiles the CLI's light entry, so that neither pays for tsx.
 *
 *   node --import tsx bench/attribution/baseline.ts FILE
 */
import { createReadStream } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: baseline.ts FILE\n');
  process.exit(2);
}
let rows = 0;
let checksum = 0;
let rest = '';
for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const text = rest + chunk;
  let start = 0;
  let newline = text.indexOf('\n');
  while (newline !== -1) {
    const fields = text.slice(start, newline).split(',');
    if (rows > 0) checksum += Number(fields[1]) + Number(fields[2]) + Number(fields[3]) + fields[0]!.length;
    rows++;
    start = newline + 1;
    newline = text.indexOf('\n', start);
  }
  rest = text.slice(start);
}
process.stdout.write(`${JSON.stringify({ rows: rows - 1, checksum })}\n`);
