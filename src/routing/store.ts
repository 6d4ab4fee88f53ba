import { type RawBuilder, sql } from 'kysely';
import { type Db, referenceRead, type Trx } from '../store/index.js';
import type { LeadFacts, RoutingUser, RuleCheck } from './model.js';
import type { HypotheticalLead } from './schema.js';

/** What routing reads about leads: the person and their account, in one query. */
export async function listLeadFacts(db: Db | Trx, personIds: readonly string[]): Promise<LeadFacts[]> {
  if (personIds.length === 0) return [];
  return toLeadFacts(await leadFactsQuery(db, personIds).execute());
}

function leadFactsQuery(db: Db | Trx, personIds: readonly string[]) {
  return db
    .selectFrom('people as p')
    .leftJoin('accounts as a', 'a.id', 'p.account_id')
    .select([
      'p.id',
      'p.stage',
      'p.owner_user_id',
      'p.country',
      'p.employees',
      'p.lead_source',
      'a.id as account_id',
      'a.name as account_name',
      'a.country as account_country',
      'a.region',
      'a.employees as account_employees',
      'a.owner_user_id as account_owner',
      'a.is_named_account',
      'a.is_customer',
    ])
    .where('p.id', 'in', [...personIds])
    .where('p.erased_at', 'is', null)
    .orderBy('p.id');
}

function toLeadFacts(rows: readonly LeadFactsRow[]): LeadFacts[] {
  return rows.map(leadFactsOf);
}

/** The columns routing's facts about a lead are made of, as its reads name them (the hand-off's too). */
export interface LeadFactsRow {
  id: string;
  stage: string;
  owner_user_id: string | null;
  country: string | null;
  employees: number | null;
  lead_source: string | null;
  account_id: string | null;
  account_name: string | null;
  account_country: string | null;
  region: string | null;
  account_employees: number | null;
  account_owner: string | null;
  is_named_account: boolean | null;
  is_customer: boolean | null;
}

/** A lead's facts: the person's country and size, else the account's. */
export function leadFactsOf(r: LeadFactsRow): LeadFacts {
  return {
    personId: r.id,
    stage: r.stage,
    ownerUserId: r.owner_user_id,
    country: r.country ?? r.account_country,
    region: r.region,
    employees: r.employees ?? r.account_employees,
    leadSource: r.lead_source,
    account: r.account_id
      ? {
          id: r.account_id,
          name: r.account_name!,
          ownerUserId: r.account_owner,
          namedAccount: r.is_named_account === true,
          customer: r.is_customer === true,
        }
      : null,
  };
}

/** Every user with their team (routing filters in memory: a sales org is hundreds, not millions). */
export function listRoutingUsers(db: Db | Trx): Promise<RoutingUser[]> {
  return referenceRead(db, 'routing:users', () => readRoutingUsers(db));
}

async function readRoutingUsers(db: Db | Trx): Promise<RoutingUser[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.role',
      't.name as team_name',
      't.function as team_function',
      'u.segment',
      'u.territory',
      'u.time_zone',
      'u.active',
      'u.out_of_office_until',
      'u.capacity_per_day',
      'u.routing_weight',
    ])
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    teamName: r.team_name,
    teamFunction: r.team_function,
    segment: r.segment,
    territory: r.territory,
    timeZone: r.time_zone,
    active: r.active,
    outOfOfficeUntil: r.out_of_office_until,
    capacityPerDay: r.capacity_per_day,
    routingWeight: r.routing_weight,
  }));
}

/**
 * Locks the pools' rows for the rest of the transaction (creating them on first use), in
 * key order, and then reads their round-robin counters (pool key -> user -> leads the pool
 * gave them), in one round trip (`lock_routing_pools`, migration 0026): every placement from
 * a pool queues here, so round-robin turns are taken one batch at a time, two batches needing
 * the same pools take them in the same order, and each reads the counts the one before wrote.
 */
