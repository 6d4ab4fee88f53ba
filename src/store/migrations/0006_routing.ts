import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Routing and the hand-off: every routing decision with its explanation, the round-robin
 * counters of each pool (one row a pool, locked while a lead is placed, so two simultaneous
 * leads never go out of turn), dispositions with the re-queue they asked for, reminders,
 * and on the person the hand-off clock and the score a recycled lead must beat to re-enter
 * the MQL queue.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    alter table teams drop constraint teams_function_check;
    alter table teams add constraint teams_function_check
      check (function in ('sdr', 'ae', 'partner', 'cs', 'marketing', 'revops', 'other'));

    alter table people add column routed_at timestamptz;
    alter table people add column first_touch_due_at timestamptz;
    alter table people add column unassigned_since timestamptz;
    alter table people add column requalify_above integer;
    alter table people add column pass_rule text;
    create index people_owner_stage_idx on people (owner_user_id, stage) where erased_at is null;
    create index people_unassigned_idx on people (unassigned_since) where unassigned_since is not null;

    create table routing_decisions (
      id text primary key,
      person_id text not null references people(id) on delete cascade,
      decided_at timestamptz not null,
      trigger text not null,
      agreement_version integer,
      outcome text not null check (outcome in ('assigned', 'unassigned', 'kept')),
      rule_index integer,
      rule_name text,
      step text check (step in ('qualification', 'final')),
      pool text,
      owner_user_id text references users(id),
      previous_owner_user_id text,
      checks jsonb not null,
      reason text not null,
      actor_type text not null,
      actor_id text
    );
    create index routing_decisions_person_idx on routing_decisions (person_id, decided_at);
    create index routing_decisions_owner_idx on routing_decisions (owner_user_id, decided_at);

    create table routing_pools (
      pool_key text primary key,
      assigned bigint not null default 0
    );
    create table routing_counters (
      pool_key text not null references routing_pools(pool_key),
      user_id text not null references users(id),
      assigned bigint not null default 0,
      last_assigned_at timestamptz,
      primary key (pool_key, user_id)
    );

    create table dispositions (
      id text primary key,
      person_id text not null references people(id) on delete cascade,
      decided_at timestamptz not null,
      outcome text not null check (outcome in ('accepted', 'passed', 'disqualified', 'recycled', 'rerouted')),
      reason_code text,
      requeue text check (requeue in ('no_response', 'bad_timing', 'wrong_persona', 'needs_education')),
      notes text,
      content_recommendations jsonb,
      from_stage text not null,
      to_stage text not null,
      owner_user_id text references users(id),
      score integer,
      agreement_version integer,
      actor_type text not null,
      actor_id text
    );
    create index dispositions_person_idx on dispositions (person_id, decided_at);
    create index dispositions_decided_idx on dispositions (decided_at);

    create table reminders (
      id text primary key,
      person_id text not null references people(id) on delete cascade,
      user_id text references users(id),
      due_at timestamptz not null,
      reason text not null,
      created_at timestamptz not null,
      fired_at timestamptz
    );
    create index reminders_due_idx on reminders (due_at) where fired_at is null;
  `,
  );
}
