import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStore, type Store, type StoreKind } from '../../src/store/index.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { freshDatabaseEnv } from '../support/stores.js';

/**
 * "Servio never loses an acknowledged event" (DESIGN, the spine): the real server, as a
 * child process, is killed with SIGKILL while batches are in flight; every event of every
 * batch it had acknowledged must be in the database afterwards, and a batch it had not
 * answered is there entirely or not at all (one transaction per batch). Both ways of
 * ingesting: synchronous (200, stored) and asynchronous (`Prefer: respond-async`, 202,
 * accepted into the inbox; the kill may also hit the worker's transaction, and a restarted
 * server's worker finishes the work).
 */

type Mode = 'sync' | 'async';

const BATCH = 1_000;
/** Acknowledged batches to wait for before the kill, so that there is something to lose. */
const ACKED_BEFORE_KILL = 4;

interface SentBatch {
  number: number;
  events: Record<string, unknown>[];
}

/** Unique events; the people and visitors of one batch are its own, so that batches never wait on each other's rows. */
function makeBatch(mode: Mode, number: number): SentBatch {
  const at = Date.now() - 3_600_000;
  const events = Array.from({ length: BATCH }, (_, i) => {
    const event: Record<string, unknown> = {
      eventId: `crash-${mode}-${number}-${i}`,
      type: i % 5 === 0 ? 'form_submit' : 'page_view',
      occurredAt: new Date(at + i * 1_000).toISOString(),
      visitorId: `v-${mode}-${number}-${i % 300}`,
      url: 'https://servio.example/pricing',
    };
    if (i % 5 === 0) event.email = `lead-${mode}-${number}-${i % 200}@crash-${number}.example.com`;
    return event;
  });
  return { number, events };
}

async function post(server: ServerProcess, key: string, batch: SentBatch, mode: Mode = 'sync') {
  const response = await fetch(`${server.url}/v1/events`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...(mode === 'async' ? { prefer: 'respond-async' } : {}),
    },
    body: JSON.stringify({ events: batch.events }),
  });
  const body = (await response.json()) as {
    stored: number;
    duplicates: number;
    rejected: number;
    results: { eventId: string; status: string }[];
  };
  return { status: response.status, body };
}

const idsOf = (batch: SentBatch) => batch.events.map((e) => e.eventId as string);

