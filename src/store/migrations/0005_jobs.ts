import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Periodic jobs: one row a job with its lease and last run, so that any number of server
 * processes run each job one at a time and a restart catches up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table job_runs (
      name text primary key,
      leased_by text,
      leased_until timestamptz,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_error text
    );
    create index person_scores_version_idx on person_scores (model_version);
  `,
  );
}
