import type { PeriodWindow } from './revenue-periods.js';

/**
 * Marketing-sourced, marketing-influenced and sales-sourced pipeline and revenue (seed 001,
 * Shared Metrics Dashboard and the monthly report's REVENUE ATTRIBUTION), computed openly from
 * the touchpoint log and the sales activity log. The definitions, which the API docs repeat:
 *
 * - The journey of an opportunity is every touch of its primary contact, of every contact of
 *   its account, and of the account itself: the touchpoint log (with the anonymous visits of
 *   those contacts' visitor ids) and the sales activities (calls, emails, meetings) with them
 *   or on the deal.
 * - A marketing touch is a touchpoint of the log (website, forms, email, ads, events, content),
 *   except an unsubscribe and except a touch whose channel is a sales channel (`outbound`).
 *   A sales touch is a sales activity, or a touchpoint of a sales channel.
 * - Marketing-sourced: the first touch of the journey at or before the opportunity was created
 *   is a marketing touch. When no touch precedes the opportunity, its `source` decides: a
 *   marketing channel (paid_search, webinar, ...) is marketing-sourced. On a tie between a
 *   marketing and a sales touch at the same instant, sales sourced it.
 * - Sales-sourced: every other opportunity (first touch by sales or outbound, or no touch and
 *   a source that is not a marketing channel, or none). So sourced + sales-sourced = total.
 * - Marketing-influenced: marketing-sourced, or any marketing touch at or before the close; for
 *   open pipeline, at or before the end of the period (or now, if earlier). So influenced >= sourced.
 * - Pipeline of a period: opportunities created in it, at their amount whatever came after.
 *   Revenue of a period: opportunities won in it (closed at), at their amount.
 */

export type TouchKind = 'marketing' | 'sales';

export interface Touch {
  at: Date;
  kind: TouchKind;
  /** The touchpoint type (`webinar_attended`) or the sales activity type (`call`). */
  type: string;
  /** The touchpoint's channel (or its campaign's); `sales` for a sales activity. */
  channel: string | null;
  campaignId: string | null;
}

export interface Deal {
  id: string;
  amountCents: number;
  currency: string;
  /** The opportunity's `source` as the CRM or the rep recorded it. */
  source: string | null;
  createdAt: Date;
  closedAt: Date | null;
  outcome: 'won' | 'lost' | null;
  /** Its journey, in any order. */
  touches: readonly Touch[];
}

/** Channels whose touches are sales' own prospecting, not marketing's. */
export const SALES_CHANNELS: ReadonlySet<string> = new Set(['outbound', 'sales']);

/**
 * Values of `opportunity.source` that name marketing (a marketing channel of the campaigns,
 * or the words CRMs use for it): used only when no touch precedes the opportunity.
 */
export const MARKETING_SOURCES: ReadonlySet<string> = new Set([
  'paid_search',
  'paid_social',
  'organic_search',
  'organic_social',
  'email',
  'webinar',
  'event',
  'content_syndication',
  'partner',
  'direct',
  'referral',
  'marketing',
  'inbound',
  'website',
]);

/** Touchpoint types that are not a touch by marketing: the prospect leaving. */
const NOT_A_TOUCH: ReadonlySet<string> = new Set(['unsubscribe']);

/** What a touchpoint of the log is: marketing, sales (a sales channel), or no touch at all. */
export function touchpointKind(type: string, channel: string | null): TouchKind | null {
  if (NOT_A_TOUCH.has(type)) return null;
  return channel !== null && SALES_CHANNELS.has(channel) ? 'sales' : 'marketing';
}

/** A touch that names a channel or a campaign: one a lead source or a model can credit. */
export function isAttributable(touch: Touch): boolean {
  return touch.kind === 'marketing' && (touch.channel !== null || touch.campaignId !== null);
}

function byTime(a: Touch, b: Touch): number {
  // On a tie sales comes first: marketing claims a deal only when it was strictly earlier.
  return a.at.getTime() - b.at.getTime() || (a.kind === b.kind ? 0 : a.kind === 'sales' ? -1 : 1);
}

