import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * SLA clocks: one row a promise (a policy of the agreement for one person), started and
 * stopped by the events already stored (stage changes, routing decisions, sales activities),
 * which carry an `sla_seen` mark so that each is taken into account exactly once, even when
 * it commits late or the server was down. Rows stored before this migration are history the
 * clocks were not there for: they are marked seen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    alter table stage_history add column sla_seen boolean not null default false;
    alter table routing_decisions add column sla_seen boolean not null default false;
    alter table activities add column sla_seen boolean not null default false;
    update stage_history set sla_seen = true;
    update routing_decisions set sla_seen = true;
    update activities set sla_seen = true;
    create index stage_history_sla_idx on stage_history (id) where not sla_seen;
    create index routing_decisions_sla_idx on routing_decisions (decided_at) where not sla_seen;
    create index activities_sla_idx on activities (occurred_at) where not sla_seen;

    create table sla_clocks (
      id text primary key,
      policy text not null,
      person_id text not null references people(id) on delete cascade,
      agreement_version integer not null,
      started_at timestamptz not null,
      due_at timestamptz not null,
      stopped_at timestamptz,
      status text not null check (status in ('running', 'met', 'breached', 'cancelled', 'fired')),
      breached_at timestamptz,
      accountable_user_id text references users(id),
      escalation_level integer not null default 0,
      acknowledged_at timestamptz,
      acknowledged_by text,
      acknowledgement text,
      created_at timestamptz not null
    );
    create index sla_clocks_due_idx on sla_clocks (due_at) where status = 'running';
    create index sla_clocks_breached_idx on sla_clocks (breached_at)
      where status = 'breached' and stopped_at is null and acknowledged_at is null;
    create index sla_clocks_person_idx on sla_clocks (person_id, policy);
    create index sla_clocks_started_idx on sla_clocks (started_at);
  `,
  );
}
