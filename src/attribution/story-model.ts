import { formatMoney, type Money } from '../core/index.js';
import { DQ_CODES } from '../lifecycle/index.js';
import { type SourceClass, sourcing, type Touch } from './revenue-model.js';
import { localDay } from './revenue-periods.js';

/**
 * The closed-loop deal story (seed 001, Closed-Loop Reporting): for every closed deal, won or
 * lost, the company, outcome, size, sales cycle, lead source (first touch) and the dated
 * marketing and sales touchpoints that made its journey, with why it was lost or won.
 */

/** A touch as the story tells it. */
export interface StoryTouchInput extends Touch {
  url: string | null;
  campaignName: string | null;
  outcome: string | null;
  subject: string | null;
  userRole: string | null;
  userName: string | null;
}

export interface StoryInput {
  opportunityId: string;
  name: string;
  company: string | null;
  amount: Money;
  source: string | null;
  createdAt: Date;
  closedAt: Date;
  outcome: 'won' | 'lost';
  closeReason: string | null;
  competitor: string | null;
  winningFactor: string | null;
  /** When the primary contact first became an SQL, if before the close: the cycle's start. */
  sqlAt: Date | null;
  touches: readonly StoryTouchInput[];
  timeZone: string;
}

export interface StoryTouch {
  at: Date;
  /** `YYYY-MM-DD` in the story's time zone. */
  date: string;
  description: string;
  channel: string | null;
  campaignId: string | null;
}

export interface DealStory {
  opportunityId: string;
  name: string;
  company: string;
  outcome: 'won' | 'lost';
  dealSize: Money;
  /** Whole days from the cycle's start (SQL, else the opportunity's creation) to the close. */
  salesCycleDays: number;
  cycleStart: 'sql' | 'opportunity_created';
  closedOn: string;
  /** First-touch attribution: the first touch of the journey at or before the deal's creation. */
  leadSource: {
    sourcedBy: SourceClass;
    decidedBy: 'first_touch' | 'source' | 'default';
    description: string;
    date: string | null;
    channel: string | null;
    campaignId: string | null;
  };
  marketingTouchpoints: StoryTouch[];
  salesTouchpoints: StoryTouch[];
  /** Lost deals: a DQ code when the close reason starts with one, and the reason as notes. */
  disqualificationReason: { code: string | null; reason: string | null; notes: string | null } | null;
  competitor: string | null;
  winningFactor: string | null;
  timeZone: string;
}

const TOUCHPOINT_WORDS: Record<string, string> = {
  page_view: 'Viewed',
  pricing_page_view: 'Viewed the pricing page',
  form_submit: 'Submitted a form',
  email_open: 'Opened an email',
  email_click: 'Clicked email CTA',
  content_download: 'Downloaded',
  webinar_attended: 'Attended webinar',
  demo_request: 'Requested a demo',
  chat_started: 'Started a chat',
  referral: 'Was referred',
  signup: 'Signed up',
};

const ROLE_WORDS: Record<string, string> = {
  sdr: 'SDR',
  ae: 'AE',
  csm: 'CSM',
  sales_manager: 'Sales manager',
  marketing: 'Marketing',
  revops: 'RevOps',
  admin: 'Admin',
};

