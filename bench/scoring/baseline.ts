/**
 * The baseline: the seed's MQL Scoring Criteria written by hand as straight-line TypeScript,
 * the code one would write for this one model with nothing configurable. It returns the same
 * `ScoreResult` as the compiled model (the run checks that they agree), so the two do the
 * same work and the ratio measures only what compiling from data costs.
 */
import type { PersonFacts, RuleResult, ScoreResult, ScoringEvent } from '../../src/scoring/index.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const SESSION_GAP = 30 * 60_000;

const TITLE_LEVEL = [
  /\bvp\b/i,
  /vice president/i,
  /\bdirector\b/i,
  /\bhead of\b/i,
  /\bchief\b/i,
  /^c[a-z]o$/i,
  /\bc[mrs]o\b/i,
];
const TITLE_FUNCTION = [
  /sales/i,
  /marketing/i,
  /revenue/i,
  /growth/i,
  /demand/i,
  /business development/i,
  /^c[mr]o$/i,
  /\bc[mr]o\b/i,
];
const INDUSTRIES = new Set(['software', 'financial services', 'healthcare', 'professional services']);
const COUNTRIES = new Set(
  ['united states', 'canada', 'united kingdom', 'germany', 'france', 'netherlands'].concat([
    'us',
    'usa',
    'ca',
    'gb',
    'uk',
    'de',
    'fr',
    'nl',
  ]),
);
const HIGH_URL = [/case-stud/i, /roi/i, /comparison/i, /-vs-/i];
const BLOG_URL = /\/blog\//i;
const ENGAGING = new Set([
  'page_view',
  'pricing_page_view',
  'form_submit',
  'demo_request',
  'content_download',
  'webinar_attended',
  'email_open',
  'email_click',
  'chat_started',
  'signup',
]);

function anyMatch(patterns: RegExp[], text: string): boolean {
  for (const pattern of patterns) if (pattern.test(text)) return true;
  return false;
}

function time(event: ScoringEvent): number {
  const at = event.occurredAt;
  return typeof at === 'number' ? at : at.getTime();
}

function intent(event: ScoringEvent): string | null {
  const value = event.properties?.['intent'];
  return typeof value === 'string' ? value.toLowerCase() : null;
}

/** Ids oldest first, ties by id. */
function ids(events: readonly ScoringEvent[], indices: number[]): string[] {
  indices.sort((a, b) => {
    const ea = events[a]!;
    const eb = events[b]!;
    return time(ea) - time(eb) || (ea.id < eb.id ? -1 : ea.id > eb.id ? 1 : 0);
  });
  return indices.map((i) => events[i]!.id);
}

