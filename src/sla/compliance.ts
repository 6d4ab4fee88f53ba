import { type RawBuilder, sql } from 'kysely';
import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { DAY, HOUR } from '../core/index.js';
import { mqlVolumeTarget } from '../planning/index.js';
import { businessElapsed, DEFAULT_CALENDAR } from './business-calendar.js';
import {
  type ComplianceRow,
  MAX_OFFENDING,
  type Missed,
  type Period,
  parsePeriod,
  percent,
  shareRow,
} from './compliance-model.js';
import { contentSupport } from './content-support.js';
import { listPeriodMqls, type ReportedMql } from './period-mqls.js';
import { CONTENT_REQUEST_POLICY } from './request-clocks.js';

export interface ComplianceReport {
  period: string;
  from: Date;
  to: Date;
  agreementVersion: number;
  marketing: ComplianceRow[];
  sales: ComplianceRow[];
}

/**
 * `GET /v1/sla/compliance?period=2026-10`: every row of seed 001's two SLA tables for the
 * period, each with its target, the actual figure, Met/Missed and the records that missed.
 * Clock rows count the clocks started in the period that have an answer (met, or breached);
 * clocks still running and not yet due are not judged.
 *
 * `shared.mqls`: the period's MQLs as a caller already reads them for its own use
 * (`listPeriodMqls(..., true)` of the same period at the active agreement's threshold: the
 * monthly report), instead of reading them again.
 */
export async function slaCompliance(
  ctx: Ctx,
  periodText: string,
  shared?: { mqls?: Promise<readonly ReportedMql[]> },
): Promise<ComplianceReport> {
  const period = parsePeriod(periodText);
  const { version, document } = await getActiveAgreement(ctx.db, ctx.clock);
  const now = ctx.clock.now();
  // Every statement of the report reads on its own: all are sent at once (a month at 1M
  // people took ~0.7 s one after another, bench/README.md), the rows are built in order below.
  const clock = (policy: string, side: 'marketing' | 'sales', metric: string, target: string) =>
    clockRow(ctx, period, now, policy, side, metric, target);
  const [mqls, routed, support, content, firstTouch, cadence, disposition, dq, hygiene, winLoss] =
    await Promise.all([
      shared?.mqls
        ? shared.mqls.then((all) => all.filter((m) => !m.erased))
        : listPeriodMqls(ctx, period, document.scoring.threshold),
      clock('mql_routed', 'marketing', 'Delivery timing', 'MQLs routed within 1 hour of qualifying'),
      contentSupport(ctx, period, now),
      clock(
        CONTENT_REQUEST_POLICY,
        'marketing',
        'Content delivery',
        "on time: content requests delivered within the seed's turnaround targets",
      ),
      clock(
        'mql_first_touch',
        'sales',
        'Speed-to-lead',
        'first outreach within 4 business hours of MQL notification',
      ),
      cadenceRow(ctx, period, document.followUp),
      clock(
        'mql_disposition',
        'sales',
        'Disposition every MQL',
        '100% of MQLs accepted, disqualified, or recycled within 5 business days',
      ),
      counted(
        ctx,
        sql`select count(*) as total, ${missedColumns(sql`reason_code is null or reason_code = ''`, sql`person_id`)}
          from stage_history where to_stage = 'disqualified' and at >= ${period.from} and at < ${period.to}`,
      ),
      hygieneRow(ctx, period, now),
      winLossRow(ctx, period, now),
    ]);
  const marketing: ComplianceRow[] = [];
  const sales: ComplianceRow[] = [];

  // ---- Marketing SLA to Sales
  const target = mqlVolumeTarget(document.targets, period.months);
  marketing.push({
    id: 'mql_volume',
    side: 'marketing',
    metric: 'MQL volume',
    target: `${target} MQLs (calculated from revenue target backward)`,
    actual: `${mqls.length} MQLs`,
    value: mqls.length,
    met: mqls.length >= target,
    total: mqls.length,
    missed: Math.max(0, target - mqls.length),
    offending: [],
    measurement: 'people who entered MQL in the period',
  });
  const threshold = document.scoring.threshold;
  // Seed 001, Transition Triggers: "Lead to MQL: within 1 business hour of scoring".
  const timed = mqls.filter((m) => m.qualifiedAt !== null);
  marketing.push(
    shareRow(
      {
        id: 'lead_to_mql',
        side: 'marketing',
        metric: 'Lead to MQL',
        target: 'within 1 business hour of scoring',
        measurement:
          'MQLs of the period: from the score first reaching the threshold to the MQL move, in business hours',
      },
      timed.length,
      timed
        .filter((m) => businessElapsed(DEFAULT_CALENDAR, m.qualifiedAt!, m.at) > HOUR)
        .map((m) => m.personId),
      1,
    ),
  );
  const scored = mqls.filter((m) => m.score !== null);
  const average = scored.length === 0 ? null : scored.reduce((a, m) => a + m.score!, 0) / scored.length;
  marketing.push({
    id: 'mql_quality',
    side: 'marketing',
    metric: 'MQL quality score',
    target: `average lead score of ${threshold}+ for all MQLs passed`,
    actual: average === null ? 'no scored MQLs' : `average ${Math.round(average * 10) / 10}`,
    value: average,
    met: average === null ? null : average >= threshold,
    total: scored.length,
    missed: scored.filter((m) => m.score! < threshold).length,
    offending: scored
      .filter((m) => m.score! < threshold)
      .map((m) => m.personId)
      .slice(0, 50),
    measurement: 'the score each MQL had when it qualified',
  });
  const acceptance = document.funnel.mqlToSqlAcceptanceTarget;
  marketing.push(
    shareRow(
      {
        id: 'mql_to_sql_acceptance',
        side: 'marketing',
        metric: 'MQL-to-SQL acceptance rate',
        target: `> ${percent(acceptance)} of MQLs accepted by sales as SQLs`,
        measurement: 'MQLs of the period that reached SQL (so far)',
      },
      mqls.length,
      mqls.filter((m) => !m.accepted).map((m) => m.personId),
      acceptance,
      true,
    ),
  );
  marketing.push(
    shareRow(
      {
        id: 'data_completeness_required',
        side: 'marketing',
        metric: 'Lead data completeness (email, name, company)',
        target: '100% have email, name, company',
        measurement: "the MQLs' person records",
      },
      mqls.length,
      mqls.filter((m) => !m.required).map((m) => m.personId),
      1,
    ),
    shareRow(
      {
        id: 'data_completeness_enriched',
        side: 'marketing',
        metric: 'Lead data completeness (phone, title, company size)',
        target: '80% have phone, title, company size',
        measurement: "the MQLs' person and account records",
      },
      mqls.length,
      mqls.filter((m) => !m.enriched).map((m) => m.personId),
      0.8,
    ),
  );
  marketing.push(routed, support);
  // The monthly report's "Content delivery: On-time [X/Y]" (seed 001), from the requests' clocks.
  marketing.push(content);

  // ---- Sales SLA to Marketing
  sales.push(firstTouch, cadence, disposition);
  sales.push(
    shareRow(
      {
        id: 'dq_feedback',
        side: 'sales',
        metric: 'Disqualification feedback',
        target: 'reason code required for every rejected MQL',
        measurement: 'disqualifications in the period',
      },
      dq.total,
      dq.missed,
      1,
    ),
  );
  sales.push(hygiene, winLoss);
  return {
    period: period.label,
    from: period.from,
    to: period.to,
    agreementVersion: version,
    marketing,
    sales,
  };
}

