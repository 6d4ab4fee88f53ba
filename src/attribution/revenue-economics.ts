import { type Deal, firstMarketingTouch, isAttributable, sourcing, type Touch } from './revenue-model.js';
import { type DayRange, prorate } from './revenue-periods.js';

/**
 * Campaign economics: the value metrics of seed 004 (marketing spend per sales-accepted lead,
 * sales cost per closed deal, share of revenue from marketing-sourced leads, total revenue),
 * seed 001's CAC by channel, seed 003's cost per MQL and SQL, ROI (ROMI) per campaign and
 * channel, and lead source tracking, over one range of days.
 *
 * - Spend: a campaign's cost spread evenly over its days (starts_on..ends_on), the part in the range.
 * - Lead source: the first touch of a person (or a deal's journey) that names a channel or a
 *   campaign; people without one are `unattributed`. Leads, MQLs, SQLs and opportunities are
 *   counted by it: leads created, MQLs and SQLs reached, opportunities created in the range.
 * - SQL is the sales-accepted stage of this funnel (seed 003's SAL): sales accepted the lead.
 * - Won revenue is credited by `attribution`: `first_touch` (default) gives a won deal to the
 *   lead source of its journey, and only to marketing-sourced deals; `last_touch` to the last
 *   attributable marketing touch at or before the close; `linear` spreads it evenly over the
 *   attributable marketing touches at or before the close (exact cents, largest remainder).
 * - CAC = spend / customers credited; ROMI = (credited revenue - spend) / spend.
 */

export const ECONOMICS_GROUPINGS = ['channel', 'campaign'] as const;
export type EconomicsGrouping = (typeof ECONOMICS_GROUPINGS)[number];
export const ATTRIBUTIONS = ['first_touch', 'last_touch', 'linear'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

/** The group of people and deals without an attributable marketing touch. */
export const UNATTRIBUTED = 'unattributed';

export interface CampaignCost {
  id: string;
  name: string;
  channel: string;
  costCents: number;
  /** Inclusive days; the store fills missing ones from the campaign's creation day. */
  startsOn: string;
  endsOn: string;
}

export interface CostEntry {
  function: 'marketing' | 'sales';
  cents: number;
  startsOn: string;
  endsOn: string;
}

/** A person of the range: when they became a lead, reached MQL and SQL (null: not in the range). */
export interface LeadRecord {
  createdInRange: boolean;
  mqlInRange: boolean;
  sqlInRange: boolean;
  source: { channel: string | null; campaignId: string | null } | null;
}

export interface EconomicsInput {
  range: DayRange;
  by: EconomicsGrouping;
  attribution: Attribution;
  campaigns: readonly CampaignCost[];
  costs: readonly CostEntry[];
  leads: readonly LeadRecord[];
  deals: readonly Deal[];
}

export interface EconomicsRow {
  /** The channel, or the campaign id; `unattributed` for the rest. */
  key: string;
  /** The channel, or the campaign's name. */
  name: string;
  /** The campaign's channel (by campaign), or the channel itself. */
  channel: string | null;
  spendCents: number;
  leads: number;
  mqls: number;
  sqls: number;
  opportunities: number;
  pipelineCents: number;
  /** Won deals credited (fractional under linear). */
  customers: number;
  revenueCents: number;
  costPerLeadCents: number | null;
  costPerMqlCents: number | null;
  costPerSqlCents: number | null;
  cacCents: number | null;
  /** (revenue - spend) / spend; null without spend. */
  romi: number | null;
}

export interface EconomicsTotals {
  campaignSpendCents: number;
  /** Marketing cost entries (people, tools): in the marketing spend, in no campaign. */
  otherMarketingCostCents: number;
  marketingSpendCents: number;
  salesCostCents: number;
  leads: number;
  mqls: number;
  sqls: number;
  opportunities: number;
  wonDeals: number;
  revenueCents: number;
  marketingSourcedRevenueCents: number;
  /** Seed 004: marketing spend (all of it) per sales-accepted lead. */
  marketingSpendPerAcceptedLeadCents: number | null;
  /** Seed 004: sales cost per closed (won) deal; null without sales cost entries. */
  salesCostPerClosedDealCents: number | null;
  /** Seed 004: share of revenue from marketing-sourced leads. */
  marketingSourcedRevenueShare: number;
  /** (marketing + sales cost) / won deals. */
  blendedCacCents: number | null;
  /** (marketing-sourced revenue - marketing spend) / marketing spend. */
  romi: number | null;
}

export interface Economics {
  rows: EconomicsRow[];
  totals: EconomicsTotals;
}

const per = (cents: number, n: number) => (n > 0 ? Math.round(cents / n) : null);

/** Splits `cents` over `n` parts that differ by at most a cent and sum to it exactly. */
export function splitEvenly(cents: number, n: number): number[] {
  const base = Math.floor(cents / n);
  const rest = cents - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < rest ? 1 : 0));
}

interface Credit {
  touch: Touch;
  cents: number;
  customers: number;
}

/** The revenue credits of one won deal under the attribution chosen. */
export function credits(deal: Deal, attribution: Attribution): Credit[] {
  if (!deal.closedAt) return [];
  const closedAt = deal.closedAt;
  if (attribution === 'first_touch') {
    if (sourcing(deal).class !== 'marketing') return [];
    const first = firstMarketingTouch(deal.touches, closedAt);
    return first ? [{ touch: first, cents: deal.amountCents, customers: 1 }] : [];
  }
  const touches = deal.touches
    .filter((t) => isAttributable(t) && t.at <= closedAt)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  if (touches.length === 0) return [];
  if (attribution === 'last_touch')
    return [{ touch: touches.at(-1)!, cents: deal.amountCents, customers: 1 }];
  const parts = splitEvenly(deal.amountCents, touches.length);
  return touches.map((touch, i) => ({ touch, cents: parts[i]!, customers: 1 / touches.length }));
}

