import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/attribution-paths.js');

/** `node bin/servio.js ...` with the light bundle required, or the sources through tsx. */
async function servio(bundle: 'require' | 'off', ...args: string[]) {
  const result = await exec('node', ['bin/servio.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, SERVIO_LIGHT_BUNDLE: bundle },
  }).catch((error) => error);
  return { code: result.code ?? 0, stdout: result.stdout as string, stderr: result.stderr as string };
}

// Quoted names, spacing variants, decimals, CRLF, a name of several bytes: every reader branch.
const PATHS =
  'path,total_conversions,total_conversion_value,total_null\r\n' +
  'email > webinar > direct,1,120.5,0\r\n' +
  '"paid, search>email",2,80,1\r\n' +
  'email>webinar >direct,0,0,3\r\n' +
  'café > direct,1,10,0\r\n' +
  'webinar,0,0,2\r\n';

describe('the compiled light entry (npm run build) and the sources through tsx', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'servio-attr-bundle-'));
    await writeFile(path.join(dir, 'paths.csv'), PATHS);
    await writeFile(path.join(dir, 'bad.csv'), 'path,total_conversions\nA,1\nA > > B,1\n');
    await exec('node', ['bin/build-light.mjs'], { cwd: ROOT });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('give the same output, the same errors and the same exit codes', async () => {
    const file = path.join(dir, 'paths.csv');
    const runs = [
      ['attribution', '--model', 'all', '--order', '2', '--paths', file, '--json'],
      ['attribution', '--model', 'all', '--paths', file],
      ['attribution', '--model', 'markov', '--paths', path.join(dir, 'bad.csv')],
      ['attribution', '--paths', path.join(dir, 'missing.csv')],
      ['attribution', '--paths', file, '--order', '9'],
    ];
    for (const args of runs) {
      const compiled = await servio('require', ...args);
      expect(compiled).toEqual(await servio('off', ...args));
    }
    const report = JSON.parse((await servio('require', ...runs[0]!)).stdout);
    expect(report).toMatchObject({ source: { rows: 5 }, conversions: 4, value: 210.5, nulls: 6, paths: 4 });
    expect((await servio('require', ...runs[2]!)).stderr).toContain(
      'line 3, column path: the path "A > > B" has an empty channel name',
    );
    expect((await servio('require', ...runs[3]!)).code).toBe(2);
  });

  it('is not used once a file it was built from is newer: the sources run instead', async () => {
    const built = await stat(BUNDLE);
    const args = ['attribution', '--model', 'linear', '--paths', path.join(dir, 'paths.csv'), '--json'];
    try {
      // Dating the bundle back is what editing a source after the build looks like.
      await utimes(BUNDLE, new Date(0), new Date(0));
      const stale = await servio('require', ...args);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/no up-to-date dist\/attribution-paths\.js .* is newer than the bundle/);
      const fallback = await exec('node', ['bin/servio.js', ...args], { cwd: ROOT });
      expect(JSON.parse(fallback.stdout).models[0].model).toBe('linear');
    } finally {
      await utimes(BUNDLE, built.atime, built.mtime);
    }
    expect((await servio('require', ...args)).code).toBe(0);
  });
});