export type SourceClass = 'marketing' | 'sales';

export interface Sourcing {
  class: SourceClass;
  /** What decided it: the first touch, the opportunity's `source` field, or neither (sales). */
  decidedBy: 'first_touch' | 'source' | 'default';
  /** The first touch at or before creation, if any. */
  firstTouch: Touch | null;
}

/** Who sourced a deal: the first touch of its journey at or before its creation. */
export function sourcing(deal: Pick<Deal, 'touches' | 'createdAt' | 'source'>): Sourcing {
  let first: Touch | null = null;
  for (const touch of deal.touches)
    if (touch.at <= deal.createdAt && (first === null || byTime(touch, first) < 0)) first = touch;
  if (first) return { class: first.kind, decidedBy: 'first_touch', firstTouch: first };
  const source = deal.source?.trim().toLowerCase() ?? '';
  if (MARKETING_SOURCES.has(source)) return { class: 'marketing', decidedBy: 'source', firstTouch: null };
  return { class: 'sales', decidedBy: source === '' ? 'default' : 'source', firstTouch: null };
}

/** Marketing-sourced, or a marketing touch at or before `cutoff`. */
export function influenced(deal: Deal, cutoff: Date, sourced: Sourcing = sourcing(deal)): boolean {
  if (sourced.class === 'marketing') return true;
  return deal.touches.some((t) => t.kind === 'marketing' && t.at <= cutoff);
}

/** The first attributable marketing touch at or before `cutoff`: the lead source a model credits. */
export function firstMarketingTouch(touches: readonly Touch[], cutoff: Date): Touch | null {
  let first: Touch | null = null;
  for (const t of touches)
    if (isAttributable(t) && t.at <= cutoff && (first === null || t.at < first.at)) first = t;
  return first;
}

/** An amount, how many deals make it, and its share of the total amount (0 when the total is 0). */
export interface Split {
  cents: number;
  deals: number;
  share: number;
}

export interface RevenueFigures {
  total: { cents: number; deals: number };
  /** Marketing-sourced. */
  sourced: Split;
  /** Marketing-influenced (includes every sourced deal). */
  influenced: Split;
  salesSourced: Split;
}

export interface PeriodFigures {
  /** Opportunities created in the period. */
  pipeline: RevenueFigures;
  /** Opportunities won in the period. */
  revenue: RevenueFigures;
}

interface Tally {
  total: number;
  totalDeals: number;
  sourced: number;
  sourcedDeals: number;
  influenced: number;
  influencedDeals: number;
}

const emptyTally = (): Tally => ({
  total: 0,
  totalDeals: 0,
  sourced: 0,
  sourcedDeals: 0,
  influenced: 0,
  influencedDeals: 0,
});

