import type { Selectable } from 'kysely';
import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { type ContentRequestTable, type Db, paginate } from '../store/index.js';
import type { ContentRequest, RequestStatus, RequestType } from './requests.js';

function toRequest(row: Selectable<ContentRequestTable>): ContentRequest {
  return {
    id: row.id,
    type: row.type as RequestType,
    title: row.title,
    details: row.details,
    requesterUserId: row.requester_user_id,
    ownerUserId: row.owner_user_id,
    status: row.status as RequestStatus,
    persona: row.persona,
    competitor: row.competitor,
    opportunityId: row.opportunity_id,
    anchorOn: row.anchor_on,
    requestedAt: row.requested_at,
    targetAt: row.target_at,
    dueAt: row.due_at,
    assetId: row.asset_id,
    deliveredAt: row.delivered_at,
    declineReason: row.decline_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertRequest(db: Db, r: ContentRequest): Promise<ContentRequest> {
  const row = await db
    .insertInto('content_requests')
    .values({
      id: r.id,
      type: r.type,
      title: r.title,
      details: r.details,
      requester_user_id: r.requesterUserId,
      owner_user_id: r.ownerUserId,
      status: r.status,
      persona: r.persona,
      competitor: r.competitor,
      opportunity_id: r.opportunityId,
      anchor_on: r.anchorOn,
      requested_at: r.requestedAt,
      target_at: r.targetAt,
      due_at: r.dueAt,
      asset_id: r.assetId,
      delivered_at: r.deliveredAt,
      decline_reason: r.declineReason,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

export async function findRequest(db: Db, id: string): Promise<ContentRequest | undefined> {
  const row = await db.selectFrom('content_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRequest(row);
}

export async function getRequest(db: Db, id: string): Promise<ContentRequest> {
  const request = await findRequest(db, id);
  if (!request) throw new NotFoundError('Content request', id);
  return request;
}

export async function lockRequest(db: Db, id: string): Promise<ContentRequest> {
  const row = await db
    .selectFrom('content_requests')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Content request', id);
  return toRequest(row);
}

export type RequestChange = Partial<
  Pick<
    ContentRequest,
    | 'ownerUserId'
    | 'status'
    | 'title'
    | 'details'
    | 'anchorOn'
    | 'targetAt'
    | 'dueAt'
    | 'assetId'
    | 'deliveredAt'
    | 'declineReason'
  >
>;

export async function updateRequest(
  db: Db,
  id: string,
  c: RequestChange,
  now: Date,
): Promise<ContentRequest> {
  const row = await db
    .updateTable('content_requests')
    .set({
      ...(c.ownerUserId !== undefined && { owner_user_id: c.ownerUserId }),
      ...(c.status !== undefined && { status: c.status }),
      ...(c.title !== undefined && { title: c.title }),
      ...(c.details !== undefined && { details: c.details }),
      ...(c.anchorOn !== undefined && { anchor_on: c.anchorOn }),
      ...(c.targetAt !== undefined && { target_at: c.targetAt }),
      ...(c.dueAt !== undefined && { due_at: c.dueAt }),
      ...(c.assetId !== undefined && { asset_id: c.assetId }),
      ...(c.deliveredAt !== undefined && { delivered_at: c.deliveredAt }),
      ...(c.declineReason !== undefined && { decline_reason: c.declineReason }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

export interface RequestFilter {
  status?: string | undefined;
  type?: string | undefined;
  ownerUserId?: string | undefined;
  requesterUserId?: string | undefined;
  /** Open or in progress and past due at this instant. */
  overdueAt?: Date | undefined;
}

export async function listRequests(
  db: Db,
  filter: RequestFilter,
  page: Partial<PageRequest>,
): Promise<Page<ContentRequest>> {
  let q = db.selectFrom('content_requests').selectAll();
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.type !== undefined) q = q.where('type', '=', filter.type);
  if (filter.ownerUserId !== undefined) q = q.where('owner_user_id', '=', filter.ownerUserId);
  if (filter.requesterUserId !== undefined) q = q.where('requester_user_id', '=', filter.requesterUserId);
  if (filter.overdueAt !== undefined)
    q = q.where('status', 'in', ['open', 'in_progress']).where('due_at', '<', filter.overdueAt);
  const result = await paginate(q, 'content_requests', page);
  return { items: result.items.map(toRequest), nextCursor: result.nextCursor };
}
