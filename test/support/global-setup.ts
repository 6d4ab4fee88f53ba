import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openStore, type StoreKind } from '../../src/store/index.js';
import { clonePrefix, withDatabase } from './postgres.js';

/**
 * Once per run: a migrated PGlite data dir dumped to a file (opening and migrating one per
 * test file would cost seconds), and a migrated PostgreSQL template database that each test
 * file clones. With CI=true a store that was asked for but cannot be reached fails the run.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.SERVIO_TEST_DATABASE_URL || null;
  const requested = (process.env.SERVIO_TEST_STORES ?? (adminUrl ? 'pglite,postgres' : 'pglite'))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const kind of requested) {
    if (kind !== 'pglite' && kind !== 'postgres')
      throw new Error(`SERVIO_TEST_STORES: unknown store "${kind}"`);
  }
  if (process.env.CI === 'true' && !requested.includes('postgres')) {
    throw new Error(
      'CI=true: the suite must run on PostgreSQL too; set SERVIO_TEST_DATABASE_URL (see .ci/run)',
    );
  }
  if (requested.includes('postgres') && !adminUrl) {
    throw new Error('SERVIO_TEST_STORES includes postgres but SERVIO_TEST_DATABASE_URL is not set');
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'servio-test-'));
  const templateFile = path.join(dir, 'pglite-template.tar');
  const embedded = await openStore({});
  await migrateToLatest(embedded.db);
  const dump = await embedded.pglite!.dumpDataDir('none');
  await writeFile(templateFile, Buffer.from(await dump.arrayBuffer()));
  await embedded.close();

  let postgresTemplate: string | null = null;
  if (requested.includes('postgres') && adminUrl) {
    postgresTemplate = `servio_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${postgresTemplate}`);
    await admin.query(`create database ${postgresTemplate}`);
    await admin.end();
    const server = await openStore({ databaseUrl: withDatabase(adminUrl, postgresTemplate), poolSize: 1 });
    await migrateToLatest(server.db);
    await server.close();
  }

  project.provide('stores', requested as StoreKind[]);
  project.provide('pgliteTemplate', templateFile);
  project.provide('postgresAdminUrl', adminUrl);
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    await rm(dir, { recursive: true, force: true });
    if (adminUrl && postgresTemplate) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      // Only this run's clones: another run may share the server (and its databases are its own).
      const { rows } = await admin.query<{ datname: string }>(
        'select datname from pg_database where starts_with(datname, $1) or datname = $2',
        [clonePrefix(postgresTemplate), postgresTemplate],
      );
      for (const row of rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
      await admin.end();
    }
  };
}