/** Spend, funnel counts, revenue and the ratios, per channel or campaign, and in total. */
export function campaignEconomics(input: EconomicsInput): Economics {
  const { range, by } = input;
  const campaignsById = new Map(input.campaigns.map((c) => [c.id, c]));
  const rows = new Map<string, EconomicsRow>();
  const row = (key: string): EconomicsRow => {
    let r = rows.get(key);
    if (!r) {
      const campaign = by === 'campaign' ? campaignsById.get(key) : undefined;
      r = {
        key,
        name: campaign?.name ?? key,
        channel: by === 'channel' ? (key === UNATTRIBUTED ? null : key) : (campaign?.channel ?? null),
        spendCents: 0,
        leads: 0,
        mqls: 0,
        sqls: 0,
        opportunities: 0,
        pipelineCents: 0,
        customers: 0,
        revenueCents: 0,
        costPerLeadCents: null,
        costPerMqlCents: null,
        costPerSqlCents: null,
        cacCents: null,
        romi: null,
      };
      rows.set(key, r);
    }
    return r;
  };
  const keyOf = (source: { channel: string | null; campaignId: string | null } | null): string => {
    if (!source) return UNATTRIBUTED;
    if (by === 'campaign') return source.campaignId ?? UNATTRIBUTED;
    return source.channel ?? campaignsById.get(source.campaignId ?? '')?.channel ?? UNATTRIBUTED;
  };

  let campaignSpend = 0;
  for (const c of input.campaigns) {
    const spend = prorate(c.costCents, c.startsOn, c.endsOn, range.from, range.to);
    if (spend === 0) continue;
    campaignSpend += spend;
    row(by === 'campaign' ? c.id : c.channel).spendCents += spend;
  }
  const cost = (fn: CostEntry['function']) =>
    input.costs
      .filter((c) => c.function === fn)
      .reduce((sum, c) => sum + prorate(c.cents, c.startsOn, c.endsOn, range.from, range.to), 0);
  const otherMarketing = cost('marketing');
  const salesCost = cost('sales');

  let leads = 0;
  let mqls = 0;
  let sqls = 0;
  for (const lead of input.leads) {
    const r = row(keyOf(lead.source));
    const created = Number(lead.createdInRange);
    const mql = Number(lead.mqlInRange);
    const sql = Number(lead.sqlInRange);
    r.leads += created;
    leads += created;
    r.mqls += mql;
    mqls += mql;
    r.sqls += sql;
    sqls += sql;
  }

  let opportunities = 0;
  let won = 0;
  let revenue = 0;
  let sourcedRevenue = 0;
  const inRange = (at: Date) => at >= range.start && at < range.end;
  for (const deal of input.deals) {
    if (inRange(deal.createdAt)) {
      opportunities++;
      const r = row(keyOf(firstMarketingTouch(deal.touches, deal.createdAt)));
      r.opportunities++;
      r.pipelineCents += deal.amountCents;
    }
    if (deal.outcome !== 'won' || !deal.closedAt || !inRange(deal.closedAt)) continue;
    won++;
    revenue += deal.amountCents;
    if (sourcing(deal).class === 'marketing') sourcedRevenue += deal.amountCents;
    for (const credit of credits(deal, input.attribution)) {
      const r = row(keyOf(credit.touch));
      r.customers += credit.customers;
      r.revenueCents += credit.cents;
    }
  }

  for (const r of rows.values()) {
    r.customers = Math.round(r.customers * 1e6) / 1e6;
    // Unattributed people and deals have no spend of their own: no cost ratios, not zero ones.
    if (r.key === UNATTRIBUTED) continue;
    r.costPerLeadCents = per(r.spendCents, r.leads);
    r.costPerMqlCents = per(r.spendCents, r.mqls);
    r.costPerSqlCents = per(r.spendCents, r.sqls);
    r.cacCents = r.customers > 0 ? Math.round(r.spendCents / r.customers) : null;
    r.romi = r.spendCents > 0 ? (r.revenueCents - r.spendCents) / r.spendCents : null;
  }
  const marketingSpend = campaignSpend + otherMarketing;
  return {
    rows: [...rows.values()].sort(
      (a, b) =>
        Number(a.key === UNATTRIBUTED) - Number(b.key === UNATTRIBUTED) ||
        b.spendCents - a.spendCents ||
        b.revenueCents - a.revenueCents ||
        a.key.localeCompare(b.key),
    ),
    totals: {
      campaignSpendCents: campaignSpend,
      otherMarketingCostCents: otherMarketing,
      marketingSpendCents: marketingSpend,
      salesCostCents: salesCost,
      leads,
      mqls,
      sqls,
      opportunities,
      wonDeals: won,
      revenueCents: revenue,
      marketingSourcedRevenueCents: sourcedRevenue,
      marketingSpendPerAcceptedLeadCents: per(marketingSpend, sqls),
      // Without a sales cost entry in the range there is no input, not a zero cost.
      salesCostPerClosedDealCents: salesCost > 0 ? per(salesCost, won) : null,
      marketingSourcedRevenueShare: revenue === 0 ? 0 : sourcedRevenue / revenue,
      blendedCacCents: per(marketingSpend + salesCost, won),
      romi: marketingSpend > 0 ? (sourcedRevenue - marketingSpend) / marketingSpend : null,
    },
  };
}
