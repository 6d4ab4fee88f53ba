import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { StoreKind } from '../../src/store/index.js';
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

      let stdout = '';
      const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stdout += String(chunk);
        return true;
      });
      let code: number;
      try {
        code = await main(['node', 'servio', 'worker', '--drain'], { ...env, LOG_LEVEL: 'silent' });
      } finally {
        out.mockRestore();
      }
      expect(code).toBe(0);
      expect(stdout).toContain('Processed 3 events; 0 waiting, 0 failed.');

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
      await again.stop();
    });
  });
}
