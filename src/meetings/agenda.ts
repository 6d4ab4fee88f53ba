import type { Ctx } from '../app.js';
import { getActiveAgreement } from '../agreement/index.js';
import { leadQualityFlagsOfRange } from '../feedback/index.js';
import { planCoverage, planReverseFunnel } from '../planning/index.js';
import {
  type MonthlyReport,
  money,
  monthlyReport,
  type PipelineReview,
  pct,
  pipelineReview,
  duration,
  rate,
  signedPct,
} from '../reports/index.js';
import { slaCompliance } from '../sla/index.js';
import * as figures from './agenda-store.js';
import type { AgendaItem, MeetingSeries, ReviewPeriod, Topic } from './model.js';

/**
 * One generator per agenda topic: the figures the item needs, read from live data through the
 * capabilities that own them (the weekly pipeline review, the monthly report, planning, the
 * SLA compliance), and the lines the attendees read.
 */

export interface AgendaInput {
  ctx: Ctx;
  series: MeetingSeries;
  period: ReviewPeriod & { week?: string; month?: string; quarter?: string; nextQuarter?: string };
  /** The instant the agenda reads the data at: the period's end, or now if earlier. */
  asOf: Date;
  currency: string;
}

type Body = Omit<AgendaItem, 'topic' | 'title'>;

/** Reports several items share, computed once per agenda. */
class Sources {
  #review?: Promise<PipelineReview>;
  #monthly?: Promise<MonthlyReport>;
  constructor(readonly input: AgendaInput) {}
  review() {
    this.#review ??= pipelineReview(this.input.ctx, {
      week: this.input.period.week ?? this.input.period.label,
    });
    return this.#review;
  }
  monthly() {
    this.#monthly ??= monthlyReport(this.input.ctx, {
      month: this.input.period.month ?? this.input.period.from.slice(0, 7),
    });
    return this.#monthly;
  }
}

const usd = (cents: number, currency: string) => money(cents, currency);

