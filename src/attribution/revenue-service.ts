import type { Principal } from '../access/index.js';
import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { type FieldIssue, isCalendarDay, isCurrency, type Money, ValidationError } from '../core/index.js';
import { recordAudit } from '../store/index.js';
import {
  type Attribution,
  campaignEconomics as computeEconomics,
  type EconomicsGrouping,
  type EconomicsRow,
  type EconomicsTotals,
} from './revenue-economics.js';
import { listDealDigests } from './revenue-digest-store.js';
import { type Deal, type PeriodFigures, revenueFigures } from './revenue-model.js';
import {
  checkZone,
  type DayRange,
  dayRange,
  type PeriodKind,
  periodWindows,
  quarterRange,
} from './revenue-periods.js';
import * as store from './revenue-store.js';

/** The range a caller asks for: days in a time zone. */
export interface RangeInput {
  from?: string | undefined;
  to?: string | undefined;
  /** IANA zone the days and periods are read in; default UTC. */
  timeZone?: string | undefined;
}

/**
 * Missing ends come from a quarter of the zone: the current one when both are missing, else
 * the quarter of the end that was given (`from=2026-04-01` alone is 2026-04-01..2026-06-30).
 */
export function resolveRange(ctx: Ctx, input: RangeInput): DayRange {
  const zone = checkZone(input.timeZone ?? 'UTC');
  const given = input.from ?? input.to;
  // A malformed end is reported by the last call, under its own name.
  const anchor =
    given !== undefined && isCalendarDay(given) ? dayRange(given, given, zone).start : ctx.clock.now();
  const quarter = quarterRange(anchor, zone);
  return dayRange(input.from ?? quarter.from, input.to ?? quarter.to, zone);
}

async function reportCurrency(ctx: Ctx, currency: string | undefined): Promise<string> {
  if (currency !== undefined) {
    if (!isCurrency(currency))
      throw ValidationError.field('/currency', 'must be an ISO 4217 code such as USD');
    return currency;
  }
  return (await getActiveAgreement(ctx.db, ctx.clock)).document.targets.revenuePerPeriod.currency;
}

export interface RevenuePeriod extends PeriodFigures {
  /** `2026-10` or `2026-Q4`. */
  label: string;
  /** Days of the period within the range, inclusive. */
  from: string;
  to: string;
}

/**
 * Marketing-sourced, marketing-influenced and sales-sourced pipeline and revenue, per period
 * and in total (definitions: `revenue-model.ts`, repeated in the API docs). In every period
 * and in total, `sourced.cents + salesSourced.cents === total.cents` and
 * `influenced.cents >= sourced.cents`.
 */
export interface RevenueAttribution {
  from: string;
  to: string;
  timeZone: string;
  period: PeriodKind;
  /** The one currency counted (the agreement's revenue target's unless asked). */
  currency: string;
  periods: RevenuePeriod[];
  total: PeriodFigures;
  /** Deals of the range in other currencies: not converted, not counted. */
  otherCurrencies: { currency: string; deals: number }[];
}

export interface RevenueAttributionInput extends RangeInput {
  period?: PeriodKind | undefined;
  currency?: string | undefined;
}

/**
 * Loads the deal journeys of a range (the heaviest read of both figures). A caller that asks
 * for attribution and economics of the same range passes one `sharedJourneys` loader to both,
 * so the journeys are read once (the monthly report at 1M people, bench/README.md).
 */
export type JourneyLoader = (range: { start: Date; end: Date; now: Date }) => Promise<Deal[]>;

/**
 * A loader that reads each range once and hands every caller the same journeys, as of the
 * first caller's `now` (so the figures built on them describe one moment).
 */
export function sharedJourneys(
  ctx: Ctx,
  read: (
    db: Ctx['db'],
    range: { start: Date; end: Date; now: Date },
  ) => Promise<Deal[]> = store.listDealJourneys,
): JourneyLoader {
  const loaded = new Map<string, Promise<Deal[]>>();
  return (range) => {
    const key = `${range.start.toISOString()}/${range.end.toISOString()}`;
    let journeys = loaded.get(key);
    if (!journeys) {
      journeys = read(ctx.db, range);
      loaded.set(key, journeys);
    }
    return journeys;
  };
}

/**
 * The revenue attribution and the first-touch CAC by channel of a range, as the reports
 * read them: from the journeys' digests (`listDealDigests`: a few rows a deal instead of
 * every touch of every journey), read once for both. The same figures as
 * `revenueAttribution` and `campaignEconomics(..., { by: 'channel', leads: false })`.
 */