function path(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** "Attended webinar (Webinar: Fixing the MQL handoff)", "SDR call: connected (Ava Chen)". */
export function describeTouch(t: StoryTouchInput): string {
  if (t.kind === 'sales' && t.channel === 'sales') {
    const who = t.userRole ? (ROLE_WORDS[t.userRole] ?? t.userRole) : 'Sales';
    const what = `${who} ${t.type}${t.outcome ? `: ${t.outcome.replace(/_/g, ' ')}` : ''}`;
    const extras = [t.subject, t.userName].filter((x): x is string => Boolean(x));
    return extras.length > 0 ? `${what} (${extras.join(', ')})` : what;
  }
  const verb = TOUCHPOINT_WORDS[t.type] ?? t.type.replace(/_/g, ' ');
  const where = path(t.url);
  const base =
    t.type === 'page_view' || t.type === 'content_download' ? `${verb} ${where ?? 'a page'}` : verb;
  const from = t.campaignName ?? (t.channel ? t.channel.replace(/_/g, ' ') : null);
  return from ? `${base} (${from})` : base;
}

const DAY = 86_400_000;
const DQ = /^(DQ-\d{2})\b[\s:—-]*(.*)$/;

/** The story of a closed deal; touches after the close are not part of it. */
export function dealStory(input: StoryInput): DealStory {
  const journey = input.touches
    .filter((t) => t.at <= input.closedAt)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const dated = (t: StoryTouchInput): StoryTouch => ({
    at: t.at,
    date: localDay(t.at, input.timeZone),
    description: describeTouch(t),
    channel: t.channel,
    campaignId: t.campaignId,
  });
  const sourced = sourcing({ touches: journey, createdAt: input.createdAt, source: input.source });
  const first = sourced.firstTouch as StoryTouchInput | null;
  const cycleStart = input.sqlAt && input.sqlAt <= input.closedAt ? input.sqlAt : null;
  const start = cycleStart ?? input.createdAt;
  let dq: DealStory['disqualificationReason'] = null;
  if (input.outcome === 'lost') {
    const match = input.closeReason ? DQ.exec(input.closeReason.trim()) : null;
    const code = match?.[1] ?? null;
    dq = {
      code,
      reason: code ? (DQ_CODES[code as keyof typeof DQ_CODES]?.reason ?? null) : null,
      notes: (match ? match[2]!.trim() : input.closeReason?.trim()) || null,
    };
  }
  return {
    opportunityId: input.opportunityId,
    name: input.name,
    company: input.company ?? input.name,
    outcome: input.outcome,
    dealSize: input.amount,
    salesCycleDays: Math.max(0, Math.floor((input.closedAt.getTime() - start.getTime()) / DAY)),
    cycleStart: cycleStart ? 'sql' : 'opportunity_created',
    closedOn: localDay(input.closedAt, input.timeZone),
    leadSource: {
      sourcedBy: sourced.class,
      decidedBy: sourced.decidedBy,
      description: first
        ? `${sourced.class === 'marketing' ? 'Marketing' : 'Sales'}: ${describeTouch(first)}`
        : `${sourced.class === 'marketing' ? 'Marketing' : 'Sales'}: opportunity source ${input.source ?? 'not recorded'}`,
      date: first ? localDay(first.at, input.timeZone) : null,
      channel: first?.channel ?? input.source,
      campaignId: first?.campaignId ?? null,
    },
    marketingTouchpoints: journey.filter((t) => t.kind === 'marketing').map(dated),
    salesTouchpoints: journey.filter((t) => t.kind === 'sales').map(dated),
    disqualificationReason: dq,
    competitor: input.outcome === 'lost' ? input.competitor : null,
    winningFactor: input.outcome === 'won' ? input.winningFactor : null,
    timeZone: input.timeZone,
  };
}

/**
 * The seed's template, line for line; the lines marked "(if lost)" and "(if won)" appear for
 * that outcome only, under the seed's label without the condition.
 */
export function storyText(story: DealStory): string {
  const list = (touches: StoryTouch[]) =>
    touches.length === 0 ? ['  - none'] : touches.map((t) => `  - ${t.date} ${t.description}`);
  const dq = story.disqualificationReason;
  const lines = [
    `DEAL: ${story.company}`,
    `OUTCOME: ${story.outcome === 'won' ? 'Won' : 'Lost'}`,
    `DEAL SIZE: ${formatMoney(story.dealSize)}`,
    `SALES CYCLE: ${story.salesCycleDays} days`,
    `LEAD SOURCE: ${story.leadSource.description}${story.leadSource.date ? ` (${story.leadSource.date})` : ''}`,
    'MARKETING TOUCHPOINTS:',
    ...list(story.marketingTouchpoints),
    'SALES TOUCHPOINTS:',
    ...list(story.salesTouchpoints),
  ];
  if (story.outcome === 'lost') {
    const code = dq?.code ? `${dq.code}${dq.reason ? ` ${dq.reason}` : ''}` : null;
    const reason = [code, dq?.notes].filter(Boolean).join(': ') || 'not recorded';
    lines.push(`DISQUALIFICATION REASON: ${reason}`);
    lines.push(`COMPETITOR: ${story.competitor ?? 'none recorded'}`);
  } else lines.push(`WINNING FACTOR: ${story.winningFactor ?? 'not recorded'}`);
  return lines.join('\n');
}

/** Markdown: a heading with the deal's name, then the template in a fenced block, as the seed shows it. */
export function storyMarkdown(story: DealStory): string {
  return `# Closed-loop report: ${story.name}\n\n\`\`\`\n${storyText(story)}\n\`\`\`\n`;
}
