import { type RawBuilder, sql } from 'kysely';
import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import {
  type Db,
  type OutboxRow,
  paginate,
  referenceRead,
  type Trx,
  type WebhookDeliveryRow,
  type WebhookSubscriptionRow,
  writeTogether,
} from '../store/index.js';
import {
  type Delivery,
  type DeliveryStatus,
  type OutboxEntry,
  type SubscriptionFields,
  type WebhookFormat,
  type WebhookSubscription,
  webhookSecretPrefix,
} from './model.js';

// ---- subscriptions

function toSubscription(row: WebhookSubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: row.events as string[],
    format: row.format as WebhookFormat,
    active: row.active,
    description: row.description,
    secretPrefix: webhookSecretPrefix(row.secret),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function subscriptionColumns(fields: Partial<SubscriptionFields>) {
  return {
    ...(fields.url !== undefined && { url: fields.url }),
    // jsonb: a JS array given to pg as is would become a PostgreSQL array literal.
    ...(fields.events !== undefined && { events: JSON.stringify(fields.events) }),
    ...(fields.format !== undefined && { format: fields.format }),
    ...(fields.active !== undefined && { active: fields.active }),
    ...(fields.description !== undefined && { description: fields.description }),
  };
}

export async function insertSubscription(
  db: Db,
  s: SubscriptionFields & { id: string; secret: string; now: Date },
): Promise<WebhookSubscription> {
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({
      id: s.id,
      ...subscriptionColumns(s),
      url: s.url,
      events: JSON.stringify(s.events),
      format: s.format,
      secret: s.secret,
      created_at: s.now,
      updated_at: s.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSubscription(row);
}

export async function findSubscription(db: Db, id: string): Promise<WebhookSubscription | undefined> {
  const row = await db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toSubscription(row);
}

export async function getSubscription(db: Db, id: string): Promise<WebhookSubscription> {
  const subscription = await findSubscription(db, id);
  if (!subscription) throw new NotFoundError('Webhook', id);
  return subscription;
}

export async function updateSubscription(
  db: Db,
  id: string,
  fields: Partial<SubscriptionFields> & { secret?: string },
  now: Date,
): Promise<WebhookSubscription> {
  const row = await db
    .updateTable('webhook_subscriptions')
    .set({
      ...subscriptionColumns(fields),
      ...(fields.secret !== undefined && { secret: fields.secret }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Webhook', id);
  return toSubscription(row);
}

/** Its deliveries go with it (on delete cascade); the outbox keeps what happened. */
export async function deleteSubscription(db: Db, id: string): Promise<WebhookSubscription> {
  const row = await db
    .deleteFrom('webhook_subscriptions')
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Webhook', id);
  return toSubscription(row);
}

export async function listSubscriptions(
  db: Db,
  page: Partial<PageRequest>,
): Promise<Page<WebhookSubscription>> {
  const result = await paginate(
    db.selectFrom('webhook_subscriptions').selectAll(),
    'webhook_subscriptions',
    page,
  );
  return { items: result.items.map(toSubscription), nextCursor: result.nextCursor };
}

/** What publishing matches against: few rows, read in the publisher's transaction. */
export function listActiveTargets(db: Db): Promise<{ id: string; events: string[] }[]> {
  return referenceRead(db, 'notify:targets', () => readActiveTargets(db));
}

async function readActiveTargets(db: Db): Promise<{ id: string; events: string[] }[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions')
    .select(['id', 'events'])
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, events: r.events as string[] }));
}

// ---- outbox

function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    type: row.type,
    text: row.text,
    subject: { personId: row.subject_person_id, userId: row.subject_user_id },
    data: row.data,
    createdAt: row.created_at,
  };
}

/** The outbox rows and their pending deliveries, in one statement (one round trip a publish). */
export async function insertOutboxEntries(
  db: Db,
  entries: OutboxEntry[],
  deliveries: { id: string; outboxId: string; subscriptionId: string }[],
  now: Date,
): Promise<void> {
  await writeTogether(db, outboxWrites(entries, deliveries, now));
}

/**
 * The writes of these outbox rows and their deliveries, for a caller that writes them in one
 * statement with its own (`writeTogether`; the deliveries' foreign keys are checked at its end).
 */
export function outboxWrites(
  entries: readonly OutboxEntry[],
  deliveries: readonly { id: string; outboxId: string; subscriptionId: string }[],
  now: Date,
): RawBuilder<unknown>[] {
  if (entries.length === 0) return [];
  const col = <T>(pick: (e: OutboxEntry) => T) => entries.map(pick);
  const writes = [
    sql`
      insert into outbox (id, type, text, subject_person_id, subject_user_id, data, created_at)
      select * from unnest(
        ${col((e) => e.id)}::text[], ${col((e) => e.type)}::text[], ${col((e) => e.text)}::text[],
        ${col((e) => e.subject.personId)}::text[], ${col((e) => e.subject.userId)}::text[],
        ${col((e) => JSON.stringify(e.data))}::jsonb[], ${col((e) => e.createdAt)}::timestamptz[]
      )
    `,
  ];
  if (deliveries.length > 0)
    writes.push(sql`
      insert into webhook_deliveries (id, outbox_id, subscription_id, status, next_attempt_at, created_at)
      select d.id, d.outbox_id, d.subscription_id, 'pending', ${now}::timestamptz, ${now}::timestamptz
      from unnest(
        ${deliveries.map((d) => d.id)}::text[], ${deliveries.map((d) => d.outboxId)}::text[],
        ${deliveries.map((d) => d.subscriptionId)}::text[]
      ) as d (id, outbox_id, subscription_id)
    `);
  return writes;
}

export interface OutboxFilter {
  type?: string | undefined;
  personId?: string | undefined;
  userId?: string | undefined;
}

export async function listOutbox(
  db: Db,
  filter: OutboxFilter,
  page: Partial<PageRequest>,
): Promise<Page<OutboxEntry>> {
  let query = db.selectFrom('outbox').selectAll();
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.personId !== undefined) query = query.where('subject_person_id', '=', filter.personId);
  if (filter.userId !== undefined) query = query.where('subject_user_id', '=', filter.userId);
  const result = await paginate(query, 'outbox', page);
  return { items: result.items.map(toOutboxEntry), nextCursor: result.nextCursor };
}