export async function revenueOfReports(
  ctx: Ctx,
  input: { from: string; to: string; currency?: string | undefined },
): Promise<{ attribution: RevenueAttribution; economics: CampaignEconomics }> {
  const digests = sharedJourneys(ctx, listDealDigests);
  const [attribution, economics] = await Promise.all([
    revenueAttribution(ctx, input, digests),
    // Digests keep the first-touch credit only: never another attribution here.
    campaignEconomics(ctx, { ...input, by: 'channel', attribution: 'first_touch', leads: false }, digests),
  ]);
  return { attribution, economics };
}

/**
 * The first-touch economics by channel of a range read from the digests of its won deals
 * only: their spend, customers and CAC are those of `revenueOfReports` (customers are won
 * deals closed in the range; spend comes from the cost entries), the pipeline and lead
 * columns are not (the deals created in the range are not read). For what needs CAC alone:
 * the diagnostics, and the monthly report's prior month.
 */
export async function cacOfReports(
  ctx: Ctx,
  input: { from: string; to: string; currency?: string | undefined },
): Promise<CampaignEconomics> {
  return campaignEconomics(
    ctx,
    { ...input, by: 'channel', attribution: 'first_touch', leads: false },
    (range) => listDealDigests(ctx.db, range, 'won'),
  );
}

