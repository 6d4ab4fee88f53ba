import type { DqCode } from '../lifecycle/index.js';

/**
 * The synthetic revenue organisation: who works there, what marketing runs, who the
 * market is. Pure data and draws from a seeded random source, so a seed is a company.
 */
export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Draws a key with probability proportional to its weight. */
export function weighted<T extends string>(random: Random, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

/** Log-normal draw around a median (response times, deal sizes): most are near, a few far. */
export function logNormal(random: Random, median: number, spread: number): number {
  const u = Math.max(1e-9, random());
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(spread * normal);
}

export interface Territory {
  name: string;
  /** The territory of the agreement's routing section the reps of this office cover. */
  routing: string;
  timeZone: string;
  countries: readonly string[];
}

export const TERRITORIES: readonly Territory[] = [
  {
    name: 'NA East',
    routing: 'North America',
    timeZone: 'America/New_York',
    countries: ['United States', 'Canada'],
  },
  {
    name: 'NA West',
    routing: 'North America',
    timeZone: 'America/Los_Angeles',
    countries: ['United States'],
  },
  {
    name: 'EMEA',
    routing: 'EMEA',
    timeZone: 'Europe/London',
    countries: ['United Kingdom', 'Germany', 'France', 'Netherlands', 'Spain', 'Sweden'],
  },
];

export interface UserPlan {
  key: string;
  name: string;
  email: string;
  role: 'sdr' | 'ae' | 'csm' | 'sales_manager' | 'marketing' | 'revops';
  team: string;
  territory: string | null;
  segment: string | null;
  timeZone: string;
  manager: string | null;
}

export interface TeamPlan {
  name: string;
  function: 'sdr' | 'ae' | 'partner' | 'cs' | 'marketing' | 'revops';
  manager: string;
}

const FIRST = [
  'Ava',
  'Liam',
  'Maya',
  'Noah',
  'Zoe',
  'Ethan',
  'Iris',
  'Omar',
  'Lena',
  'Kai',
  'Nora',
  'Felix',
  'Ines',
  'Hugo',
  'Priya',
  'Mateo',
  'Sara',
  'Jonas',
  'Chloe',
  'Ravi',
  'Elena',
  'Tomas',
  'Amara',
  'Leo',
  'Mila',
  'Yusuf',
  'Hana',
  'Oscar',
  'Julia',
  'Arjun',
];
const LAST = [
  'Martin',
  'Chen',
  'Okafor',
  'Schmidt',
  'Garcia',
  'Dubois',
  'Patel',
  'Novak',
  'Kowalski',
  'Silva',
  'Larsen',
  'Moreau',
  'Rossi',
  'Tanaka',
  'Müller',
  'Johnson',
  'Haddad',
  'Berg',
  'Costa',
  'Nguyen',
  'Ibrahim',
  'Walsh',
  'Fischer',
  'Lopez',
  'Kim',
];

export function personName(random: Random): { firstName: string; lastName: string } {
  return { firstName: pick(random, FIRST), lastName: pick(random, LAST) };
}

/** Two SDR teams, AE teams by segment (enterprise by territory), partner sales, CS, marketing and revops, each with a manager. */
export function planOrganisation(random: Random): { teams: TeamPlan[]; users: UserPlan[] } {
  const users: UserPlan[] = [];
  const used = new Set<string>();
  const add = (
    role: UserPlan['role'],
    team: string,
    territory: Territory | null,
    segment: string | null,
    manager: string | null,
  ) => {
    let name = personName(random);
    while (used.has(`${name.firstName} ${name.lastName}`)) name = personName(random);
    used.add(`${name.firstName} ${name.lastName}`);
    const key = `${role}-${users.length}`;
    users.push({
      key,
      name: `${name.firstName} ${name.lastName}`,
      email:
        `${name.firstName}.${name.lastName}`
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z.]/g, '') + '@servio-demo.com',
      role,
      team,
      territory: territory?.routing ?? null,
      segment,
      timeZone: territory?.timeZone ?? 'America/New_York',
      manager,
    });
    return key;
  };
  const teams: TeamPlan[] = [];
  const team = (
    name: string,
    fn: TeamPlan['function'],
    territory: Territory | null,
    segment: string | null,
    members: number,
    role: UserPlan['role'],
  ) => {
    const manager = add('sales_manager', name, territory, segment, null);
    if (fn === 'marketing' || fn === 'revops') users[users.length - 1]!.role = fn;
    for (let i = 0; i < members; i++) add(role, name, territory, segment, manager);
    teams.push({ name, function: fn, manager });
  };
  team('SDR Americas', 'sdr', TERRITORIES[0]!, null, 4, 'sdr');
  team('SDR EMEA', 'sdr', TERRITORIES[2]!, null, 3, 'sdr');
  team('AE Mid-Market', 'ae', TERRITORIES[0]!, 'mid_market', 4, 'ae');
  team('AE Enterprise', 'ae', TERRITORIES[1]!, 'enterprise', 3, 'ae');
  team('AE Enterprise EMEA', 'ae', TERRITORIES[2]!, 'enterprise', 1, 'ae');
  team('Partner Sales', 'partner', TERRITORIES[0]!, null, 1, 'ae');
  team('Customer Success', 'cs', TERRITORIES[0]!, null, 2, 'csm');
  team('Marketing', 'marketing', null, null, 3, 'marketing');
  team('Revenue Operations', 'revops', null, null, 1, 'revops');
  return { teams, users };
}

