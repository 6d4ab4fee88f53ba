import { type Kysely, sql } from 'kysely';

/**
 * Each receiver's due deliveries in order, so that a delivery slice can take the first few of
 * every active subscription (src/notify/store.ts, `claimDueDeliveries`): one receiver's
 * backlog no longer holds back the others' deliveries, which waited behind all of it in
 * `webhook_deliveries_due_idx` order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index webhook_deliveries_receiver_due_idx on webhook_deliveries
    (subscription_id, next_attempt_at, id) where status in ('pending', 'failed')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists webhook_deliveries_receiver_due_idx`.execute(db);
}