// ---- deliveries

function toDelivery(row: WebhookDeliveryRow & { type: string }): Delivery {
  return {
    id: row.id,
    outboxId: row.outbox_id,
    subscriptionId: row.subscription_id,
    type: row.type,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

function deliveries(db: Db) {
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('outbox', 'outbox.id', 'webhook_deliveries.outbox_id')
    .selectAll('webhook_deliveries')
    .select('outbox.type');
}

export interface DeliveryFilter {
  subscriptionId?: string | undefined;
  outboxId?: string | undefined;
  status?: DeliveryStatus | undefined;
}

export async function listDeliveries(
  db: Db,
  filter: DeliveryFilter,
  page: Partial<PageRequest>,
): Promise<Page<Delivery>> {
  let query = deliveries(db);
  if (filter.subscriptionId !== undefined)
    query = query.where('webhook_deliveries.subscription_id', '=', filter.subscriptionId);
  if (filter.outboxId !== undefined)
    query = query.where('webhook_deliveries.outbox_id', '=', filter.outboxId);
  if (filter.status !== undefined) query = query.where('webhook_deliveries.status', '=', filter.status);
  const result = await paginate(query, 'webhook_deliveries', page);
  return { items: result.items.map(toDelivery), nextCursor: result.nextCursor };
}

export async function lockDelivery(trx: Trx, id: string): Promise<Delivery | undefined> {
  const row = await deliveries(trx)
    .where('webhook_deliveries.id', '=', id)
    .forUpdate(['webhook_deliveries'])
    .executeTakeFirst();
  return row && toDelivery(row);
}

export async function getDelivery(db: Db, id: string): Promise<Delivery> {
  const row = await deliveries(db).where('webhook_deliveries.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Delivery', id);
  return toDelivery(row);
}

/** Everything one attempt needs, read while claiming so the HTTP call holds no connection. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  attempt: number;
  url: string;
  secret: string;
  format: WebhookFormat;
  entry: OutboxEntry;
}

/**
 * Claims up to `total` due deliveries of active subscriptions, at most `perReceiver` of each
 * (the first due of every subscription, then the oldest due of those), none of
 * `skipReceivers` (subscription ids): skips rows another process
 * holds, counts the attempt and moves `next_attempt_at` to `leaseUntil`, so the claim is
 * visible once committed and a crashed sender's deliveries come due again after the lease.
 * One statement, committed on its own: the claim was a transaction of four round trips (begin,
 * the locking read, the update, commit), run ~15 times a second when every routed lead sends
 * a webhook (bench/README.md, routing). Returned oldest due first.
 */
export async function claimDueDeliveries(
  db: Db | Trx,
  now: Date,
  limits: { total: number; perReceiver: number; skipReceivers: readonly string[] },
  leaseUntil: Date,
): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<{
    id: string;
    subscription_id: string;
    attempts: number;
    url: string;
    secret: string;
    format: string;
    outbox_id: string;
    type: string;
    text: string;
    subject_person_id: string | null;
    subject_user_id: string | null;
    data: OutboxRow['data'];
    created_at: Date;
    due_at: Date;
  }>`
    with due as (
      select d.id, d.next_attempt_at as due_at
        from webhook_subscriptions s
        cross join lateral (
          select d.id, d.next_attempt_at
            from webhook_deliveries d
           where d.subscription_id = s.id and d.status in ('pending', 'failed')
             and d.next_attempt_at <= ${now}
           order by d.next_attempt_at, d.id
           limit ${limits.perReceiver}
             for update skip locked
        ) d
       where s.active and s.id <> all(${limits.skipReceivers}::text[])
       order by d.next_attempt_at, d.id
       limit ${limits.total}
    )
    update webhook_deliveries d
       set attempts = d.attempts + 1, last_attempt_at = ${now}, next_attempt_at = ${leaseUntil}
      from due, webhook_subscriptions s, outbox o
     where d.id = due.id and s.id = d.subscription_id and o.id = d.outbox_id
    returning d.id, d.subscription_id, d.attempts, s.url, s.secret, s.format, o.id as outbox_id, o.type, o.text,
              o.subject_person_id, o.subject_user_id, o.data, o.created_at, due.due_at`.execute(db);
  rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    attempt: r.attempts,
    url: r.url,
    secret: r.secret,
    format: r.format as WebhookFormat,
    entry: toOutboxEntry({
      id: r.outbox_id,
      type: r.type,
      text: r.text,
      subject_person_id: r.subject_person_id,
      subject_user_id: r.subject_user_id,
      data: r.data,
      created_at: r.created_at,
    }),
  }));
}

