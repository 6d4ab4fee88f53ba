import { sql } from 'kysely';
import type { Db } from './connection.js';
import type { Trx } from './transaction.js';

/**
 * Reference data: the users and teams, their calendars, the agreement, messaging, content
 * assets and webhook subscriptions. Every ingestion pass reads them; people change them
 * rarely. Every change to their tables adds one to `reference_version` in the same transaction
 * (statement triggers, migration 0025), so a pass reads that one number and reuses what an
 * earlier pass of this process read while it is unchanged, instead of one round trip a read.
 *
 * Correct because a cached value was read after the version it is kept under: if the version
 * is still that one, no change to any of the tables has committed since. Only transactions
 * that called `bindReferenceCache` read through the cache; every other read goes to the database.
 */
interface Cache {
  version: string;
  entries: Map<string, unknown>;
}

/**
 * A bound on what one version keeps (calendars are kept a user each, candidate assets a day):
 * a full cache starts again empty rather than keeping the oldest keys for good.
 */
const MAX_ENTRIES = 10_000;

function keep(cache: Cache, key: string, value: unknown): void {
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(key, value);
}

const latest = new WeakMap<Db, Cache>();
const bound = new WeakMap<Db | Trx, Cache>();

/**
 * Reads the reference version in `trx` (one statement) and lets the reads made through
 * `referenceRead` in this transaction use this process's cache of `db` for that version.
 */
export async function bindReferenceCache(db: Db, trx: Trx): Promise<void> {
  const { rows } = await sql<{ version: string }>`
    select version::text as version from reference_version
  `.execute(trx);
  const version = rows[0]?.version ?? 'none';
  let cache = latest.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    latest.set(db, cache);
  }
  bound.set(trx, cache);
}

/** `load()`, or what it gave earlier in this reference version (see `bindReferenceCache`). */
export async function referenceRead<T>(db: Db | Trx, key: string, load: () => Promise<T>): Promise<T> {
  const cache = bound.get(db);
  if (!cache) return load();
  if (cache.entries.has(key)) return cache.entries.get(key) as T;
  const value = await load();
  // Nothing found is not kept: what is missing may be created in this very transaction.
  if (value !== undefined) keep(cache, key, value);
  return value;
}

/**
 * `referenceRead` for values kept one a key (e.g. a user's calendar): `load` is asked only
 * for the keys not already kept, and may leave out keys it does not know.
 */
export async function referenceReadMany<T>(
  db: Db | Trx,
  prefix: string,
  keys: readonly string[],
  load: (missing: string[]) => Promise<Map<string, T>>,
): Promise<Map<string, T>> {
  const cache = bound.get(db);
  if (!cache) return load([...new Set(keys)]);
  const found = new Map<string, T>();
  const missing: string[] = [];
  for (const key of new Set(keys)) {
    const entry = `${prefix}\u0000${key}`;
    if (cache.entries.has(entry)) found.set(key, cache.entries.get(entry) as T);
    else missing.push(key);
  }
  if (missing.length > 0) {
    for (const [key, value] of await load(missing)) {
      found.set(key, value);
      keep(cache, `${prefix}\u0000${key}`, value);
    }
  }
  return found;
}
