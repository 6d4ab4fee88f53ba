/**
 * The scoring benchmark's people and their touchpoints: deterministic (seeded), held in
 * memory as the ingestion path would load them (Date instants, `properties` objects).
 *
 * 50,000 people with 1 to 39 touchpoints each (20 on average, 1,000,000 in all) over the 90
 * days before `now`, oldest first. Page views come in visits (a few views minutes apart) so
 * that sessions mean something; content downloads carry an `intent` or only a URL; titles,
 * company sizes, industries and countries are mixed so every fit rule fires for some people
 * and not for others.
 */
import type { PersonFacts, ScoringEvent } from '../../src/scoring/index.js';
import { derivePersonFlags } from '../../src/scoring/index.js';

export interface BenchPerson {
  facts: PersonFacts;
  events: ScoringEvent[];
}

const DAY = 86_400_000;
const MINUTE = 60_000;
const SPAN = 90 * DAY;

const TITLES = [
  'VP Marketing',
  'Director of Sales',
  'Head of Growth',
  'CMO',
  'Chief Revenue Officer',
  'Marketing Manager',
  'Software Engineer',
  'RevOps Manager',
  'SDR',
  'VP Engineering',
  'Student',
  'Account Executive',
];
const INDUSTRIES = [
  'Software',
  'Financial Services',
  'Healthcare',
  'Retail',
  'Manufacturing',
  'Education',
  null,
];
const COUNTRIES = ['United States', 'US', 'Germany', 'FR', 'Brazil', 'India', 'Japan', null];
/** About one person in five on a consumer or academic mailbox. */
const DOMAINS = [
  'acme.example',
  'globex.example',
  'initech.example',
  'umbrella.example',
  'hooli.example',
  'stark.example',
  'wayne.example',
  'cyberdyne.example',
  'gmail.com',
  'mit.edu',
];
const PAGES = [
  '/',
  '/product',
  '/product/scoring',
  '/customers',
  '/blog/sla-playbook',
  '/blog/mql-vs-sql',
  '/about',
];
const HIGH_URLS = ['/resources/case-study-acme', '/tools/roi-calculator', '/compare/servio-vs-rival'];
/** Cumulative weights of the non-visit touchpoint types. */
const TYPES: [string, number][] = [
  ['email_open', 0.4],
  ['email_click', 0.52],
  ['content_download', 0.67],
  ['social_engagement', 0.74],
  ['form_submit', 0.8],
  ['webinar_attended', 0.86],
  ['demo_request', 0.89],
  ['chat_started', 0.93],
  ['unsubscribe', 0.95],
  ['custom_nps_answer', 1],
];

/** mulberry32: small, fast and good enough to shape a workload. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function benchPeople(options: {
  people: number;
  events: number;
  seed: number;
  now: Date;
}): BenchPerson[] {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const end = options.now.getTime();
  // Per person 1..39 touchpoints, then nudged so that the total is exactly `events`.
  const counts = Array.from({ length: options.people }, () => 1 + Math.floor(random() * 39));
  let excess = counts.reduce((sum, n) => sum + n, 0) - options.events;
  for (let i = 0; excess !== 0; i = (i + 1) % counts.length) {
    if (excess > 0 && counts[i]! > 1) {
      counts[i]!--;
      excess--;
    } else if (excess < 0 && counts[i]! < 60) {
      counts[i]!++;
      excess++;
    }
  }

  return counts.map((count, p) => {
    const domain = pick(DOMAINS);
    const title = pick(TITLES);
    const facts: PersonFacts = {
      title,
      employees: Math.round(Math.exp(2 + random() * 6)),
      industry: pick(INDUSTRIES),
      country: pick(COUNTRIES),
      emailDomain: domain,
      leadSource: pick(['web', 'partner', 'import']),
      flags: derivePersonFlags({
        emailDomain: domain,
        title,
        competitor: random() < 0.02,
        unsubscribed: random() < 0.05,
      }),
    };
    const events: ScoringEvent[] = [];
    // Active people stay active: their touchpoints sit in a stretch of the 90 days.
    const from = end - SPAN * random();
    const to = Math.min(end, from + (0.2 + random() * 0.8) * (end - from + DAY));
    let id = 0;
    const add = (type: string, at: number, url: string | null, properties: Record<string, unknown>) =>
      events.push({ id: `p${p}-e${id++}`, type, occurredAt: new Date(at), url, properties });
    while (events.length < count) {
      const at = from + random() * (to - from);
      if (random() < 0.45) {
        // A visit: 1 to 4 page views a few minutes apart, sometimes the pricing page.
        let t = at;
        for (let v = 1 + Math.floor(random() * 4); v > 0 && events.length < count; v--) {
          const pricing = random() < 0.12;
          add(
            pricing ? 'pricing_page_view' : 'page_view',
            Math.min(t, end),
            pricing ? '/pricing' : pick(PAGES),
            {},
          );
          t += random() * 8 * MINUTE;
        }
        continue;
      }
      const roll = random();
      const type = TYPES.find(([, weight]) => roll < weight)![0];
      if (type === 'content_download') {
        const high = random() < 0.5;
        const tagged = random() < 0.6;
        add(
          type,
          at,
          high ? pick(HIGH_URLS) : '/resources/whitepaper',
          tagged ? { intent: high ? 'high' : 'low' } : {},
        );
      } else if (type === 'social_engagement') add(type, at, null, { intent: 'low', network: 'linkedin' });
      else add(type, at, null, type === 'email_open' ? { campaign: 'nurture' } : {});
    }
    events.sort((a, b) => (a.occurredAt as Date).getTime() - (b.occurredAt as Date).getTime());
    return { facts, events };
  });
}
