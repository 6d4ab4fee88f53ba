import { ownerScope, type Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  ConflictError,
  type FieldIssue,
  ForbiddenError,
  NotFoundError,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import { findOpportunity } from '../opportunities/index.js';
import { findUser } from '../org/index.js';
import { accountExists, findPersonAccount } from '../people/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import {
  type NormalizedActivity,
  normalizeActivity,
  type SalesActivity,
  type SalesActivityInput,
} from './sales-model.js';
import * as store from './sales-store.js';

export interface LoggedActivity {
  activity: SalesActivity;
  /** False when the external id was already logged: the first activity is returned as is. */
  created: boolean;
}

/** The rep a `sales_rep` caller is; undefined for every other role. */
function repUser(actor: Principal): string | undefined {
  if (ownerScope(actor) === undefined) return undefined;
  if (!actor.userId) throw new ForbiddenError('This sales_rep key belongs to no user');
  return actor.userId;
}

/**
 * Checks every reference (422 naming the field) and fills the account from the person,
 * else from the opportunity.
 */
async function resolveReferences(trx: Trx, activity: NormalizedActivity): Promise<NormalizedActivity> {
  const issues: FieldIssue[] = [];
  let accountId = activity.accountId;
  if (accountId !== null && !(await accountExists(trx, accountId))) {
    issues.push({ path: '/accountId', message: `no account ${accountId}` });
  }
  if (activity.personId !== null) {
    const person = await findPersonAccount(trx, activity.personId);
    if (!person) issues.push({ path: '/personId', message: `no person ${activity.personId}` });
    else accountId ??= person.accountId;
  }
  if (activity.opportunityId !== null) {
    const opportunity = await findOpportunity(trx, activity.opportunityId);
    if (!opportunity)
      issues.push({ path: '/opportunityId', message: `no opportunity ${activity.opportunityId}` });
    else accountId ??= opportunity.accountId;
  }
  if (activity.userId !== null && !(await findUser(trx, activity.userId))) {
    issues.push({ path: '/userId', message: `no user ${activity.userId}` });
  }
  if (issues.length > 0)
    throw new ValidationError('The activity refers to something that does not exist', issues);
  return { ...activity, accountId };
}

/**
 * A retry of an activity already logged (same external id) gets the first one back; a rep
 * cannot read another rep's activity that way.
 */
function replay(existing: SalesActivity, rep: string | undefined): LoggedActivity {
  if (rep !== undefined && existing.userId !== rep) {
    const message = `"${existing.externalId}" is the external id of another user's activity`;
    throw new ConflictError(`/externalId: ${message}`, 'duplicate', {
      errors: [{ path: '/externalId', message }],
    });
  }
  return { activity: existing, created: false };
}

/** Logs a call, email, meeting...; idempotent by external id. */
export async function logSalesActivity(
  ctx: Ctx,
  input: SalesActivityInput,
  actor: Principal,
): Promise<LoggedActivity> {
  const now = ctx.clock.now();
  const rep = repUser(actor);
  if (rep !== undefined && input.userId !== undefined && input.userId !== rep) {
    throw new ForbiddenError('A sales rep logs their own activities only', { userId: input.userId });
  }
  const { value, issues } = normalizeActivity(
    { ...input, userId: input.userId === undefined ? rep : input.userId },
    now,
  );
  if (!value) throw new ValidationError('The activity is invalid', issues);

  return ctx.db.transaction().execute(async (trx) => {
    if (value.externalId !== null) {
      const existing = await store.findSalesActivityByExternalId(trx, value.externalId);
      if (existing) return replay(existing, rep);
    }
    const resolved = await resolveReferences(trx, value);
    const activity = await store.insertSalesActivity(trx, { ...resolved, id: ctx.ids.next('act'), now });
    if (!activity) {
      // A concurrent request logged the same external id between our read and our insert.
      const first = await store.findSalesActivityByExternalId(trx, value.externalId!);
      return replay(first!, rep);
    }
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'activity.logged',
      subjectType: 'activity',
      subjectId: activity.id,
      details: { type: activity.type, outcome: activity.outcome, userId: activity.userId },
    });
    return { activity, created: true };
  });
}

/** A rep sees only their own activities: anything else is "not found". */
export async function getSalesActivity(ctx: Ctx, id: string, actor: Principal): Promise<SalesActivity> {
  const activity = await store.findSalesActivity(ctx.db, id);
  const scope = ownerScope(actor);
  if (!activity || (scope !== undefined && activity.userId !== scope))
    throw new NotFoundError('Activity', id);
  return activity;
}

export interface SalesActivityQuery {
  personId?: string | undefined;
  userId?: string | undefined;
  accountId?: string | undefined;
  opportunityId?: string | undefined;
  type?: string | undefined;
  direction?: string | undefined;
  occurredFrom?: Date | string | undefined;
  occurredTo?: Date | string | undefined;
}

function instant(value: Date | string | undefined, path: string, issues: FieldIssue[]): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) issues.push({ path, message: `"${String(value)}" is not a date-time` });
  return date;
}

export async function listSalesActivities(
  ctx: Ctx,
  query: SalesActivityQuery,
  page: Partial<PageRequest>,
  actor: Principal,
): Promise<Page<SalesActivity>> {
  const issues: FieldIssue[] = [];
  const occurredFrom = instant(query.occurredFrom, '/occurredFrom', issues);
  const occurredTo = instant(query.occurredTo, '/occurredTo', issues);
  if (issues.length > 0) throw new ValidationError('The filter is invalid', issues);
  return store.listSalesActivities(ctx.db, { ...query, occurredFrom, occurredTo }, page, ownerScope(actor));
}
