/**
 * Synthetic journeys for `bench/attribution`, one per row in the ChannelAttribution layout
 * (`path,total_conversions,total_conversion_value,total_null`, channels joined by ` > `).
 * A fixed seed gives the same file every time. Journeys are 1 to 8 touches over 10 channels,
 * shorter ones more common; a touch repeats the previous channel 30% of the time; some
 * channels raise the odds of converting, so the models have something to find.
 *
 *   node --import tsx bench/attribution/generate.ts [--journeys N] [--seed N] [--out FILE]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom } from '../../src/attribution/index.js';

export const CHANNELS = [
  'organic_search',
  'paid_search',
  'email',
  'paid_social',
  'display',
  'referral',
  'direct',
  'webinar',
  'content_syndication',
  'event',
];
/** How often each channel is picked, and how much it adds to the odds of converting. */
const POPULARITY = [22, 18, 16, 12, 9, 6, 8, 4, 3, 2];
const LIFT = [0.02, 0.015, 0.03, 0.005, 0.002, 0.04, 0.01, 0.08, 0.03, 0.1];

export async function generatePaths(file: string, journeys: number, seed: number): Promise<number> {
  const random = seededRandom(seed);
  const cumulative: number[] = [];
  let sum = 0;
  for (const p of POPULARITY) {
    sum += p;
    cumulative.push(sum);
  }
  const pick = () => {
    const r = random() * sum;
    let i = 0;
    while (cumulative[i]! <= r) i++;
    return i;
  };
  const out = createWriteStream(file);
  out.write('path,total_conversions,total_conversion_value,total_null\n');
  let buffer = '';
  let bytes = 0;
  for (let j = 0; j < journeys; j++) {
    // Length 1..8, each one 0.8 as likely as the previous.
    let length = 1;
    while (length < 8 && random() < 0.8) length++;
    const steps: number[] = [];
    let odds = 0.01;
    for (let t = 0; t < length; t++) {
      const channel = t > 0 && random() < 0.3 ? steps[t - 1]! : pick();
      steps.push(channel);
      odds += LIFT[channel]!;
    }
    const converted = random() < Math.min(0.9, odds);
    const value = converted ? 500 + Math.floor(random() * 49_500) : 0;
    buffer += `${steps.map((s) => CHANNELS[s]).join(' > ')},${converted ? 1 : 0},${value},${converted ? 0 : 1}\n`;
    if (buffer.length > 1 << 16) {
      bytes += buffer.length;
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += buffer.length;
  out.end(buffer);
  await once(out, 'finish');
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      journeys: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string' },
    },
  });
  const file = values.out ?? path.join(mkdtempSync(path.join(os.tmpdir(), 'servio-attr-')), 'paths.csv');
  const bytes = await generatePaths(file, Number(values.journeys), Number(values.seed));
  process.stdout.write(`${file} (${(bytes / 1e6).toFixed(1)} MB)\n`);
}
