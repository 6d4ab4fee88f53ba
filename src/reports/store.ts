import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../store/index.js';

/**
 * The SQL of the reports. Every query is bounded by a time range on an indexed column
 * (`stage_history (to_stage, at)`, `sla_clocks (policy, started_at)`, `opportunities
 * (closed_at)`, migration 0011), so a month of data is read, never the whole history.
 */

export interface Range {
  start: Date;
  end: Date;
}

/** The stages of the shared funnel the reports follow, in order (seed 001's Monthly report rows). */
export const FUNNEL_STAGES = ['lead', 'mql', 'sql', 'opportunity', 'customer'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/**
 * Runs one report query with JIT compilation off and room to hash and sort in memory. The
 * planner costs these bounded aggregates above `jit_above_cost`, and compiling them (0.3-0.5 s
 * on the bench's server) costs more than it saves; with the default 4 MB of `work_mem` a
 * month of stage entries (~120,000 at 1M people) spills its grouping and sort to disk
 * (bench/README.md). `set local` keeps both settings to this transaction.
 */
export async function reportQuery<R>(db: Db, query: RawBuilder<R>): Promise<R[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    return (await query.execute(trx)).rows;
  });
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** People who entered each funnel stage within the range (each person once a stage). */
export async function countStageEntries(db: Db, r: Range): Promise<Record<FunnelStage, number>> {
  const rows = await reportQuery(
    db,
    sql<{ stage: string; n: string }>`
    select to_stage as stage, count(distinct person_id) as n from stage_history
     where to_stage in ('lead', 'mql', 'sql', 'opportunity', 'customer')
       and at >= ${r.start} and at < ${r.end}
     group by to_stage`,
  );
  const out = { lead: 0, mql: 0, sql: 0, opportunity: 0, customer: 0 };
  for (const row of rows) out[row.stage as FunnelStage] = num(row.n);
  return out;
}

/**
 * Speed-to-lead from the `mql_first_touch` clocks (started by the MQL's routing, the MQL
 * notification; stopped by the first sales activity) started in the range: the median of the
 * answered ones, and the counts per seed bucket. A clock still unanswered after 24 hours is in
 * the "> 24 hours" bucket already; one unanswered for less is waiting and not counted.
 */
export async function speedToLead(
  db: Db,
  r: Range,
  now: Date,
): Promise<{ medianMs: number | null; answered: number; waiting: number; buckets: Record<string, number> }> {
  const rows = await reportQuery(
    db,
    sql<Record<string, string | null>>`
    with c as (
      select extract(epoch from (stopped_at - started_at))::float8 * 1000 as ms,
             stopped_at is not null as answered, started_at
        from sla_clocks
       where policy = 'mql_first_touch' and started_at >= ${r.start} and started_at < ${r.end}
         and status in ('met', 'breached', 'running')
    )
    select percentile_cont(0.5) within group (order by ms) filter (where answered) as median,
           count(*) filter (where answered) as answered,
           count(*) filter (where not answered and started_at > ${now}::timestamptz - interval '24 hours') as waiting,
           count(*) filter (where answered and ms < 300000) as under_5m,
           count(*) filter (where answered and ms >= 300000 and ms < 1800000) as "5_30m",
           count(*) filter (where answered and ms >= 1800000 and ms < 3600000) as "30_60m",
           count(*) filter (where answered and ms >= 3600000 and ms < 86400000) as "1_24h",
           count(*) filter (where (answered and ms >= 86400000)
             or (not answered and started_at <= ${now}::timestamptz - interval '24 hours')) as over_24h
      from c`,
  );
  const row = rows[0] ?? {};
  return {
    medianMs: numOrNull(row.median),
    answered: num(row.answered),
    waiting: num(row.waiting),
    buckets: {
      under_5m: num(row.under_5m),
      '5_30m': num(row['5_30m']),
      '30_60m': num(row['30_60m']),
      '1_24h': num(row['1_24h']),
      over_24h: num(row.over_24h),
    },
  };
}

/**
 * Deals closed in the range in `currency`: won count and amount, lost count, and the median
 * days from SQL to close of the won ones (the person's last SQL entry before the close; the
 * opportunity's creation when its contact never passed SQL).
 */
export async function closedDeals(
  db: Db,
  r: Range,
  currency: string,
): Promise<{ won: number; wonCents: number; lost: number; cycleMedianDays: number | null }> {
  const rows = await reportQuery(
    db,
    sql<Record<string, string | null>>`
    select count(*) filter (where outcome = 'won') as won,
           coalesce(sum(amount_cents) filter (where outcome = 'won'), 0)::int8 as won_cents,
           count(*) filter (where outcome = 'lost') as lost,
           percentile_cont(0.5) within group (order by extract(epoch from (o.closed_at - coalesce(
             (select max(h.at) from stage_history h
               where h.person_id = o.person_id and h.to_stage = 'sql' and h.at <= o.closed_at),
             o.created_at)))::float8 / 86400) filter (where outcome = 'won') as cycle
      from opportunities o
     where closed_at >= ${r.start} and closed_at < ${r.end} and currency = ${currency}`,
  );
  const row = rows[0] ?? {};
  return {
    won: num(row.won),
    wonCents: num(row.won_cents),
    lost: num(row.lost),
    cycleMedianDays: numOrNull(row.cycle),
  };
}

/**
 * Campaign cost spread over the range: each dated campaign's cost pro rata over the days of
 * its run that fall in the range (a campaign without both dates has no run and is not counted).
 */