for (const kind of inject('stores') as StoreKind[]) {
  describe(`kill -9 during ingestion [${kind}]`, () => {
    const servers: ServerProcess[] = [];
    let dataDir: string | undefined;
    let env: Record<string, string>;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'servio-crash-'));
      env = await freshDatabaseEnv(kind, dataDir);
    });

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.kill()));
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    /** The admin key the first server of the database printed (a restart prints none). */
    let key: string | undefined;
    const start = async () => {
      const server = await startServerProcess({ env, readyTimeoutMs: 90_000 });
      servers.push(server);
      return server;
    };

    /** Event ids in the log and the inbox, read directly from the database the server left behind. */
    async function storedIds(): Promise<Set<string>> {
      let store: Store;
      if (kind === 'pglite') {
        // A copy of the data dir as the kill left it: the server restarts on the original
        // and does its own recovery.
        const copy = path.join(dataDir!, 'copy');
        await cp(env.SERVIO_DATA_DIR!, copy, { recursive: true });
        store = await openStore({ dataDir: copy });
      } else {
        store = await openStore({ databaseUrl: env.DATABASE_URL, poolSize: 1 });
        // A transaction of the dead server whose COMMIT was already sent may still finish:
        // wait until its connections are gone before reading.
        for (let i = 0; i < 100; i++) {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()
          `.execute(store.db);
          if (rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      try {
        const rows = await store.db
          .selectFrom('touchpoints')
          .select('event_id')
          .union(store.db.selectFrom('event_inbox').select('event_id'))
          .execute();
        return new Set(rows.map((r) => r.event_id));
      } finally {
        await store.close();
      }
    }

    /** Until the restarted server's worker has processed every accepted event. */
    async function drained(server: ServerProcess, key: string): Promise<void> {
      for (let i = 0; i < 600; i++) {
        const response = await fetch(`${server.url}/v1/ingestion`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const backlog = (await response.json()) as { waiting: number; failed: number };
        expect(backlog.failed).toBe(0);
        if (backlog.waiting === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the inbox did not drain within 60 s');
    }

    for (const mode of ['sync', 'async'] as const)
      it(`keeps every acknowledged event, keeps or drops each unanswered batch whole, and restarts (${mode})`, {
        timeout: 150_000,
      }, async () => {
        const ackStatus = mode === 'sync' ? 200 : 202;
        const ackResult = mode === 'sync' ? 'stored' : 'accepted';
        const first = await start();
        key ??= first.adminKey;
        expect(key, first.output()).toMatch(/^sk_/);

        // Two senders keep two batches in flight. The kill comes right after the answer to the
        // ACKED_BEFORE_KILL-th batch, once its sender has sent the next one: a server that
        // answered before committing would lose that batch, and the other sender's batch is
        // somewhere inside the server (parsing, resolving people, inserting, committing).
        const acked: SentBatch[] = [];
        const cut: SentBatch[] = [];
        const refused: string[] = [];
        let killed = false;
        let killAfterNextSend = false;
        let next = 0;
        const sender = async () => {
          while (!killed && refused.length === 0 && cut.length === 0) {
            const batch = makeBatch(mode, next++);
            const answer = post(first, key!, batch, mode);
            if (killAfterNextSend) {
              killAfterNextSend = false;
              killed = true;
              setImmediate(() => void first.kill());
            }
            try {
              const { status, body } = await answer;
              if (
                status === ackStatus &&
                body.results.every((r) => r.status === ackResult || r.status === 'duplicate')
              ) {
                acked.push(batch);
                if (acked.length === ACKED_BEFORE_KILL) killAfterNextSend = true;
              } else refused.push(`batch ${batch.number}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
            } catch {
              // No answer: the process died under it. Nothing was promised for this batch.
              cut.push(batch);
            }
          }
        };
        await Promise.all([sender(), sender()]);
        expect(refused, `every batch before the kill is answered ${ackStatus} with no rejection`).toEqual([]);
        expect(killed, `no request fails before the kill:\n${first.output()}`).toBe(true);
        await first.kill(); // a no-op once killed; reached without a kill only on a failure above
        expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
        expect(acked.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);
        expect(cut.length, 'the kill cut off at least one request').toBeGreaterThanOrEqual(1);

        // Directly in the database: all acknowledged events, and each cut batch whole or absent.
        const present = await storedIds();
        const missing = acked.flatMap(idsOf).filter((id) => !present.has(id));
        expect(missing).toEqual([]);
        const cutStored = new Map(
          cut.map((b) => [b.number, idsOf(b).filter((id) => present.has(id)).length]),
        );
        for (const [number, n] of cutStored)
          expect([0, BATCH], `cut batch ${number}: ${n} events stored`).toContain(n);

        // Through the API of a restarted server on the same database.
        const second = await start();
        const health = await fetch(`${second.url}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', store: kind });
        // The worker of the restarted server finishes what the dead one had accepted; a
        // synchronous re-send then finds every acknowledged event among the touchpoints.
        if (mode === 'async') await drained(second, key!);
        for (const batch of acked) {
          const { status, body } = await post(second, key!, batch);
          expect(status).toBe(200);
          expect(body).toMatchObject({ stored: 0, duplicates: BATCH, rejected: 0 });
        }
        for (const batch of cut) {
          const { status, body } = await post(second, key!, batch);
          expect(status).toBe(200);
          const wasStored = cutStored.get(batch.number) === BATCH;
          expect(body).toMatchObject(
            wasStored
              ? { stored: 0, duplicates: BATCH, rejected: 0 }
              : { stored: BATCH, duplicates: 0, rejected: 0 },
          );
        }
        await second.stop();
      });
  });
}
