import type { Ctx } from '../app.js';
import { ConflictError } from '../core/index.js';
import { checkZone } from './revenue-periods.js';
import { listDealJourneys } from './revenue-store.js';
import { type DealStory, dealStory } from './story-model.js';
import { findFirstSqlAt, getStoryOpportunity } from './story-store.js';

/**
 * The closed-loop story of one closed opportunity (seed 001, Closed-Loop Reporting), its dates
 * in `timeZone` (default UTC). An open opportunity has no story yet: 409.
 */
export async function getDealStory(
  ctx: Ctx,
  opportunityId: string,
  options: { timeZone?: string | undefined } = {},
): Promise<DealStory> {
  const timeZone = checkZone(options.timeZone ?? 'UTC');
  const opportunity = await getStoryOpportunity(ctx.db, opportunityId);
  const closedAt = opportunity.closedAt;
  if (!closedAt || (opportunity.outcome !== 'won' && opportunity.outcome !== 'lost'))
    throw new ConflictError(
      `Opportunity ${opportunityId} is still open: the closed-loop report tells closed deals`,
      'opportunity_open',
    );
  const [journey] = await listDealJourneys(ctx.db, { start: closedAt, end: closedAt, now: closedAt }, [
    opportunityId,
  ]);
  const sqlAt = opportunity.personId ? await findFirstSqlAt(ctx.db, opportunity.personId, closedAt) : null;
  return dealStory({
    opportunityId,
    name: opportunity.name,
    company: opportunity.company,
    amount: { cents: journey!.amountCents, currency: journey!.currency },
    source: journey!.source,
    createdAt: journey!.createdAt,
    closedAt,
    outcome: opportunity.outcome,
    closeReason: opportunity.closeReason,
    competitor: opportunity.competitor,
    winningFactor: opportunity.winningFactor,
    sqlAt,
    touches: journey!.touches,
    timeZone,
  });
}
