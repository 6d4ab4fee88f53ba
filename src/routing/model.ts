import { DateTime } from 'luxon';
import { HOUR } from '../core/index.js';
import type { Condition, FollowUpSection, Pool, RoutingRule, RoutingSection } from './rules.js';

/**
 * Routing as pure rules: what is known about a lead and the sales team in, the rules that
 * match (with why the others did not), the pool members who may take it and the fair pick
 * out. The service locks the pool's counters and stores the decision.
 */

export interface LeadFacts {
  personId: string;
  stage: string;
  ownerUserId: string | null;
  /** The person's country, else the account's. */
  country: string | null;
  /** The account's region. */
  region: string | null;
  /** The person's stated company size, else the account's (as scoring reads it). */
  employees: number | null;
  leadSource: string | null;
  account: {
    id: string;
    name: string;
    ownerUserId: string | null;
    namedAccount: boolean;
    customer: boolean;
  } | null;
}

export interface RoutingUser {
  id: string;
  name: string;
  email: string;
  role: string;
  teamName: string | null;
  teamFunction: string | null;
  segment: string | null;
  territory: string | null;
  timeZone: string;
  active: boolean;
  outOfOfficeUntil: Date | null;
  capacityPerDay: number | null;
  routingWeight: number;
}

/** Why routing ran. */
export const ROUTING_TRIGGERS = ['mql', 'lead', 'pass', 'reroute', 'manual', 'retry'] as const;
export type RoutingTrigger = (typeof ROUTING_TRIGGERS)[number];

export interface RuleCheck {
  index: number;
  name: string;
  matched: boolean;
  /** Why it matched, or the first criterion that failed; for a match that could not place the lead, why not. */
  why: string;
}

const lower = (s: string) => s.trim().toLowerCase();
const inList = (value: string | null, list: readonly string[]) =>
  value !== null && list.some((v) => lower(v) === lower(value));

/** The territory a lead falls in: its country first, then its account's region. */
export function territoryOf(
  lead: Pick<LeadFacts, 'country' | 'region'>,
  section: RoutingSection,
): string | null {
  for (const t of section.territories) if (inList(lead.country, t.countries)) return t.name;
  for (const t of section.territories) if (inList(lead.region, t.regions ?? [])) return t.name;
  return null;
}

/** Does the condition hold? Every criterion given must hold; `why` names them, or the first that failed. */
export function checkCondition(
  when: Condition,
  lead: LeadFacts,
  section: RoutingSection,
): { matched: boolean; why: string } {
  const held: string[] = [];
  const fail = (why: string) => ({ matched: false, why });
  if (when.namedAccount !== undefined) {
    const is = lead.account?.namedAccount === true;
    if (is !== when.namedAccount)
      return fail(lead.account ? `${lead.account.name} is ${is ? '' : 'not '}a named account` : 'no account');
    held.push(is ? `${lead.account!.name} is a named account` : 'not a named account');
  }
  if (when.existingCustomer !== undefined) {
    const is = lead.account?.customer === true;
    if (is !== when.existingCustomer)
      return fail(lead.account ? `${lead.account.name} is ${is ? '' : 'not '}a customer` : 'no account');
    held.push(is ? `${lead.account!.name} is a customer` : 'not a customer');
  }
  if (when.partnerReferral !== undefined) {
    const is = inList(lead.leadSource, section.partnerLeadSources);
    if (is !== when.partnerReferral)
      return fail(`lead source ${lead.leadSource ?? '(none)'} is ${is ? '' : 'not '}a partner referral`);
    held.push(`lead source ${lead.leadSource} is a partner referral`);
  }
  if (when.accountOwned !== undefined) {
    const is = lead.account?.ownerUserId != null;
    if (is !== when.accountOwned) return fail(is ? 'the account has an owner' : 'the account has no owner');
    held.push(is ? 'the account has an owner' : 'the account has no owner');
  }
  if (when.employeesMin !== undefined || when.employeesMax !== undefined) {
    const band = `${when.employeesMin ?? 0}${when.employeesMax === undefined ? '+' : `-${when.employeesMax}`} employees`;
    if (lead.employees === null) return fail(`employees unknown (rule wants ${band})`);
    if (
      (when.employeesMin !== undefined && lead.employees < when.employeesMin) ||
      (when.employeesMax !== undefined && lead.employees > when.employeesMax)
    )
      return fail(`${lead.employees} employees is outside ${band}`);
    held.push(`${lead.employees} employees is within ${band}`);
  }
  if (when.countries !== undefined) {
    if (!inList(lead.country, when.countries))
      return fail(`country ${lead.country ?? '(none)'} is not listed`);
    held.push(`country ${lead.country} is listed`);
  }
  if (when.leadSources !== undefined) {
    if (!inList(lead.leadSource, when.leadSources))
      return fail(`lead source ${lead.leadSource ?? '(none)'} is not listed`);
    held.push(`lead source ${lead.leadSource} is listed`);
  }
  return { matched: true, why: held.length > 0 ? held.join('; ') : 'always' };
}