/** A row measured by clocks: started in the period, judged once met or breached. */
async function clockRow(
  ctx: Ctx,
  period: Period,
  now: Date,
  policy: string,
  side: 'marketing' | 'sales',
  metric: string,
  target: string,
): Promise<ComplianceRow> {
  const judged = sql`(status <> 'running' or due_at < ${now})`;
  const clocks = await counted(
    ctx,
    sql`select count(*) filter (where ${judged}) as total,
        ${missedColumns(sql`${judged} and status <> 'met'`, sql`coalesce(person_id, content_request_id)`)}
      from sla_clocks
     where policy = ${policy} and started_at >= ${period.from} and started_at < ${period.to}
       and status in ('met', 'breached', 'running')`,
  );
  return shareRow(
    { id: policy, side, metric, target, measurement: `SLA clocks "${policy}" started in the period` },
    clocks.total,
    clocks.missed,
    1,
  );
}

/**
 * Seed 001: "Reason recorded for every closed-won and closed-lost within 48 hours", from the
 * win/loss records (feedback/, migration 0014): a deal is judged once its record is complete or
 * its due has passed, and missed when it was completed after its due or not at all. A deal
 * closed before records existed is judged by its close reason, due 48 hours after the close.
 */
async function winLossRow(ctx: Ctx, period: Period, now: Date): Promise<ComplianceRow> {
  const closed = await ctx.db
    .selectFrom('opportunities as o')
    .leftJoin('win_loss_records as r', 'r.opportunity_id', 'o.id')
    .select(['o.id', 'o.close_reason', 'o.closed_at', 'r.complete', 'r.completed_at', 'r.due_at'])
    .where('o.closed_at', '>=', period.from)
    .where('o.closed_at', '<', period.to)
    .execute();
  const deals = closed.map((o) =>
    o.due_at === null
      ? {
          id: o.id,
          due: new Date(o.closed_at!.getTime() + 48 * HOUR),
          completedAt: o.close_reason ? o.closed_at : null,
        }
      : { id: o.id, due: o.due_at, completedAt: o.complete ? o.completed_at : null },
  );
  const judged = deals.filter((d) => d.completedAt !== null || d.due < now);
  return shareRow(
    {
      id: 'win_loss_feedback',
      side: 'sales',
      metric: 'Win/loss feedback',
      target: 'reason recorded for every closed-won and closed-lost within 48 hours',
      measurement:
        'opportunities closed in the period whose win/loss record is complete or due: reason, competitor when lost to one, winning factor when won',
    },
    judged.length,
    judged.filter((d) => d.completedAt === null || d.completedAt > d.due).map((d) => d.id),
    1,
  );
}

