import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/servio.js');

/** Runs the real CLI until `until` matches its stdout; returns the output so far. */
function runUntil(args: string[], env: Record<string, string>, until: RegExp, timeoutMs: number) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${out}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (until.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${out}`));
    });
  });
  return { child, ready };
}

describe('servio demo', () => {
  let child: ChildProcess | undefined;
  let dir = '';
  afterAll(async () => {
    child?.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('simulates a quarter on the embedded database and prints the URL, a working admin key and curl examples', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'servio-demo-'));
    const run = runUntil(
      ['demo', '--port', '0', '--leads', '60'],
      { SERVIO_DATA_DIR: dir, PORT: '' },
      /Press Ctrl\+C/,
      120_000,
    );
    child = run.child;
    const out = await run.ready;
    const url = /running at (http:\/\/\S+)/.exec(out)?.[1];
    const key = /Admin API key: (sk_\S+)/.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(key).toBeDefined();
    expect(out.match(/curl -s/g)?.length).toBe(3);
    expect(out).toContain(`Dashboard: ${url}/`);
    const dashboard = await fetch(`${url}/`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<div id="root"');

    expect((await fetch(`${url}/health`)).status).toBe(200);
    const people = await fetch(`${url}/v1/people?limit=5`, { headers: { authorization: `Bearer ${key}` } });
    expect(people.status).toBe(200);
    expect(((await people.json()) as { items: unknown[] }).items.length).toBe(5);
    const sqls = await fetch(`${url}/v1/people?stage=sql&limit=5`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(sqls.status).toBe(200);
    const opportunities = await fetch(`${url}/v1/opportunities?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(opportunities.status).toBe(200);
  });
});
