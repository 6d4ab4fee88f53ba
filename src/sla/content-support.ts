import type { Ctx } from '../app.js';
import { type ComplianceRow, contentSupportRow, type Period } from './compliance-model.js';
import { CONTENT_REQUEST_POLICY } from './request-clocks.js';

const day = (instant: Date) => instant.toISOString().slice(0, 10);

/**
 * Seed 001, Marketing SLA, "Content support: new assets for each campaign": the campaigns
 * launched in the period (start date in it, and not after today) with the number of assets
 * naming them, and the content request clocks of the period that have an answer (met, or
 * breached; a running clock past its due counts as late).
 */
export async function contentSupport(ctx: Ctx, period: Period, now: Date): Promise<ComplianceRow> {
  const campaigns = await ctx.db
    .selectFrom('campaigns as c')
    .select('c.id')
    .select((eb) =>
      eb
        .selectFrom('content_asset_campaigns as l')
        .innerJoin('content_assets as a', 'a.id', 'l.asset_id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('l.campaign_id', '=', 'c.id')
        .as('assets'),
    )
    .where('c.starts_on', '>=', day(period.from))
    .where('c.starts_on', '<', day(period.to))
    .where('c.starts_on', '<=', day(now))
    .orderBy('c.starts_on')
    .orderBy('c.id')
    .execute();
  const clocks = await ctx.db
    .selectFrom('sla_clocks')
    .select(['content_request_id', 'status', 'due_at'])
    .where('policy', '=', CONTENT_REQUEST_POLICY)
    .where('started_at', '>=', period.from)
    .where('started_at', '<', period.to)
    .where('status', 'in', ['met', 'breached', 'running'])
    .orderBy('started_at')
    .execute();
  return contentSupportRow(
    campaigns.map((c) => ({ id: c.id, assets: Number(c.assets ?? 0) })),
    clocks
      .filter((c) => c.status !== 'running' || c.due_at < now)
      .map((c) => ({ contentRequestId: c.content_request_id!, met: c.status === 'met' })),
  );
}
