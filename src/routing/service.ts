import { type IdGenerator, NotFoundError, ValidationError } from '../core/index.js';
import { publish } from '../notify/index.js';
import type { Trx } from '../store/index.js';
import { type HandoffPackage, summarizeHandoff } from './handoff.js';
import {
  describePool,
  firstTouchDueAt,
  type LeadFacts,
  matchRules,
  pickFair,
  poolKey,
  poolMembers,
  qualifiesFirst,
  type RoutingTrigger,
  type RoutingUser,
  type RuleCheck,
  startOfLocalDay,
  territoryOf,
  unavailability,
} from './model.js';
import type { FollowUpSection, Pool, RoutingRule, RoutingSection } from './rules.js';
import {
  countAssignedSince,
  type DecisionToStore,
  insertDecision,
  listCounters,
  listLeadFacts,
  listNamedAccountLeads,
  listRoutingUsers,
  lockPersonForRouting,
  lockPool,
  saveCounters,
  setOwner,
} from './store.js';

/** The agreement's sections routing reads, with the version that decisions record. */
export interface RoutingPolicy {
  version: number;
  routing: RoutingSection;
  followUp: FollowUpSection;
  tqlEnabled: boolean;
  /**
   * The first-touch due time in the owner's business hours (the SLA capability's calendars);
   * without it, wall time (`firstTouchDueAt`).
   */
  firstTouchDue?: (trx: Trx, ownerUserId: string, notifiedAt: Date) => Promise<Date>;
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

/**
 * Routes these people inside the caller's transaction: the first rule that matches and can
 * place the lead picks the owner (a pool by fair weighted round-robin under the pool's lock);
 * a lead no rule can place goes to the watched unassigned queue and raises an alert. Every
 * decision is stored with every rule's check. People already owned keep their owner (a CRM
 * owner, a named-account owner who got the lead before it qualified) unless `trigger` is a
 * pass, a re-route or a retry of the unassigned queue.
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
  const outcomes: RouteOutcome[] = [];
  for (const personId of ids) {
    const locked = await lockPersonForRouting(trx, personId);
    if (!locked) continue;
    const [lead] = await listLeadFacts(trx, [personId]);
    if (!lead) continue;
    outcomes.push(await routeOne(trx, run, lead, users, trigger, options));
  }
  return outcomes;
}

async function routeOne(
  trx: Trx,
  run: RoutingRun,
  lead: LeadFacts,
  users: RoutingUser[],
  trigger: RoutingTrigger,
  options: RouteOptions,
): Promise<RouteOutcome> {
  const { now, policy } = run;
  const skip = (reason: string): RouteOutcome => ({
    personId: lead.personId,
    outcome: 'skipped',
    ownerUserId: lead.ownerUserId,
    rule: null,
    step: null,
    reason,
  });
  const reassigning = trigger === 'pass' || trigger === 'reroute' || trigger === 'manual';
  if (lead.ownerUserId && !reassigning && trigger !== 'mql') return skip('already owned');
  // Read before any pool is locked: the lock is held to the commit, so little may follow it.
  const handoff = await summarizeHandoff(trx, lead.personId, now);
  if (lead.ownerUserId && !reassigning) {
    // Qualified while owned: the owner keeps the lead and now gets the hand-off.
    const owner = users.find((u) => u.id === lead.ownerUserId);
    return record(trx, run, lead, trigger, users, handoff, {
      outcome: 'kept',
      rule: null,
      placement: { ownerUserId: lead.ownerUserId, pool: null, step: 'final' },
      checks: [],
      reason: `already owned by ${owner?.name ?? lead.ownerUserId}: the owner keeps the lead`,
    });
  }

  const section = orderedRules(policy.routing);
  const { matches, checks } = matchRules(section, lead, { regardlessOfScoreOnly: trigger === 'lead' });
  const territory = territoryOf(lead, section);
  const exclude = new Set(options.exclude ?? []);
  const counts = await capacityCounts(trx, users, now);
  const explain = (index: number, why: string) => {
    const check = checks[index]!;
    check.why = `${check.why}; cannot place: ${why}`;
  };

  for (const { index, rule } of matches) {
    if (options.onlyRule && rule.name !== options.onlyRule) {
      explain(index, `only "${options.onlyRule}" was asked for`);
      continue;
    }
    // A pass hands the lead to the assignment the qualification step was for.
    const firstQualify = trigger !== 'pass' && qualifiesFirst(rule, policy.tqlEnabled);
    let placement: Placement | undefined;
    if (!firstQualify && rule.assign.to === 'account_owner') {
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
      const pool: Pool =
        firstQualify || rule.assign.to === 'account_owner'
          ? policy.routing.telequalification
          : rule.assign.pool;
      const picked = await pickFromPool(trx, pool, territory, users, counts, exclude, now);
      if (typeof picked === 'string') {
        explain(index, picked);
        continue;
      }
      placement = { ...picked, step: firstQualify ? 'qualification' : 'final' };
    }
    return record(trx, run, lead, trigger, users, handoff, {
      outcome: 'assigned',
      rule: { index, name: rule.name },
      placement,
      checks,
      reason: checks[index]!.why,
      passRule: placement.step === 'qualification' ? rule.name : null,
    });
  }

  // Before MQL only the regardless-of-score rules may act; the retry sweep does not repeat an alert.
  if (trigger === 'lead') return skip('no rule places this lead before it is an MQL');
  if (trigger === 'retry') return skip('still no rule can place the lead');
  const reason =
    matches.length === 0
      ? 'no routing rule matches this lead'
      : 'every matching rule failed to place the lead (see the checks)';
  return record(trx, run, lead, trigger, users, handoff, {
    outcome: 'unassigned',
    rule: null,
    placement: null,
    checks,
    reason,
  });
}

/** Leads each user got today (their own day) for the capacity caps. */
async function capacityCounts(trx: Trx, users: RoutingUser[], now: Date): Promise<Map<string, number>> {
  const capped = users.filter((u) => u.capacityPerDay !== null && u.active);
  return countAssignedSince(trx, new Map(capped.map((u) => [u.id, startOfLocalDay(now, u.timeZone)])));
}

/** The pool's fair pick under its lock, or why nobody in it can take the lead. */
async function pickFromPool(
  trx: Trx,
  pool: Pool,
  territory: string | null,
  users: RoutingUser[],
  counts: Map<string, number>,
  exclude: Set<string>,
  now: Date,
): Promise<{ ownerUserId: string; pool: string } | string> {
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
  await lockPool(trx, key);
  const assigned = await listCounters(
    trx,
    key,
    available.map((u) => u.id),
  );
  const contenders = available.map((u) => ({
    userId: u.id,
    weight: u.routingWeight,
    assigned: assigned.get(u.id) ?? 0,
  }));
  const { userId, lifted } = pickFair(contenders);
  const save = new Map(lifted);
  save.set(userId, (lifted.get(userId) ?? assigned.get(userId) ?? 0) + 1);
  await saveCounters(trx, key, save, userId, now);
  counts.set(userId, (counts.get(userId) ?? 0) + 1);
  return { ownerUserId: userId, pool: name };
}

async function record(
  trx: Trx,
  run: RoutingRun,
  lead: LeadFacts,
  trigger: RoutingTrigger,
  users: readonly RoutingUser[],
  handoff: HandoffPackage,
  d: {
    outcome: 'assigned' | 'unassigned' | 'kept';
    rule: { index: number; name: string } | null;
    placement: Placement | null;
    checks: RuleCheck[];
    reason: string;
    passRule?: string | null;
  },
): Promise<RouteOutcome> {
  const { now, policy } = run;
  const decision: DecisionToStore = {
    id: run.ids.next('rte'),
    personId: lead.personId,
    decidedAt: now,
    trigger,
    agreementVersion: policy.version,
    outcome: d.outcome,
    ruleIndex: d.rule?.index ?? null,
    ruleName: d.rule?.name ?? null,
    step: d.placement?.step ?? null,
    pool: d.placement?.pool ?? null,
    ownerUserId: d.placement?.ownerUserId ?? null,
    previousOwnerUserId: lead.ownerUserId,
    checks: d.checks,
    reason: d.reason,
    actorType: run.actorType,
    actorId: run.actorId,
  };
  await insertDecision(trx, decision);
  const ownerUserId = d.placement?.ownerUserId ?? null;
  const dueAt = ownerUserId
    ? policy.firstTouchDue
      ? await policy.firstTouchDue(trx, ownerUserId, now)
      : firstTouchDueAt(now, policy.followUp)
    : null;
  await setOwner(
    trx,
    lead.personId,
    {
      ownerUserId,
      routedAt: ownerUserId ? now : null,
      firstTouchDueAt: dueAt,
      unassignedSince: ownerUserId ? null : now,
      ...(d.passRule !== undefined && { passRule: d.passRule }),
    },
    now,
  );
  if (ownerUserId) {
    const owner = users.find((u) => u.id === ownerUserId);
    const pkg = {
      ...handoff,
      owner: owner
        ? { id: owner.id, name: owner.name, email: owner.email }
        : { id: ownerUserId, name: ownerUserId, email: '' },
      routing: { rule: d.rule?.name ?? null, step: decision.step, reason: d.reason, decidedAt: now },
      sla: { routedAt: now, firstTouchDueAt: dueAt },
    };
    await publish(trx, run.ids, now, {
      type: 'lead.routed',
      text: `${pkg.person.name} (${pkg.person.company ?? 'no company'}, score ${pkg.score?.total ?? 'n/a'}) is yours: ${d.reason}. First touch due ${dueAt!.toISOString()}`,
      subject: { personId: lead.personId, userId: ownerUserId },
      data: {
        decisionId: decision.id,
        trigger,
        rule: d.rule?.name ?? null,
        step: decision.step,
        handoff: pkg,
      },
    });
  } else {
    await publish(trx, run.ids, now, {
      type: 'lead.unassigned',
      text: `No routing rule could place lead ${lead.personId}: ${d.reason}`,
      subject: { personId: lead.personId, userId: null },
      data: { decisionId: decision.id, trigger, checks: d.checks },
    });
  }
  return {
    personId: lead.personId,
    outcome: d.outcome,
    ownerUserId,
    rule: d.rule?.name ?? null,
    step: decision.step,
    reason: d.reason,
  };
}

/** A manager's (or a rep's wrong-persona) hand-over to a named user: stored and notified like any routing. */
export async function assignTo(
  trx: Trx,
  run: RoutingRun,
  personId: string,
  userId: string,
  reason: string,
): Promise<RouteOutcome> {
  const locked = await lockPersonForRouting(trx, personId);
  const [lead] = locked ? await listLeadFacts(trx, [personId]) : [];
  if (!lead) throw new NotFoundError('Person', personId);
  const users = await listRoutingUsers(trx);
  const user = users.find((u) => u.id === userId);
  if (!user) throw ValidationError.field('/ownerUserId', `no user ${userId}`);
  if (!user.active) throw ValidationError.field('/ownerUserId', `user ${userId} is deactivated`);
  return record(trx, run, lead, 'manual', users, await summarizeHandoff(trx, personId, run.now), {
    outcome: 'assigned',
    rule: null,
    placement: { ownerUserId: userId, pool: null, step: 'final' },
    checks: [],
    reason,
    passRule: null,
  });
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
