import { sql } from 'kysely';
import type { Db } from '../store/index.js';

/**
 * The live figures the agendas read that no report already serves: bounded by the meeting's
 * period and bound instants (never `now()`), so a regenerated agenda of a past meeting reads
 * what was known by then, as far as the log allows.
 */

interface Range {
  start: Date;
  end: Date;
}

/** People who became MQLs within the range (first entry), with their owner. */
export async function mqlsDelivered(
  db: Db,
  r: Range,
): Promise<{ total: number; unassigned: number; byOwner: { owner: string; mqls: number }[] }> {
  const rows = await db
    .selectFrom('stage_history as h')
    .innerJoin('people as p', 'p.id', 'h.person_id')
    .leftJoin('users as u', 'u.id', 'p.owner_user_id')
    .select([
      sql<string | null>`u.name`.as('owner'),
      sql<number>`count(distinct h.person_id)::int8`.as('mqls'),
    ])
    .where('h.to_stage', '=', 'mql')
    .where('h.at', '>=', r.start)
    .where('h.at', '<', r.end)
    .groupBy('u.name')
    .orderBy(sql`count(distinct h.person_id)`, 'desc')
    .orderBy('u.name')
    .execute();
  const byOwner = rows.map((row) => ({ owner: row.owner ?? 'unassigned', mqls: Number(row.mqls) }));
  return {
    total: byOwner.reduce((sum, o) => sum + o.mqls, 0),
    unassigned: byOwner.find((o) => o.owner === 'unassigned')?.mqls ?? 0,
    byOwner,
  };
}

export interface ClockLine {
  policy: string;
  personId: string | null;
  owner: string | null;
  dueAt: Date;
}

/**
 * SLA clocks to act on at `asOf`: breached and still unanswered, and running ones falling due
 * within `horizonMs`, as they stood then (a clock stopped later was still open). Reminder
 * clocks (`fired`) are not promises. Oldest due first.
 */
export async function clocksToAct(
  db: Db,
  asOf: Date,
  horizonMs: number,
  limit: number,
): Promise<{ breached: number; atRisk: number; lines: (ClockLine & { state: 'breached' | 'at_risk' })[] }> {
  const horizon = new Date(asOf.getTime() + horizonMs);
  const rows = await db
    .selectFrom('sla_clocks as c')
    .leftJoin('users as u', 'u.id', 'c.accountable_user_id')
    .select(['c.policy', 'c.person_id', 'c.due_at', 'u.name as owner'])
    .select(
      sql<'breached' | 'at_risk'>`case when c.due_at <= ${asOf} then 'breached' else 'at_risk' end`.as(
        'state',
      ),
    )
    .select(sql<number>`count(*) over (partition by c.due_at <= ${asOf})`.as('total'))
    .where('c.started_at', '<=', asOf)
    .where((eb) => eb.or([eb('c.stopped_at', 'is', null), eb('c.stopped_at', '>', asOf)]))
    .where('c.status', '!=', 'fired')
    .where('c.due_at', '<', horizon)
    .orderBy('c.due_at')
    .orderBy('c.id')
    .execute();
  const count = (state: string) => Number(rows.find((r) => r.state === state)?.total ?? 0);
  return {
    breached: count('breached'),
    atRisk: count('at_risk'),
    lines: rows.slice(0, limit).map((r) => ({
      policy: r.policy,
      personId: r.person_id,
      owner: r.owner,
      dueAt: r.due_at,
      state: r.state,
    })),
  };
}