export async function lockPoolCounters(
  trx: Trx,
  poolKeys: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const pools = new Map<string, Map<string, number>>(poolKeys.map((k) => [k, new Map()]));
  if (poolKeys.length === 0) return pools;
  const { rows } = await sql<{ pool_key: string; user_id: string; assigned: number }>`
    select pool_key, user_id, assigned from lock_routing_pools(${[...new Set(poolKeys)]}::text[])
  `.execute(trx);
  for (const r of rows) pools.get(r.pool_key)?.set(r.user_id, Number(r.assigned));
  return pools;
}

export interface CounterToSave {
  poolKey: string;
  userId: string;
  assigned: number;
  /** Set when the user got a lead; null keeps the last time (a lifted counter). */
  lastAssignedAt: Date | null;
}

/** Sets the counters (the picks' and any lifted ones), under the pools' locks. */
function countersUpsert(counters: readonly CounterToSave[]) {
  const rows = [...counters].sort((a, b) =>
    a.poolKey !== b.poolKey
      ? a.poolKey < b.poolKey
        ? -1
        : 1
      : a.userId < b.userId
        ? -1
        : a.userId > b.userId
          ? 1
          : 0,
  );
  const col = <T>(pick: (c: CounterToSave) => T) => rows.map(pick);
  return sql`
    insert into routing_counters as c (pool_key, user_id, assigned, last_assigned_at)
    select * from unnest(
      ${col((c) => c.poolKey)}::text[], ${col((c) => c.userId)}::text[],
      ${col((c) => c.assigned)}::int[], ${col((c) => c.lastAssignedAt)}::timestamptz[]
    )
    on conflict (pool_key, user_id) do update set
      assigned = excluded.assigned,
      last_assigned_at = coalesce(excluded.last_assigned_at, c.last_assigned_at)
  `;
}

/**
 * What a routed batch writes under the pools' locks, for one statement (`writeTogether`, with
 * the notifications): the round-robin counters (the picks' and any lifted ones), the decisions,
 * and the owners with their clocks. None reads what another writes.
 */
export function routingWrites(
  counters: readonly CounterToSave[],
  decisions: readonly DecisionToStore[],
  owners: readonly OwnerToSet[],
  at: Date,
): RawBuilder<unknown>[] {
  return [
    ...(counters.length > 0 ? [countersUpsert(counters)] : []),
    ...(decisions.length > 0 ? [decisionsInsert(decisions)] : []),
    ...(owners.length > 0 ? [ownersUpdate(owners, at)] : []),
  ];
}

/** Leads routed to each user since the given instant (per user: their own local midnight). */
export async function countAssignedSince(
  db: Db | Trx,
  since: Map<string, Date>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (since.size === 0) return counts;
  const rows = await db
    .selectFrom('routing_decisions')
    .select(['owner_user_id', 'decided_at'])
    .where('owner_user_id', 'in', [...since.keys()])
    .where('outcome', '=', 'assigned')
    .where('decided_at', '>=', new Date(Math.min(...[...since.values()].map((d) => d.getTime()))))
    .execute();
  for (const r of rows) {
    if (r.decided_at >= since.get(r.owner_user_id!)!)
      counts.set(r.owner_user_id!, (counts.get(r.owner_user_id!) ?? 0) + 1);
  }
  return counts;
}

export interface DecisionToStore {
  id: string;
  personId: string;
  decidedAt: Date;
  trigger: string;
  agreementVersion: number | null;
  outcome: 'assigned' | 'unassigned' | 'kept';
  ruleIndex: number | null;
  ruleName: string | null;
  step: 'qualification' | 'final' | null;
  pool: string | null;
  ownerUserId: string | null;
  previousOwnerUserId: string | null;
  checks: RuleCheck[];
  reason: string;
  actorType: string;
  actorId: string | null;
}