function add(t: Tally, cents: number, sourced: boolean, influence: boolean): void {
  t.total += cents;
  t.totalDeals++;
  if (sourced) {
    t.sourced += cents;
    t.sourcedDeals++;
  }
  if (influence) {
    t.influenced += cents;
    t.influencedDeals++;
  }
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

function figures(t: Tally): RevenueFigures {
  const sales = t.total - t.sourced;
  return {
    total: { cents: t.total, deals: t.totalDeals },
    sourced: { cents: t.sourced, deals: t.sourcedDeals, share: share(t.sourced, t.total) },
    influenced: { cents: t.influenced, deals: t.influencedDeals, share: share(t.influenced, t.total) },
    salesSourced: { cents: sales, deals: t.totalDeals - t.sourcedDeals, share: share(sales, t.total) },
  };
}

const within = (at: Date, w: Pick<PeriodWindow, 'start' | 'end'>) => at >= w.start && at < w.end;

/**
 * Pipeline and revenue of each window, split by who sourced and influenced them. `now` caps
 * the influence cutoff of open pipeline (touches after now do not exist yet). Every deal of a
 * window is in exactly one of sourced and sales-sourced, so the two add up to the total.
 */
export function revenueFigures(
  deals: readonly Deal[],
  windows: readonly Pick<PeriodWindow, 'start' | 'end'>[],
  now: Date,
): PeriodFigures[] {
  const pipeline = windows.map(emptyTally);
  const revenue = windows.map(emptyTally);
  for (const deal of deals) {
    const sourced = sourcing(deal);
    const isSourced = sourced.class === 'marketing';
    windows.forEach((w, i) => {
      if (within(deal.createdAt, w)) {
        const cutoff = deal.closedAt ?? new Date(Math.min(w.end.getTime() - 1, now.getTime()));
        add(pipeline[i]!, deal.amountCents, isSourced, influenced(deal, cutoff, sourced));
      }
      if (deal.outcome === 'won' && deal.closedAt && within(deal.closedAt, w))
        add(revenue[i]!, deal.amountCents, isSourced, influenced(deal, deal.closedAt, sourced));
    });
  }
  return windows.map((_, i) => ({ pipeline: figures(pipeline[i]!), revenue: figures(revenue[i]!) }));
}

// ---- journey digests: what the reports' figures read of a journey

/** A touch with the id it is ordered by on a tie (the journey loader's order: time, then id). */
export interface IdentifiedTouch extends Touch {
  id: string;
}

/**
 * What `revenueFigures` and first-touch economics read of a journey (up to `now`): the
 * earliest marketing and the earliest sales touch (which decide sourcing, and influence
 * against any cutoff), and every attributable touch at the earliest attributable time up to
 * the opportunity's creation and up to its close (the lead source and the first-touch credit;
 * all of the tied ones, so that the time-then-id order picks the same one as on the whole
 * journey). Linear and last-touch credit need the whole journey: not this.
 */
export interface JourneyDigest {
  firstMarketingAt: Date | null;
  firstSalesAt: Date | null;
  /** Attributable touches, in time-then-id order. */
  credited: IdentifiedTouch[];
}

/** The journey loader's order: time, then id. */
export function byTimeThenId(a: IdentifiedTouch, b: IdentifiedTouch): number {
  return a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id);
}

/** The digest of a whole journey: the reference the SQL digest (revenue-digest-store.ts) must equal. */
export function digestOf(
  deal: Pick<Deal, 'createdAt' | 'closedAt'>,
  touches: readonly IdentifiedTouch[],
): JourneyDigest {
  const earliest = (kind: TouchKind) =>
    touches.reduce<Date | null>(
      (min, t) => (t.kind === kind && (min === null || t.at < min) ? t.at : min),
      null,
    );
  const attributable = touches.filter(isAttributable);
  const firstUpTo = (cutoff: Date | null) =>
    cutoff === null
      ? null
      : attributable.reduce<number | null>((min, t) => {
          const at = t.at.getTime();
          return at <= cutoff.getTime() && (min === null || at < min) ? at : min;
        }, null);
  const times = new Set([firstUpTo(deal.createdAt), firstUpTo(deal.closedAt)]);
  return {
    firstMarketingAt: earliest('marketing'),
    firstSalesAt: earliest('sales'),
    credited: attributable.filter((t) => times.has(t.at.getTime())).sort(byTimeThenId),
  };
}

/**
 * A journey of few touches that gives the same `revenueFigures`, sourcing, influence and
 * first-touch lead source and credit as the journey the digest was made of: the earliest
 * marketing touch (named by no channel or campaign, so never credited), the earliest sales
 * touch, then the tied attributable touches in their order.
 */
export function digestTouches(digest: JourneyDigest): Touch[] {
  const out: Touch[] = [];
  if (digest.firstMarketingAt)
    out.push({
      at: digest.firstMarketingAt,
      kind: 'marketing',
      type: 'first_marketing',
      channel: null,
      campaignId: null,
    });
  if (digest.firstSalesAt)
    out.push({
      at: digest.firstSalesAt,
      kind: 'sales',
      type: 'first_sales',
      channel: 'sales',
      campaignId: null,
    });
  return [...out, ...digest.credited];
}
