import { sql } from 'kysely';
import type { Db } from '../store/index.js';
import { reportQuery } from './store.js';
import type { Range } from './store.js';

/** The deal inspection and campaign impact queries of the weekly pipeline review. */

export interface DealLine {
  id: string;
  name: string;
  account: string | null;
  owner: string | null;
  stage: string;
  amountCents: number;
  currency: string;
  closeDate: string | null;
  nextStep: string | null;
  lastActivityAt: Date | null;
  /** Days since the last activity (or the creation) at the review's instant. */
  idleDays: number;
}

function columns(asOf: Date) {
  // The same instant in both sub-queries; bound, never now().
  return sql`o.id, o.name, a.name as account, u.name as owner, o.stage, o.amount_cents, o.currency,
    to_char(o.close_date, 'YYYY-MM-DD') as close_date, o.next_step, o.created_at,
    greatest(
      (select max(x.occurred_at) from activities x where x.opportunity_id = o.id and x.occurred_at <= ${asOf}),
      (select max(x.occurred_at) from activities x where x.person_id = o.person_id and x.occurred_at <= ${asOf})
    ) as last_activity_at`;
}

function toLine(row: Record<string, unknown>, asOf: Date): DealLine {
  const last = row.last_activity_at ? new Date(row.last_activity_at as string) : null;
  const since = last ?? new Date(row.created_at as string);
  return {
    id: String(row.id),
    name: String(row.name),
    account: (row.account as string | null) ?? null,
    owner: (row.owner as string | null) ?? null,
    stage: String(row.stage),
    amountCents: Number(row.amount_cents),
    currency: String(row.currency),
    closeDate: (row.close_date as string | null) ?? null,
    nextStep: (row.next_step as string | null) ?? null,
    lastActivityAt: last,
    idleDays: Math.floor((asOf.getTime() - since.getTime()) / 86_400_000),
  };
}

/** Open deals whose close date falls in the month, largest first. */
export async function dealsClosing(
  db: Db,
  month: { from: string; to: string },
  asOf: Date,
  limit: number,
): Promise<{ deals: DealLine[]; count: number }> {
  const rows = await reportQuery(
    db,
    sql<Record<string, unknown>>`
    select ${columns(asOf)}, count(*) over () as total
      from opportunities o left join accounts a on a.id = o.account_id left join users u on u.id = o.owner_user_id
     where o.outcome is null and o.close_date >= ${month.from}::date and o.close_date <= ${month.to}::date
     order by o.amount_cents desc, o.id limit ${limit}`,
  );
  return { deals: rows.map((r) => toLine(r, asOf)), count: Number(rows[0]?.total ?? 0) };
}

/**
 * Open deals with no sales activity on the deal or its contact for `idleDays` or more (a deal
 * created since then is not stalled), largest first.
 */
export async function stalledDeals(
  db: Db,
  asOf: Date,
  idleDays: number,
  limit: number,
): Promise<{ deals: DealLine[]; count: number }> {
  const cutoff = new Date(asOf.getTime() - idleDays * 86_400_000);
  const rows = await reportQuery(
    db,
    sql<Record<string, unknown>>`
    select * from (
      select ${columns(asOf)}
        from opportunities o left join accounts a on a.id = o.account_id left join users u on u.id = o.owner_user_id
       where o.outcome is null and o.created_at <= ${cutoff}
    ) d
     where d.last_activity_at is null or d.last_activity_at <= ${cutoff}
     order by d.amount_cents desc, d.id`,
  );
  return { deals: rows.slice(0, limit).map((r) => toLine(r, asOf)), count: rows.length };
}

/**
 * Open deals at risk: past their close date, without a next step, or closing within 30 days
 * with no activity for 7 days or more. Each with its reasons, largest first.
 */
export async function dealsAtRisk(
  db: Db,
  asOf: Date,
  limit: number,
): Promise<{ deals: (DealLine & { reasons: string[] })[]; count: number }> {
  const today = asOf.toISOString().slice(0, 10);
  const soon = new Date(asOf.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  const rows = await reportQuery(
    db,
    sql<Record<string, unknown>>`
    select ${columns(asOf)}
      from opportunities o left join accounts a on a.id = o.account_id left join users u on u.id = o.owner_user_id
     where o.outcome is null and o.created_at <= ${asOf}
       and (o.close_date < ${today}::date or o.next_step is null or o.next_step = '' or o.close_date <= ${soon}::date)
     order by o.amount_cents desc, o.id`,
  );
  const deals = rows
    .map((r) => {
      const line = toLine(r, asOf);
      const reasons: string[] = [];
      if (line.closeDate !== null && line.closeDate < today)
        reasons.push(`close date ${line.closeDate} has passed`);
      if (!line.nextStep) reasons.push('no next step');
      if (line.closeDate !== null && line.closeDate >= today && line.closeDate <= soon && line.idleDays >= 7)
        reasons.push(`closes ${line.closeDate} with no activity for ${line.idleDays} days`);
      return { ...line, reasons };
    })
    .filter((d) => d.reasons.length > 0);
  return { deals: deals.slice(0, limit), count: deals.length };
}

export interface CampaignWeek {
  campaignId: string;
  name: string;
  mqls: number;
  accepted: number;
  disqualified: number;
  /** The most frequent disqualification code of its MQLs, if any. */
  topDqCode: string | null;
}

/** MQLs of the range by the campaign of their first touch, with how many sales accepted or rejected. */
export async function campaignsOfRange(db: Db, r: Range): Promise<CampaignWeek[]> {
  const rows = await reportQuery(
    db,
    sql<Record<string, unknown>>`
    with m as (
      select person_id, min(at) as at from stage_history
       where to_stage = 'mql' and at >= ${r.start} and at < ${r.end} group by person_id
    ), f as materialized (
      -- materialized: each MQL's two probes once (inlined, the aggregates' filters ran them
      -- up to three times each) and the campaigns hashed once, not once an MQL
      select m.person_id, m.at, ft.campaign_id,
        exists (select 1 from stage_history x where x.person_id = m.person_id and x.to_stage = 'sql' and x.at >= m.at) as accepted,
        (select x.reason_code from stage_history x where x.person_id = m.person_id and x.to_stage = 'disqualified'
          and x.at >= m.at order by x.at limit 1) as dq
      -- one probe an MQL into the first-touch rollup (migration 0019); \`offset 0\` keeps it a
      -- probe, where the planner would hash the whole rollup for a week's few thousand MQLs
      from m cross join lateral (select ft.campaign_id from person_first_touches ft
          where ft.person_id = m.person_id offset 0) ft
    )
    select c.id, c.name, count(*) as mqls, count(*) filter (where f.accepted) as accepted,
           count(f.dq) filter (where not f.accepted) as disqualified,
           mode() within group (order by f.dq) filter (where f.dq is not null and not f.accepted) as top_dq
      from f join campaigns c on c.id = f.campaign_id
     group by c.id, c.name`,
  );
  return rows.map((row) => ({
    campaignId: String(row.id),
    name: String(row.name),
    mqls: Number(row.mqls),
    accepted: Number(row.accepted),
    disqualified: Number(row.disqualified),
    topDqCode: (row.top_dq as string | null) ?? null,
  }));
}