export interface CampaignPlan {
  key: string;
  name: string;
  channel: string;
  /** Day offsets from the start, inclusive. */
  startDay: number;
  endDay: number;
  costCents: number;
  /** Relative share of new leads it brings. */
  weight: number;
  /** How well its leads fit the ideal customer (0..1). */
  quality: number;
}

export function planCampaigns(random: Random, days: number): CampaignPlan[] {
  const specs: [string, string, number, number, number][] = [
    // name, channel, cost per 30 days ($), lead weight, quality
    ['Google Ads — Brand', 'paid_search', 18_000, 10, 0.75],
    ['Google Ads — Competitor terms', 'paid_search', 22_000, 7, 0.6],
    ['LinkedIn — VP Sales persona', 'paid_social', 26_000, 8, 0.65],
    ['Meta retargeting', 'paid_social', 9_000, 5, 0.35],
    ['SEO — Revenue alignment guide', 'organic_search', 4_000, 9, 0.55],
    ['Monthly newsletter', 'email', 1_500, 4, 0.5],
    ['Webinar: Fixing the MQL handoff', 'webinar', 12_000, 6, 0.7],
    ['SaaStr Annual booth', 'event', 65_000, 5, 0.8],
    ['Content syndication — RevOps report', 'content_syndication', 15_000, 6, 0.3],
    ['Partner referrals', 'partner', 6_000, 3, 0.85],
  ];
  return specs.map(([name, channel, monthly, weight, quality], i) => {
    const event = channel === 'event' || channel === 'webinar';
    const startDay = event ? Math.floor(random() * Math.max(1, days - 14)) : 0;
    const endDay = event ? startDay + (channel === 'event' ? 3 : 1) : days - 1;
    const span = endDay - startDay + 1;
    const costCents = Math.round((event ? monthly : (monthly * span) / 30) * (0.9 + random() * 0.2)) * 100;
    return { key: `cmp-${i}`, name, channel, startDay, endDay, costCents, weight, quality };
  });
}

const COMPANY_A = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Aperture',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Pied Piper',
  'Massive',
  'Nimbus',
  'Quantum',
  'Blue Harbor',
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Lumen',
  'Vertex',
  'Atlas',
  'Helix',
  'Orbit',
  'Summit',
  'Cobalt',
];
const COMPANY_B = [
  'Analytics',
  'Robotics',
  'Health',
  'Logistics',
  'Software',
  'Systems',
  'Labs',
  'Capital',
  'Energy',
  'Media',
  'Networks',
  'Foods',
  'Retail',
  'Security',
  'Cloud',
];
const INDUSTRIES = [
  'Software',
  'Financial Services',
  'Healthcare',
  'Manufacturing',
  'Retail',
  'Logistics',
  'Media',
  'Energy',
  'Education',
  'Professional Services',
];
const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'];

export interface CompanyPlan {
  name: string;
  domain: string;
  industry: string;
  employees: number;
  country: string;
  territory: Territory;
  /** Fit with the ideal customer profile (0..1). */
  fit: number;
}

export function planMarket(random: Random, companies: number): CompanyPlan[] {
  const out: CompanyPlan[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < companies && i < companies * 20; i++) {
    const name = `${pick(random, COMPANY_A)} ${pick(random, COMPANY_B)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const territory = weighted(random, { 0: 45, 1: 25, 2: 30 } as Record<'0' | '1' | '2', number>);
    const t = TERRITORIES[Number(territory)]!;
    const employees = Math.round(logNormal(random, 400, 1.4)) + 5;
    const industry = pick(random, INDUSTRIES);
    const fit = Math.min(
      1,
      (employees > 200 ? 0.5 : 0.2) +
        (['Software', 'Financial Services', 'Healthcare'].includes(industry) ? 0.3 : 0.1) +
        random() * 0.3,
    );
    out.push({
      name,
      domain: `${name.toLowerCase().replace(/\s+/g, '-')}.com`,
      industry,
      employees,
      country: pick(random, t.countries),
      territory: t,
      fit,
    });
  }
  return out;
}

export function freeMailDomain(random: Random): string {
  return pick(random, FREE_MAIL);
}

export const TITLES: readonly { title: string; seniority: number }[] = [
  { title: 'VP of Sales', seniority: 0.9 },
  { title: 'Chief Revenue Officer', seniority: 1 },
  { title: 'Director of Marketing', seniority: 0.8 },
  { title: 'Head of Revenue Operations', seniority: 0.85 },
  { title: 'Sales Operations Manager', seniority: 0.6 },
  { title: 'Marketing Operations Manager', seniority: 0.6 },
  { title: 'Account Executive', seniority: 0.3 },
  { title: 'Marketing Coordinator', seniority: 0.2 },
  { title: 'Student', seniority: 0 },
];

/** Seed 001's DQ codes with how often sales picks each. */
export const DQ_MIX: Readonly<Record<DqCode, number>> = {
  'DQ-01': 18,
  'DQ-02': 22,
  'DQ-03': 12,
  'DQ-04': 16,
  'DQ-05': 8,
  'DQ-06': 10,
  'DQ-07': 14,
};

export const LOSS_REASONS = [
  'Price',
  'Chose competitor',
  'No decision',
  'Timing',
  'Missing feature',
  'Budget cut',
] as const;
export const COMPETITORS = ['HubSpot', 'Salesforce', 'Marketo', 'LeanData', 'Chili Piper'] as const;
export const WIN_FACTORS = [
  'Speed to lead',
  'Shared funnel reporting',
  'SLA automation',
  'Price',
  'Champion',
  'Integration with CRM',
] as const;
