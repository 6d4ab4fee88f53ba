import { type IdGenerator, NotFoundError, ValidationError } from '../core/index.js';
import { type Notification, notificationWrites } from '../notify/index.js';
import { type Trx, writeTogether } from '../store/index.js';
import { type HandoffPackage, lockLeads } from './handoff.js';
import {
  describePool,
  firstTouchDueAt,
  type LeadFacts,
  matchRules,
  poolKey,
  type PoolTurns,
  poolMembers,
  poolTurns,
  qualifiesFirst,
  type RoutingTrigger,
  type RoutingUser,
  type RuleCheck,
  startOfLocalDay,
  takeTurn,
  territoryOf,
  unavailability,
} from './model.js';
import type { FollowUpSection, Pool, RoutingRule, RoutingSection } from './rules.js';
import {
  type CounterToSave,
  countAssignedSince,
  type DecisionToStore,
  listNamedAccountLeads,
  listRoutingUsers,
  lockPoolCounters,
  routingWrites,
} from './store.js';

/** The agreement's sections routing reads, with the version that decisions record. */
export interface RoutingPolicy {
  version: number;
  routing: RoutingSection;
  followUp: FollowUpSection;
  tqlEnabled: boolean;
  /**
   * The first-touch due time of each owner in their business hours (the SLA capability's
   * calendars), for all the owners of a batch at once; without it, wall time (`firstTouchDueAt`).
   */
  firstTouchDue?: (trx: Trx, ownerUserIds: readonly string[], notifiedAt: Date) => Promise<Map<string, Date>>;
}

export interface RoutingRun {
  ids: IdGenerator;
  now: Date;
  policy: RoutingPolicy;
  actorType: string;
  actorId: string | null;
}

export interface RouteOutcome {
  personId: string;
  outcome: 'assigned' | 'unassigned' | 'kept' | 'skipped';
  ownerUserId: string | null;
  rule: string | null;
  step: 'qualification' | 'final' | null;
  reason: string;
}

export interface RouteOptions {
  /** Users who must not get the lead (a wrong-persona re-route excludes the current owner). */
  exclude?: readonly string[];
  /** Only these rules may place the lead (a re-route to a named rule). */
  onlyRule?: string;
}

/** Lead-to-account matching as a rule of its own, checked after the rules that apply regardless of score. */
const ACCOUNT_MATCH_RULE: RoutingRule = {
  name: 'Account already owned (lead-to-account matching)',
  when: { accountOwned: true },
  assign: { to: 'account_owner' },
  qualifyFirst: 'never',
};

/** The rules in the order they are tried, with lead-to-account matching in its place. */
function orderedRules(section: RoutingSection): RoutingSection {
  if (!section.leadToAccountMatching) return section;
  const lead = section.rules.findIndex((r) => !r.regardlessOfScore);
  const at = lead < 0 ? section.rules.length : lead;
  return {
    ...section,
    rules: [...section.rules.slice(0, at), ACCOUNT_MATCH_RULE, ...section.rules.slice(at)],
  };
}

interface Placement {
  ownerUserId: string;
  pool: string | null;
  step: 'qualification' | 'final';
}

/** A decision made in memory, written with the batch's others. */
interface Plan {
  lead: LeadFacts;
  outcome: 'assigned' | 'unassigned' | 'kept';
  rule: { index: number; name: string } | null;
  placement: Placement | null;
  checks: RuleCheck[];
  reason: string;
  passRule?: string | null;
}

/**
 * Routes these people inside the caller's transaction: the first rule that matches and can
 * place the lead picks the owner (a pool by fair weighted round-robin under the pool's lock);
 * a lead no rule can place goes to the watched unassigned queue and raises an alert. Every
 * decision is stored with every rule's check. People already owned keep their owner (a CRM
 * owner, a named-account owner who got the lead before it qualified) unless `trigger` is a
 * pass, a re-route or a retry of the unassigned queue.
 *
 * Set-based: the batch costs about as many statements as one lead (the people locked in id
 * order, their facts and hand-off packages read together, the pools they may draw from locked
 * once in key order, the turns taken in memory in person-id order, every write one statement
 * from arrays), and the picks are those of routing the leads one by one in id order.
 */