/** The decisions in one statement (arrays, whatever their number). */
function decisionsInsert(decisions: readonly DecisionToStore[]) {
  const col = <T>(pick: (d: DecisionToStore) => T) => decisions.map(pick);
  return sql`
    insert into routing_decisions (id, person_id, decided_at, trigger, agreement_version, outcome,
      rule_index, rule_name, step, pool, owner_user_id, previous_owner_user_id, checks, reason,
      actor_type, actor_id)
    select * from unnest(
      ${col((d) => d.id)}::text[], ${col((d) => d.personId)}::text[],
      ${col((d) => d.decidedAt)}::timestamptz[], ${col((d) => d.trigger)}::text[],
      ${col((d) => d.agreementVersion)}::int[], ${col((d) => d.outcome)}::text[],
      ${col((d) => d.ruleIndex)}::int[], ${col((d) => d.ruleName)}::text[],
      ${col((d) => d.step)}::text[], ${col((d) => d.pool)}::text[],
      ${col((d) => d.ownerUserId)}::text[], ${col((d) => d.previousOwnerUserId)}::text[],
      ${col((d) => JSON.stringify(d.checks))}::jsonb[], ${col((d) => d.reason)}::text[],
      ${col((d) => d.actorType)}::text[], ${col((d) => d.actorId)}::text[]
    )
  `;
}

export async function listDecisions(db: Db | Trx, personId: string, limit = 50): Promise<DecisionToStore[]> {
  const rows = await db
    .selectFrom('routing_decisions')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    decidedAt: r.decided_at,
    trigger: r.trigger,
    agreementVersion: r.agreement_version,
    outcome: r.outcome as DecisionToStore['outcome'],
    ruleIndex: r.rule_index,
    ruleName: r.rule_name,
    step: r.step as DecisionToStore['step'],
    pool: r.pool,
    ownerUserId: r.owner_user_id,
    previousOwnerUserId: r.previous_owner_user_id,
    checks: r.checks as RuleCheck[],
    reason: r.reason,
    actorType: r.actor_type,
    actorId: r.actor_id,
  }));
}

export interface OwnerToSet {
  personId: string;
  ownerUserId: string | null;
  routedAt: Date | null;
  firstTouchDueAt: Date | null;
  unassignedSince: Date | null;
  /** undefined: the pass rule stays as it is. */
  passRule?: string | null;
}

/** The owners (and their clocks) of many people in one statement. */
function ownersUpdate(owners: readonly OwnerToSet[], at: Date) {
  const col = <T>(pick: (o: OwnerToSet) => T) => owners.map(pick);
  return sql`
    update people as p set
      owner_user_id = v.owner_user_id,
      routed_at = v.routed_at,
      first_touch_due_at = v.first_touch_due_at,
      unassigned_since = v.unassigned_since,
      pass_rule = case when v.sets_pass_rule then v.pass_rule else p.pass_rule end,
      updated_at = ${at}
    from unnest(
      ${col((o) => o.personId)}::text[], ${col((o) => o.ownerUserId)}::text[],
      ${col((o) => o.routedAt)}::timestamptz[], ${col((o) => o.firstTouchDueAt)}::timestamptz[],
      ${col((o) => o.unassignedSince)}::timestamptz[], ${col((o) => o.passRule !== undefined)}::boolean[],
      ${col((o) => o.passRule ?? null)}::text[]
    ) as v(id, owner_user_id, routed_at, first_touch_due_at, unassigned_since, sets_pass_rule, pass_rule)
    where p.id = v.id
  `;
}

/**
 * People routing has not placed yet: MQLs and TQLs without an owner and not already waiting
 * in the unassigned queue (the sweeper retries those separately), plus named-account leads.
 */
