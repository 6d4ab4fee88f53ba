import { ownerScope, type Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { findCampaign } from '../campaigns/index.js';
import {
  ConflictError,
  isCalendarDay,
  type FieldIssue,
  ForbiddenError,
  type Money,
  NotFoundError,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import { captureWinLossAtClose } from '../feedback/index.js';
import { findUser } from '../org/index.js';
import { followTransition } from '../lifecycle/index.js';
import { accountExists, findPersonAccount } from '../people/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import {
  type CloseInput,
  closeOpportunity,
  normalizeOpportunityFields,
  type Opportunity,
  type OpportunityFields,
} from './model.js';
import * as store from './store.js';

export interface CreateOpportunityInput {
  name: string;
  accountId?: string | null | undefined;
  personId?: string | null | undefined;
  /** Default: the calling rep. */
  ownerUserId?: string | null | undefined;
  campaignId?: string | null | undefined;
  source?: string | null | undefined;
  /** Default `discovery`. */
  stage?: string | undefined;
  /** Default 0 USD. */
  amount?: Money | undefined;
  closeDate?: string | null | undefined;
  nextStep?: string | null | undefined;
  externalId?: string | null | undefined;
}

export type UpdateOpportunityInput = Partial<CreateOpportunityInput>;
export type { CloseInput };

function fields(input: UpdateOpportunityInput): Partial<OpportunityFields> {
  const candidate: Partial<OpportunityFields> = { ...input };
  for (const key of Object.keys(candidate) as (keyof OpportunityFields)[])
    if (candidate[key] === undefined) delete candidate[key];
  const { value, issues } = normalizeOpportunityFields(candidate);
  if (issues.length > 0) throw new ValidationError('The opportunity is invalid', issues);
  return value;
}

/** The user a rep's writes default to; a rep key always belongs to a user. */
function repUser(actor: Principal): string | undefined {
  if (ownerScope(actor) === undefined) return undefined;
  if (!actor.userId) throw new ForbiddenError('This sales_rep key belongs to no user');
  return actor.userId;
}

/** A rep works their own book only: giving a deal to someone else is a manager's call. */
function checkRepOwner(actor: Principal, ownerUserId: string | null | undefined): void {
  const rep = repUser(actor);
  if (rep !== undefined && ownerUserId !== undefined && ownerUserId !== rep) {
    throw new ForbiddenError('A sales rep may only own their own opportunities; ask a manager to assign it', {
      ownerUserId,
    });
  }
}

/** Every referenced record must exist (422 naming the field); the external id is unique (409). */
async function checkReferences(
  trx: Trx,
  next: Partial<OpportunityFields>,
  before: Opportunity | undefined,
): Promise<void> {
  const issues: FieldIssue[] = [];
  if (next.accountId && next.accountId !== before?.accountId && !(await accountExists(trx, next.accountId))) {
    issues.push({ path: '/accountId', message: `no account ${next.accountId}` });
  }
  if (next.personId && next.personId !== before?.personId && !(await findPersonAccount(trx, next.personId))) {
    issues.push({ path: '/personId', message: `no person ${next.personId}` });
  }
  if (next.ownerUserId && next.ownerUserId !== before?.ownerUserId) {
    const owner = await findUser(trx, next.ownerUserId);
    if (!owner) issues.push({ path: '/ownerUserId', message: `no user ${next.ownerUserId}` });
    else if (!owner.active) issues.push({ path: '/ownerUserId', message: `user ${owner.id} is deactivated` });
  }
  if (
    next.campaignId &&
    next.campaignId !== before?.campaignId &&
    !(await findCampaign(trx, next.campaignId))
  ) {
    issues.push({ path: '/campaignId', message: `no campaign ${next.campaignId}` });
  }
  if (issues.length > 0)
    throw new ValidationError('The opportunity refers to something that does not exist', issues);
  if (next.externalId) {
    const existing = await store.findOpportunityByExternalId(trx, next.externalId);
    if (existing && existing.id !== before?.id) {
      const message = `"${next.externalId}" is already the external id of opportunity ${existing.id}`;
      throw new ConflictError(`/externalId: ${message}`, 'duplicate', {
        errors: [{ path: '/externalId', message }],
      });
    }
  }
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
    subjectType: 'opportunity',
    subjectId: id,
    details,
  });
}

/** A rep sees only what they own: anything else is "not found", not "forbidden". */
function visible(opportunity: Opportunity | undefined, actor: Principal, id: string): Opportunity {
  const scope = ownerScope(actor);
  if (!opportunity || (scope !== undefined && opportunity.ownerUserId !== scope))
    throw new NotFoundError('Opportunity', id);
  return opportunity;
}