export async function routeLeads(
  trx: Trx,
  run: RoutingRun,
  personIds: readonly string[],
  trigger: RoutingTrigger,
  options: RouteOptions = {},
): Promise<RouteOutcome[]> {
  const ids = [...new Set(personIds)].sort();
  if (ids.length === 0) return [];
  const users = await listRoutingUsers(trx);
  const { now, policy } = run;
  // Read before any pool is locked: the locks are held to the commit, so little may follow them.
  const locked = await lockLeads(trx, ids, now);
  const { leads } = locked;
  const reassigning = trigger === 'pass' || trigger === 'reroute' || trigger === 'manual';
  const skipped = (lead: LeadFacts) => lead.ownerUserId !== null && !reassigning && trigger !== 'mql';
  const handoffs = await locked.summarize(leads.filter((l) => !skipped(l)).map((l) => l.personId));

  const section = orderedRules(policy.routing);
  const exclude = new Set(options.exclude ?? []);
  const placing = leads.filter((l) => !skipped(l) && !(l.ownerUserId && !reassigning));
  const matched = new Map(
    placing.map((lead) => [
      lead.personId,
      {
        ...matchRules(section, lead, { regardlessOfScoreOnly: trigger === 'lead' }),
        territory: territoryOf(lead, section),
      },
    ]),
  );
  // Every pool any of them may draw from, locked now in key order; a pool a lead ends up not
  // needing (an earlier rule placed it) is locked all the same: a superset keeps the order fixed.
  const keys = new Set<string>();
  for (const { matches, territory } of matched.values()) {
    for (const { rule } of matches) {
      if (options.onlyRule && rule.name !== options.onlyRule) continue;
      const pool = poolOf(rule, trigger, policy);
      if (!pool || (pool.byTerritory && territory === null)) continue;
      if (poolMembers(pool, users, territory).some((u) => !exclude.has(u.id)))
        keys.add(poolKey(pool, territory));
    }
  }
  const turns = new Map(
    [...(await lockPoolCounters(trx, [...keys]))].map(([k, stored]) => [k, poolTurns(stored)]),
  );
  const counts = placing.length > 0 ? await capacityCounts(trx, users, now) : new Map<string, number>();

  const outcomes: (RouteOutcome | Plan)[] = [];
  for (const lead of leads) {
    if (skipped(lead)) {
      outcomes.push(skip(lead, 'already owned'));
    } else if (lead.ownerUserId && !reassigning) {
      // Qualified while owned: the owner keeps the lead and now gets the hand-off.
      const owner = users.find((u) => u.id === lead.ownerUserId);
      outcomes.push({
        lead,
        outcome: 'kept',
        rule: null,
        placement: { ownerUserId: lead.ownerUserId, pool: null, step: 'final' },
        checks: [],
        reason: `already owned by ${owner?.name ?? lead.ownerUserId}: the owner keeps the lead`,
      });
    } else {
      const placed = place(run, lead, matched.get(lead.personId)!, users, counts, turns, trigger, options);
      // A placement counts against the owner's capacity for the leads after it, as its stored decision would.
      if ('lead' in placed && placed.placement)
        counts.set(placed.placement.ownerUserId, (counts.get(placed.placement.ownerUserId) ?? 0) + 1);
      outcomes.push(placed);
    }
  }

  const counters: CounterToSave[] = [];
  for (const [poolKey, t] of turns)
    for (const [userId, assigned] of t.changed)
      counters.push({ poolKey, userId, assigned, lastAssignedAt: t.picked.has(userId) ? now : null });
  const plans = outcomes.filter((o): o is Plan => 'lead' in o);
  const recorded = new Map(
    (await record(trx, run, trigger, users, handoffs, plans, counters)).map((o) => [o.personId, o]),
  );
  return outcomes.map((o) => ('lead' in o ? recorded.get(o.lead.personId)! : o));
}

function skip(lead: LeadFacts, reason: string): RouteOutcome {
  return {
    personId: lead.personId,
    outcome: 'skipped',
    ownerUserId: lead.ownerUserId,
    rule: null,
    step: null,
    reason,
  };
}

/** The pool a matching rule draws from for this trigger; null: the account owner, no pool. */
function poolOf(rule: RoutingRule, trigger: RoutingTrigger, policy: RoutingPolicy): Pool | null {
  // A pass hands the lead to the assignment the qualification step was for.
  const firstQualify = trigger !== 'pass' && qualifiesFirst(rule, policy.tqlEnabled);
  if (!firstQualify && rule.assign.to === 'account_owner') return null;
  return firstQualify || rule.assign.to === 'account_owner'
    ? policy.routing.telequalification
    : rule.assign.pool;
}

