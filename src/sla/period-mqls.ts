import { sql } from 'kysely';
import type { Ctx } from '../app.js';
import type { Period } from './compliance-model.js';

/** One MQL of a period (their first MQL entry in it), as the compliance report reads it. */
export interface PeriodMql {
  personId: string;
  at: Date;
  /** The score they had when they qualified (score history), if any. */
  score: number | null;
  /** When the score first reached the threshold in the spell that ended in this MQL. */
  qualifiedAt: Date | null;
  /** Reached SQL since the MQL entry. */
  accepted: boolean;
  /** Email, name (first or last) and company (the person's, else the account's name). */
  required: boolean;
  /** Phone, title and company size (the person's, else the account's). */
  enriched: boolean;
}

/**
 * What the reports of the same period need of each MQL besides (`withReportFacts`): read in
 * the same statement, so that a monthly report probes each MQL's stages once, not once for
 * its compliance tables, once for its campaigns and once for its score averages.
 */
export interface ReportedMql extends PeriodMql {
  /**
   * The person was erased: left out of the compliance tables (their record is gone), still
   * counted by the reports (their stage history stays, as the funnel counts keep it).
   */
  erased: boolean;
  /** Disqualified since the MQL entry, and the reason code of the first such entry. */
  disqualified: boolean;
  dqCode: string | null;
  /** The campaign of their first touch with one (`person_first_touches`), if it exists. */
  campaignId: string | null;
  campaignName: string | null;
  /** Their current score (`person_scores`), if scored. */
  currentScore: number | null;
}

/**
 * The period's MQLs (index-only on stage_history (to_stage, at, person_id)), then each MQL's
 * person, score and stages by key: `offset 0` keeps the laterals probes per MQL, where the
 * planner would otherwise hash all people (or the whole first-touch rollup) to join a month's
 * MQLs (bench/README.md). The probes are made in person order, so that neighbouring MQLs
 * share index and heap pages (a month at 1M people: ~0.58 -> ~0.42 s, most pages of people
 * and of the first-touch rollup were read into the buffer cache once an MQL), and the rows
 * come back in the order of the grouping, as before (`n`: the order the compliance tables
 * list offending ids in). The completeness checks are made here, so that two booleans an MQL
 * go to node instead of nine fields; JIT is off (compiling it cost more than it saved at 1M
 * people). Without `withReportFacts` the reports' columns are constants (nothing probed).
 */
export async function listPeriodMqls(ctx: Ctx, period: Period, threshold: number): Promise<PeriodMql[]>;
export async function listPeriodMqls(
  ctx: Ctx,
  period: Period,
  threshold: number,
  withReportFacts: true,
): Promise<ReportedMql[]>;
export async function listPeriodMqls(
  ctx: Ctx,
  period: Period,
  threshold: number,
  withReportFacts = false,
): Promise<PeriodMql[] | ReportedMql[]> {
  const facts = withReportFacts
    ? sql`p.erased_at is not null as erased, d.disqualified, d.reason_code as dq_code, c.id as campaign_id, c.name as campaign_name,
        sc.total as current_score`
    : sql`null as erased, null as disqualified, null as dq_code, null as campaign_id, null as campaign_name,
        null as current_score`;
  // The first disqualification since the MQL entry (its reason code; `disqualified` tells a
  // first entry without a code from none), the first touch's campaign and the current score.
  const joins = withReportFacts
    ? sql`left join lateral (select x.reason_code, true as disqualified from stage_history x
          where x.person_id = m.person_id and x.to_stage = 'disqualified' and x.at >= m.at
          order by x.at limit 1) d on true
      left join lateral (select c.id, c.name from person_first_touches ft join campaigns c on c.id = ft.campaign_id
          where ft.person_id = m.person_id offset 0) c on true
      left join lateral (select s.total from person_scores s where s.person_id = m.person_id offset 0) sc on true`
    : sql``;
  const rows = await ctx.db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    const { rows } = await sql<{
      person_id: string;
      at: Date;
      score: number | null;
      accepted: boolean;
      qualified_at: Date | null;
      required: boolean;
      enriched: boolean;
      erased: boolean | null;
      disqualified: boolean | null;
      dq_code: string | null;
      campaign_id: string | null;
      campaign_name: string | null;
      current_score: number | null;
    }>`
    with m as materialized (
      select person_id, min(at) as at, row_number() over () as n from stage_history
       where to_stage = 'mql' and at >= ${period.from} and at < ${period.to}
       group by person_id
    )
    select m.person_id, m.at,
      (select s.total from score_history s where s.person_id = m.person_id and s.at <= m.at
        order by s.at desc limit 1) as score,
      exists (select 1 from stage_history x where x.person_id = m.person_id and x.to_stage = 'sql'
        and x.at >= m.at) as accepted,
      -- When the score first reached the threshold in the spell that ended in this MQL.
      (select min(s.at) from score_history s where s.person_id = m.person_id and s.total >= ${threshold}
        and s.at <= m.at
        and s.at >= coalesce((select max(x.at) from stage_history x where x.person_id = m.person_id
          and x.at < m.at), '-infinity'::timestamptz)) as qualified_at,
      coalesce(p.email, '') <> '' and (coalesce(p.first_name, '') <> '' or coalesce(p.last_name, '') <> '')
        and coalesce(p.company, p.account_name, '') <> '' as required,
      coalesce(p.phone, '') <> '' and coalesce(p.title, '') <> ''
        and coalesce(p.employees, p.account_employees) is not null as enriched,
      ${facts}
    from (select * from m order by person_id) m
    cross join lateral (
      select p.email, p.first_name, p.last_name, p.company, a.name as account_name, p.phone, p.title,
             p.employees, a.employees as account_employees, p.erased_at
        from people p left join accounts a on a.id = p.account_id
       where p.id = m.person_id
      offset 0
    ) p
    ${joins}
    ${withReportFacts ? sql`` : sql`where p.erased_at is null`}
    order by m.n`.execute(trx);
    return rows;
  });
  // Each row built whole: spreading the shared fields into the wider row cost ~7 us a row
  // (~0.13 s of node CPU a month's MQLs).
  return rows.map((r) => {
    const mql: PeriodMql = {
      personId: r.person_id,
      at: new Date(r.at as unknown as string),
      score: r.score === null ? null : Number(r.score),
      qualifiedAt: r.qualified_at ? new Date(r.qualified_at as unknown as string) : null,
      accepted: r.accepted === true,
      required: r.required === true,
      enriched: r.enriched === true,
    };
    if (!withReportFacts) return mql;
    return {
      personId: mql.personId,
      at: mql.at,
      score: mql.score,
      qualifiedAt: mql.qualifiedAt,
      accepted: mql.accepted,
      required: mql.required,
      enriched: mql.enriched,
      erased: r.erased === true,
      disqualified: r.disqualified === true,
      dqCode: r.dq_code ?? null,
      campaignId: r.campaign_id ?? null,
      campaignName: r.campaign_name ?? null,
      currentScore: r.current_score === null ? null : Number(r.current_score),
    };
  });
}
