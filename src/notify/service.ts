import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  ConflictError,
  type IdGenerator,
  NotFoundError,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import type { RawBuilder } from 'kysely';
import { recordAudit, type Trx, writeTogether } from '../store/index.js';
import {
  type Delivery,
  generateWebhookSecret,
  matchesEvent,
  type Notification,
  normalizeSubscriptionFields,
  type OutboxEntry,
  type SubscriptionFields,
  type WebhookSubscription,
} from './model.js';
import * as store from './store.js';

// ---- publishing: the contract every capability calls

/** A published type names one event: lower-case words joined by dots, no wildcard. */
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

async function writeOutbox(
  trx: Trx,
  ids: IdGenerator,
  now: Date,
  notification: Notification,
  subscriptionIds: string[],
): Promise<{ outboxId: string; deliveryIds: string[] }> {
  if (!EVENT_TYPE.test(notification.type)) {
    throw ValidationError.field('/type', `"${notification.type}" is not an event type such as lead.routed`);
  }
  const entry: OutboxEntry = {
    id: ids.next('evt'),
    type: notification.type,
    text: notification.text,
    subject: {
      personId: notification.subject?.personId ?? null,
      userId: notification.subject?.userId ?? null,
    },
    data: notification.data,
    createdAt: now,
  };
  const rows = subscriptionIds.map((subscriptionId) => ({
    id: ids.next('dlv'),
    outboxId: entry.id,
    subscriptionId,
  }));
  await store.insertOutboxEntries(trx, [entry], rows, now);
  return { outboxId: entry.id, deliveryIds: rows.map((r) => r.id) };
}

/**
 * Writes the notification into the outbox inside the caller's transaction, with one delivery
 * row per active subscription whose patterns match its type: it is sent if and only if the
 * caller's change commits. Returns the outbox id.
 */
export async function publish(
  trx: Trx,
  ids: IdGenerator,
  now: Date,
  notification: Notification,
): Promise<string> {
  const targets = (await store.listActiveTargets(trx))
    .filter((s) => matchesEvent(s.events, notification.type))
    .map((s) => s.id);
  return (await writeOutbox(trx, ids, now, notification, targets)).outboxId;
}

/**
 * Many notifications in two statements (the subscriptions, the outbox rows with their deliveries),
 * for sweepers that publish in bulk; the same contract as `publish`.
 */
export async function publishMany(
  trx: Trx,
  ids: IdGenerator,
  now: Date,
  notifications: readonly Notification[],
): Promise<string[]> {
  const { outboxIds, writes } = await notificationWrites(trx, ids, now, notifications);
  await writeTogether(trx, writes);
  return outboxIds;
}

/**
 * `publishMany` for a caller that writes the outbox rows in one statement with its own
 * (`writeTogether`): the writes, and the outbox ids they will give. The subscriptions are read
 * now, in the caller's transaction.
 */
export async function notificationWrites(
  trx: Trx,
  ids: IdGenerator,
  now: Date,
  notifications: readonly Notification[],
): Promise<{ outboxIds: string[]; writes: RawBuilder<unknown>[] }> {
  if (notifications.length === 0) return { outboxIds: [], writes: [] };
  for (const n of notifications)
    if (!EVENT_TYPE.test(n.type))
      throw ValidationError.field('/type', `"${n.type}" is not an event type such as lead.routed`);
  const targets = await store.listActiveTargets(trx);
  const entries: OutboxEntry[] = notifications.map((n) => ({
    id: ids.next('evt'),
    type: n.type,
    text: n.text,
    subject: { personId: n.subject?.personId ?? null, userId: n.subject?.userId ?? null },
    data: n.data,
    createdAt: now,
  }));
  const deliveries = entries.flatMap((e) =>
    targets
      .filter((t) => matchesEvent(t.events, e.type))
      .map((t) => ({ id: ids.next('dlv'), outboxId: e.id, subscriptionId: t.id })),
  );
  return { outboxIds: entries.map((e) => e.id), writes: store.outboxWrites(entries, deliveries, now) };
}

// ---- subscriptions

export interface CreateWebhookInput {
  url: string;
  events: string[];
  /** Default `json`. */
  format?: string | undefined;
  /** Default true. */
  active?: boolean | undefined;
  description?: string | undefined;
}

export type UpdateWebhookInput = Partial<CreateWebhookInput>;

export interface WebhookWithSecret {
  webhook: WebhookSubscription;
  /** The signing secret, shown on create and rotate only. */
  secret: string;
}

function fields(input: UpdateWebhookInput): Partial<SubscriptionFields> {
  const candidate = Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined),
  ) as Partial<SubscriptionFields>;
  const { value, issues } = normalizeSubscriptionFields(candidate);
  if (issues.length > 0) throw new ValidationError('The webhook is invalid', issues);
  return value;
}

function audit(trx: Trx, actor: Principal, at: Date, action: string, id: string, details = {}) {
  return recordAudit(trx, {
    at,
    actorType: actor.kind,
    actorId: actor.id,
    action,
    subjectType: 'webhook',
    subjectId: id,
    details,
  });
}

