import { DAY, HOUR, MINUTE } from '../core/index.js';
import type { DqCode } from '../lifecycle/index.js';
import {
  type CampaignPlan,
  type CompanyPlan,
  COMPETITORS,
  DQ_MIX,
  freeMailDomain,
  LOSS_REASONS,
  logNormal,
  personName,
  pick,
  type Random,
  TERRITORIES,
  TITLES,
  WIN_FACTORS,
  weighted,
} from './company.js';

/** Events are ingested in slots of this length, as a website or a MAP would batch them. */
export const SLOT = 6 * HOUR;

export function slotEnd(at: number, start: number): number {
  return start + Math.ceil((at - start + 1) / SLOT) * SLOT;
}

export interface LeadPlan {
  key: string;
  email: string;
  company: CompanyPlan | null;
  territory: string;
  segment: 'mid_market' | 'enterprise';
  /** The campaign that brought the lead; null for a prospect sales found (outbound). */
  campaign: CampaignPlan | null;
  /** Who an SDR prospects: created from the CRM side, not by an event. */
  prospect?: { firstName: string; lastName: string; title: string } | undefined;
}

export interface RawEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  visitorId?: string;
  email?: string;
  campaignId?: string;
  channel?: string;
  url?: string;
  person?: Record<string, unknown>;
}

export type Step =
  | { kind: 'event'; at: number; event: RawEvent; campaign: string | null }
  | { kind: 'mql'; at: number; lead: LeadPlan }
  | { kind: 'prospect'; at: number; lead: LeadPlan }
  | { kind: 'touch'; at: number; lead: LeadPlan; type: 'call' | 'email' | 'meeting'; outcome: string }
  | {
      kind: 'decide';
      at: number;
      lead: LeadPlan;
      to: 'tql' | 'sql' | 'disqualified' | 'nurture';
      code?: DqCode;
      reason?: string;
    }
  | {
      kind: 'open_opp';
      at: number;
      lead: LeadPlan;
      amountCents: number;
      closeInDays: number;
      /** The opportunity's source; default the lead's campaign channel. */
      source?: string;
    }
  | { kind: 'advance_opp'; at: number; lead: LeadPlan; stage: string }
  | {
      kind: 'close_opp';
      at: number;
      lead: LeadPlan;
      outcome: 'won' | 'lost';
      reason: string;
      competitor?: string;
      winningFactor?: string;
      /** Closed by the stage alone (a CRM sync): the win/loss record comes later, or never. */
      stageOnly?: boolean;
    }
  | {
      /** The rep records the win/loss feedback of the lead's closed deal (win-loss.ts). */
      kind: 'win_loss';
      at: number;
      lead: LeadPlan;
      reasonCode: string;
      competitor?: string | undefined;
      winningFactor?: string | undefined;
    };

const PAGES = [
  '/',
  '/product',
  '/pricing',
  '/customers',
  '/blog/mql-handoff',
  '/blog/lead-scoring',
  '/integrations',
  '/about',
];
const UTC_OFFSET: Record<string, number> = { 'NA East': -5, 'NA West': -8, EMEA: 0 };

/** A working-hours instant of the given day in the territory (roughly: fixed offsets suffice here). */
export function workTime(random: Random, start: number, day: number, territory: string): number {
  const localHour = 8 + random() * 10;
  return start + day * DAY + (localHour - (UTC_OFFSET[territory] ?? 0)) * HOUR;
}

export const REQUEUE_REASONS = [
  'Cannot reach after 6 attempts over 14 days',
  'Interested but timing is wrong (6+ months out)',
  'Needs more education before a sales conversation',
];

/**
 * One lead's journey, as dated steps: anonymous visits, identification through a campaign,
 * engagement, and — when fit and interest carry it — MQL, the SDR's outreach and decision,
 * the opportunity and its outcome. Probabilities follow the seed's benchmarks (MQL to SQL
 * around 60%, SQL to opportunity around 50%).
 */