/** Sourced / influenced / sales-sourced pipeline and revenue of a range, per month or quarter. */
export async function revenueAttribution(
  ctx: Ctx,
  input: RevenueAttributionInput = {},
  journeys: JourneyLoader = (range) => store.listDealJourneys(ctx.db, range),
): Promise<RevenueAttribution> {
  const range = resolveRange(ctx, input);
  const kind = input.period ?? 'month';
  const currency = await reportCurrency(ctx, input.currency);
  const now = ctx.clock.now();
  const all = await journeys({ start: range.start, end: range.end, now });
  const deals = all.filter((d) => d.currency === currency);
  const windows = periodWindows(range, kind);
  const [total, ...perPeriod] = revenueFigures(deals, [range, ...windows], now);
  const others = new Map<string, number>();
  for (const d of all) if (d.currency !== currency) others.set(d.currency, (others.get(d.currency) ?? 0) + 1);
  return {
    from: range.from,
    to: range.to,
    timeZone: range.timeZone,
    period: kind,
    currency,
    periods: windows.map((w, i) => ({ label: w.label, from: w.from, to: w.to, ...perPeriod[i]! })),
    total: total!,
    otherCurrencies: [...others]
      .map(([c, n]) => ({ currency: c, deals: n }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

/** Campaign economics of a range (definitions: `revenue-economics.ts`, repeated in the API docs). */
export interface CampaignEconomics {
  from: string;
  to: string;
  timeZone: string;
  by: EconomicsGrouping;
  attribution: Attribution;
  currency: string;
  rows: EconomicsRow[];
  totals: EconomicsTotals;
}

export interface CampaignEconomicsInput extends RangeInput {
  by?: EconomicsGrouping | undefined;
  attribution?: Attribution | undefined;
  currency?: string | undefined;
  /**
   * False when only spend, customers, CAC and revenue are wanted (the reports' CAC by
   * channel): the lead records (each person's lead source, the costliest read at scale) are
   * not read, and the rows' lead, MQL and SQL counts and costs per lead stay empty.
   */
  leads?: boolean | undefined;
}

/** Spend, cost per lead/MQL/SQL, CAC, ROMI by channel or campaign, seed 004's value metrics, lead sources. */
export async function campaignEconomics(
  ctx: Ctx,
  input: CampaignEconomicsInput = {},
  journeys: JourneyLoader = (range) => store.listDealJourneys(ctx.db, range),
): Promise<CampaignEconomics> {
  const range = resolveRange(ctx, input);
  const by = input.by ?? 'channel';
  const attribution = input.attribution ?? 'first_touch';
  const currency = await reportCurrency(ctx, input.currency);
  const now = ctx.clock.now();
  const [campaigns, costs, leads, deals] = await Promise.all([
    store.listCampaignCosts(ctx.db, range, currency),
    store.listCostEntries(ctx.db, { from: range.from, to: range.to }),
    input.leads === false ? Promise.resolve([]) : store.listLeadRecords(ctx.db, range),
    journeys({ start: range.start, end: range.end, now }),
  ]);
  const economics = computeEconomics({
    range,
    by,
    attribution,
    campaigns,
    costs: store.costInputs(costs, currency),
    leads,
    deals: deals.filter((d) => d.currency === currency),
  });
  return {
    from: range.from,
    to: range.to,
    timeZone: range.timeZone,
    by,
    attribution,
    currency,
    ...economics,
  };
}

// ---- cost entries: marketing and sales spend outside campaigns

export type CostEntry = store.CostEntryRecord;

export interface CostEntryInput {
  function: string;
  category: string;
  amount: Money;
  /** A month (`2026-10`) or a quarter (`2026-Q4`), or the days below. */
  period?: string | undefined;
  startsOn?: string | undefined;
  endsOn?: string | undefined;
  notes?: string | null | undefined;
}

/** The days of `2026-10` or `2026-Q4`, or undefined when `text` is neither. */
function periodDays(text: string): { startsOn: string; endsOn: string } | undefined {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (!month && !quarter) return undefined;
  const year = Number((month ?? quarter)![1]);
  const first = month ? Number(month[2]) : (Number(quarter![2]) - 1) * 3 + 1;
  const last = month ? first : first + 2;
  if (first < 1 || first > 12) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return { startsOn: `${year}-${pad(first)}-01`, endsOn: `${year}-${pad(last)}-${pad(lastDay)}` };
}

/** Records what marketing or sales spent over a period, outside campaigns. */
export async function createCostEntry(
  ctx: Ctx,
  input: CostEntryInput,
  principal: Principal,
): Promise<CostEntry> {
  const issues: FieldIssue[] = [];
  if (input.function !== 'marketing' && input.function !== 'sales')
    issues.push({ path: '/function', message: 'must be marketing or sales' });
  const category = input.category.trim();
  if (category === '') issues.push({ path: '/category', message: 'must not be empty' });
  if (!Number.isSafeInteger(input.amount.cents) || input.amount.cents < 0)
    issues.push({ path: '/amount/cents', message: 'must be a whole number of cents, 0 or more' });
  if (!isCurrency(input.amount.currency))
    issues.push({ path: '/amount/currency', message: 'must be an ISO 4217 code such as USD' });
  let days: { startsOn: string; endsOn: string } | undefined;
  if (input.period !== undefined) {
    days = periodDays(input.period);
    if (!days)
      issues.push({
        path: '/period',
        message: `must be a month (2026-10) or a quarter (2026-Q4), got "${input.period}"`,
      });
    if (input.startsOn !== undefined || input.endsOn !== undefined)
      issues.push({ path: '/period', message: 'give a period or startsOn and endsOn, not both' });
  } else if (input.startsOn === undefined || input.endsOn === undefined) {
    issues.push({ path: '/period', message: 'is required unless startsOn and endsOn are given' });
  } else {
    if (!isCalendarDay(input.startsOn))
      issues.push({ path: '/startsOn', message: 'must be a day YYYY-MM-DD' });
    if (!isCalendarDay(input.endsOn)) issues.push({ path: '/endsOn', message: 'must be a day YYYY-MM-DD' });
    else if (input.endsOn < input.startsOn)
      issues.push({ path: '/endsOn', message: 'must not be before startsOn' });
    days = { startsOn: input.startsOn, endsOn: input.endsOn };
  }
  if (issues.length > 0) throw new ValidationError('The cost entry is invalid', issues);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const entry = await store.insertCostEntry(trx, {
      id: ctx.ids.next('cost'),
      function: input.function as 'marketing' | 'sales',
      category,
      amount: input.amount,
      ...days!,
      notes: input.notes?.trim() || null,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(trx, {
      at: now,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'cost_entry.created',
      subjectType: 'cost_entry',
      subjectId: entry.id,
    });
    return entry;
  });
}

export function listCostEntries(
  ctx: Ctx,
  filter: { from?: string | undefined; to?: string | undefined; function?: string | undefined } = {},
): Promise<CostEntry[]> {
  return store.listCostEntries(ctx.db, filter);
}

export function getCostEntry(ctx: Ctx, id: string): Promise<CostEntry> {
  return store.getCostEntry(ctx.db, id);
}

/** Deletes a cost entry and returns it as it was. */
export async function deleteCostEntry(ctx: Ctx, id: string, principal: Principal): Promise<CostEntry> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const entry = await store.getCostEntry(trx, id);
    await store.deleteCostEntryRow(trx, id);
    await recordAudit(trx, {
      at: now,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'cost_entry.deleted',
      subjectType: 'cost_entry',
      subjectId: id,
    });
    return entry;
  });
}
