import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Feedback to marketing (issue 8): lead-quality flags that sales raises on a lead or a
 * campaign, addressed to the campaign's owner and answered by them; and the marketing tasks
 * that disqualifications create from their DQ code's marketing action (seed 001, DQ reason
 * codes). A task gathers every lead disqualified with the same code from the same campaign
 * (or, without a campaign, the same lead source) while it is open: one open task per key,
 * which a partial unique index keeps true under concurrent disqualifications.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table quality_flags (
      id text primary key,
      person_id text references people (id) on delete set null,
      campaign_id text references campaigns (id) on delete set null,
      campaign_via text not null,
      kind text not null,
      severity text not null,
      comment text,
      status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
      recipient_user_id text references users (id) on delete set null,
      raised_by_type text not null,
      raised_by_id text,
      raised_by_user_id text references users (id) on delete set null,
      raised_at timestamptz not null,
      response text,
      responded_by_id text,
      responded_at timestamptz
    );
    create index quality_flags_raised_idx on quality_flags (raised_at, id);
    create index quality_flags_campaign_idx on quality_flags (campaign_id, status);
    create index quality_flags_person_idx on quality_flags (person_id) where person_id is not null;

    create table marketing_tasks (
      id text primary key,
      dq_code text not null,
      action text not null,
      campaign_id text references campaigns (id) on delete set null,
      lead_source text,
      group_key text not null,
      assignee_user_id text references users (id) on delete set null,
      status text not null default 'open' check (status in ('open', 'completed')),
      lead_count integer not null default 0,
      latest_person_id text references people (id) on delete set null,
      latest_at timestamptz not null,
      agreement_version integer not null,
      created_at timestamptz not null,
      completed_at timestamptz,
      completed_by_id text,
      completion_note text
    );
    create unique index marketing_tasks_open_key on marketing_tasks (group_key) where status = 'open';
    create index marketing_tasks_created_idx on marketing_tasks (created_at, id);
    create index marketing_tasks_campaign_idx on marketing_tasks (campaign_id, status);

    create table marketing_task_leads (
      task_id text not null references marketing_tasks (id) on delete cascade,
      person_id text not null references people (id) on delete cascade,
      disposition_id text not null,
      lead_source text,
      added_at timestamptz not null,
      primary key (task_id, person_id)
    );
    create index marketing_task_leads_source_idx on marketing_task_leads (lead_source, task_id);
    `,
  );
}
