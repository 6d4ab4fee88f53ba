import type { Principal } from '../access/index.js';
import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { type Page, type PageRequest, ValidationError } from '../core/index.js';
import { publish } from '../notify/index.js';
import { findUser } from '../org/index.js';
import {
  addBusinessDays,
  DEFAULT_CALENDAR,
  effectiveCalendar,
  startRequestClock,
  stopRequestClock,
  updateRequestClock,
} from '../sla/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import { clean } from './model.js';
import * as store from './request-store.js';
import {
  anchorInstant,
  checkAnchor,
  type ContentRequest,
  nextStatus,
  REQUEST_TYPES,
  type RequestAction,
  type RequestTypeRule,
  type RequestType,
  requestDue,
  requestTypeRule,
} from './requests.js';
import { findAsset } from './store.js';

export interface CreateRequestInput {
  type: string;
  title: string;
  details?: string | null | undefined;
  /** The release day (product update) or event day (event support). */
  anchorOn?: string | null | undefined;
  persona?: string | null | undefined;
  competitor?: string | null | undefined;
  opportunityId?: string | null | undefined;
  /** Marketing's owner, when known at once. */
  ownerUserId?: string | null | undefined;
  /** Who asks; default: the caller's user. */
  requesterUserId?: string | null | undefined;
}

async function activeUser(trx: Trx, path: string, userId: string): Promise<void> {
  const user = await findUser(trx, userId);
  if (!user) throw ValidationError.field(path, `no user ${userId}`);
  if (!user.active) throw ValidationError.field(path, `user ${userId} is deactivated`);
}

function audit(
  trx: Trx,
  actor: Principal,
  at: Date,
  action: string,
  id: string,
  details: Record<string, unknown>,
) {
  return recordAudit(trx, {
    at,
    actorType: actor.kind,
    actorId: actor.id,
    action,
    subjectType: 'content_request',
    subjectId: id,
    details,
  });
}

/** The seed's table of request types and turnaround targets. */
export function requestTypes(): RequestTypeRule[] {
  return REQUEST_TYPES.map((r) => ({ ...r }));
}

/**
 * Sales asks marketing for content: the request joins the queue with its due instant from
 * the seed's turnaround target (in the owner's business calendar, else the default one), and
 * an SLA clock starts that delivery stops; the sweeper breaches and escalates it otherwise.
 */
export async function createRequest(
  ctx: Ctx,
  input: CreateRequestInput,
  actor: Principal,
): Promise<ContentRequest> {
  const rule = requestTypeRule(input.type);
  if (!rule)
    throw ValidationError.field('/type', `must be one of ${REQUEST_TYPES.map((r) => r.type).join(', ')}`);
  const title = clean(input.title);
  if (!title) throw ValidationError.field('/title', 'must not be empty');
  const anchorIssue = checkAnchor(rule, input.anchorOn);
  if (anchorIssue) throw new ValidationError('The request needs its date', [anchorIssue]);
  const requesterUserId = input.requesterUserId ?? actor.userId;
  if (!requesterUserId)
    throw ValidationError.field(
      '/requesterUserId',
      'is required when the caller is not a user: say who asks',
    );
  const now = ctx.clock.now();
  const { version } = await getActiveAgreement(ctx.db, ctx.clock);
  return ctx.db.transaction().execute(async (trx) => {
    await activeUser(trx, '/requesterUserId', requesterUserId);
    const ownerUserId = input.ownerUserId ?? null;
    if (ownerUserId) await activeUser(trx, '/ownerUserId', ownerUserId);
    if (input.opportunityId) {
      const opp = await trx
        .selectFrom('opportunities')
        .select('id')
        .where('id', '=', input.opportunityId)
        .executeTakeFirst();
      if (!opp) throw ValidationError.field('/opportunityId', `no opportunity ${input.opportunityId}`);
    }
    const calendar = ownerUserId ? await effectiveCalendar(trx, ownerUserId) : DEFAULT_CALENDAR;
    const anchorOn = input.anchorOn ?? null;
    const { targetAt, dueAt } = requestDue(
      rule,
      anchorInstant(rule, now, anchorOn, calendar.timeZone),
      (s, n) => addBusinessDays(calendar, s, n),
    );
    const request = await store.insertRequest(trx, {
      id: ctx.ids.next('crq'),
      type: rule.type as RequestType,
      title,
      details: clean(input.details) ?? null,
      requesterUserId,
      ownerUserId,
      status: 'open',
      persona: clean(input.persona) ?? null,
      competitor: clean(input.competitor) ?? null,
      opportunityId: input.opportunityId ?? null,
      anchorOn,
      requestedAt: now,
      targetAt,
      dueAt,
      assetId: null,
      deliveredAt: null,
      declineReason: null,
      createdAt: now,
      updatedAt: now,
    });
    await startRequestClock(
      trx,
      ctx.ids,
      {
        contentRequestId: request.id,
        agreementVersion: version,
        startedAt: now,
        dueAt,
        accountableUserId: ownerUserId,
      },
      now,
    );
    await audit(trx, actor, now, 'content.requested', request.id, {
      type: request.type,
      dueAt: dueAt.toISOString(),
    });
    await publish(trx, ctx.ids, now, {
      type: 'content.requested',
      text: `Content request: ${rule.requestType} "${request.title}" due ${dueAt.toISOString()}`,
      subject: { personId: null, userId: ownerUserId },
      data: { request },
    });
    return request;
  });
}

