import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { type Page, type PageRequest, ValidationError } from '../core/index.js';
import { recordAudit } from '../store/index.js';
import { checkMessage, type MessageFields, type MessagingItem, type MessagingVersion } from './messaging.js';
import * as store from './messaging-store.js';
import { dayOf } from './model.js';

export type CreateMessageInput = Pick<MessageFields, 'kind' | 'title' | 'body'> &
  Partial<Pick<MessageFields, 'persona' | 'segment' | 'stage' | 'competitor'>>;
export type EditMessageInput = Partial<Omit<MessageFields, 'kind'>>;

function valid(message: MessageFields): MessageFields {
  const { value, issues } = checkMessage(message);
  if (issues.length > 0) throw new ValidationError(`The ${message.kind} is invalid`, issues);
  return value;
}

/** A new messaging item: version 1, reviewed the day it is written. */
export async function createMessage(
  ctx: Ctx,
  input: CreateMessageInput,
  actor: Principal,
): Promise<MessagingItem> {
  const message = valid({
    kind: input.kind,
    title: input.title,
    body: input.body,
    persona: input.persona ?? null,
    segment: input.segment ?? null,
    stage: input.stage ?? null,
    competitor: input.competitor ?? null,
  });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const id = ctx.ids.next('msg');
    const item = await store.writeVersion(trx, {
      id,
      version: 1,
      message,
      reviewedOn: dayOf(now),
      author: actor.name,
      now,
    });
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'messaging.created',
      subjectType: 'messaging_item',
      subjectId: id,
      details: { kind: item.kind, title: item.title },
    });
    return item;
  });
}

/**
 * An edit is a new version (the item reads as the newest; every older one stays readable);
 * whoever rewrites it has reviewed it. The kind never changes.
 */
export async function editMessage(
  ctx: Ctx,
  id: string,
  input: EditMessageInput,
  actor: Principal,
): Promise<MessagingItem> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const current = await store.lockItem(trx, id);
    const pick = <K extends keyof EditMessageInput>(key: K) =>
      input[key] === undefined ? current[key] : input[key];
    const message = valid({
      kind: current.kind,
      title: pick('title') as string,
      body: pick('body') as MessageFields['body'],
      persona: pick('persona') as string | null,
      segment: pick('segment') as string | null,
      stage: pick('stage') as string | null,
      competitor: pick('competitor') as string | null,
    });
    const item = await store.writeVersion(trx, {
      id,
      version: current.version + 1,
      message,
      reviewedOn: dayOf(now),
      author: actor.name,
      now,
    });
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'messaging.edited',
      subjectType: 'messaging_item',
      subjectId: id,
      details: { version: item.version, fields: Object.keys(input) },
    });
    return item;
  });
}

/** Someone confirmed the item still holds (a battlecard's last review): the date moves, the version does not. */
export async function reviewMessage(ctx: Ctx, id: string, actor: Principal): Promise<MessagingItem> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await store.lockItem(trx, id);
    const item = await store.markItem(trx, id, { reviewedOn: dayOf(now) }, now);
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'messaging.reviewed',
      subjectType: 'messaging_item',
      subjectId: id,
      details: { version: item.version },
    });
    return item;
  });
}

/** Archived items leave the hand-off and the default lists; their versions stay. */
export async function archiveMessage(
  ctx: Ctx,
  id: string,
  archived: boolean,
  actor: Principal,
): Promise<MessagingItem> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const current = await store.lockItem(trx, id);
    const item = await store.markItem(
      trx,
      id,
      { archivedAt: archived ? (current.archivedAt ?? now) : null },
      now,
    );
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: archived ? 'messaging.archived' : 'messaging.restored',
      subjectType: 'messaging_item',
      subjectId: id,
      details: {},
    });
    return item;
  });
}

export function getMessage(ctx: Ctx, id: string): Promise<MessagingItem> {
  return store.getItem(ctx.db, id);
}

export function listMessages(
  ctx: Ctx,
  filter: store.MessagingFilter,
  page: Partial<PageRequest>,
): Promise<Page<MessagingItem>> {
  return store.listItems(ctx.db, filter, page);
}

/** Every version of an item, newest first. */
export async function messageVersions(ctx: Ctx, id: string): Promise<MessagingVersion[]> {
  await store.getItem(ctx.db, id);
  return store.listVersions(ctx.db, id);
}

export function messageVersion(ctx: Ctx, id: string, version: number): Promise<MessagingVersion> {
  return store.getVersion(ctx.db, id, version);
}
