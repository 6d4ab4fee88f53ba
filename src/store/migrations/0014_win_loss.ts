import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Win/loss capture (issue 8, seed 001's closed-loop template and its Sales SLA row "Win/loss
 * feedback: reason recorded for every closed-won and closed-lost within 48 hours"): one
 * record a closed opportunity, opened when it closes, complete once it has its agreed reason,
 * the competitor when lost to one and the winning factor when won. An incomplete record runs
 * an SLA clock for the owner, so `sla_clocks` gets a third kind of subject: an opportunity.
 * `competitor_key` is the competitor's name normalised (case, whitespace), which the
 * competitive intelligence view groups by.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table win_loss_records (
      opportunity_id text primary key references opportunities (id) on delete cascade,
      outcome text not null check (outcome in ('won', 'lost')),
      closed_at timestamptz not null,
      due_at timestamptz not null,
      reason_code text,
      reason_text text,
      competitor text,
      competitor_key text,
      winning_factor text,
      notes text,
      complete boolean not null,
      completed_at timestamptz,
      recorded_by text,
      recorded_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index win_loss_records_closed_idx on win_loss_records (closed_at, opportunity_id);
    create index win_loss_records_competitor_idx on win_loss_records (competitor_key, closed_at)
      where competitor_key is not null;

    alter table sla_clocks add column opportunity_id text references opportunities (id) on delete cascade;
    alter table sla_clocks drop constraint sla_clocks_subject_check;
    alter table sla_clocks add constraint sla_clocks_subject_check
      check (person_id is not null or content_request_id is not null or opportunity_id is not null);
    create index sla_clocks_opportunity_idx on sla_clocks (opportunity_id) where opportunity_id is not null;
    `,
  );
}