export interface UpdateRequestInput {
  title?: string | undefined;
  details?: string | null | undefined;
  ownerUserId?: string | null | undefined;
}

/** Retitle, or hand to a marketing owner (who then answers for its clock). */
export async function updateRequest(
  ctx: Ctx,
  id: string,
  input: UpdateRequestInput,
  actor: Principal,
): Promise<ContentRequest> {
  const title = input.title === undefined ? undefined : clean(input.title);
  if (title === null) throw ValidationError.field('/title', 'must not be empty');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await store.lockRequest(trx, id);
    if (input.ownerUserId && input.ownerUserId !== before.ownerUserId)
      await activeUser(trx, '/ownerUserId', input.ownerUserId);
    const request = await store.updateRequest(
      trx,
      id,
      {
        title,
        details: input.details === undefined ? undefined : (clean(input.details) ?? null),
        ownerUserId: input.ownerUserId,
      },
      now,
    );
    if (input.ownerUserId !== undefined && input.ownerUserId !== before.ownerUserId)
      await updateRequestClock(trx, id, { accountableUserId: input.ownerUserId });
    await audit(trx, actor, now, 'content.request_updated', id, { fields: Object.keys(input) });
    return request;
  });
}

export interface TransitionInput {
  action: RequestAction;
  /** deliver: the content asset produced. */
  assetId?: string | undefined;
  /** decline: why marketing will not make it. */
  reason?: string | undefined;
}

/**
 * Moves a request through the queue: start (in progress; the caller's user takes it when it
 * has no owner), reopen, deliver (linked to the asset produced; its clock stops, met when on
 * time), decline (with a reason; its clock is cancelled).
 */
export async function transitionRequest(
  ctx: Ctx,
  id: string,
  input: TransitionInput,
  actor: Principal,
): Promise<ContentRequest> {
  const now = ctx.clock.now();
  const reason = clean(input.reason);
  if (input.action === 'deliver' && !input.assetId)
    throw ValidationError.field('/assetId', 'is required: the content asset the request produced');
  if (input.action === 'decline' && !reason) throw ValidationError.field('/reason', 'is required: say why');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await store.lockRequest(trx, id);
    const status = nextStatus(before.status, input.action);
    let request: ContentRequest;
    if (input.action === 'deliver') {
      const asset = await findAsset(trx, input.assetId!);
      if (!asset) throw ValidationError.field('/assetId', `no content asset ${input.assetId}`);
      request = await store.updateRequest(trx, id, { status, assetId: asset.id, deliveredAt: now }, now);
      await stopRequestClock(trx, id, now, 'delivered');
      await publish(trx, ctx.ids, now, {
        type: 'content.delivered',
        text: `Content delivered for "${request.title}": ${asset.title} (${asset.location})`,
        subject: { personId: null, userId: request.requesterUserId },
        data: { request, asset: { id: asset.id, title: asset.title, location: asset.location } },
      });
    } else if (input.action === 'decline') {
      request = await store.updateRequest(trx, id, { status, declineReason: reason }, now);
      await stopRequestClock(trx, id, now, 'declined');
    } else {
      const takes = input.action === 'start' && before.ownerUserId === null && actor.userId !== null;
      request = await store.updateRequest(
        trx,
        id,
        { status, ...(takes && { ownerUserId: actor.userId }) },
        now,
      );
      if (takes) await updateRequestClock(trx, id, { accountableUserId: actor.userId });
    }
    await audit(trx, actor, now, `content.request_${input.action}`, id, {
      from: before.status,
      to: status,
      ...(input.assetId && { assetId: input.assetId }),
    });
    return request;
  });
}

export function getRequest(ctx: Ctx, id: string): Promise<ContentRequest> {
  return store.getRequest(ctx.db, id);
}

export function listRequests(
  ctx: Ctx,
  filter: Omit<store.RequestFilter, 'overdueAt'> & { overdue?: boolean | undefined },
  page: Partial<PageRequest>,
): Promise<Page<ContentRequest>> {
  const { overdue, ...rest } = filter;
  return store.listRequests(ctx.db, { ...rest, overdueAt: overdue ? ctx.clock.now() : undefined }, page);
}
