import type { Ctx } from '../app.js';
import { type CampaignEconomics, cacOfReports, revenueOfReports } from '../attribution/index.js';
import type { CacFigures, ChannelCac, RevenueFigures, RevenuePeriod } from './metrics-model.js';
import type { ReportRange } from './model.js';

/**
 * The revenue-attribution rows of the reports (marketing-sourced pipeline share,
 * marketing-influenced revenue share, CAC by channel) for a range and the range before it,
 * from the attribution capability: one definition of "sourced" for the whole product.
 */
export async function revenueFiguresFor(
  ctx: Ctx,
  range: ReportRange,
  prior: ReportRange | null,
  currency: string,
): Promise<RevenueFigures> {
  const [current, before] = await besidePrior(range, prior, (r) => periodOf(ctx, r, currency));
  return { currency, current, prior: before };
}

/**
 * CAC by channel of a range and the range before it, read from their won deals alone (the
 * diagnostics need nothing else of the revenue figures).
 */
export async function cacFiguresFor(
  ctx: Ctx,
  range: ReportRange,
  prior: ReportRange | null,
  currency: string,
): Promise<CacFigures> {
  const [current, before] = await besidePrior(range, prior, (r) => cacOf(ctx, r, currency));
  return { currency, current, prior: before };
}

/**
 * The monthly report's figures: the month's in full (its attribution section), the prior
 * month's CAC by channel alone (its diagnostics compare CAC with it, nothing else).
 */
export async function monthlyFiguresFor(
  ctx: Ctx,
  range: ReportRange,
  prior: ReportRange,
  currency: string,
): Promise<CacFigures & { current: RevenuePeriod }> {
  const [current, before] = await Promise.all([periodOf(ctx, range, currency), cacOf(ctx, prior, currency)]);
  return { currency, current, prior: before };
}

/** A range's figures and the prior range's (none without one), read side by side. */
function besidePrior<T>(
  range: ReportRange,
  prior: ReportRange | null,
  read: (range: ReportRange) => Promise<T>,
): Promise<[T, T | null]> {
  return Promise.all([read(range), prior ? read(prior) : Promise.resolve(null)]);
}

async function cacOf(
  ctx: Ctx,
  range: ReportRange,
  currency: string,
): Promise<Pick<RevenuePeriod, 'cacByChannel'>> {
  return { cacByChannel: cacRows(await cacOfReports(ctx, { from: range.from, to: range.to, currency })) };
}

/** The channels with spend or customers, and their CAC. */
function cacRows(economics: CampaignEconomics): ChannelCac[] {
  return economics.rows
    .filter((row) => row.spendCents > 0 || row.customers > 0)
    .map((row) => ({
      channel: row.key,
      costCents: row.spendCents,
      customers: row.customers,
      cacCents: row.cacCents,
    }));
}

async function periodOf(ctx: Ctx, range: ReportRange, currency: string): Promise<RevenuePeriod> {
  // Both read the digests of the range's deal journeys, once; CAC needs spend and credited
  // customers only, not every lead's source.
  const { attribution, economics } = await revenueOfReports(ctx, {
    from: range.from,
    to: range.to,
    currency,
  });
  const { pipeline, revenue } = attribution.total;
  return {
    marketingSourcedPipelineCents: pipeline.sourced.cents,
    totalPipelineCents: pipeline.total.cents,
    marketingSourcedRevenueCents: revenue.sourced.cents,
    marketingInfluencedRevenueCents: revenue.influenced.cents,
    salesSourcedRevenueCents: revenue.salesSourced.cents,
    totalRevenueCents: revenue.total.cents,
    cacByChannel: cacRows(economics),
  };
}
