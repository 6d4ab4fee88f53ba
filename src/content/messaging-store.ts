import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import {
  type Db,
  type MessagingItemTable,
  type MessagingVersionTable,
  paginate,
  referenceRead,
} from '../store/index.js';
import type {
  MessageBody,
  MessageFields,
  MessageKind,
  MessagingItem,
  MessagingVersion,
} from './messaging.js';

function toItem(row: Selectable<MessagingItemTable>): MessagingItem {
  return {
    id: row.id,
    kind: row.kind as MessageKind,
    title: row.title,
    persona: row.persona,
    segment: row.segment,
    stage: row.stage,
    competitor: row.competitor,
    body: row.body as MessageBody,
    version: row.version,
    reviewedOn: row.reviewed_on,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toVersion(row: Selectable<MessagingVersionTable>): MessagingVersion {
  return {
    itemId: row.item_id,
    version: row.version,
    title: row.title,
    persona: row.persona,
    segment: row.segment,
    stage: row.stage,
    competitor: row.competitor,
    body: row.body as MessageBody,
    reviewedOn: row.reviewed_on,
    author: row.author,
    createdAt: row.created_at,
  };
}

const scope = (m: MessageFields) => ({
  title: m.title,
  persona: m.persona,
  segment: m.segment,
  stage: m.stage,
  competitor: m.competitor,
  body: JSON.stringify(m.body),
});

/** The item as it now reads, and the same content as its version `version`. */
export async function writeVersion(
  db: Db,
  input: {
    id: string;
    version: number;
    message: MessageFields;
    reviewedOn: string | null;
    author: string;
    now: Date;
  },
): Promise<MessagingItem> {
  const { id, version, message, reviewedOn, author, now } = input;
  const row =
    version === 1
      ? await db
          .insertInto('messaging_items')
          .values({
            id,
            kind: message.kind,
            ...scope(message),
            version,
            reviewed_on: reviewedOn,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
      : await db
          .updateTable('messaging_items')
          .set({ ...scope(message), version, reviewed_on: reviewedOn, updated_at: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
  await db
    .insertInto('messaging_versions')
    .values({ item_id: id, version, ...scope(message), reviewed_on: reviewedOn, author, created_at: now })
    .execute();
  return toItem(row);
}

export async function findItem(db: Db, id: string): Promise<MessagingItem | undefined> {
  const row = await db.selectFrom('messaging_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toItem(row);
}

export async function getItem(db: Db, id: string): Promise<MessagingItem> {
  const item = await findItem(db, id);
  if (!item) throw new NotFoundError('Messaging item', id);
  return item;
}

export async function lockItem(db: Db, id: string): Promise<MessagingItem> {
  const row = await db
    .selectFrom('messaging_items')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Messaging item', id);
  return toItem(row);
}

/** Review and archive change the item, not its content: no new version. */
export async function markItem(
  db: Db,
  id: string,
  change: { reviewedOn?: string; archivedAt?: Date | null },
  now: Date,
): Promise<MessagingItem> {
  const row = await db
    .updateTable('messaging_items')
    .set({
      ...(change.reviewedOn !== undefined && { reviewed_on: change.reviewedOn }),
      ...(change.archivedAt !== undefined && { archived_at: change.archivedAt }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (change.reviewedOn !== undefined)
    await db
      .updateTable('messaging_versions')
      .set({ reviewed_on: change.reviewedOn })
      .where('item_id', '=', id)
      .where('version', '=', row.version)
      .execute();
  return toItem(row);
}

export async function listVersions(db: Db, id: string): Promise<MessagingVersion[]> {
  const rows = await db
    .selectFrom('messaging_versions')
    .selectAll()
    .where('item_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toVersion);
}

export async function getVersion(db: Db, id: string, version: number): Promise<MessagingVersion> {
  const row = await db
    .selectFrom('messaging_versions')
    .selectAll()
    .where('item_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Messaging version', `${id} v${version}`);
  return toVersion(row);
}

export interface MessagingFilter {
  kind?: string | undefined;
  persona?: string | undefined;
  segment?: string | undefined;
  stage?: string | undefined;
  competitor?: string | undefined;
  archived?: boolean | undefined;
}

const lower = (column: 'persona' | 'segment' | 'competitor') => sql<string>`lower(${sql.ref(column)})`;

export async function listItems(
  db: Db,
  filter: MessagingFilter,
  page: Partial<PageRequest>,
): Promise<Page<MessagingItem>> {
  let q = db.selectFrom('messaging_items').selectAll();
  if (!filter.archived) q = q.where('archived_at', 'is', null);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.stage !== undefined) q = q.where('stage', '=', filter.stage);
  for (const key of ['persona', 'segment', 'competitor'] as const) {
    const v = filter[key];
    if (v !== undefined) q = q.where(lower(key), '=', v.trim().toLowerCase());
  }
  const result = await paginate(q, 'messaging_items', page);
  return { items: result.items.map(toItem), nextCursor: result.nextCursor };
}

/** Talking points in use that may fit a persona (theirs, or open to any). */
export function listTalkingPoints(db: Db, persona: string | null): Promise<MessagingItem[]> {
  return referenceRead(db, `messaging:talking-points:${persona ?? ''}`, () => readTalkingPoints(db, persona));
}

async function readTalkingPoints(db: Db, persona: string | null): Promise<MessagingItem[]> {
  const rows = await db
    .selectFrom('messaging_items')
    .selectAll()
    .where('kind', '=', 'talking_points')
    .where('archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('persona', 'is', null),
        ...(persona ? [eb(lower('persona'), '=', persona.trim().toLowerCase())] : []),
      ]),
    )
    .orderBy('updated_at', 'desc')
    .limit(100)
    .execute();
  return rows.map(toItem);
}
