import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Messaging consistency and content requests (issue 8): the content library and its usage
 * (who sent which asset to whom), the messaging items (value propositions, positioning,
 * brand guidelines, talking points, battlecards) with every version kept, and the queue of
 * content requests from sales to marketing. A request's turnaround runs on an SLA clock, so
 * `sla_clocks` gets a second kind of subject: a clock is about a person or about a request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table content_assets (
      id text primary key,
      title text not null,
      type text not null,
      stage text,
      persona text,
      industry text,
      channel text,
      owner_user_id text references users (id),
      version integer not null default 1,
      location text not null,
      summary text,
      review_on date,
      expires_on date,
      retired_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index content_assets_created_idx on content_assets (created_at, id);
    create index content_assets_match_idx on content_assets (lower(persona), stage) where retired_at is null;

    create table content_usage (
      id text primary key,
      asset_id text not null references content_assets (id) on delete cascade,
      user_id text references users (id),
      person_id text references people (id) on delete set null,
      account_id text references accounts (id) on delete set null,
      opportunity_id text references opportunities (id) on delete set null,
      sent_at timestamptz not null,
      note text,
      created_at timestamptz not null
    );
    create index content_usage_created_idx on content_usage (created_at, id);
    create index content_usage_asset_idx on content_usage (asset_id, sent_at);
    create index content_usage_account_idx on content_usage (account_id) where account_id is not null;

    create table messaging_items (
      id text primary key,
      kind text not null,
      title text not null,
      persona text,
      segment text,
      stage text,
      competitor text,
      body jsonb not null,
      version integer not null,
      reviewed_on date,
      archived_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index messaging_items_created_idx on messaging_items (created_at, id);
    create index messaging_items_kind_idx on messaging_items (kind, lower(persona)) where archived_at is null;

    create table messaging_versions (
      item_id text not null references messaging_items (id) on delete cascade,
      version integer not null,
      title text not null,
      persona text,
      segment text,
      stage text,
      competitor text,
      body jsonb not null,
      reviewed_on date,
      author text not null,
      created_at timestamptz not null,
      primary key (item_id, version)
    );

    create table content_requests (
      id text primary key,
      type text not null,
      title text not null,
      details text,
      requester_user_id text not null references users (id),
      owner_user_id text references users (id),
      status text not null check (status in ('open', 'in_progress', 'delivered', 'declined')),
      persona text,
      competitor text,
      opportunity_id text references opportunities (id) on delete set null,
      anchor_on date,
      requested_at timestamptz not null,
      target_at timestamptz not null,
      due_at timestamptz not null,
      asset_id text references content_assets (id),
      delivered_at timestamptz,
      decline_reason text,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index content_requests_created_idx on content_requests (created_at, id);
    create index content_requests_open_idx on content_requests (due_at) where status in ('open', 'in_progress');

    alter table sla_clocks alter column person_id drop not null;
    alter table sla_clocks add column content_request_id text references content_requests (id) on delete cascade;
    alter table sla_clocks add constraint sla_clocks_subject_check
      check (person_id is not null or content_request_id is not null);
    create index sla_clocks_content_request_idx on sla_clocks (content_request_id)
      where content_request_id is not null;
  `,
  );
}