export function handScore(person: PersonFacts, events: readonly ScoringEvent[], now: Date): ScoreResult {
  const nowMs = now.getTime();
  const emailSince = nowMs - 30 * DAY;
  const visitSince = nowMs - 7 * DAY;
  const pricing: number[] = [];
  const demo: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const opens: number[] = [];
  const views: number[] = [];
  const viewTimes: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  let lastIndex = -1;

  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const t = time(event);
    if (!(t <= nowMs)) continue;
    const type = event.type;
    let engages = ENGAGING.has(type);
    switch (type) {
      case 'pricing_page_view':
        pricing.push(i);
        if (t >= visitSince) {
          views.push(i);
          viewTimes.push(t);
        }
        break;
      case 'demo_request':
        demo.push(i);
        break;
      case 'content_download': {
        const level = intent(event);
        const url = event.url ?? '';
        if (level === 'high' || (url !== '' && anyMatch(HIGH_URL, url))) high.push(i);
        if (level === 'low' || BLOG_URL.test(url)) low.push(i);
        break;
      }
      case 'page_view':
        if (intent(event) === 'low' || BLOG_URL.test(event.url ?? '')) low.push(i);
        if (t >= visitSince) {
          views.push(i);
          viewTimes.push(t);
        }
        break;
      case 'social_engagement':
        // Earns low-intent points, so it is engagement too (it resets the decay).
        if (intent(event) === 'low' || BLOG_URL.test(event.url ?? '')) {
          low.push(i);
          engages = true;
        }
        break;
      case 'email_open':
        if (t >= emailSince) opens.push(i);
        break;
    }
    if (engages && (t > last || (t === last && event.id < events[lastIndex]!.id))) {
      last = t;
      lastIndex = i;
    }
  }

  const rules: RuleResult[] = [];
  let fit = 0;
  let engagement = 0;
  const title = person.title ?? '';
  if (title !== '' && anyMatch(TITLE_LEVEL, title) && anyMatch(TITLE_FUNCTION, title)) {
    fit += 20;
    rules.push({
      id: 'title_matches_icp',
      label: 'Title matches ICP: VP, Director, C-suite in target function',
      kind: 'fit',
      points: 20,
      evidence: { field: 'title', value: title },
    });
  }
  const employees = person.employees;
  if (employees !== null && employees !== undefined && employees >= 50 && employees <= 500) {
    fit += 15;
    rules.push({
      id: 'company_size_matches_icp',
      label: 'Company size matches ICP: 50-500 employees',
      kind: 'fit',
      points: 15,
      evidence: { field: 'employees', value: employees },
    });
  }
  const industry = person.industry;
  if (industry && INDUSTRIES.has(industry.trim().toLowerCase())) {
    fit += 10;
    rules.push({
      id: 'industry_matches_icp',
      label: 'Industry matches ICP: target verticals',
      kind: 'fit',
      points: 10,
      evidence: { field: 'industry', value: industry },
    });
  }
  const country = person.country;
  if (country && COUNTRIES.has(country.trim().toLowerCase())) {
    fit += 5;
    rules.push({
      id: 'geography',
      label: 'Geography: target markets',
      kind: 'fit',
      points: 5,
      evidence: { field: 'country', value: country },
    });
  }
  const counted = (list: number[], id: string, label: string, points: number, count = list.length) => {
    engagement += points;
    rules.push({
      id,
      label,
      kind: 'engagement',
      points,
      evidence: { eventIds: ids(events, list), count, unit: 'event' },
    });
  };
  if (pricing.length > 0)
    counted(pricing, 'pricing_page_visit', 'Pricing page visit: viewed pricing page', 15);
  if (demo.length > 0) counted(demo, 'demo_request', 'Demo request: submitted demo/trial form', 25);
  if (high.length > 0)
    counted(
      high,
      'content_high_intent',
      'Content engagement (high-intent): case study, ROI calculator, comparison guide',
      10 * high.length,
    );
  if (low.length > 0)
    counted(
      low,
      'content_low_intent',
      'Content engagement (low-intent): blog visit, social engagement',
      2 * low.length,
    );
  if (opens.length >= 3)
    counted(opens, 'email_engagement', 'Email engagement: opened 3+ emails in 30 days', 5);
  if (views.length >= 3) {
    viewTimes.sort((a, b) => a - b);
    let sessions = 1;
    for (let k = 1; k < viewTimes.length; k++)
      if (viewTimes[k]! - viewTimes[k - 1]! >= SESSION_GAP) sessions++;
    if (sessions >= 3) {
      counted(views, 'repeat_visits', 'Repeat visits: 3+ sessions in 7 days', 10, sessions);
      rules.at(-1)!.evidence.unit = 'session';
    }
  }
  const flags = person.flags;
  if (flags.competitor) {
    fit -= 50;
    rules.push({
      id: 'competitor_employee',
      label: 'Competitor employee: works at a known competitor',
      kind: 'fit',
      points: -50,
      evidence: { field: 'flags', value: 'competitor' },
    });
  }
  if (flags.student || flags.free_mail) {
    fit -= 20;
    rules.push({
      id: 'student_or_personal_email',
      label: 'Student / personal email: .edu or free email domain',
      kind: 'fit',
      points: -20,
      evidence: {
        field: 'flags',
        value:
          flags.student && flags.free_mail ? 'student, free_mail' : flags.student ? 'student' : 'free_mail',
      },
    });
  }
  if (flags.unsubscribed) {
    engagement -= 30;
    rules.push({
      id: 'unsubscribed',
      label: 'Unsubscribed: opted out of email',
      kind: 'engagement',
      points: -30,
      evidence: { field: 'flags', value: 'unsubscribed' },
    });
  }

  // -5 per full week without engagement after 30 days, never below 0 engagement.
  let weeks = 0;
  if (lastIndex >= 0) {
    const idle = nowMs - last - 30 * DAY;
    if (idle >= WEEK) weeks = Math.floor(idle / WEEK);
  }
  const decay = weeks > 0 && engagement > 0 ? Math.max(-5 * weeks, -engagement) : 0;
  engagement += decay;
  const total = fit + engagement;
  return {
    fit,
    engagement,
    decay,
    total,
    threshold: 50,
    qualifies: total >= 50,
    lastEngagementAt: lastIndex >= 0 ? new Date(last) : null,
    rules,
    inactivity: {
      weeks,
      pointsPerWeek: -5,
      afterDays: 30,
      lastEngagementEventId: lastIndex >= 0 ? events[lastIndex]!.id : null,
    },
  };
}
