import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  ConflictError,
  duplicate,
  isCalendarDay,
  type Money,
  NotFoundError,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import { findUser } from '../org/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import { type Campaign, type CampaignFields, checkDates, normalizeCampaignFields } from './model.js';
import * as store from './store.js';

export interface CreateCampaignInput {
  name: string;
  channel: string;
  /** Default `planned`. */
  status?: string | undefined;
  /** Default 0 USD. */
  cost?: Money | undefined;
  startsOn?: string | null | undefined;
  endsOn?: string | null | undefined;
  ownerUserId?: string | null | undefined;
  externalId?: string | null | undefined;
  /** The sales play it supports. */
  playId?: string | null | undefined;
}

export type UpdateCampaignInput = Partial<CreateCampaignInput>;

function fields(input: UpdateCampaignInput): Partial<CampaignFields> {
  const candidate: Partial<CampaignFields> = { ...input } as Partial<CampaignFields>;
  for (const key of Object.keys(candidate) as (keyof CampaignFields)[])
    if (candidate[key] === undefined) delete candidate[key];
  const { value, issues } = normalizeCampaignFields(candidate);
  if (issues.length > 0) throw new ValidationError('The campaign is invalid', issues);
  return value;
}

/** The owner must exist, and be active when newly assigned; external ids are unique. */
async function checkReferences(
  trx: Trx,
  next: Partial<CampaignFields>,
  before: Campaign | undefined,
): Promise<void> {
  if (next.ownerUserId && next.ownerUserId !== before?.ownerUserId) {
    const owner = await findUser(trx, next.ownerUserId);
    if (!owner) throw ValidationError.field('/ownerUserId', `no user ${next.ownerUserId}`);
    if (!owner.active) throw ValidationError.field('/ownerUserId', `user ${owner.id} is deactivated`);
  }
  if (next.playId && next.playId !== before?.playId && !(await store.playExists(trx, next.playId)))
    throw ValidationError.field('/playId', `no sales play ${next.playId}`);
  if (next.externalId) {
    const existing = await store.findCampaignByExternalId(trx, next.externalId);
    if (existing && existing.id !== before?.id) {
      throw duplicate(
        '/externalId',
        `"${next.externalId}" is already the external id of campaign ${existing.id}`,
      );
    }
  }
}

function dateIssue(startsOn: string | null, endsOn: string | null): void {
  const issue = checkDates(startsOn, endsOn);
  if (issue) throw new ValidationError('The campaign ends before it starts', [issue]);
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
    subjectType: 'campaign',
    subjectId: id,
    details,
  });
}

export async function createCampaign(
  ctx: Ctx,
  input: CreateCampaignInput,
  actor: Principal,
): Promise<Campaign> {
  const value = fields({
    ...input,
    status: input.status ?? 'planned',
    cost: input.cost ?? { cents: 0, currency: 'USD' },
  });
  const complete: CampaignFields = {
    name: value.name!,
    channel: value.channel!,
    status: value.status!,
    cost: value.cost!,
    startsOn: value.startsOn ?? null,
    endsOn: value.endsOn ?? null,
    ownerUserId: value.ownerUserId ?? null,
    externalId: value.externalId ?? null,
    playId: value.playId ?? null,
  };
  dateIssue(complete.startsOn, complete.endsOn);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkReferences(trx, complete, undefined);
    const campaign = await store.insertCampaign(trx, { ...complete, id: ctx.ids.next('cmp'), now });
    await audit(trx, actor, now, 'campaign.created', campaign.id, {
      name: campaign.name,
      channel: campaign.channel,
    });
    return campaign;
  });
}

export async function updateCampaign(
  ctx: Ctx,
  id: string,
  input: UpdateCampaignInput,
  actor: Principal,
): Promise<Campaign> {
  const value = fields(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await store.lockCampaign(trx, id);
    if (!before) throw new NotFoundError('Campaign', id);
    dateIssue(
      value.startsOn === undefined ? before.startsOn : value.startsOn,
      value.endsOn === undefined ? before.endsOn : value.endsOn,
    );
    await checkReferences(trx, value, before);
    const campaign = await store.updateCampaign(trx, id, value, now);
    await audit(trx, actor, now, 'campaign.updated', id, { fields: Object.keys(value) });
    return campaign;
  });
}

/** Only a campaign nothing points at is deleted; one with touches or deals is completed instead. */
export async function deleteCampaign(ctx: Ctx, id: string, actor: Principal): Promise<Campaign> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const campaign = await store.lockCampaign(trx, id);
    if (!campaign) throw new NotFoundError('Campaign', id);
    const refs = await store.countCampaignReferences(trx, id);
    if (refs.touchpoints > 0 || refs.opportunities > 0) {
      throw new ConflictError(
        `Campaign ${id} is referenced by ${refs.touchpoints} touchpoint(s) and ${refs.opportunities} opportunit(ies); mark it completed instead`,
        'campaign_in_use',
        refs,
      );
    }
    await store.deleteCampaign(trx, id);
    await audit(trx, actor, now, 'campaign.deleted', id, { name: campaign.name });
    return campaign;
  });
}

export function getCampaign(ctx: Ctx, id: string): Promise<Campaign> {
  return store.getCampaign(ctx.db, id);
}

export async function listCampaigns(
  ctx: Ctx,
  filter: store.CampaignFilter,
  page: Partial<PageRequest>,
): Promise<Page<Campaign>> {
  if (filter.activeOn !== undefined && !isCalendarDay(filter.activeOn)) {
    throw ValidationError.field('/activeOn', `"${filter.activeOn}" is not a date (YYYY-MM-DD)`);
  }
  return store.listCampaigns(ctx.db, filter, page);
}