/** Seed 001: "Minimum 6 touches over 14 days before disqualifying" (for no contact). */
async function cadenceRow(ctx: Ctx, period: Period, followUp: { minTouches: number; overDays: number }) {
  const rows = await ctx.db
    .selectFrom('dispositions as d')
    .select(['d.person_id', 'd.decided_at'])
    .select(() => [
      sql<number>`(select count(*) from activities a where a.person_id = d.person_id and a.direction = 'outbound' and a.user_id is not null and a.occurred_at <= d.decided_at and a.occurred_at >= coalesce((select max(h.at) from stage_history h where h.person_id = d.person_id and h.to_stage = 'mql' and h.at <= d.decided_at), d.decided_at))`.as(
        'touches',
      ),
      sql<Date | null>`(select min(a.occurred_at) from activities a where a.person_id = d.person_id and a.direction = 'outbound' and a.user_id is not null and a.occurred_at <= d.decided_at and a.occurred_at >= coalesce((select max(h.at) from stage_history h where h.person_id = d.person_id and h.to_stage = 'mql' and h.at <= d.decided_at), d.decided_at))`.as(
        'first_touch',
      ),
    ])
    .where('d.decided_at', '>=', period.from)
    .where('d.decided_at', '<', period.to)
    .where((eb) => eb.or([eb('d.requeue', '=', 'no_response'), eb('d.reason_code', '=', 'DQ-06')]))
    .execute();
  const missed = rows.filter((r) => {
    const first = r.first_touch ? new Date(r.first_touch as unknown as string) : null;
    return (
      Number(r.touches) < followUp.minTouches ||
      !first ||
      r.decided_at.getTime() - first.getTime() < followUp.overDays * DAY
    );
  });
  return shareRow(
    {
      id: 'follow_up_cadence',
      side: 'sales',
      metric: 'Follow-up cadence',
      target: `minimum ${followUp.minTouches} touches over ${followUp.overDays} days before disqualifying for no contact`,
      measurement: 'no-contact recycles and DQ-06 (bad contact data) disqualifications in the period',
    },
    rows.length,
    missed.map((r) => r.person_id),
    1,
  );
}

/** Seed 001: "All opportunities have stage, amount, close date, and next step updated weekly". */
async function hygieneRow(ctx: Ctx, period: Period, now: Date): Promise<ComplianceRow> {
  const asOf = period.to < now ? period.to : now;
  const stale = new Date(asOf.getTime() - 7 * DAY);
  const open = await counted(
    ctx,
    sql`select count(*) as total,
        ${missedColumns(
          sql`stage = '' or amount_cents <= 0 or close_date is null or coalesce(next_step, '') = ''
            or updated_at < ${stale}`,
          sql`id`,
        )}
      from opportunities where created_at < ${asOf} and (closed_at is null or closed_at >= ${asOf})`,
  );
  return shareRow(
    {
      id: 'crm_hygiene',
      side: 'sales',
      metric: 'CRM hygiene',
      target: 'all opportunities have stage, amount, close date, and next step updated weekly',
      measurement: `opportunities open at ${asOf.toISOString().slice(0, 10)}`,
    },
    open.total,
    open.missed,
    1,
  );
}

/**
 * How many rows missed and the first `MAX_OFFENDING` of their ids, in the order the rows are
 * read, counted in SQL: a month at 1M people has ~17,000 clocks a policy and ~35,000 open
 * opportunities, which cost more to send to node than to count (bench/README.md).
 */
function missedColumns(missed: RawBuilder<unknown>, id: RawBuilder<unknown>) {
  return sql`count(*) filter (where ${missed}) as missed,
    (array_agg(${id}) filter (where ${missed}))[1:${sql.lit(MAX_OFFENDING)}] as offending`;
}

async function counted(ctx: Ctx, query: RawBuilder<unknown>): Promise<{ total: number; missed: Missed }> {
  const { rows } = await (
    query as RawBuilder<{ total: string; missed: string; offending: string[] | null }>
  ).execute(ctx.db);
  const row = rows[0];
  return {
    total: Number(row?.total ?? 0),
    missed: { count: Number(row?.missed ?? 0), first: row?.offending ?? [] },
  };
}