export interface AttemptOutcome {
  status: Exclude<DeliveryStatus, 'pending'>;
  statusCode: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
  at: Date;
}

/** How a claimed attempt ended, to record. */
export interface AttemptRecord {
  id: string;
  /** The attempt's number as claimed: guards against a stale sender. */
  attempt: number;
  outcome: AttemptOutcome;
}

/** Records how a batch's claimed attempts ended, in one statement. */
export async function recordAttempts(db: Db, records: readonly AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  const column = <T>(pick: (r: AttemptRecord) => T) => records.map(pick);
  await sql`
    update webhook_deliveries d
    set status = x.status, last_status_code = x.code, last_error = x.error, next_attempt_at = x.next,
      delivered_at = case when x.status = 'delivered' then x.at else d.delivered_at end
    from unnest(${column((r) => r.id)}::text[], ${column((r) => r.attempt)}::int[],
      ${column((r) => r.outcome.status)}::text[], ${column((r) => r.outcome.statusCode)}::int[],
      ${column((r) => r.outcome.error)}::text[], ${column((r) => r.outcome.nextAttemptAt)}::timestamptz[],
      ${column((r) => r.outcome.at)}::timestamptz[]) as x(id, attempt, status, code, error, next, at)
    where d.id = x.id and d.attempts = x.attempt
  `.execute(db);
}

/** Sends a failed or dead delivery back to pending, due now, with a fresh retry schedule. */
export async function resetDelivery(trx: Trx, id: string, now: Date): Promise<void> {
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .execute();
}
