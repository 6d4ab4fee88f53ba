import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * The foundation: organisation, people and accounts, the touchpoint log, sales activities,
 * opportunities, the stage history, API keys, the audit log and idempotency records.
 * SQL accepted by PostgreSQL 15 (the Debian server) and by PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table teams (
      id text primary key,
      name text not null unique,
      function text not null check (function in ('sdr', 'ae', 'marketing', 'revops', 'cs', 'other')),
      manager_user_id text,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    create table users (
      id text primary key,
      email text not null unique,
      name text not null,
      role text not null,
      team_id text references teams(id),
      manager_user_id text references users(id),
      segment text,
      territory text,
      time_zone text not null,
      active boolean not null default true,
      out_of_office_until timestamptz,
      capacity_per_day integer,
      routing_weight integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index users_team_idx on users (team_id);
    alter table teams add foreign key (manager_user_id) references users(id);

    create table accounts (
      id text primary key,
      name text not null,
      domain text unique,
      employees integer,
      industry text,
      country text,
      region text,
      annual_revenue_cents bigint,
      owner_user_id text references users(id),
      is_named_account boolean not null default false,
      is_customer boolean not null default false,
      is_competitor boolean not null default false,
      is_partner boolean not null default false,
      external_id text unique,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index accounts_created_idx on accounts (created_at, id);

    create table people (
      id text primary key,
      email text unique,
      first_name text,
      last_name text,
      title text,
      phone text,
      company text,
      account_id text references accounts(id),
      stage text not null,
      stage_entered_at timestamptz not null,
      owner_user_id text references users(id),
      lead_source text,
      country text,
      industry text,
      employees integer,
      unsubscribed boolean not null default false,
      external_id text unique,
      attributes jsonb not null default '{}',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      erased_at timestamptz
    );
    create index people_created_idx on people (created_at, id);
    create index people_account_idx on people (account_id);
    create index people_owner_idx on people (owner_user_id, stage);
    create index people_stage_idx on people (stage, stage_entered_at);

    create table visitors (
      visitor_id text primary key,
      person_id text references people(id),
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      identified_at timestamptz
    );
    create index visitors_person_idx on visitors (person_id);

    create table campaigns (
      id text primary key,
      name text not null,
      channel text not null,
      status text not null,
      cost_cents bigint not null default 0 check (cost_cents >= 0),
      currency text not null default 'USD',
      starts_on date,
      ends_on date,
      owner_user_id text references users(id),
      external_id text unique,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (ends_on is null or starts_on is null or ends_on >= starts_on)
    );
    create index campaigns_created_idx on campaigns (created_at, id);

    create table touchpoints (
      id bigint generated always as identity primary key,
      event_id text not null unique,
      type text not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null,
      person_id text references people(id),
      visitor_id text,
      account_id text references accounts(id),
      campaign_id text references campaigns(id),
      channel text,
      url text,
      content_id text,
      properties jsonb not null default '{}'
    );
    create index touchpoints_person_idx on touchpoints (person_id, occurred_at);
    create index touchpoints_visitor_idx on touchpoints (visitor_id) where person_id is null;
    create index touchpoints_account_idx on touchpoints (account_id, occurred_at);
    create index touchpoints_campaign_idx on touchpoints (campaign_id, occurred_at);

    create table opportunities (
      id text primary key,
      name text not null,
      account_id text references accounts(id),
      person_id text references people(id),
      owner_user_id text references users(id),
      campaign_id text references campaigns(id),
      source text,
      stage text not null,
      amount_cents bigint not null check (amount_cents >= 0),
      currency text not null,
      close_date date,
      next_step text,
      outcome text check (outcome in ('won', 'lost')),
      closed_at timestamptz,
      close_reason text,
      competitor text,
      winning_factor text,
      external_id text unique,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index opportunities_created_idx on opportunities (created_at, id);
    create index opportunities_account_idx on opportunities (account_id);
    create index opportunities_owner_idx on opportunities (owner_user_id, stage);
    create index opportunities_person_idx on opportunities (person_id);

    create table activities (
      id text primary key,
      type text not null,
      direction text not null,
      outcome text,
      occurred_at timestamptz not null,
      person_id text references people(id),
      account_id text references accounts(id),
      opportunity_id text references opportunities(id),
      user_id text references users(id),
      subject text,
      notes text,
      duration_seconds integer check (duration_seconds is null or duration_seconds >= 0),
      external_id text unique,
      created_at timestamptz not null
    );
    create index activities_created_idx on activities (created_at, id);
    create index activities_person_idx on activities (person_id, occurred_at);
    create index activities_user_idx on activities (user_id, occurred_at);

    create table stage_history (
      id bigint generated always as identity primary key,
      person_id text not null references people(id),
      from_stage text,
      to_stage text not null,
      at timestamptz not null,
      actor_type text not null,
      actor_id text,
      reason text,
      reason_code text,
      agreement_version integer
    );
    create index stage_history_person_idx on stage_history (person_id, at, id);
    create index stage_history_to_idx on stage_history (to_stage, at);

    create table api_keys (
      id text primary key,
      name text not null,
      role text not null check (role in ('admin', 'revops', 'marketing', 'sales_manager', 'sales_rep')),
      key_hash text not null unique,
      prefix text not null,
      user_id text references users(id),
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      actor_type text not null,
      actor_id text,
      action text not null,
      subject_type text not null,
      subject_id text,
      details jsonb not null default '{}'
    );
    create index audit_log_subject_idx on audit_log (subject_type, subject_id, at);

    create table idempotency_keys (
      api_key_id text not null references api_keys(id),
      key text not null,
      method text not null,
      path text not null,
      request_hash text not null,
      status_code integer not null,
      response jsonb not null,
      created_at timestamptz not null,
      primary key (api_key_id, key)
    );
  `,
  );
}
