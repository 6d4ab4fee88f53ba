import type { Query } from '../api.ts';
import type {
  AssetEffectiveness,
  ContentRequest,
  Message,
  MessageKind,
  RequestType,
  StaleReason,
} from '../content-types.ts';
import { formatMoney } from '../format.ts';

/**
 * The content pages' pure rules: the library search as the API's query, why an asset is
 * stale in words, the effectiveness chart's series, a request's clock state, the messaging
 * grouped as sales reads it, and the request form's body. Unit-tested in content-model.test.ts.
 */

/** The funnel stages an asset may serve (src/lifecycle/model.ts). */
export const STAGES = [
  'visitor',
  'lead',
  'mql',
  'tql',
  'sql',
  'opportunity',
  'customer',
  'advocate',
  'nurture',
  'disqualified',
] as const;

/** The asset types of the library (src/content/model.ts). */
export const ASSET_TYPES = [
  'case_study',
  'whitepaper',
  'ebook',
  'one_pager',
  'datasheet',
  'email_template',
  'talk_track',
  'presentation',
  'video',
  'webinar_recording',
  'blog_post',
  'roi_calculator',
  'landing_page',
  'comparison_guide',
  'other',
] as const;

export interface LibraryFilter {
  stage: string;
  persona: string;
  type: string;
  text: string;
}

export const NO_FILTER: LibraryFilter = { stage: '', persona: '', type: '', text: '' };

/** `GET /v1/content/assets`'s query: blank fields are left out, words trimmed. */
export function libraryQuery(filter: LibraryFilter, limit = 100): Query {
  return {
    stage: filter.stage || undefined,
    persona: filter.persona.trim() || undefined,
    type: filter.type || undefined,
    q: filter.text.trim() || undefined,
    limit,
  };
}

/** `case_study` -> `case study`. */
export function words(id: string): string {
  return id.replaceAll('_', ' ');
}

/** Why an asset is stale, as the list says it. */
export function staleText(reason: StaleReason): string {
  switch (reason.code) {
    case 'expired':
      return `expired on ${reason.since}`;
    case 'review_overdue':
      return `review due ${reason.since}`;
    case 'unused':
      return reason.lastUsedAt ? `not sent since ${reason.lastUsedAt.slice(0, 10)}` : 'never sent in 90 days';
  }
}

export interface EffectivenessSeries {
  currency: string;
  titles: string[];
  influenced: number[];
  /** Won revenue in the currency, in major units (the chart's axis). */
  won: number[];
  summary: string;
}

/**
 * The chart of the most effective assets: influenced opportunities and won revenue in the
 * currency most of the revenue is in (amounts are never converted), best first, `limit` assets.
 */
export function effectivenessSeries(rows: readonly AssetEffectiveness[], limit = 10): EffectivenessSeries {
  const totals = new Map<string, number>();
  for (const row of rows)
    for (const money of row.wonRevenue)
      totals.set(money.currency, (totals.get(money.currency) ?? 0) + money.cents);
  const currency = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'USD';
  const wonIn = (row: AssetEffectiveness) => row.wonRevenue.find((m) => m.currency === currency)?.cents ?? 0;
  const top = [...rows]
    .sort(
      (a, b) =>
        wonIn(b) - wonIn(a) ||
        b.influencedOpportunities - a.influencedOpportunities ||
        a.title.localeCompare(b.title),
    )
    .slice(0, limit);
  const summary =
    top.length === 0
      ? 'No asset has been sent yet.'
      : top
          .map(
            (row) =>
              `${row.title}: ${row.influencedOpportunities} influenced opportunit${row.influencedOpportunities === 1 ? 'y' : 'ies'}, ${formatMoney(wonIn(row), currency)} won`,
          )
          .join('; ');
  return {
    currency,
    titles: top.map((row) => row.title),
    influenced: top.map((row) => row.influencedOpportunities),
    won: top.map((row) => wonIn(row) / 100),
    summary,
  };
}

export type ClockState =
  | 'on_track'
  | 'at_risk'
  | 'breached'
  | 'delivered_on_time'
  | 'delivered_late'
  | 'declined';

/** Share of the turnaround left under which an open request is at risk. */
export const AT_RISK_SHARE = 0.2;

