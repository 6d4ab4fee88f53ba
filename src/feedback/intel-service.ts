import { ownerScope, type Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { listMessages } from '../content/index.js';
import { NotFoundError } from '../core/index.js';
import {
  type Battlecard,
  type CompetitorDeal,
  type CompetitorSummary,
  type Dq05Lead,
  groupByCompetitor,
  lossReasons,
  rankCompetitors,
  summarise,
} from './intel-model.js';
import * as store from './intel-store.js';
import { competitorName, parseRange, reasonLabel } from './winloss-model.js';

export interface CompetitorList {
  from: Date | null;
  to: Date | null;
  items: CompetitorSummary[];
  /** DQ-05 disqualifications whose notes name no known competitor. */
  unattributedDq05: number;
}

export interface CompetitorDetail extends CompetitorSummary {
  from: Date | null;
  to: Date | null;
  lostDeals: (CompetitorDeal & { reasonLabel: string | null })[];
  wonDeals: (CompetitorDeal & { reasonLabel: string | null })[];
  dq05Leads: Dq05Lead[];
  notes: { opportunityId: string; outcome: string; closedAt: Date; notes: string }[];
  lossReasons: { reason: string; count: number }[];
}

/** Battlecards in use; a competitor with several has its most recently updated one. */
async function battlecards(ctx: Ctx): Promise<Battlecard[]> {
  const cards: Battlecard[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMessages(ctx, { kind: 'battlecard' }, { limit: 200, cursor });
    for (const item of page.items)
      if (item.competitor)
        cards.push({
          id: item.id,
          competitor: item.competitor,
          title: item.title,
          version: item.version,
          reviewedOn: item.reviewedOn,
          updatedAt: item.updatedAt,
        });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return cards;
}

async function gather(ctx: Ctx, from: string | undefined, to: string | undefined, actor: Principal) {
  const range = { ...parseRange(from, to), scopeOwner: ownerScope(actor) };
  const [deals, dq05, cards] = await Promise.all([
    store.listCompetitorDeals(ctx.db, range),
    store.listDq05Leads(ctx.db, range),
    battlecards(ctx),
  ]);
  return { range, ...groupByCompetitor(deals, dq05, cards) };
}

/** `GET /v1/competitors`: every competitor seen in the period, most lost value first. */
export async function listCompetitors(
  ctx: Ctx,
  filter: { from?: string | undefined; to?: string | undefined },
  actor: Principal,
): Promise<CompetitorList> {
  const { range, groups, unattributedDq05 } = await gather(ctx, filter.from, filter.to, actor);
  return {
    from: range.from ?? null,
    to: range.to ?? null,
    items: rankCompetitors([...groups].map(([key, g]) => summarise(key, g))),
    unattributedDq05: unattributedDq05.length,
  };
}

/** `GET /v1/competitors/:name`: the deals, DQ-05 leads, notes, battlecard and loss reasons of one. */
export async function getCompetitor(
  ctx: Ctx,
  nameText: string,
  filter: { from?: string | undefined; to?: string | undefined },
  actor: Principal,
): Promise<CompetitorDetail> {
  const wanted = competitorName(nameText);
  const { range, groups } = await gather(ctx, filter.from, filter.to, actor);
  const group = wanted && groups.get(wanted.key);
  if (!wanted || !group) throw new NotFoundError('Competitor', nameText);
  const labelled = (d: CompetitorDeal) => ({ ...d, reasonLabel: reasonLabel(d.outcome, d.reasonCode) });
  return {
    ...summarise(wanted.key, group),
    from: range.from ?? null,
    to: range.to ?? null,
    lostDeals: group.deals.filter((d) => d.outcome === 'lost').map(labelled),
    wonDeals: group.deals.filter((d) => d.outcome === 'won').map(labelled),
    dq05Leads: group.dq05,
    notes: group.deals
      .filter((d) => d.notes)
      .map((d) => ({
        opportunityId: d.opportunityId,
        outcome: d.outcome,
        closedAt: d.closedAt,
        notes: d.notes!,
      })),
    lossReasons: lossReasons(group.deals),
  };
}