export async function listUnrouted(db: Db | Trx, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('people as p')
    .leftJoin('accounts as a', 'a.id', 'p.account_id')
    .select('p.id')
    .where('p.owner_user_id', 'is', null)
    .where('p.erased_at', 'is', null)
    .where('p.unassigned_since', 'is', null)
    .where((eb) =>
      eb.or([
        eb('p.stage', 'in', ['mql', 'tql']),
        eb.and([eb('p.stage', '=', 'lead'), eb('a.is_named_account', '=', true)]),
      ]),
    )
    .orderBy('p.stage_entered_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The watched queue: leads no rule could place, oldest first. */
export async function listUnassigned(
  db: Db | Trx,
  options: { limit: number; waitingBefore?: Date },
): Promise<{ personId: string; since: Date; stage: string }[]> {
  let query = db
    .selectFrom('people')
    .select(['id', 'unassigned_since', 'stage'])
    .where('unassigned_since', 'is not', null)
    .where('owner_user_id', 'is', null)
    .where('stage', 'in', ['mql', 'tql'])
    .where('erased_at', 'is', null);
  if (options.waitingBefore) query = query.where('unassigned_since', '<', options.waitingBefore);
  const rows = await query.orderBy('unassigned_since').orderBy('id').limit(options.limit).execute();
  return rows.map((r) => ({ personId: r.id, since: r.unassigned_since!, stage: r.stage }));
}

/** Of these people, the leads without an owner on a named account (routed before they qualify). */
export async function listNamedAccountLeads(db: Db | Trx, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select('p.id')
    .where('p.id', 'in', [...personIds])
    .where('p.stage', '=', 'lead')
    .where('p.owner_user_id', 'is', null)
    .where('a.is_named_account', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

export interface QueueItem {
  personId: string;
  name: string;
  email: string | null;
  title: string | null;
  company: string | null;
  stage: string;
  ownerUserId: string | null;
  score: number | null;
  routedAt: Date | null;
  firstTouchDueAt: Date | null;
  unassignedSince: Date | null;
}

/**
 * A rep's queue (or the unassigned one): MQLs and TQLs awaiting sales, the most urgent
 * first (first-touch due time), then the highest score.
 */
export async function listQueue(
  db: Db | Trx,
  filter: { ownerUserId: string } | { unassigned: true },
  limit: number,
): Promise<QueueItem[]> {
  let query = db
    .selectFrom('people as p')
    .leftJoin('person_scores as s', 's.person_id', 'p.id')
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      'p.email',
      'p.title',
      'p.company',
      'p.stage',
      'p.owner_user_id',
      's.total',
      'p.routed_at',
      'p.first_touch_due_at',
      'p.unassigned_since',
    ])
    .where('p.stage', 'in', ['mql', 'tql'])
    .where('p.erased_at', 'is', null);
  query =
    'ownerUserId' in filter
      ? query.where('p.owner_user_id', '=', filter.ownerUserId)
      : query.where('p.owner_user_id', 'is', null);
  const rows = await query
    .orderBy(sql`p.first_touch_due_at asc nulls last`)
    .orderBy(sql`s.total desc nulls last`)
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    personId: r.id,
    name: [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email || r.id,
    email: r.email,
    title: r.title,
    company: r.company,
    stage: r.stage,
    ownerUserId: r.owner_user_id,
    score: r.total,
    routedAt: r.routed_at,
    firstTouchDueAt: r.first_touch_due_at,
    unassignedSince: r.unassigned_since,
  }));
}

/** A throw-away MQL (and account) for a dry run; the caller rolls the transaction back. */
export async function insertScratchLead(
  trx: Trx,
  ids: { next(prefix: string): string },
  now: Date,
  lead: Pick<HypotheticalLead, 'person' | 'account'>,
): Promise<string> {
  let accountId: string | null = null;
  if (lead.account) {
    accountId = ids.next('acc');
    await trx
      .insertInto('accounts')
      .values({
        id: accountId,
        name: lead.account.name,
        employees: lead.account.employees ?? null,
        country: lead.account.country ?? null,
        region: lead.account.region ?? null,
        owner_user_id: lead.account.ownerUserId ?? null,
        is_named_account: lead.account.namedAccount ?? false,
        is_customer: lead.account.customer ?? false,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const personId = ids.next('per');
  await trx
    .insertInto('people')
    .values({
      id: personId,
      email: null,
      first_name: 'Routing',
      last_name: 'Test',
      title: lead.person?.title ?? null,
      country: lead.person?.country ?? null,
      employees: lead.person?.employees ?? null,
      lead_source: lead.person?.leadSource ?? null,
      account_id: accountId,
      stage: 'mql',
      stage_entered_at: now,
      attributes: '{}',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return personId;
}
