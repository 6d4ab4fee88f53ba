import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Business calendars (DESIGN.md, the spine: "SLA clock started (business hours of the
 * owner's calendar)"). `hours` is the canonical `--hours` text (`Mon-Fri 09:00-17:00`), read
 * back by `sla/business-calendar.ts`; `holidays` a JSON array of `YYYY-MM-DD` and yearly
 * `MM-DD`. A user works their own calendar, else their team's, else Mon-Fri 09:00-17:00 in
 * their own time zone; a calendar still assigned cannot be deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table calendars (
      id text primary key,
      name text not null unique,
      time_zone text not null,
      hours text not null,
      holidays jsonb not null default '[]',
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index calendars_created_idx on calendars (created_at, id);
    alter table teams add column calendar_id text references calendars (id);
    alter table users add column calendar_id text references calendars (id);
    create index teams_calendar_idx on teams (calendar_id) where calendar_id is not null;
    create index users_calendar_idx on users (calendar_id) where calendar_id is not null;
  `,
  );
}
