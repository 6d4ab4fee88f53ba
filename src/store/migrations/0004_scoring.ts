import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * The current score of each person (with the rules that fired) and its history: a score is
 * explained and reproducible, and "why did this lead become an MQL" has an answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table person_scores (
      person_id text primary key references people(id),
      model_version integer not null,
      fit integer not null,
      engagement integer not null,
      decay integer not null,
      total integer not null,
      qualifies boolean not null,
      rules jsonb not null,
      last_engagement_at timestamptz,
      scored_at timestamptz not null
    );
    create index person_scores_total_idx on person_scores (total);

    create table score_history (
      id bigint generated always as identity primary key,
      person_id text not null references people(id),
      at timestamptz not null,
      model_version integer not null,
      fit integer not null,
      engagement integer not null,
      total integer not null,
      cause text not null
    );
    create index score_history_person_idx on score_history (person_id, at, id);
  `,
  );
}
