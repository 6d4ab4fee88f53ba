import { ownerScope, type Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { findCampaign } from '../campaigns/index.js';
import { NotFoundError } from '../core/index.js';
import { publish } from '../notify/index.js';
import { recordAudit } from '../store/index.js';
import {
  answerFlag,
  type CampaignQuality,
  type CampaignVia,
  campaignQuality,
  type FlagDigest,
  type FlagRequest,
  flagDigest,
  type FlagStatus,
  flagText,
  parseFlag,
  type QualityFlag,
  sourcingCampaign,
} from './flags-model.js';
import * as store from './flags-store.js';

/**
 * `POST /v1/quality-flags`: sales flags a lead (it reaches the owner of the campaign that
 * sourced it) or a campaign (its owner). One transaction: the flag, the audit line and the
 * `lead_quality.flagged` notification addressed to the campaign owner.
 */
export async function raiseFlag(ctx: Ctx, request: FlagRequest, principal: Principal): Promise<QualityFlag> {
  const parsed = parseFlag(request);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    let personId: string | null = null;
    let campaign: { campaignId: string | null; via: CampaignVia };
    if ('personId' in parsed.target) {
      personId = parsed.target.personId;
      const person = await trx
        .selectFrom('people')
        .select('owner_user_id')
        .where('id', '=', personId)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      const scope = ownerScope(principal);
      if (!person || (scope !== undefined && person.owner_user_id !== scope))
        throw new NotFoundError('Person', personId);
      campaign = sourcingCampaign(await store.listLeadTouches(trx, personId));
    } else {
      campaign = { campaignId: parsed.target.campaignId, via: 'campaign' };
    }
    const found = campaign.campaignId ? await findCampaign(trx, campaign.campaignId) : undefined;
    if (campaign.via === 'campaign' && !found) throw new NotFoundError('Campaign', campaign.campaignId!);
    const flag: QualityFlag = {
      id: ctx.ids.next('qfl'),
      personId,
      campaignId: found?.id ?? null,
      campaignVia: found ? campaign.via : 'none',
      kind: parsed.kind,
      severity: parsed.severity,
      comment: parsed.comment,
      status: 'open',
      recipientUserId: found?.ownerUserId ?? null,
      raisedBy: { type: principal.kind, id: principal.id, userId: principal.userId },
      raisedAt: now,
      response: null,
      respondedById: null,
      respondedAt: null,
    };
    await store.insertFlag(trx, flag);
    await recordAudit(trx, {
      at: now,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'quality_flag.raised',
      subjectType: personId ? 'person' : 'campaign',
      subjectId: personId ?? flag.campaignId,
      details: { flagId: flag.id, kind: flag.kind, severity: flag.severity, campaignId: flag.campaignId },
    });
    await publish(trx, ctx.ids, now, {
      type: 'lead_quality.flagged',
      text: flagText(flag, found?.name ?? null),
      subject: { personId, userId: flag.recipientUserId },
      data: { flag, campaign: found ? { id: found.id, name: found.name } : null },
    });
    return flag;
  });
}

export interface FlagQuery {
  campaignId?: string | undefined;
  personId?: string | undefined;
  status?: FlagStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit?: number | undefined;
}

/** `GET /v1/quality-flags`: newest first; a rep sees the flags they raised. */
export async function listQualityFlags(
  ctx: Ctx,
  query: FlagQuery,
  principal: Principal,
): Promise<QualityFlag[]> {
  const scope = ownerScope(principal);
  return store.listFlags(ctx.db, {
    ...query,
    ...(scope !== undefined && { raisedByUserId: scope }),
    limit: query.limit ?? 100,
  });
}

/** `POST /v1/quality-flags/:id/resolve`: the campaign owner acknowledges or resolves with a response. */
export async function resolveFlag(
  ctx: Ctx,
  id: string,
  answer: { status?: string | undefined; response: string },
  principal: Principal,
): Promise<QualityFlag> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const flag = await store.getFlag(trx, id, true);
    const answered = answerFlag(flag.status, answer);
    await store.updateFlagAnswer(trx, id, { ...answered, byId: principal.userId ?? principal.id, at: now });
    await recordAudit(trx, {
      at: now,
      actorType: principal.kind,
      actorId: principal.id,
      action: `quality_flag.${answered.status}`,
      subjectType: 'quality_flag',
      subjectId: id,
      details: { response: answered.response },
    });
    const updated = await store.getFlag(trx, id);
    // Sales hears back: the answer goes to whoever raised the flag.
    await publish(trx, ctx.ids, now, {
      type: `lead_quality.${answered.status}`,
      text: `Marketing ${answered.status} the ${flag.kind.replaceAll('_', ' ')} flag${flag.personId ? ` on ${flag.personId}` : ''}: ${answered.response}`,
      subject: { personId: flag.personId, userId: flag.raisedBy.userId },
      data: { flag: updated },
    });
    return updated;
  });
}

/** `GET /v1/campaigns/:id/quality`: flags by kind and the share of the campaign's leads flagged. */
export async function campaignQualitySummary(ctx: Ctx, campaignId: string): Promise<CampaignQuality> {
  const campaign = await findCampaign(ctx.db, campaignId);
  if (!campaign) throw new NotFoundError('Campaign', campaignId);
  const [leads, flags] = await Promise.all([
    store.countCampaignLeads(ctx.db, campaignId),
    store.listCampaignFlags(ctx.db, campaignId),
  ]);
  return campaignQuality(campaignId, leads, flags);
}

/** The weekly pipeline review's "Lead quality flags: [Specific issues]" (seed 001). */
export async function leadQualityFlagsOfRange(
  ctx: Ctx,
  range: { start: Date; end: Date },
  shown = 20,
): Promise<FlagDigest> {
  return flagDigest(await store.flagsOfRange(ctx.db, range, 1000), shown);
}