export function planLead(
  random: Random,
  index: number,
  start: number,
  days: number,
  market: CompanyPlan[],
  campaigns: CampaignPlan[],
  lastDay: number,
): Step[] {
  const day = Math.floor(random() * days);
  const active = campaigns.filter((c) => c.startDay <= day && c.endDay >= day);
  const campaign =
    active.length > 0
      ? weighted(random, Object.fromEntries(active.map((c) => [c.key, c.weight])))
      : campaigns[0]!.key;
  const cmp = campaigns.find((c) => c.key === campaign)!;
  const freeMail = random() < 0.15;
  const company = freeMail ? null : pick(random, market);
  const territory = company?.territory.name ?? pick(random, TERRITORIES).name;
  const name = personName(random);
  const role = weighted(random, {
    0: 8,
    1: 3,
    2: 10,
    3: 6,
    4: 12,
    5: 12,
    6: 10,
    7: 8,
    8: freeMail ? 10 : 1,
  } as Record<string, number>);
  const title = TITLES[Number(role)]!;
  const domain = company?.domain ?? freeMailDomain(random);
  const email = `${name.firstName}.${name.lastName}.${index}@${domain}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9.@-]/g, '');
  const lead: LeadPlan = {
    key: `lead-${index}`,
    email,
    company,
    territory,
    segment: (company?.employees ?? 0) > 1000 ? 'enterprise' : 'mid_market',
    campaign: cmp,
  };
  const steps: Step[] = [];
  const visitorId = `v-${index}`;
  const identAt = workTime(random, start, day, territory);
  const event = (at: number, type: string, extra: Partial<RawEvent> = {}) =>
    steps.push({
      kind: 'event',
      at,
      campaign: extra.campaignId ?? null,
      event: {
        eventId: `sim-${index}-${steps.length}`,
        type,
        occurredAt: new Date(at).toISOString(),
        ...extra,
      },
    });

  for (let i = Math.floor(random() * 5); i > 0; i--) {
    event(identAt - random() * 10 * DAY, random() < 0.2 ? 'pricing_page_view' : 'page_view', {
      visitorId,
      url: `https://servio-demo.com${pick(random, PAGES)}`,
    });
  }
  const identType =
    cmp.channel === 'webinar'
      ? 'webinar_attended'
      : cmp.channel === 'content_syndication'
        ? 'content_download'
        : random() < 0.12
          ? 'demo_request'
          : 'form_submit';
  event(identAt, identType, {
    visitorId,
    email,
    campaignId: campaign,
    channel: cmp.channel,
    person: {
      ...name,
      title: title.title,
      ...(company
        ? {
            company: company.name,
            website: company.domain,
            industry: company.industry,
            employees: company.employees,
            country: company.country,
          }
        : {}),
    },
  });

  const fit = (company?.fit ?? 0.1) * (0.4 + 0.6 * title.seniority);
  const interest = random() * 0.6 + cmp.quality * 0.4 + (identType === 'demo_request' ? 0.3 : 0);
  let at = identAt;
  const touches = Math.floor(interest * 8);
  const ready = fit * 0.55 + interest * 0.45 >= 0.5;
  for (let i = 0; i < touches; i++) {
    at += logNormal(random, 1.5 * DAY, 0.8);
    const type = pick(random, [
      'email_open',
      'email_open',
      'email_click',
      'page_view',
      'pricing_page_view',
      'content_download',
    ]);
    // Engaged buyers read case studies and comparison guides; the rest read the blog (seed 001: high- vs low-intent content).
    const intent = random() < (ready ? 0.6 : 0.2) ? 'high' : 'low';
    event(at, type, {
      email,
      campaignId: campaign,
      channel: 'email',
      ...(type === 'content_download'
        ? {
            properties: { intent },
            url: `https://servio-demo.com/${intent === 'high' ? 'case-studies' : 'blog'}/${i}`,
          }
        : {}),
    });
  }

  if (!ready) return steps;
  // A buying signal shortly after: the pricing page, and for some a demo request. The score decides MQL, not the plan.
  const signalAt = identAt + logNormal(random, 1 * DAY, 0.6);
  event(signalAt, 'pricing_page_view', { email, visitorId, url: 'https://servio-demo.com/pricing' });
  if (random() < 0.45)
    event(signalAt + 10 * MINUTE, 'demo_request', { email, campaignId: campaign, channel: cmp.channel });
  const mqlAt = Math.max(
    slotEnd(Math.max(identAt, signalAt + 10 * MINUTE), start) + MINUTE,
    identAt + logNormal(random, 2 * DAY, 0.7),
  );
  if (mqlAt > lastDay) return steps;
  steps.push({ kind: 'mql', at: mqlAt, lead });

  // The answer sales will give, decided up front so the outreach matches it.
  const acceptance = 0.35 + 0.45 * fit + 0.2 * interest;
  const accepted = random() <= acceptance;
  const disqualified = !accepted && random() < 0.7;
  const requeue = !accepted && !disqualified ? pick(random, REQUEUE_REASONS) : undefined;
  const unreachable = requeue === REQUEUE_REASONS[0];

  // Seed 001, speed-to-lead: most SDRs answer within hours, a tail takes days.
  let touchAt = mqlAt + Math.max(5 * MINUTE, logNormal(random, 1.5 * HOUR, 1.3));
  const firstTouchAt = touchAt;
  const attempts = 1 + Math.floor(random() * 4);
  for (let i = 0; i < attempts; i++) {
    const last = i === attempts - 1 && !unreachable;
    steps.push({
      kind: 'touch',
      at: touchAt,
      lead,
      type: i % 2 === 0 ? 'call' : 'email',
      outcome:
        i % 2 === 0
          ? last
            ? 'connected'
            : pick(random, ['voicemail', 'no_answer'])
          : last
            ? 'replied'
            : 'sent',
    });
    touchAt += logNormal(random, 1 * DAY, 0.6);
  }
  // Seed 001: "Minimum 6 touches over 14 days" before giving up on reaching someone.
  if (unreachable) {
    let made = attempts;
    while (made < 6 || touchAt < firstTouchAt + 14 * DAY + HOUR) {
      steps.push({
        kind: 'touch',
        at: touchAt,
        lead,
        type: made % 2 === 0 ? 'call' : 'email',
        outcome: made % 2 === 0 ? 'no_answer' : 'sent',
      });
      made++;
      touchAt += Math.max(2 * DAY, logNormal(random, 2.5 * DAY, 0.3));
    }
  }
  const decideAt = touchAt;
  if (!accepted) {
    if (disqualified)
      steps.push({ kind: 'decide', at: decideAt, lead, to: 'disqualified', code: weighted(random, DQ_MIX) });
    else steps.push({ kind: 'decide', at: decideAt, lead, to: 'nurture', reason: requeue });
    return steps;
  }
  if (random() < 0.3) steps.push({ kind: 'decide', at: decideAt - 30 * MINUTE, lead, to: 'tql' });
  steps.push({ kind: 'decide', at: decideAt, lead, to: 'sql' });
  if (random() > 0.35 + 0.35 * fit) return steps;

  const oppAt = decideAt + logNormal(random, 3 * DAY, 0.6);
  const amountCents =
    Math.round(logNormal(random, lead.segment === 'enterprise' ? 90_000 : 24_000, 0.5)) * 100;
  const cycleDays = Math.round(logNormal(random, lead.segment === 'enterprise' ? 60 : 35, 0.4));
  steps.push({ kind: 'touch', at: oppAt - HOUR, lead, type: 'meeting', outcome: 'held' });
  steps.push({ kind: 'open_opp', at: oppAt, lead, amountCents, closeInDays: cycleDays });
  const stages = ['qualification', 'solution', 'proposal', 'negotiation'];
  const reach = 1 + Math.floor(random() * stages.length);
  for (let i = 0; i < reach; i++)
    steps.push({
      kind: 'advance_opp',
      at: oppAt + ((i + 1) * cycleDays * DAY) / (reach + 1),
      lead,
      stage: stages[i]!,
    });
  const closeAt = oppAt + cycleDays * DAY;
  if (random() < 0.25 + 0.25 * fit + 0.1 * (reach / stages.length)) {
    steps.push({
      kind: 'close_opp',
      at: closeAt,
      lead,
      outcome: 'won',
      reason: 'Signed',
      winningFactor: pick(random, WIN_FACTORS),
    });
  } else {
    const reason = pick(random, LOSS_REASONS);
    steps.push({
      kind: 'close_opp',
      at: closeAt,
      lead,
      outcome: 'lost',
      reason,
      ...(reason === 'Chose competitor' ? { competitor: pick(random, COMPETITORS) } : {}),
    });
  }
  return steps;
}

/** Visitors who never identify: the top of the funnel that attribution and reports see. */
export function planAnonymousVisitor(random: Random, index: number, start: number, days: number): Step[] {
  const visitorId = `anon-${index}`;
  const base = start + random() * days * DAY;
  const steps: Step[] = [];
  for (let i = 1 + Math.floor(random() * 4); i > 0; i--) {
    const at = base + random() * 3 * DAY;
    steps.push({
      kind: 'event',
      at,
      campaign: null,
      event: {
        eventId: `sim-anon-${index}-${i}`,
        type: random() < 0.1 ? 'pricing_page_view' : 'page_view',
        occurredAt: new Date(at).toISOString(),
        visitorId,
        url: `https://servio-demo.com${pick(random, PAGES)}`,
      },
    });
  }
  return steps;
}