export async function createWebhook(
  ctx: Ctx,
  input: CreateWebhookInput,
  actor: Principal,
): Promise<WebhookWithSecret> {
  const value = fields({ format: 'json', active: true, description: '', ...input });
  const secret = generateWebhookSecret();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const webhook = await store.insertSubscription(trx, {
      ...(value as SubscriptionFields),
      id: ctx.ids.next('whk'),
      secret,
      now,
    });
    await audit(trx, actor, now, 'webhook.created', webhook.id, { url: webhook.url, events: webhook.events });
    return { webhook, secret };
  });
}

export function getWebhook(ctx: Ctx, id: string): Promise<WebhookSubscription> {
  return store.getSubscription(ctx.db, id);
}

export function listWebhooks(ctx: Ctx, page: Partial<PageRequest>): Promise<Page<WebhookSubscription>> {
  return store.listSubscriptions(ctx.db, page);
}

export async function updateWebhook(
  ctx: Ctx,
  id: string,
  input: UpdateWebhookInput,
  actor: Principal,
): Promise<WebhookSubscription> {
  const value = fields(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const webhook = await store.updateSubscription(trx, id, value, now);
    await audit(trx, actor, now, 'webhook.updated', id, { fields: Object.keys(value) });
    return webhook;
  });
}

/** Removes the subscription and its delivery log; pending deliveries are not sent. */
export async function deleteWebhook(ctx: Ctx, id: string, actor: Principal): Promise<WebhookSubscription> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const webhook = await store.deleteSubscription(trx, id);
    await audit(trx, actor, now, 'webhook.deleted', id, { url: webhook.url });
    return webhook;
  });
}

/** A new secret takes effect at once: attempts from now on are signed with it. */
export async function rotateWebhookSecret(
  ctx: Ctx,
  id: string,
  actor: Principal,
): Promise<WebhookWithSecret> {
  const secret = generateWebhookSecret();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const webhook = await store.updateSubscription(trx, id, { secret }, now);
    await audit(trx, actor, now, 'webhook.secret_rotated', id);
    return { webhook, secret };
  });
}

/** Publishes a `webhook.test` notification to this subscription only. */
export async function testWebhook(ctx: Ctx, id: string, actor: Principal): Promise<Delivery> {
  const now = ctx.clock.now();
  const deliveryId = await ctx.db.transaction().execute(async (trx) => {
    const webhook = await store.getSubscription(trx, id);
    if (!webhook.active) {
      throw new ConflictError(`Webhook ${id} is inactive; activate it to send a test`, 'webhook_inactive');
    }
    const { deliveryIds } = await writeOutbox(
      trx,
      ctx.ids,
      now,
      {
        type: 'webhook.test',
        text: `Test notification from Servio Align to ${webhook.url}`,
        data: { webhookId: id, requestedBy: actor.name },
      },
      [id],
    );
    await audit(trx, actor, now, 'webhook.tested', id);
    return deliveryIds[0]!;
  });
  return store.getDelivery(ctx.db, deliveryId);
}

// ---- the log

export type { DeliveryFilter, OutboxFilter } from './store.js';

export async function listWebhookDeliveries(
  ctx: Ctx,
  id: string,
  filter: Omit<store.DeliveryFilter, 'subscriptionId'>,
  page: Partial<PageRequest>,
): Promise<Page<Delivery>> {
  await store.getSubscription(ctx.db, id);
  return store.listDeliveries(ctx.db, { ...filter, subscriptionId: id }, page);
}

/** Every delivery, any subscription: for the API and other capabilities' tests. */
export function listDeliveries(
  ctx: Ctx,
  filter: store.DeliveryFilter,
  page: Partial<PageRequest> = {},
): Promise<Page<Delivery>> {
  return store.listDeliveries(ctx.db, filter, page);
}

export function getDelivery(ctx: Ctx, id: string): Promise<Delivery> {
  return store.getDelivery(ctx.db, id);
}

export function listOutbox(
  ctx: Ctx,
  filter: store.OutboxFilter,
  page: Partial<PageRequest> = {},
): Promise<Page<OutboxEntry>> {
  return store.listOutbox(ctx.db, filter, page);
}

/** A dead or failed delivery goes back to pending, due now, with a fresh retry schedule. */
export async function retryDelivery(ctx: Ctx, id: string, actor: Principal): Promise<Delivery> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const delivery = await store.lockDelivery(trx, id);
    if (!delivery) throw new NotFoundError('Delivery', id);
    if (delivery.status !== 'dead' && delivery.status !== 'failed') {
      throw new ConflictError(
        `Delivery ${id} is ${delivery.status}; only a failed or dead delivery can be retried`,
        'delivery_not_retryable',
        { status: delivery.status },
      );
    }
    await store.resetDelivery(trx, id, now);
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'delivery.retried',
      subjectType: 'webhook_delivery',
      subjectId: id,
      details: { previousStatus: delivery.status, attempts: delivery.attempts },
    });
  });
  return store.getDelivery(ctx.db, id);
}