export async function campaignCost(
  db: Db,
  r: Range,
  currency: string,
): Promise<{ cents: number; undated: number }> {
  const from = r.start.toISOString().slice(0, 10);
  const until = r.end.toISOString().slice(0, 10);
  const rows = await reportQuery(
    db,
    sql<{ cents: string | null; undated: string }>`
    select round(coalesce(sum(cost_cents::numeric
             * greatest(0, least(ends_on + 1, ${until}::date) - greatest(starts_on, ${from}::date))
             / (ends_on - starts_on + 1)) filter (where starts_on is not null and ends_on is not null), 0))::int8 as cents,
           count(*) filter (where (starts_on is null or ends_on is null) and cost_cents > 0) as undated
      from campaigns
     where currency = ${currency}
       and (starts_on is null or ends_on is null or (starts_on < ${until}::date and ends_on >= ${from}::date))`,
  );
  return { cents: num(rows[0]?.cents), undated: num(rows[0]?.undated) };
}

/** Open opportunities in `currency` whose close date lies within the range's days. */
export async function openPipeline(db: Db, r: Range, currency: string): Promise<number> {
  const last = new Date(r.end.getTime() - 86_400_000).toISOString().slice(0, 10);
  const rows = await reportQuery(
    db,
    sql<{ cents: string | null }>`
    select coalesce(sum(amount_cents), 0)::int8 as cents from opportunities
     where outcome is null and currency = ${currency}
       and close_date >= ${r.start.toISOString().slice(0, 10)}::date and close_date <= ${last}::date`,
  );
  return num(rows[0]?.cents);
}

/**
 * Clocks started in the range with a verdict, per policy: met, or breached (stopped late or
 * overdue). The policies are found by skipping through `sla_clocks (policy, started_at)
 * include (status, stopped_at, due_at)` (migration 0011), one probe each, and each policy's
 * range is then read from that index alone, instead of the range's heap rows by start time.
 */
export async function clockVerdicts(
  db: Db,
  r: Range,
  now: Date,
): Promise<{ policy: string; judged: number; breached: number }[]> {
  const rows = await reportQuery(
    db,
    sql<{ policy: string; judged: string; breached: string }>`
    with recursive p(policy) as (
      select min(policy) from sla_clocks
      union all
      select (select min(c.policy) from sla_clocks c where c.policy > p.policy) from p where p.policy is not null
    )
    select p.policy, v.judged, v.breached
      from p cross join lateral (
        select count(*) filter (where status in ('met', 'breached') or due_at < ${now}) as judged,
               count(*) filter (where status = 'breached' or (status = 'running' and due_at < ${now})) as breached
          from sla_clocks c
         where c.policy = p.policy and c.started_at >= ${r.start} and c.started_at < ${r.end}
           and c.status in ('met', 'breached', 'running')
        having count(*) > 0
      ) v
     where p.policy is not null
     order by p.policy`,
  );
  return rows.map((row) => ({ policy: row.policy, judged: num(row.judged), breached: num(row.breached) }));
}

/** Disqualifications of the range by reason code, most frequent first. */
export async function dqCodes(db: Db, r: Range, limit = 3): Promise<{ code: string; count: number }[]> {
  const rows = await reportQuery(
    db,
    sql<{ code: string | null; n: string }>`
    select reason_code as code, count(*) as n from stage_history
     where to_stage = 'disqualified' and at >= ${r.start} and at < ${r.end}
     group by reason_code order by count(*) desc, reason_code limit ${limit}`,
  );
  return rows.map((row) => ({ code: row.code ?? 'no code', count: num(row.n) }));
}

/** Current scores of the range's MQLs that later reached SQL, and of those later disqualified. */
export async function mqlScores(
  db: Db,
  r: Range,
): Promise<{ acceptedAvg: number | null; accepted: number; rejectedAvg: number | null; rejected: number }> {
  const rows = await reportQuery(
    db,
    sql<Record<string, string | null>>`
    with m as (
      select person_id, min(at) as at from stage_history
       where to_stage = 'mql' and at >= ${r.start} and at < ${r.end} group by person_id
    ), v as materialized (
      -- materialized: each probe once an MQL (inlined, the four aggregates' filters ran them
      -- six times); the score by key (offset 0), not a hash of every person's score
      select m.person_id, s.total,
        exists (select 1 from stage_history x where x.person_id = m.person_id and x.to_stage = 'sql' and x.at >= m.at) as accepted,
        exists (select 1 from stage_history x where x.person_id = m.person_id and x.to_stage = 'disqualified' and x.at >= m.at) as rejected
      from m cross join lateral (select s.total from person_scores s where s.person_id = m.person_id offset 0) s
    )
    select avg(total) filter (where accepted)::float8 as accepted_avg, count(*) filter (where accepted) as accepted,
           avg(total) filter (where rejected and not accepted)::float8 as rejected_avg,
           count(*) filter (where rejected and not accepted) as rejected
      from v`,
  );
  const row = rows[0] ?? {};
  return {
    acceptedAvg: numOrNull(row.accepted_avg),
    accepted: num(row.accepted),
    rejectedAvg: numOrNull(row.rejected_avg),
    rejected: num(row.rejected),
  };
}

/** MQLs of the range (first MQL entry in it), and how many of them reached SQL since. */
export async function mqlAcceptance(db: Db, r: Range): Promise<{ mqls: number; accepted: number }> {
  const rows = await reportQuery(
    db,
    sql<{ mqls: string; accepted: string }>`
    with m as (
      select person_id, min(at) as at from stage_history
       where to_stage = 'mql' and at >= ${r.start} and at < ${r.end} group by person_id
    )
    select count(*) as mqls,
           count(*) filter (where exists (select 1 from stage_history x
             where x.person_id = m.person_id and x.to_stage = 'sql' and x.at >= m.at)) as accepted
      from m`,
  );
  return { mqls: num(rows[0]?.mqls), accepted: num(rows[0]?.accepted) };
}
