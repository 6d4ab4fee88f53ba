import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * The meeting cadence of seed 001 (issue 8): the organisation's edits to the default series
 * (the defaults live in code, `meetings/model.ts`, so a row exists only once someone edits),
 * the meetings held with the agenda generated for each (a snapshot, regenerated on demand)
 * and their notes, and the action items tracked to done. The agenda and the series are
 * `json`, not `jsonb`: kept as written, so an item's figures stay in the order they are read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table meeting_cadence (
      id integer primary key check (id = 1),
      time_zone text not null,
      series json not null,
      updated_at timestamptz not null
    );

    create table meetings (
      id text primary key,
      kind text not null,
      date date not null,
      starts_at timestamptz not null,
      title text not null,
      agenda json,
      agenda_generated_at timestamptz,
      notes text,
      created_by text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (kind, date)
    );
    create index meetings_starts_idx on meetings (starts_at, id);

    create table action_items (
      id text primary key,
      meeting_id text not null references meetings (id) on delete cascade,
      title text not null,
      owner_user_id text references users (id),
      team_id text references teams (id),
      due_on date not null,
      status text not null check (status in ('open', 'done')),
      completed_at timestamptz,
      completed_by text,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index action_items_open_idx on action_items (due_on, id) where status = 'open';
    create index action_items_meeting_idx on action_items (meeting_id);
    create index action_items_owner_idx on action_items (owner_user_id, status);
    `,
  );
}