/**
 * Where a request stands on its SLA clock (due = the clock's due, seed 001's turnaround):
 * past due and not delivered is breached; at risk once past the target (the start of a
 * range like "3-4 weeks") or with less than a fifth of the turnaround left.
 */
export function clockState(
  request: Pick<ContentRequest, 'status' | 'requestedAt' | 'targetAt' | 'dueAt' | 'deliveredAt'>,
  now: number,
): ClockState {
  const due = Date.parse(request.dueAt);
  if (request.status === 'declined') return 'declined';
  if (request.status === 'delivered')
    return request.deliveredAt && Date.parse(request.deliveredAt) <= due
      ? 'delivered_on_time'
      : 'delivered_late';
  if (now > due) return 'breached';
  const target = Date.parse(request.targetAt);
  const span = due - Date.parse(request.requestedAt);
  if ((target < due && now > target) || due - now < span * AT_RISK_SHARE) return 'at_risk';
  return 'on_track';
}

export const CLOCK_LABELS: Record<ClockState, string> = {
  on_track: 'on track',
  at_risk: 'at risk',
  breached: 'breached',
  delivered_on_time: 'delivered on time',
  delivered_late: 'delivered late',
  declined: 'declined',
};

/** Open work first, the soonest due first; then the finished, the latest first. */
export function queueOrder(requests: readonly ContentRequest[]): ContentRequest[] {
  const open = (r: ContentRequest) => r.status === 'open' || r.status === 'in_progress';
  return [...requests].sort((a, b) => {
    if (open(a) !== open(b)) return open(a) ? -1 : 1;
    return open(a)
      ? Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id)
      : Date.parse(b.requestedAt) - Date.parse(a.requestedAt) || a.id.localeCompare(b.id);
  });
}

export interface MessagingView {
  valuePropositions: Message[];
  positioning: Message[];
  brandGuidelines: Message[];
  talkingPoints: Message[];
  /** One battlecard a competitor, in the competitors' order. */
  battlecards: Message[];
}

const byScope = (a: Message, b: Message) =>
  (a.persona ?? '').localeCompare(b.persona ?? '') ||
  (a.segment ?? '').localeCompare(b.segment ?? '') ||
  a.title.localeCompare(b.title);

/** The messaging as sales reads it: per kind, value propositions by persona and segment, battlecards by competitor. */
export function messagingView(items: readonly Message[]): MessagingView {
  const of = (kind: MessageKind) =>
    items.filter((m) => m.kind === kind && m.archivedAt === null).sort(byScope);
  return {
    valuePropositions: of('value_proposition'),
    positioning: of('positioning'),
    brandGuidelines: of('brand_guideline'),
    talkingPoints: of('talking_points'),
    battlecards: of('battlecard').sort(
      (a, b) => (a.competitor ?? '').localeCompare(b.competitor ?? '') || a.title.localeCompare(b.title),
    ),
  };
}

/** Who a persona/segment scoped item is for, in words. */
export function scopeText(item: Pick<Message, 'persona' | 'segment' | 'stage'>): string {
  const parts = [item.persona, item.segment && words(item.segment), item.stage?.toUpperCase()].filter(
    Boolean,
  );
  return parts.length === 0 ? 'everyone' : parts.join(' · ');
}

export interface RequestForm {
  type: string;
  title: string;
  details: string;
  anchorOn: string;
  persona: string;
  competitor: string;
}

export const EMPTY_REQUEST: RequestForm = {
  type: '',
  title: '',
  details: '',
  anchorOn: '',
  persona: '',
  competitor: '',
};

/** What the date of a request type is called on the form, or null when it counts from the request. */
export function anchorLabel(type: RequestType | undefined): string | null {
  if (!type || type.anchor === 'requested') return null;
  return type.anchor === 'release' ? 'Release day' : 'Event day';
}

/**
 * `POST /v1/content-requests`'s body from the form: blanks left out, and the date sent only
 * for the types that count from a release or an event (the API refuses it otherwise).
 */
export function requestBody(form: RequestForm, type: RequestType | undefined): Record<string, string> {
  const body: Record<string, string> = { type: form.type, title: form.title.trim() };
  if (form.details.trim()) body.details = form.details.trim();
  if (anchorLabel(type) && form.anchorOn) body.anchorOn = form.anchorOn;
  if (form.persona.trim()) body.persona = form.persona.trim();
  if (form.competitor.trim()) body.competitor = form.competitor.trim();
  return body;
}
