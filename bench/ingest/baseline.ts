import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type BenchEvent, multiRowInsert, touchpointParameters } from './events.js';

/**
 * The baseline: the same events, as the same touchpoint rows, written the fastest plain
 * way a client can without COPY: one multi-row INSERT per batch of 1,000, each its own
 * (auto-committed) transaction, so it pays one commit per batch just as the server does.
 * Statements are unnamed, parsed each time, as Kysely sends them.
 */
export interface BaselineReport {
  rows: number;
  seconds: number;
}

const statements = new Map<number, string>();
function insertFor(rows: number): string {
  let text = statements.get(rows);
  if (!text) {
    text = multiRowInsert(rows);
    statements.set(rows, text);
  }
  return text;
}

/** `concurrency` connections to a PostgreSQL server, each inserting one batch at a time. */
export async function baselinePostgres(
  databaseUrl: string,
  batches: Iterator<BenchEvent[]>,
  concurrency: number,
  progress?: (rows: number) => void,
): Promise<BaselineReport> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  let rows = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      for (let next = batches.next(); !next.done; next = batches.next()) {
        const receivedAt = new Date().toISOString();
        await client.query(insertFor(next.value.length), touchpointParameters(next.value, receivedAt));
        rows += next.value.length;
        progress?.(rows);
      }
    } finally {
      client.release();
    }
  };
  try {
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    await pool.end();
  }
}

/** PGlite is one connection in this process: batches go one after another through its own `query`. */
export async function baselinePglite(
  pglite: PGlite,
  batches: Iterator<BenchEvent[]>,
  progress?: (rows: number) => void,
): Promise<BaselineReport> {
  let rows = 0;
  const started = performance.now();
  for (let next = batches.next(); !next.done; next = batches.next()) {
    const receivedAt = new Date().toISOString();
    await pglite.query(insertFor(next.value.length), touchpointParameters(next.value, receivedAt));
    rows += next.value.length;
    progress?.(rows);
  }
  return { rows, seconds: (performance.now() - started) / 1000 };
}