/** Sales' answers to MQLs within the range: accepted (SQL), disqualified by code, recycled (nurture). */
export async function dispositions(
  db: Db,
  r: Range,
): Promise<{
  accepted: number;
  disqualified: number;
  recycled: number;
  dqCodes: { code: string; count: number }[];
}> {
  const rows = await db
    .selectFrom('stage_history')
    .select(['to_stage', 'reason_code', sql<number>`count(*)::int8`.as('n')])
    .where('to_stage', 'in', ['sql', 'disqualified', 'nurture'])
    .where('at', '>=', r.start)
    .where('at', '<', r.end)
    .groupBy(['to_stage', 'reason_code'])
    .execute();
  const sum = (stage: string) =>
    rows.filter((x) => x.to_stage === stage).reduce((s, x) => s + Number(x.n), 0);
  return {
    accepted: sum('sql'),
    disqualified: sum('disqualified'),
    recycled: sum('nurture'),
    dqCodes: rows
      .filter((x) => x.to_stage === 'disqualified')
      .map((x) => ({ code: x.reason_code ?? 'no code', count: Number(x.n) }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}

/** Open deals with no activity on the deal or its contact for `idleDays` at `asOf`, largest first. */
export async function stalledDeals(
  db: Db,
  asOf: Date,
  idleDays: number,
  limit: number,
): Promise<{
  count: number;
  deals: { name: string; owner: string | null; amountCents: number; currency: string }[];
}> {
  const cutoff = new Date(asOf.getTime() - idleDays * 86_400_000);
  const rows = await db
    .selectFrom('opportunities as o')
    .leftJoin('users as u', 'u.id', 'o.owner_user_id')
    .select(['o.name', 'u.name as owner', 'o.amount_cents', 'o.currency'])
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('o.outcome', 'is', null)
    .where('o.created_at', '<=', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('activities as a')
            .select('a.id')
            .where('a.occurred_at', '>', cutoff)
            .where('a.occurred_at', '<=', asOf)
            .where((eb) =>
              eb.or([
                eb('a.opportunity_id', '=', eb.ref('o.id')),
                eb.and([eb('o.person_id', 'is not', null), eb('a.person_id', '=', eb.ref('o.person_id'))]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('o.amount_cents', 'desc')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  return {
    count: Number(rows[0]?.total ?? 0),
    deals: rows.map((r) => ({
      name: r.name,
      owner: r.owner,
      amountCents: Number(r.amount_cents),
      currency: r.currency,
    })),
  };
}

/** The content request queue at `asOf`: open by status, overdue, delivered within the range. */
export async function contentQueue(
  db: Db,
  r: Range,
  asOf: Date,
): Promise<{
  open: number;
  inProgress: number;
  overdue: number;
  deliveredInPeriod: number;
  requestedInPeriod: number;
}> {
  const row = await db
    .selectFrom('content_requests')
    .select([
      sql<number>`count(*) filter (where status = 'open' and requested_at <= ${asOf})`.as('open'),
      sql<number>`count(*) filter (where status = 'in_progress' and requested_at <= ${asOf})`.as(
        'in_progress',
      ),
      sql<number>`count(*) filter (where status in ('open', 'in_progress') and due_at < ${asOf})`.as(
        'overdue',
      ),
      sql<number>`count(*) filter (where delivered_at >= ${r.start} and delivered_at < ${r.end})`.as(
        'delivered',
      ),
      sql<number>`count(*) filter (where requested_at >= ${r.start} and requested_at < ${r.end})`.as(
        'requested',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    open: Number(row.open),
    inProgress: Number(row.in_progress),
    overdue: Number(row.overdue),
    deliveredInPeriod: Number(row.delivered),
    requestedInPeriod: Number(row.requested),
  };
}

/** Deals lost within the range per competitor named at close, and DQ-05 rejections (seed: lost to competitor). */
export async function competitorLosses(
  db: Db,
  r: Range,
): Promise<{ lost: { competitor: string; deals: number; cents: number }[]; dq05: number }> {
  const [lost, dq] = await Promise.all([
    db
      .selectFrom('opportunities')
      .select([
        'competitor',
        sql<number>`count(*)::int8`.as('deals'),
        sql<number>`sum(amount_cents)::int8`.as('cents'),
      ])
      .where('outcome', '=', 'lost')
      .where('competitor', 'is not', null)
      .where('closed_at', '>=', r.start)
      .where('closed_at', '<', r.end)
      .groupBy('competitor')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('competitor')
      .execute(),
    db
      .selectFrom('stage_history')
      .select(sql<number>`count(*)::int8`.as('n'))
      .where('to_stage', '=', 'disqualified')
      .where('reason_code', '=', 'DQ-05')
      .where('at', '>=', r.start)
      .where('at', '<', r.end)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    lost: lost.map((x) => ({
      competitor: x.competitor ?? '',
      deals: Number(x.deals),
      cents: Number(x.cents),
    })),
    dq05: Number(dq.n),
  };
}

/** Funnel entries (first entry per person and stage) and won revenue within the range. */
export async function periodActuals(
  db: Db,
  r: Range,
  currency: string,
): Promise<{ mqls: number; sqls: number; opportunities: number; won: number; wonCents: number }> {
  const [stages, won] = await Promise.all([
    db
      .selectFrom('stage_history')
      .select(['to_stage', sql<number>`count(distinct person_id)::int8`.as('n')])
      .where('to_stage', 'in', ['mql', 'sql', 'opportunity'])
      .where('at', '>=', r.start)
      .where('at', '<', r.end)
      .groupBy('to_stage')
      .execute(),
    db
      .selectFrom('opportunities')
      .select([
        sql<number>`count(*)::int8`.as('n'),
        sql<number>`coalesce(sum(amount_cents), 0)::int8`.as('cents'),
      ])
      .where('outcome', '=', 'won')
      .where('currency', '=', currency)
      .where('closed_at', '>=', r.start)
      .where('closed_at', '<', r.end)
      .executeTakeFirstOrThrow(),
  ]);
  const count = (stage: string) => Number(stages.find((s) => s.to_stage === stage)?.n ?? 0);
  return {
    mqls: count('mql'),
    sqls: count('sql'),
    opportunities: count('opportunity'),
    won: Number(won.n),
    wonCents: Number(won.cents),
  };
}