const GENERATORS: Record<Topic, (s: Sources) => Promise<Body>> = {
  async mqls_delivered({ input: { ctx, period } }) {
    const m = await figures.mqlsDelivered(ctx.db, period);
    return {
      figures: { mqls: m.total, unassigned: m.unassigned },
      lines: [
        `${m.total} MQLs delivered ${period.label}${m.unassigned ? `, ${m.unassigned} not yet routed` : ''}`,
        ...m.byOwner.map((o) => `${o.owner}: ${o.mqls}`),
      ],
    };
  },

  async follow_up_priorities({ input: { ctx, asOf, currency } }) {
    const [clocks, stalled] = await Promise.all([
      figures.clocksToAct(ctx.db, asOf, 24 * 3_600_000, 10),
      figures.stalledDeals(ctx.db, asOf, 14, 5),
    ]);
    return {
      figures: { breachedClocks: clocks.breached, atRiskClocks: clocks.atRisk, stalledDeals: stalled.count },
      lines: [
        `${clocks.breached} SLA clocks breached and unanswered; ${clocks.atRisk} more fall due within 24 hours`,
        `${stalled.count} stalled deals (no activity in 14+ days)`,
        ...stalled.deals.map(
          (d) =>
            `Stalled: ${d.name} (${usd(d.amountCents, d.currency || currency)}, ${d.owner ?? 'no owner'})`,
        ),
      ],
      table: clocks.lines.length
        ? {
            headers: ['clock', 'state', 'owner', 'due'],
            rows: clocks.lines.map((c) => [
              c.policy,
              c.state === 'breached' ? 'breached' : 'at risk',
              c.owner ?? '—',
              c.dueAt.toISOString(),
            ]),
          }
        : undefined,
    };
  },

  async lead_quality_flags({ input: { ctx, period } }) {
    // The flags sales raised (feedback/flags-*), beside the MQLs it rejected with their DQ codes.
    const [d, flags] = await Promise.all([
      figures.dispositions(ctx.db, period),
      leadQualityFlagsOfRange(ctx, period, 10),
    ]);
    return {
      figures: {
        flags: flags.count,
        openFlags: flags.open,
        disqualified: d.disqualified,
        recycled: d.recycled,
      },
      lines: [
        `${flags.count} lead-quality flags raised ${period.label}${flags.count ? ` (${flags.open} still open)` : ''}`,
        ...flags.byKind.map((k) => `${k.kind}: ${k.count}`),
        ...flags.flags.map(
          (f) => `Flag: ${f.kind} on ${f.campaignName ?? 'no campaign'}${f.comment ? ` — ${f.comment}` : ''}`,
        ),
        `${d.disqualified} leads rejected by sales ${period.label}`,
        ...d.dqCodes.map((c) => `${c.code}: ${c.count}`),
      ],
    };
  },

  async mql_volume_quality(s) {
    const f = (await s.review()).funnel;
    return {
      figures: {
        mqls: f.mqls,
        mqlTarget: f.mqlTarget,
        accepted: f.accepted,
        acceptance: f.acceptance,
        acceptanceTarget: f.acceptanceTarget,
        speedToLeadMedianMs: f.speedToLeadMedianMs,
      },
      lines: [
        `MQLs delivered this week: ${f.mqls} (target: ${f.mqlTarget})`,
        `MQL acceptance rate: ${pct(f.acceptance)} (target: ${pct(f.acceptanceTarget, 0)}+)`,
        `Speed-to-lead median: ${duration(f.speedToLeadMedianMs)} (target: ${f.speedToLeadTarget})`,
      ],
    };
  },

  async campaign_performance(s) {
    const c = (await s.review()).campaigns;
    return {
      figures: { campaigns: c.all.length, best: c.best?.name ?? null, worst: c.worst?.name ?? null },
      lines: [
        c.best
          ? `Top performing campaign: ${c.best.name} — ${c.best.summary}`
          : 'No campaign delivered MQLs this week',
        ...(c.worst
          ? [`Underperforming campaign: ${c.worst.name} — ${c.worst.summary}; ${c.worst.action ?? ''}`]
          : []),
      ],
      table: c.all.length
        ? {
            headers: ['campaign', 'MQLs', 'accepted', 'disqualified', 'acceptance'],
            rows: c.all.map((x) => [
              x.name,
              String(x.mqls),
              String(x.accepted),
              String(x.disqualified),
              pct(rate(x.accepted, x.mqls)),
            ]),
          }
        : undefined,
    };
  },

  async disposition_rates({ input: { ctx, period } }) {
    const [d, m] = await Promise.all([
      figures.dispositions(ctx.db, period),
      figures.mqlsDelivered(ctx.db, period),
    ]);
    const answered = d.accepted + d.disqualified + d.recycled;
    return {
      figures: { mqls: m.total, accepted: d.accepted, disqualified: d.disqualified, recycled: d.recycled },
      lines: [
        `${answered} dispositions ${period.label}: ${d.accepted} accepted (${pct(rate(d.accepted, answered))}), ` +
          `${d.disqualified} disqualified (${pct(rate(d.disqualified, answered))}), ${d.recycled} recycled (${pct(rate(d.recycled, answered))})`,
        ...d.dqCodes.map((c) => `${c.code}: ${c.count}`),
      ],
    };
  },

  async content_requests({ input: { ctx, period, asOf } }) {
    const q = await figures.contentQueue(ctx.db, period, asOf);
    return {
      figures: { ...q },
      lines: [
        `${q.requestedInPeriod} content requests from sales and ${q.deliveredInPeriod} delivered ${period.label}`,
        `Queue: ${q.open} open, ${q.inProgress} in progress, ${q.overdue} past due`,
      ],
    };
  },

  async deal_inspection(s) {
    const r = await s.review();
    const d = r.deals;
    return {
      figures: {
        closingThisMonth: d.closingThisMonth.count,
        stalled: d.stalled.count,
        atRisk: d.atRisk.count,
      },
      lines: [
        `Deals closing this month: ${d.closingThisMonth.count}`,
        ...d.closingThisMonth.top.map(
          (x) => `${x.name}: ${money(x.amountCents, x.currency)}, closes ${x.closeDate}`,
        ),
        `Stalled deals (no activity in 14+ days): ${d.stalled.count}`,
        ...d.stalled.deals.slice(0, 5).map((x) => `Stalled: ${x.name} (${x.idleDays} days idle)`),
        `Deals at risk: ${d.atRisk.count}`,
        ...d.atRisk.deals.slice(0, 5).map((x) => `At risk: ${x.name}: ${x.reasons.join('; ')}`),
      ],
    };
  },

  async funnel_conversion(s) {
    const m = await s.monthly();
    const detected = m.diagnostics.filter((f) => f.detected);
    return {
      figures: Object.fromEntries(m.funnel.map((f) => [f.stage, f.volume])),
      lines: [
        `${m.title} against ${m.priorMonth}`,
        ...detected.map((f) => `Diagnostic: ${f.symptom} — ${f.rootCause}; fix: ${f.fix}`),
        ...(detected.length ? [] : ['No misalignment pattern detected']),
      ],
      table: {
        headers: ['stage', 'volume', 'conversion', 'vs. prior month'],
        rows: m.funnel.map((f) => [f.label, String(f.volume), pct(f.conversion), signedPct(f.change)]),
      },
    };
  },

  async sla_compliance(s) {
    const m = await s.monthly();
    const rows = [...m.marketingSla, ...m.salesSla];
    return {
      figures: {
        met: rows.filter((r) => r.met === true).length,
        missed: rows.filter((r) => r.met === false).length,
      },
      lines: [`${m.title}: ${rows.filter((r) => r.met === false).length} of ${rows.length} SLA rows missed`],
      table: {
        headers: ['side', 'metric', 'target', 'actual', 'status'],
        rows: rows.map((r) => [
          r.side,
          r.metric,
          r.target,
          r.actual ?? '—',
          r.met === null ? '—' : r.met ? 'Met' : 'Missed',
        ]),
      },
    };
  },

  async pipeline_coverage({ input: { ctx, period } }) {
    const c = await planCoverage(ctx, { period: period.nextQuarter ?? quarterOfDay(period.to) });
    return {
      figures: {
        requiredCoverage: c.requiredCoverage,
        actualCoverage: c.actualCoverage,
        gapCents: c.gap.cents,
      },
      lines: [
        `${c.period.label}: ${c.actualCoverage}x coverage against ${c.requiredCoverage}x required ` +
          `(${money(c.openPipeline.cents, c.openPipeline.currency)} open of ${money(c.requiredPipeline.cents, c.requiredPipeline.currency)})`,
        c.gap.cents === 0
          ? 'Covered'
          : `Gap ${money(c.gap.cents, c.gap.currency)}: ${c.gapFunnel.opportunities} opportunities <- ${c.gapFunnel.sqls} SQLs <- ${c.gapFunnel.mqls} MQLs`,
      ],
    };
  },

  async attribution(s) {
    const m = await s.monthly();
    const a = m.revenueAttribution;
    if (!a.available) return { figures: {}, lines: [a.note] };
    return {
      figures: Object.fromEntries(a.lines.map((l) => [l.label, l.cents])),
      lines: a.lines.map((l) => `${l.label}: ${money(l.cents, m.currency)} (${pct(l.share)} of total)`),
    };
  },

  async competitive_intelligence({ input: { ctx, period, currency } }) {
    const c = await figures.competitorLosses(ctx.db, period);
    return {
      figures: { lostToCompetitors: c.lost.reduce((n, l) => n + l.deals, 0), dq05: c.dq05 },
      lines: [
        `${c.dq05} leads disqualified as lost to a competitor (DQ-05) ${period.label}`,
        ...c.lost.map((l) => `Lost to ${l.competitor}: ${l.deals} deals, ${money(l.cents, currency)}`),
      ],
    };
  },

  async revenue_target_review({ input: { ctx, period, currency } }) {
    const [plan, actual] = await Promise.all([
      planReverseFunnel(ctx),
      figures.periodActuals(ctx.db, period, currency),
    ]);
    const rows: [string, number, number][] = [
      ['revenue', plan.revenue.cents, actual.wonCents],
      ['won deals', plan.deals, actual.won],
      ['opportunities', plan.opportunities, actual.opportunities],
      ['SQLs', plan.sqls, actual.sqls],
      ['MQLs', plan.mqls, actual.mqls],
    ];
    return {
      figures: {
        revenueTargetCents: plan.revenue.cents,
        wonCents: actual.wonCents,
        dealsTarget: plan.deals,
        won: actual.won,
        mqlTarget: plan.mqls,
        mqls: actual.mqls,
      },
      lines: [
        `${period.label}: ${money(actual.wonCents, currency)} won against ${money(plan.revenue.cents, plan.revenue.currency)} (${pct(rate(actual.wonCents, plan.revenue.cents))})`,
      ],
      table: {
        headers: ['', 'target', 'actual', 'attainment'],
        rows: rows.map(([name, target, got]) => [
          name,
          name === 'revenue' ? money(target, currency) : String(target),
          name === 'revenue' ? money(got, currency) : String(got),
          pct(rate(got, target)),
        ]),
      },
    };
  },

  async icp_refinement({ input: { ctx, period } }) {
    const d = await figures.dispositions(ctx.db, period);
    return {
      figures: { disqualified: d.disqualified },
      lines: [
        `${d.disqualified} leads disqualified ${period.label}; the reasons say where the ICP misses`,
        ...d.dqCodes.slice(0, 5).map((c) => `${c.code}: ${c.count}`),
      ],
    };
  },

  async scoring_recalibration({ input: { ctx, period } }) {
    const [{ document }, actual] = await Promise.all([
      getActiveAgreement(ctx.db, ctx.clock),
      figures.periodActuals(ctx.db, period, ''),
    ]);
    const acceptance = rate(actual.sqls, actual.mqls);
    const target = document.funnel.mqlToSqlAcceptanceTarget;
    return {
      figures: { mqls: actual.mqls, sqls: actual.sqls, acceptance, acceptanceTarget: target },
      lines: [
        `MQL-to-SQL ${pct(acceptance)} against a target of ${pct(target, 0)}+ ${period.label}`,
        acceptance !== null && acceptance < target
          ? 'Below target: recalibrate the scoring model with closed-deal data (servio scoring calibrate)'
          : 'At or above target: keep the threshold',
      ],
    };
  },

  async campaign_planning({ input: { ctx, period } }) {
    const m = await figures.mqlsDelivered(ctx.db, period);
    const plan = await planReverseFunnel(ctx);
    return {
      figures: { mqlsLastQuarter: m.total, mqlsNeeded: plan.mqls },
      lines: [
        `${m.total} MQLs ${period.label}; the plan needs ${plan.mqls} a quarter (${plan.perMonth.mqls} a month)`,
        'Align each campaign of the next quarter to the sales play it supports',
      ],
    };
  },

  async discussion() {
    return { figures: {}, lines: ['Discussion item: no figures'] };
  },

  async sla_renegotiation({ input: { ctx, period } }) {
    const months = monthsOf(period.from, period.to);
    const reports = await Promise.all(months.map((m) => slaCompliance(ctx, m)));
    const rows = reports.flatMap((r) =>
      [...r.marketing, ...r.sales].map((row) => ({ month: r.period, row })),
    );
    const missed = rows.filter((r) => r.row.met === false);
    return {
      figures: { rows: rows.length, missed: missed.length },
      lines: [
        `${missed.length} of ${rows.length} monthly SLA rows missed ${period.label}`,
        ...missed.map((m) => `${m.month}: ${m.row.metric} ${m.row.actual ?? '—'} against ${m.row.target}`),
      ],
    };
  },
};

function quarterOfDay(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  while (`${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Every item of the series' agenda template, filled from live data. */
export async function generateItems(input: AgendaInput): Promise<AgendaItem[]> {
  const sources = new Sources(input);
  const items: AgendaItem[] = [];
  // One after another: PGlite runs every query on the calling thread anyway, and the shared
  // reports are computed once.
  for (const item of input.series.agenda) {
    const body = await GENERATORS[item.topic](sources);
    items.push({ topic: item.topic, title: item.title, ...body });
  }
  return items;
}
