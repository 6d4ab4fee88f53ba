import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStore, type StoreKind } from '../../src/store/index.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { freshDatabaseEnv } from '../support/stores.js';

/**
 * Ingestion split across processes: a server started with `SERVIO_INBOX_PASSES=0` only
 * accepts (202, durable), and `servio worker --drain` stores, scores and routes what waits.
 */
for (const kind of inject('stores') as StoreKind[]) {
  describe(`servio worker beside a server that only accepts [${kind}]`, () => {
    const servers: ServerProcess[] = [];
    let dir: string | undefined;
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.kill()));
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('leaves accepted events waiting in a server without passes, and drains them with servio worker --drain', async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'servio-worker-'));
      const env = await freshDatabaseEnv(kind, dir);
      const accepting = await startServerProcess({
        env: { ...env, SERVIO_INBOX_PASSES: '0' },
        readyTimeoutMs: 90_000,
      });
      servers.push(accepting);
      const key = accepting.adminKey!;
      expect(key).toMatch(/^sk_/);
      const call = async (server: ServerProcess, method: string, url: string, body?: unknown) => {
        const response = await fetch(`${server.url}${url}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            prefer: 'respond-async',
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: response.status, body: (await response.json()) as Record<string, any> };
      };
      const at = new Date().toISOString();
      const events = [
        { eventId: 'w-1', type: 'page_view', visitorId: 'v-w', occurredAt: at },
        {
          eventId: 'w-2',
          type: 'form_submit',
          visitorId: 'v-w',
          email: 'wen@harbor-mills.example',
          occurredAt: at,
        },
        { eventId: 'w-3', type: 'email_open', email: 'oli@harbor-mills.example', occurredAt: at },
      ];
      const accepted = await call(accepting, 'POST', '/v1/events', { events });
      expect(accepted.status).toBe(202);
      expect(accepted.body.accepted).toBe(3);
      expect((await call(accepting, 'GET', '/v1/ingestion')).body).toMatchObject({ waiting: 3, failed: 0 });
      await accepting.stop();

      const servio = async (...args: string[]) => {
        let stdout = '';
        const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
          stdout += String(chunk);
          return true;
        });
        try {
          const code = await main(['node', 'servio', ...args], { ...env, LOG_LEVEL: 'silent' });
          return { code, stdout };
        } finally {
          out.mockRestore();
        }
      };
      expect(await servio('worker', '--drain')).toEqual({
        code: 0,
        stdout: expect.stringContaining('Processed 3 events; 0 waiting, 0 failed.'),
      });
      // How long the three waited, from the 202 to the drain: the same figures on both sides.
      const status = await servio('worker', '--status');
      expect(status.stdout).toMatch(
        /^No events waiting; 0 failed; 3 processed in the last 5 minutes, accepted to processed p50 \d+ ms, p95 \d+ ms, p99 \d+ ms, max \d+ ms\.$/m,
      );

      const again = await startServerProcess({ env, readyTimeoutMs: 90_000 });
      servers.push(again);
      for (const id of ['w-1', 'w-2', 'w-3'])
        expect((await call(again, 'GET', `/v1/events/${id}`)).body).toMatchObject({ status: 'stored' });
      // The page view before the form fill belongs to the person the form identified.
      const [viewed, filled] = await Promise.all(
        ['w-1', 'w-2'].map(async (id) => (await call(again, 'GET', `/v1/events/${id}`)).body.personId),
      );
      expect(viewed).toBe(filled);
      expect(viewed).toMatch(/\S/);
      const { recent } = (await call(again, 'GET', '/v1/ingestion')).body;
      expect(recent).toMatchObject({ windowSeconds: 300, processed: 3 });
      expect(status.stdout).toContain(`p50 ${recent.p50Ms} ms, p95 ${recent.p95Ms} ms`);
      expect(recent.p50Ms).toBeGreaterThanOrEqual(0);
      expect(recent.p50Ms).toBeLessThanOrEqual(recent.p99Ms);
      expect(recent.p99Ms).toBeLessThanOrEqual(recent.maxMs);
      expect(recent.maxMs).toBeLessThan(300_000);
      await again.stop();
    });

    it('runs no background job in a server started with SERVIO_JOBS=off: they are left to servio worker', async () => {
      const jobsDir = await mkdtemp(path.join(os.tmpdir(), 'servio-jobs-'));
      try {
        const env = await freshDatabaseEnv(kind, jobsDir);
        const runs = async () => {
          const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.SERVIO_DATA_DIR });
          try {
            return (await store.db.selectFrom('job_runs').select('name').execute()).map((r) => r.name);
          } finally {
            await store.close();
          }
        };
        // A server's jobs start a second after it does; this one waits three.
        const apiOnly = await startServerProcess({
          env: { ...env, SERVIO_JOBS: 'off' },
          readyTimeoutMs: 90_000,
        });
        servers.push(apiOnly);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await apiOnly.stop();
        expect(await runs()).toEqual([]);
        // The default: the same server runs them.
        const both = await startServerProcess({ env, readyTimeoutMs: 90_000 });
        servers.push(both);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await both.stop();
        expect((await runs()).length).toBeGreaterThan(0);
      } finally {
        await rm(jobsDir, { recursive: true, force: true });
      }
    });
  });
}
