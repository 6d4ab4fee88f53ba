import { type RawBuilder, sql } from 'kysely';
import { anyText, chunks, type Db, type Trx } from '../store/index.js';
import type { ClockEvent } from './clock-model.js';
import type { ClockStop } from './policies.js';

/** Unseen events of the three kinds, oldest first, claimed so that two sweepers never share one. */
export async function claimEvents(trx: Trx, limit: number): Promise<{ events: ClockEvent[]; marks: Marks }> {
  const stages = await trx
    .selectFrom('stage_history')
    .select(['id', 'person_id', 'from_stage', 'to_stage', 'at'])
    .where('sla_seen', '=', false)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const routes = await trx
    .selectFrom('routing_decisions')
    .select(['id', 'person_id', 'owner_user_id', 'decided_at', 'trigger', 'outcome'])
    .where('sla_seen', '=', false)
    .orderBy('decided_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const touches = await trx
    .selectFrom('activities')
    .select(['id', 'person_id', 'user_id', 'occurred_at', 'direction'])
    .where('sla_seen', '=', false)
    .orderBy('occurred_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const events: ClockEvent[] = [
    ...stages.map((s) => ({
      kind: 'stage' as const,
      personId: s.person_id,
      at: s.at,
      from: s.from_stage,
      to: s.to_stage,
    })),
    ...routes
      .filter((r) => r.outcome !== 'unassigned' && r.owner_user_id)
      .map((r) => ({
        kind: 'routed' as const,
        personId: r.person_id,
        at: r.decided_at,
        ownerUserId: r.owner_user_id!,
        trigger: r.trigger,
      })),
    ...touches
      .filter((t) => t.person_id && t.user_id && t.direction === 'outbound')
      .map((t) => ({
        kind: 'touch' as const,
        personId: t.person_id!,
        at: t.occurred_at,
        userId: t.user_id!,
      })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    events,
    marks: {
      stages: stages.map((s) => s.id),
      routes: routes.map((r) => r.id),
      touches: touches.map((t) => t.id),
    },
  };
}

export interface Marks {
  stages: number[];
  routes: string[];
  touches: string[];
}

export async function markSeen(trx: Trx, marks: Marks): Promise<void> {
  if (marks.stages.length > 0)
    await trx.updateTable('stage_history').set({ sla_seen: true }).where('id', 'in', marks.stages).execute();
  if (marks.routes.length > 0)
    await trx
      .updateTable('routing_decisions')
      .set({ sla_seen: true })
      .where('id', '=', anyText(marks.routes))
      .execute();
  if (marks.touches.length > 0)
    await trx
      .updateTable('activities')
      .set({ sla_seen: true })
      .where('id', '=', anyText(marks.touches))
      .execute();
}

/**
 * The instants at which the slice's people reached each of `stops` at or after `since`, oldest
 * first: what a new clock waits for may already be stored (stored events are taken in slices,
 * so a stop can be seen before its start). One statement for every person and kind of stop.
 */
export async function listStopsSince(
  db: Db | Trx,
  personIds: readonly string[],
  stops: readonly ClockStop[],
  since: Date,
): Promise<Map<ClockStop, Map<string, Date[]>>> {
  const found = new Map<ClockStop, Map<string, Date[]>>();
  const ids = anyText(personIds);
  const branches: Record<Exclude<ClockStop, 'none'>, RawBuilder<unknown>> = {
    routed: sql`select 'routed' as stop, person_id, decided_at as at from routing_decisions
      where person_id = ${ids} and outcome <> 'unassigned' and decided_at >= ${since}`,
    first_touch: sql`select 'first_touch', person_id, occurred_at from activities
      where person_id = ${ids} and user_id is not null and direction = 'outbound' and occurred_at >= ${since}`,
    opportunity: sql`select 'opportunity', person_id, at from stage_history
      where person_id = ${ids} and at >= ${since} and to_stage = 'opportunity'`,
    dispositioned: sql`select 'dispositioned', person_id, at from stage_history
      where person_id = ${ids} and at >= ${since} and from_stage in ('mql', 'tql')
        and to_stage in ('sql', 'disqualified', 'nurture', 'opportunity')`,
  };
  const wanted = [...new Set(stops)].flatMap((stop) => (stop === 'none' ? [] : [branches[stop]]));
  if (personIds.length === 0 || wanted.length === 0) return found;
  const { rows } = await sql<{ stop: ClockStop; person_id: string; at: Date }>`
    ${sql.join(wanted, sql` union all `)} order by at
  `.execute(db);
  for (const row of rows) {
    const byPerson = found.get(row.stop) ?? new Map<string, Date[]>();
    found.set(row.stop, byPerson);
    const list = byPerson.get(row.person_id) ?? [];
    list.push(row.at);
    byPerson.set(row.person_id, list);
  }
  return found;
}

export interface ClockRow {
  id: string;
  policy: string;
  /** The person the promise is about; null for a content request's clock. */
  personId: string | null;
  /** The content request whose turnaround the clock measures (content/). */
  contentRequestId: string | null;
  /** The closed opportunity whose win/loss feedback the clock waits for (feedback/). */
  opportunityId: string | null;
  agreementVersion: number;
  startedAt: Date;
  dueAt: Date;
  stoppedAt: Date | null;
  status: 'running' | 'met' | 'breached' | 'cancelled' | 'fired';
  breachedAt: Date | null;
  accountableUserId: string | null;
  escalationLevel: number;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgement: string | null;
}

type Row = Awaited<ReturnType<typeof selectClocks>>[number];
function selectClocks(db: Db | Trx) {
  return db.selectFrom('sla_clocks').selectAll().execute();
}

export function toClock(r: Row): ClockRow {
  return {
    id: r.id,
    policy: r.policy,
    personId: r.person_id,
    contentRequestId: r.content_request_id,
    opportunityId: r.opportunity_id,
    agreementVersion: r.agreement_version,
    startedAt: r.started_at,
    dueAt: r.due_at,
    stoppedAt: r.stopped_at,
    status: r.status as ClockRow['status'],
    breachedAt: r.breached_at,
    accountableUserId: r.accountable_user_id,
    escalationLevel: r.escalation_level,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    acknowledgement: r.acknowledgement,
  };
}

export async function insertClock(trx: Trx, c: ClockRow, at: Date): Promise<void> {
  await insertClocks(trx, [c], at);
}

/** New clocks, as few statements as the parameter limit allows. */
export async function insertClocks(trx: Trx, clocks: readonly ClockRow[], at: Date): Promise<void> {
  for (const part of chunks(clocks, 13)) {
    await trx
      .insertInto('sla_clocks')
      .values(
        part.map((c) => ({
          id: c.id,
          policy: c.policy,
          person_id: c.personId,
          content_request_id: c.contentRequestId,
          opportunity_id: c.opportunityId,
          agreement_version: c.agreementVersion,
          started_at: c.startedAt,
          due_at: c.dueAt,
          stopped_at: c.stoppedAt,
          status: c.status,
          breached_at: c.breachedAt,
          accountable_user_id: c.accountableUserId,
          created_at: at,
        })),
      )
      .execute();
  }
}

/**
 * The running (or breached, not yet stopped) clocks of these people for these policies,
 * locked to the commit, by person: one read for a whole slice of clock events.
 */
export async function listRunning(
  trx: Trx,
  personIds: readonly string[],
  policies: readonly string[],
): Promise<Map<string, ClockRow[]>> {
  const byPerson = new Map<string, ClockRow[]>();
  if (policies.length === 0 || personIds.length === 0) return byPerson;
  const rows = await trx
    .selectFrom('sla_clocks')
    .selectAll()
    .where('person_id', '=', anyText(personIds))
    .where('policy', 'in', policies)
    .where('stopped_at', 'is', null)
    .where('status', 'in', ['running', 'breached'])
    .orderBy('person_id')
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const clock of rows.map(toClock)) {
    const list = byPerson.get(clock.personId!) ?? [];
    list.push(clock);
    byPerson.set(clock.personId!, list);
  }
  return byPerson;
}

/** A stop decided in memory, written with its slice's others. */
export interface ClockStopToSave {
  id: string;
  at: Date;
  status: 'met' | 'breached' | 'cancelled';
  /** A clock stopped late that no sweep had marked yet: breached when it fell due. */
  breachedAt: Date | null;
}

/** Stops these clocks in one statement (a breach already marked keeps its instant). */
export async function stopClocks(trx: Trx, stops: readonly ClockStopToSave[]): Promise<void> {
  if (stops.length === 0) return;
  const sorted = [...stops].sort((a, b) => (a.id < b.id ? -1 : 1));
  await sql`
    update sla_clocks c
    set stopped_at = x.at, status = x.status, breached_at = coalesce(c.breached_at, x.breached)
    from unnest(${sorted.map((s) => s.id)}::text[], ${sorted.map((s) => s.at)}::timestamptz[],
      ${sorted.map((s) => s.status)}::text[], ${sorted.map((s) => s.breachedAt)}::timestamptz[])
      as x(id, at, status, breached)
    where c.id = x.id
  `.execute(trx);
}

/**
 * The open clock (running, or breached and not yet stopped) of a content request or of an
 * opportunity's policy, the latest if several, locked for the caller's transaction.
 */
export async function findOpenClockOf(
  trx: Trx,
  subject: { contentRequestId: string } | { opportunityId: string; policy: string },
): Promise<ClockRow | undefined> {
  let query = trx.selectFrom('sla_clocks').selectAll().where('stopped_at', 'is', null);
  query =
    'contentRequestId' in subject
      ? query.where('content_request_id', '=', subject.contentRequestId)
      : query.where('opportunity_id', '=', subject.opportunityId).where('policy', '=', subject.policy);
  const row = await query.orderBy('started_at', 'desc').limit(1).forUpdate().executeTakeFirst();
  return row && toClock(row);
}

/**
 * Stops an open clock at `at`: in time is met; late, or already breached, is breached (since
 * its due if no sweep marked it); `cancel` stops it as cancelled.
 */
export async function stopOpenClock(trx: Trx, clock: ClockRow, at: Date, cancel = false): Promise<ClockRow> {
  const late = clock.status === 'breached' || at.getTime() > clock.dueAt.getTime();
  const status = cancel ? 'cancelled' : late ? 'breached' : 'met';
  const row = await trx
    .updateTable('sla_clocks')
    .set({
      stopped_at: at,
      status,
      breached_at: status === 'breached' ? (clock.breachedAt ?? clock.dueAt) : clock.breachedAt,
    })
    .where('id', '=', clock.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toClock(row);
}

/** A clock the sweeper just marked, as its notices need it. */
export interface DueClock {
  id: string;
  policy: string;
  personId: string | null;
  contentRequestId: string | null;
  opportunityId: string | null;
  startedAt: Date;
  dueAt: Date;
  status: 'breached' | 'fired';
  accountableUserId: string | null;
}

/**
 * Marks running clocks past `before` in one statement: up to `limit`, oldest due first, set
 * breached at their due instant (or fired, for reminder policies). Exactly once with several
 * sweepers: the update re-checks `status = 'running'` on a row another sweeper is changing
 * (PostgreSQL re-evaluates it after that commit), so the second skips it and `returning` gives
 * each clock to one sweeper only. No separate `FOR UPDATE`: locking and then updating the same
 * rows would write each twice (bench/sla).
 */
export async function claimAndMarkDue(
  trx: Trx,
  before: Date,
  limit: number,
  reminderPolicies: readonly string[],
): Promise<DueClock[]> {
  const reminders = [...reminderPolicies];
  const rows = await sql<{
    id: string;
    policy: string;
    person_id: string | null;
    content_request_id: string | null;
    opportunity_id: string | null;
    started_at: Date;
    due_at: Date;
    status: 'breached' | 'fired';
    accountable_user_id: string | null;
  }>`
    update sla_clocks c set
      status = case when c.policy = any(${reminders}::text[]) then 'fired' else 'breached' end,
      breached_at = case when c.policy = any(${reminders}::text[]) then null else c.due_at end
    where c.status = 'running' and c.id in (
      select id from sla_clocks where status = 'running' and due_at <= ${before}
      order by due_at limit ${limit}
    )
    returning c.id, c.policy, c.person_id, c.content_request_id, c.opportunity_id, c.started_at, c.due_at, c.status, c.accountable_user_id`.execute(
    trx,
  );
  return rows.rows.map((r) => ({
    id: r.id,
    policy: r.policy,
    personId: r.person_id,
    contentRequestId: r.content_request_id,
    opportunityId: r.opportunity_id,
    startedAt: r.started_at,
    dueAt: r.due_at,
    status: r.status,
    accountableUserId: r.accountable_user_id,
  }));
}

/** Open breaches (not stopped, not acknowledged) that may need an escalation step. */
export async function claimOpenBreaches(
  trx: Trx,
  before: Date,
  maxLevel: number,
  limit: number,
): Promise<ClockRow[]> {
  const rows = await trx
    .selectFrom('sla_clocks')
    .selectAll()
    .where('status', '=', 'breached')
    .where('stopped_at', 'is', null)
    .where('acknowledged_at', 'is', null)
    .where('escalation_level', '<', maxLevel)
    .where('breached_at', '<=', before)
    .orderBy('breached_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map(toClock);
}

export async function setEscalationLevel(trx: Trx, id: string, level: number): Promise<void> {
  await trx.updateTable('sla_clocks').set({ escalation_level: level }).where('id', '=', id).execute();
}

/** The accountable user's team lead (their manager, else their team's) and that lead's manager (the VP). */
export async function findEscalationChain(
  db: Db | Trx,
  userId: string | null,
): Promise<{ teamLead: string | null; vp: string | null }> {
  if (!userId) return { teamLead: null, vp: null };
  const managerOf = async (id: string) => {
    const row = await db
      .selectFrom('users as u')
      .leftJoin('teams as t', 't.id', 'u.team_id')
      .select(['u.manager_user_id', 't.manager_user_id as team_manager'])
      .where('u.id', '=', id)
      .executeTakeFirst();
    const manager = row?.manager_user_id ?? row?.team_manager ?? null;
    return manager === id ? null : manager;
  };
  const teamLead = await managerOf(userId);
  const vp = teamLead ? await managerOf(teamLead) : null;
  return { teamLead, vp: vp ?? teamLead };
}

/** The current owner of each of `personIds` (absent: no such person). */
export async function findOwners(
  db: Db | Trx,
  personIds: readonly string[],
): Promise<Map<string, string | null>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'owner_user_id'])
    .where('id', '=', anyText(personIds))
    .execute();
  return new Map(rows.map((r) => [r.id, r.owner_user_id]));
}