/** One lead's placement: the first matching rule that can place it, turns taken in memory. */
function place(
  run: RoutingRun,
  lead: LeadFacts,
  { matches, checks, territory }: ReturnType<typeof matchRules> & { territory: string | null },
  users: RoutingUser[],
  counts: Map<string, number>,
  turns: Map<string, PoolTurns>,
  trigger: RoutingTrigger,
  options: RouteOptions,
): Plan | RouteOutcome {
  const { now, policy } = run;
  const exclude = new Set(options.exclude ?? []);
  const explain = (index: number, why: string) => {
    const check = checks[index]!;
    check.why = `${check.why}; cannot place: ${why}`;
  };

  for (const { index, rule } of matches) {
    if (options.onlyRule && rule.name !== options.onlyRule) {
      explain(index, `only "${options.onlyRule}" was asked for`);
      continue;
    }
    const firstQualify = trigger !== 'pass' && qualifiesFirst(rule, policy.tqlEnabled);
    const pool = poolOf(rule, trigger, policy);
    let placement: Placement | undefined;
    if (!pool) {
      const owner = users.find((u) => u.id === lead.account?.ownerUserId);
      const away = owner ? unavailability(owner, now, counts.get(owner.id) ?? 0) : null;
      const why = !owner
        ? 'the account has no owner'
        : exclude.has(owner.id)
          ? `${owner.name} is excluded`
          : away
            ? `the account owner ${owner.name} is ${away}`
            : null;
      if (why) {
        explain(index, why);
        continue;
      }
      placement = { ownerUserId: owner!.id, pool: null, step: 'final' };
    } else {
      const picked = pickFromPool(pool, territory, users, counts, exclude, now, turns);
      if (typeof picked === 'string') {
        explain(index, picked);
        continue;
      }
      placement = { ...picked, step: firstQualify ? 'qualification' : 'final' };
    }
    return {
      lead,
      outcome: 'assigned',
      rule: { index, name: rule.name },
      placement,
      checks,
      reason: checks[index]!.why,
      passRule: placement.step === 'qualification' ? rule.name : null,
    };
  }

  // Before MQL only the regardless-of-score rules may act; the retry sweep does not repeat an alert.
  if (trigger === 'lead') return skip(lead, 'no rule places this lead before it is an MQL');
  if (trigger === 'retry') return skip(lead, 'still no rule can place the lead');
  const reason =
    matches.length === 0
      ? 'no routing rule matches this lead'
      : 'every matching rule failed to place the lead (see the checks)';
  return { lead, outcome: 'unassigned', rule: null, placement: null, checks, reason };
}

/** Leads each user got today (their own day) for the capacity caps. */
async function capacityCounts(trx: Trx, users: RoutingUser[], now: Date): Promise<Map<string, number>> {
  const capped = users.filter((u) => u.capacityPerDay !== null && u.active);
  return countAssignedSince(trx, new Map(capped.map((u) => [u.id, startOfLocalDay(now, u.timeZone)])));
}

/** The pool's fair pick from the counters held under its lock, or why nobody in it can take the lead. */
function pickFromPool(
  pool: Pool,
  territory: string | null,
  users: RoutingUser[],
  counts: Map<string, number>,
  exclude: Set<string>,
  now: Date,
  turns: Map<string, PoolTurns>,
): { ownerUserId: string; pool: string } | string {
  const name = describePool(pool, territory);
  if (pool.byTerritory && territory === null) return `${name}: the lead's territory is unknown`;
  const members = poolMembers(pool, users, territory).filter((u) => !exclude.has(u.id));
  if (members.length === 0) return `nobody is in the pool (${name})`;
  const away: string[] = [];
  const available = members.filter((u) => {
    const why = unavailability(u, now, counts.get(u.id) ?? 0);
    if (why) away.push(`${u.name} ${why}`);
    return why === null;
  });
  if (available.length === 0) return `nobody in ${name} is available (${away.join('; ')})`;
  const key = poolKey(pool, territory);
  const held = turns.get(key);
  if (!held) throw new Error(`pool ${key} was not locked for this batch`);
  return { ownerUserId: takeTurn(held, available), pool: name };
}

/**
 * The counters, decisions, owners and clocks of a batch, and its notifications (the outbox rows
 * with their deliveries), in one statement: one round trip under the pools' locks.
 */