/** The rules that match, in order, and a check (with its reason) for every rule. */
export function matchRules(
  section: RoutingSection,
  lead: LeadFacts,
  options: { regardlessOfScoreOnly?: boolean } = {},
): { matches: { index: number; rule: RoutingRule }[]; checks: RuleCheck[] } {
  const matches: { index: number; rule: RoutingRule }[] = [];
  const checks = section.rules.map((rule, index) => {
    if (options.regardlessOfScoreOnly && !rule.regardlessOfScore)
      return { index, name: rule.name, matched: false, why: 'applies only once the lead is an MQL' };
    const { matched, why } = checkCondition(rule.when, lead, section);
    if (matched) matches.push({ index, rule });
    return { index, name: rule.name, matched, why };
  });
  return { matches, checks };
}

export function qualifiesFirst(rule: RoutingRule, tqlEnabled: boolean): boolean {
  return rule.qualifyFirst === 'always' || (rule.qualifyFirst === 'when_tql_enabled' && tqlEnabled);
}

/** A stable key for a pool in a territory: its round-robin counters and lock hang on it. */
export function poolKey(pool: Pool, territory: string | null): string {
  const parts = [
    pool.team ? `team=${pool.team}` : '',
    pool.roles ? `roles=${[...pool.roles].sort().join(',')}` : '',
    pool.teamFunctions ? `functions=${[...pool.teamFunctions].sort().join(',')}` : '',
    pool.segments ? `segments=${[...pool.segments].sort().join(',')}` : '',
    pool.byTerritory ? `territory=${territory ?? ''}` : '',
  ].filter(Boolean);
  return parts.join(';') || 'everyone';
}

