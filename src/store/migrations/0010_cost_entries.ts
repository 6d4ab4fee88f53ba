import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Cost entries: what marketing and sales spend outside campaigns (people, tools, agencies)
 * per range of days. Campaigns carry their own cost; these give seed 004's value metrics
 * their other inputs: all marketing spend per sales-accepted lead, sales cost per closed deal.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table cost_entries (
      id text primary key,
      function text not null check (function in ('marketing', 'sales')),
      category text not null,
      amount_cents bigint not null check (amount_cents >= 0),
      currency text not null,
      starts_on date not null,
      ends_on date not null,
      notes text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (ends_on >= starts_on)
    );
    create index cost_entries_range_idx on cost_entries (starts_on, ends_on);
  `,
  );
}
