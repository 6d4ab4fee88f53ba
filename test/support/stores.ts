import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Ctx, contextFor } from '../../src/app.js';
import { loadConfig, ManualClock } from '../../src/core/index.js';
import { openStore, type Store, type StoreKind } from '../../src/store/index.js';
import { databaseUrlFor } from './postgres.js';
import { JAN_05_0900_UTC } from './instants.js';

declare module 'vitest' {
  export interface ProvidedContext {
    stores: StoreKind[];
    pgliteTemplate: string;
    postgresAdminUrl: string | null;
    postgresTemplate: string | null;
  }
}

/** What a test gets: a fresh migrated database of one kind, and a context over it with a manual clock. */
export interface StoreFixture {
  readonly kind: StoreKind;
  readonly store: Store;
  readonly ctx: Ctx;
  readonly clock: ManualClock;
}

let templateBlob: Blob | undefined;

/** A fresh migrated database of `kind`: PGlite loaded from the migrated template, or a PostgreSQL clone of it. */
export async function openTestStore(kind: StoreKind): Promise<Store> {
  if (kind === 'pglite') {
    templateBlob ??= new Blob([await readFile(inject('pgliteTemplate'))]);
    return openStore({ loadDataDir: templateBlob });
  }
  const adminUrl = inject('postgresAdminUrl');
  const template = inject('postgresTemplate');
  if (!adminUrl || !template) throw new Error('PostgreSQL tests need SERVIO_TEST_DATABASE_URL');
  const store = await openStore({ databaseUrl: await databaseUrlFor(adminUrl, template), poolSize: 4 });
  return store;
}

/**
 * What a separate process (a server, the CLI) needs to open a fresh migrated-or-empty database
 * of `kind`: a PGlite data directory inside `dir` (the caller's to remove), or a PostgreSQL
 * clone of the migrated template.
 */
export async function freshDatabaseEnv(kind: StoreKind, dir: string): Promise<Record<string, string>> {
  if (kind === 'pglite') return { SERVIO_DATA_DIR: path.join(dir, 'data') };
  const adminUrl = inject('postgresAdminUrl');
  const template = inject('postgresTemplate');
  if (!adminUrl || !template) throw new Error('PostgreSQL tests need SERVIO_TEST_DATABASE_URL');
  return { DATABASE_URL: await databaseUrlFor(adminUrl, template) };
}

export function testConfig(env: Record<string, string | undefined> = {}) {
  return loadConfig({ LOG_LEVEL: 'silent', ...env });
}

/**
 * Runs `body` once per configured store (`SERVIO_TEST_STORES`), each with its own fresh
 * migrated database for the whole `describe` block.
 */
export function forEachStore(
  name: string,
  body: (fixture: StoreFixture) => void,
  /** Only these kinds (two connections at once need a server: PGlite has one). */
  only?: readonly StoreKind[],
): void {
  const kinds = inject('stores').filter((k) => !only || only.includes(k));
  for (const kind of kinds) {
    describe(`${name} [${kind}]`, () => {
      let store: Store | undefined;
      const clock = new ManualClock(JAN_05_0900_UTC);
      let ctx: Ctx | undefined;
      const fixture: StoreFixture = {
        kind,
        clock,
        get store() {
          if (!store) throw new Error('store not open yet');
          return store;
        },
        get ctx() {
          if (!ctx) throw new Error('store not open yet');
          return ctx;
        },
      };
      beforeAll(async () => {
        store = await openTestStore(kind);
        ctx = contextFor(store, testConfig(), { clock });
      });
      afterAll(async () => {
        await store?.close();
      });
      body(fixture);
    });
  }
}
