import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Notifications (DESIGN.md, Scale-out: "deliver notifications from a transactional outbox").
 * A capability writes an `outbox` row and one `webhook_deliveries` row per matching
 * subscription in its own transaction; the delivery job claims due deliveries with
 * `FOR UPDATE SKIP LOCKED`, so any number of processes can deliver without sending twice
 * at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table webhook_subscriptions (
      id text primary key,
      url text not null,
      secret text not null,
      events jsonb not null,
      format text not null check (format in ('json', 'slack')),
      active boolean not null default true,
      description text not null default '',
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index webhook_subscriptions_created_idx on webhook_subscriptions (created_at, id);
    create table outbox (
      id text primary key,
      type text not null,
      text text not null,
      subject_person_id text,
      subject_user_id text,
      data jsonb not null,
      created_at timestamptz not null
    );
    create index outbox_created_idx on outbox (created_at, id);
    create index outbox_type_idx on outbox (type, created_at, id);
    create index outbox_person_idx on outbox (subject_person_id, created_at, id) where subject_person_id is not null;
    create index outbox_user_idx on outbox (subject_user_id, created_at, id) where subject_user_id is not null;
    create table webhook_deliveries (
      id text primary key,
      outbox_id text not null references outbox (id),
      subscription_id text not null references webhook_subscriptions (id) on delete cascade,
      status text not null check (status in ('pending', 'delivered', 'failed', 'dead')),
      attempts integer not null default 0 check (attempts >= 0),
      next_attempt_at timestamptz,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null,
      check (status not in ('pending', 'failed') or next_attempt_at is not null),
      check (status <> 'delivered' or delivered_at is not null)
    );
    create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status in ('pending', 'failed');
    create index webhook_deliveries_subscription_idx on webhook_deliveries (subscription_id, created_at, id);
    create index webhook_deliveries_outbox_idx on webhook_deliveries (outbox_id);
  `,
  );
}