export async function createOpportunity(
  ctx: Ctx,
  input: CreateOpportunityInput,
  actor: Principal,
): Promise<Opportunity> {
  checkRepOwner(actor, input.ownerUserId);
  const value = fields({
    ...input,
    ownerUserId: input.ownerUserId === undefined ? (repUser(actor) ?? null) : input.ownerUserId,
    stage: input.stage ?? 'discovery',
    amount: input.amount ?? { cents: 0, currency: 'USD' },
  });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkReferences(trx, value, undefined);
    // The primary contact's account is the deal's account unless one is given.
    let accountId = value.accountId;
    if (accountId === undefined && value.personId)
      accountId = (await findPersonAccount(trx, value.personId))?.accountId;
    const opportunity = await store.insertOpportunity(trx, {
      id: ctx.ids.next('opp'),
      now,
      name: value.name!,
      accountId: accountId ?? null,
      personId: value.personId ?? null,
      ownerUserId: value.ownerUserId ?? null,
      campaignId: value.campaignId ?? null,
      source: value.source ?? null,
      stage: value.stage!,
      amount: value.amount!,
      closeDate: value.closeDate ?? null,
      nextStep: value.nextStep ?? null,
      externalId: value.externalId ?? null,
    });
    // Seed 001: SQL to Opportunity when discovery confirms fit, i.e. when the deal is opened.
    if (opportunity.personId) {
      await followTransition(
        trx,
        now,
        { personId: opportunity.personId, to: 'opportunity', reason: `opportunity ${opportunity.id} opened` },
        ['sql', 'tql'],
      );
    }
    await audit(trx, actor, now, 'opportunity.created', opportunity.id, {
      name: opportunity.name,
      amount: opportunity.amount,
    });
    return opportunity;
  });
}

export async function updateOpportunity(
  ctx: Ctx,
  id: string,
  input: UpdateOpportunityInput,
  actor: Principal,
): Promise<Opportunity> {
  const value = fields(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = visible(await store.lockOpportunity(trx, id), actor, id);
    checkRepOwner(actor, value.ownerUserId);
    if (value.stage !== undefined && before.outcome !== null && value.stage !== before.stage) {
      throw new ConflictError(
        `Opportunity ${id} is closed (${before.outcome}); its stage no longer changes`,
        'opportunity_closed',
      );
    }
    await checkReferences(trx, value, before);
    const opportunity = await store.updateOpportunity(trx, id, value, now);
    await audit(trx, actor, now, 'opportunity.updated', id, {
      fields: Object.keys(value),
      ...(value.stage !== undefined &&
        value.stage !== before.stage && { from: before.stage, to: value.stage }),
    });
    return opportunity;
  });
}

/** Won or lost, once, with the reason; 409 when it is already closed. */
export async function closeOpportunityById(
  ctx: Ctx,
  id: string,
  input: CloseInput,
  actor: Principal,
): Promise<Opportunity> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = visible(await store.lockOpportunity(trx, id), actor, id);
    const closing = closeOpportunity(before, input, now);
    const closed = await store.closeOpportunityRow(trx, id, closing, now);
    if (!closed) throw new ConflictError(`Opportunity ${id} is already closed`, 'already_closed');
    // Seed 001: Opportunity to Customer when the contract is signed; a lost deal returns to nurture.
    if (closed.personId) {
      await followTransition(
        trx,
        now,
        closing.outcome === 'won'
          ? { personId: closed.personId, to: 'customer', reason: `opportunity ${id} won` }
          : {
              personId: closed.personId,
              to: 'nurture',
              reason: `opportunity ${id} lost: ${closing.closeReason ?? 'no reason'}`,
            },
        ['opportunity'],
      );
    }
    await audit(trx, actor, now, `opportunity.${closing.outcome}`, id, {
      reason: closing.closeReason,
      competitor: closing.competitor,
      winningFactor: closing.winningFactor,
      amount: closed.amount,
    });
    // Seed 001: win/loss feedback within 48 hours; a close without it starts the owner's clock.
    await captureWinLossAtClose(trx, ctx, closed, actor, now);
    return closed;
  });
}

export async function getOpportunity(ctx: Ctx, id: string, actor: Principal): Promise<Opportunity> {
  return visible(await store.findOpportunity(ctx.db, id), actor, id);
}

export async function listOpportunities(
  ctx: Ctx,
  filter: store.OpportunityFilter,
  page: Partial<PageRequest>,
  actor: Principal,
): Promise<Page<Opportunity>> {
  const issues: FieldIssue[] = [];
  for (const key of ['closeDateFrom', 'closeDateTo'] as const) {
    const day = filter[key];
    if (day !== undefined && !isCalendarDay(day))
      issues.push({ path: `/${key}`, message: `"${day}" is not a date (YYYY-MM-DD)` });
  }
  if (issues.length > 0) throw new ValidationError('The filter is invalid', issues);
  return store.listOpportunities(ctx.db, filter, page, ownerScope(actor));
}
