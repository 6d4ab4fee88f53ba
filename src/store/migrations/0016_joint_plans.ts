import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Collaborative planning (issue 8): buyer personas, the buying-process map (seed 004's seven
 * stages with their alignment points, one editable document), sales plays that campaigns
 * name, the joint plan of a quarter (goals per team; targets and progress are derived on
 * read) and the maturity self-assessment on seed 004's model, one per quarter.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table personas (
      id text primary key,
      key text not null,
      name text not null,
      role text,
      titles jsonb not null default '[]',
      segment text,
      pains jsonb not null default '[]',
      goals jsonb not null default '[]',
      objections jsonb not null default '[]',
      buying_role text,
      channels jsonb not null default '[]',
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create unique index personas_key_idx on personas (lower(key));
    create index personas_created_idx on personas (created_at, id);

    create table sales_plays (
      id text primary key,
      name text not null,
      persona_id text references personas (id),
      segment text,
      description text,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index sales_plays_created_idx on sales_plays (created_at, id);

    alter table campaigns add column play_id text references sales_plays (id);
    create index campaigns_play_idx on campaigns (play_id) where play_id is not null;

    create table buying_process_maps (
      id text primary key,
      stages jsonb not null,
      updated_by text not null,
      updated_at timestamptz not null
    );

    create table joint_plans (
      quarter text primary key,
      goals jsonb not null,
      notes text,
      agreement_version integer not null,
      updated_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    create table maturity_assessments (
      quarter text primary key,
      dimensions jsonb not null,
      overall_level integer not null check (overall_level between 1 and 4),
      assessed_by text not null,
      assessed_at timestamptz not null
    );
    `,
  );
}