async function record(
  trx: Trx,
  run: RoutingRun,
  trigger: RoutingTrigger,
  users: readonly RoutingUser[],
  handoffs: Map<string, HandoffPackage>,
  plans: readonly Plan[],
  counters: readonly CounterToSave[] = [],
): Promise<RouteOutcome[]> {
  if (plans.length === 0) {
    await writeTogether(trx, routingWrites(counters, [], [], run.now));
    return [];
  }
  const { now, policy } = run;
  const decisions: DecisionToStore[] = plans.map((d) => ({
    id: run.ids.next('rte'),
    personId: d.lead.personId,
    decidedAt: now,
    trigger,
    agreementVersion: policy.version,
    outcome: d.outcome,
    ruleIndex: d.rule?.index ?? null,
    ruleName: d.rule?.name ?? null,
    step: d.placement?.step ?? null,
    pool: d.placement?.pool ?? null,
    ownerUserId: d.placement?.ownerUserId ?? null,
    previousOwnerUserId: d.lead.ownerUserId,
    checks: d.checks,
    reason: d.reason,
    actorType: run.actorType,
    actorId: run.actorId,
  }));
  const owners = [...new Set(plans.flatMap((d) => (d.placement ? [d.placement.ownerUserId] : [])))];
  const due = policy.firstTouchDue
    ? await policy.firstTouchDue(trx, owners, now)
    : new Map(owners.map((o) => [o, firstTouchDueAt(now, policy.followUp)]));
  const dueOf = (ownerUserId: string) => {
    const at = due.get(ownerUserId);
    if (!at) throw new NotFoundError('User', ownerUserId);
    return at;
  };
  const writes = routingWrites(
    counters,
    decisions,
    plans.map((d) => {
      const ownerUserId = d.placement?.ownerUserId ?? null;
      return {
        personId: d.lead.personId,
        ownerUserId,
        routedAt: ownerUserId ? now : null,
        firstTouchDueAt: ownerUserId ? dueOf(ownerUserId) : null,
        unassignedSince: ownerUserId ? null : now,
        ...(d.passRule !== undefined && { passRule: d.passRule }),
      };
    }),
    now,
  );
  const notifications = plans.map((d, i): Notification => {
    const decision = decisions[i]!;
    const personId = d.lead.personId;
    const ownerUserId = d.placement?.ownerUserId;
    if (!ownerUserId)
      return {
        type: 'lead.unassigned',
        text: `No routing rule could place lead ${personId}: ${d.reason}`,
        subject: { personId, userId: null },
        data: { decisionId: decision.id, trigger, checks: d.checks },
      };
    const dueAt = dueOf(ownerUserId);
    const owner = users.find((u) => u.id === ownerUserId);
    const pkg = {
      ...handoffs.get(personId)!,
      owner: owner
        ? { id: owner.id, name: owner.name, email: owner.email }
        : { id: ownerUserId, name: ownerUserId, email: '' },
      routing: { rule: d.rule?.name ?? null, step: decision.step, reason: d.reason, decidedAt: now },
      sla: { routedAt: now, firstTouchDueAt: dueAt },
    };
    return {
      type: 'lead.routed',
      text: `${pkg.person.name} (${pkg.person.company ?? 'no company'}, score ${pkg.score?.total ?? 'n/a'}) is yours: ${d.reason}. First touch due ${dueAt.toISOString()}`,
      subject: { personId, userId: ownerUserId },
      data: {
        decisionId: decision.id,
        trigger,
        rule: d.rule?.name ?? null,
        step: decision.step,
        handoff: pkg,
      },
    };
  });
  const published = await notificationWrites(trx, run.ids, now, notifications);
  await writeTogether(trx, [...writes, ...published.writes]);
  return plans.map((d, i) => ({
    personId: d.lead.personId,
    outcome: d.outcome,
    ownerUserId: d.placement?.ownerUserId ?? null,
    rule: d.rule?.name ?? null,
    step: decisions[i]!.step,
    reason: d.reason,
  }));
}

/** A manager's (or a rep's wrong-persona) hand-over to a named user: stored and notified like any routing. */
export async function assignTo(
  trx: Trx,
  run: RoutingRun,
  personId: string,
  userId: string,
  reason: string,
): Promise<RouteOutcome> {
  const locked = await lockLeads(trx, [personId], run.now);
  const [lead] = locked.leads;
  if (!lead) throw new NotFoundError('Person', personId);
  const users = await listRoutingUsers(trx);
  const user = users.find((u) => u.id === userId);
  if (!user) throw ValidationError.field('/ownerUserId', `no user ${userId}`);
  if (!user.active) throw ValidationError.field('/ownerUserId', `user ${userId} is deactivated`);
  const handoffs = await locked.summarize([personId]);
  const [outcome] = await record(trx, run, 'manual', users, handoffs, [
    {
      lead,
      outcome: 'assigned',
      rule: null,
      placement: { ownerUserId: userId, pool: null, step: 'final' },
      checks: [],
      reason,
      passRule: null,
    },
  ]);
  return outcome!;
}

/**
 * What ingestion (and any writer of people) calls inside its transaction: people the batch
 * made MQLs are routed now, and new leads on named accounts go to the account owner
 * regardless of score. The sweeper job catches anyone this misses (manual moves, re-scores).
 */
export async function routeAfterChanges(
  trx: Trx,
  run: RoutingRun,
  change: { qualified: readonly string[]; touched: readonly string[] },
): Promise<RouteOutcome[]> {
  const outcomes = await routeLeads(trx, run, change.qualified, 'mql');
  const qualified = new Set(change.qualified);
  const named = await listNamedAccountLeads(
    trx,
    change.touched.filter((id) => !qualified.has(id)),
  );
  return [...outcomes, ...(await routeLeads(trx, run, named, 'lead'))];
}