export function describePool(pool: Pool, territory: string | null): string {
  const who = [
    pool.segments ? pool.segments.join('/') : '',
    pool.roles ? pool.roles.map((r) => r.toUpperCase()).join('/') : '',
    pool.teamFunctions ? `${pool.teamFunctions.join('/')} team` : '',
    pool.team ? `team ${pool.team}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return pool.byTerritory ? `${who || 'users'} in ${territory ?? 'an unknown territory'}` : who || 'users';
}

/** The users a pool names (before availability). */
export function poolMembers(
  pool: Pool,
  users: readonly RoutingUser[],
  territory: string | null,
): RoutingUser[] {
  if (pool.byTerritory && territory === null) return [];
  return users.filter(
    (u) =>
      (!pool.roles || inList(u.role, pool.roles)) &&
      (!pool.teamFunctions || inList(u.teamFunction, pool.teamFunctions)) &&
      (!pool.segments || inList(u.segment, pool.segments)) &&
      (!pool.team || (u.teamName !== null && lower(u.teamName) === lower(pool.team))) &&
      (!pool.byTerritory || (u.territory !== null && lower(u.territory) === lower(territory!))),
  );
}

/** Why a user cannot take a new lead now, or null when they can. */
export function unavailability(user: RoutingUser, now: Date, assignedToday: number): string | null {
  if (!user.active) return 'deactivated';
  if (user.outOfOfficeUntil && user.outOfOfficeUntil > now)
    return `out of office until ${user.outOfOfficeUntil.toISOString()}`;
  if (user.routingWeight <= 0) return 'routing weight 0 (out of rotation)';
  if (user.capacityPerDay !== null && assignedToday >= user.capacityPerDay)
    return `at capacity (${assignedToday} of ${user.capacityPerDay} today)`;
  return null;
}

/** The start of `now`'s day in the user's time zone: daily capacity counts from there. */
export function startOfLocalDay(now: Date, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').toJSDate();
}

export interface Contender {
  userId: string;
  weight: number;
  /** Leads this pool gave the user so far. */
  assigned: number;
}

/**
 * Weighted round-robin by deficit: the user furthest behind their weighted share goes next
 * (ties by id, so the order is stable). Counters of users who were away are lifted to the
 * others' level first, so a return is not a catch-up burst. With equal weights the counters
 * of users in rotation never differ by more than one.
 */
export function pickFair(contenders: readonly Contender[]): { userId: string; lifted: Map<string, number> } {
  if (contenders.length === 0) throw new Error('pickFair needs a contender');
  const lifted = new Map<string, number>();
  // Users in rotation stay within one lead of each other's weighted share; anyone further
  // behind the leader than that was away (out of office, at capacity, new) and is lifted.
  const floorShare = Math.max(...contenders.map((c) => c.assigned / c.weight)) - 1;
  const normalised = contenders.map((c) => {
    const floor = Math.floor(floorShare * c.weight);
    if (c.assigned < floor) {
      lifted.set(c.userId, floor);
      return { ...c, assigned: floor };
    }
    return c;
  });
  let best = normalised[0]!;
  for (const c of normalised.slice(1)) {
    const a = (c.assigned + 1) / c.weight;
    const b = (best.assigned + 1) / best.weight;
    if (a < b || (a === b && c.userId < best.userId)) best = c;
  }
  return { userId: best.userId, lifted };
}

/**
 * A pool's round-robin counters as a batch holds them under the pool's lock: read once, each
 * lead's turn taken in memory, saved once. `assigned` is what the store holds (users without
 * a counter row absent), `changed` what must be written back, `picked` who got a lead.
 */
export interface PoolTurns {
  assigned: Map<string, number>;
  changed: Map<string, number>;
  picked: Set<string>;
}

export function poolTurns(stored: ReadonlyMap<string, number>): PoolTurns {
  return { assigned: new Map(stored), changed: new Map(), picked: new Set() };
}

/**
 * One lead's turn among the available users: the fair pick over their counters, with the
 * lifted counters and the pick's +1 applied, exactly as storing them and reading them back
 * for the next lead would leave them.
 */
export function takeTurn(
  turns: PoolTurns,
  available: readonly { id: string; routingWeight: number }[],
): string {
  const { userId, lifted } = pickFair(
    available.map((u) => ({
      userId: u.id,
      weight: u.routingWeight,
      assigned: turns.assigned.get(u.id) ?? 0,
    })),
  );
  for (const [id, n] of lifted) {
    turns.assigned.set(id, n);
    turns.changed.set(id, n);
  }
  const n = (turns.assigned.get(userId) ?? 0) + 1;
  turns.assigned.set(userId, n);
  turns.changed.set(userId, n);
  turns.picked.add(userId);
  return userId;
}

/** Seed 001, Sales SLA: first outreach within N business hours of the MQL notification (wall time until calendars exist). */
export function firstTouchDueAt(notifiedAt: Date, followUp: FollowUpSection): Date {
  return new Date(notifiedAt.getTime() + followUp.firstTouchWithinHours * HOUR);
}

/** Speed-to-lead: how long the first sales touch took after the MQL (wall time, one function for the SLA issue to replace). */
export function speedToLeadMs(mqlAt: Date, firstTouchAt: Date | null): number | null {
  return firstTouchAt ? Math.max(0, firstTouchAt.getTime() - mqlAt.getTime()) : null;
}

/** Seed 001's ICP titles, coarsely: the persona the hand-off's talking points are written for. */
export function personaOf(title: string | null): string | null {
  if (!title) return null;
  const t = title.toLowerCase();
  if (/\b(ceo|cfo|coo|cto|cmo|cro|cio|chief|founder|president|owner)\b/.test(t)) return 'Executive (C-suite)';
  if (/\b(s?vp|evp|vice president|head of)\b/.test(t)) return 'Vice President';
  if (/\bdirector\b/.test(t)) return 'Director';
  if (/\b(manager|lead|supervisor)\b/.test(t)) return 'Manager';
  if (/\b(student|intern)\b/.test(t)) return 'Student';
  return 'Practitioner';
}
