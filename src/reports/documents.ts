import { FLAG_KIND_LABELS } from '../feedback/index.js';
import type { DiagnosticsReport, PipelineReview } from './review-service.js';
import type { MonthlyReport } from './monthly-service.js';
import { days, duration, money, pct, signedPct } from './model.js';
import type { Block } from './render.js';
import type { FunnelReport, MetricsReport, SpeedToLeadReport } from './service.js';

/** Each report as blocks (Markdown, HTML and CSV are rendered from them), in the seed's words. */

const STATUS: Record<string, string> = {
  met: 'Met',
  missed: 'Missed',
  benchmark: 'Benchmark',
  no_data: 'No data',
  not_available: 'Not available',
};

const metOrMissed = (met: boolean | null) => (met === null ? '—' : met ? 'Met' : 'Missed');

export function metricsBlocks(r: MetricsReport): Block[] {
  return [
    { kind: 'heading', level: 1, text: `Shared metrics — ${r.from} to ${r.to}` },
    {
      kind: 'paragraph',
      text: `Prior period: ${r.prior.from} to ${r.prior.to}. Agreement version ${r.agreementVersion}.`,
    },
    {
      kind: 'table',
      headers: ['Metric', 'Formula', 'Target', 'Owner', 'Actual', 'Prior', 'Change', 'Status', 'Note'],
      rows: r.metrics.map((m) => [
        m.metric,
        m.formula,
        m.target,
        m.owner,
        m.display,
        m.priorDisplay,
        signedPct(m.change),
        STATUS[m.status] ?? m.status,
        m.note ?? '',
      ]),
    },
  ];
}

export function funnelBlocks(r: FunnelReport): Block[] {
  const table = (stages: FunnelReport['total']['stages'], label?: string): string[][] =>
    stages.map((s) => [
      ...(label === undefined ? [] : [label]),
      s.label,
      String(s.volume),
      pct(s.conversion),
      days(s.medianDays),
    ]);
  const blocks: Block[] = [
    {
      kind: 'heading',
      level: 1,
      text: `Funnel — ${r.view} view — ${r.from} to ${r.to}`,
    },
    {
      kind: 'paragraph',
      text:
        r.view === 'cohort'
          ? `People who entered ${r.anchor} in the range, followed to every later stage they reached since.`
          : 'People who entered each stage in the range; conversion is against the stage before in the same range.',
    },
    { kind: 'heading', level: 2, text: 'Total' },
    {
      kind: 'table',
      headers: ['Stage', 'Volume', 'Conversion', 'Median days from the stage before'],
      rows: table(r.total.stages),
    },
  ];
  if (r.by !== 'total')
    blocks.push(
      { kind: 'heading', level: 2, text: `By ${r.by}` },
      {
        kind: 'table',
        headers: [r.by, 'Stage', 'Volume', 'Conversion', 'Median days from the stage before'],
        rows: r.groups.flatMap((g) => table(g.stages, g.label)),
      },
    );
  return blocks;
}

export function speedBlocks(r: SpeedToLeadReport): Block[] {
  return [
    { kind: 'heading', level: 1, text: `Speed-to-lead — ${r.from} to ${r.to}` },
    {
      kind: 'paragraph',
      text: `Median ${duration(r.medianMs)} over ${r.measured} leads; ${r.waiting} waiting for a first touch for less than 24 hours.`,
    },
    {
      kind: 'table',
      headers: ['Response Time', 'Qualification Rate Impact', 'Leads', 'Share', 'Estimated pipeline lost'],
      rows: r.buckets.map((b) => [
        b.bucket.label,
        b.bucket.impact,
        String(b.leads),
        pct(b.share),
        money(b.lostCents, r.currency),
      ]),
    },
    {
      kind: 'paragraph',
      text: `Estimated pipeline lost to slow follow-up: ${money(r.lostCents, r.currency)} (expected pipeline per MQL ${money(r.expectedPipelinePerMqlCents, r.currency)}). Formula: ${r.formula}.`,
    },
  ];
}

const dealRows = (deals: PipelineReview['deals']['stalled']['deals'], currency: string) =>
  deals.map((d) => [
    d.name,
    d.account ?? '',
    d.owner ?? '',
    d.stage,
    money(d.amountCents, currency),
    d.closeDate ?? '',
    `${d.idleDays} days`,
  ]);
const DEAL_HEADERS = ['Deal', 'Account', 'Owner', 'Stage', 'Amount', 'Close date', 'Idle'];

function leadQualityLine(d: PipelineReview['leadQualityFlags']): string {
  if (d.count === 0) return 'Lead quality flags: none raised this week';
  const kinds = d.byKind.map((k) => `${FLAG_KIND_LABELS[k.kind]} ${k.count}`).join(', ');
  return `Lead quality flags: ${d.count} raised (${d.open} open): ${kinds}`;
}

const dayOf = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);

export function reviewBlocks(r: PipelineReview): Block[] {
  const f = r.funnel;
  const c = r.campaigns;
  return [
    { kind: 'heading', level: 1, text: `WEEKLY PIPELINE REVIEW — ${r.week} (${r.from} to ${r.to})` },
    { kind: 'heading', level: 2, text: '1. FUNNEL METRICS' },
    {
      kind: 'table',
      headers: ['Metric', 'Actual', 'Target'],
      rows: [
        ['MQLs delivered this week', String(f.mqls), String(f.mqlTarget)],
        [
          'MQL acceptance rate',
          `${pct(f.acceptance)} (${f.accepted} of ${f.mqls})`,
          `${pct(f.acceptanceTarget, 0)}+`,
        ],
        ['Speed-to-lead median', duration(f.speedToLeadMedianMs), f.speedToLeadTarget],
      ],
    },
    { kind: 'heading', level: 2, text: '2. DEAL INSPECTION' },
    {
      kind: 'heading',
      level: 3,
      text: `Deals closing this month (${r.deals.month}): top ${r.deals.closingThisMonth.top.length} of ${r.deals.closingThisMonth.count} by value`,
    },
    { kind: 'table', headers: DEAL_HEADERS, rows: dealRows(r.deals.closingThisMonth.top, r.currency) },
    {
      kind: 'heading',
      level: 3,
      text: `Stalled deals (no activity in ${r.deals.stalled.idleDays}+ days): ${r.deals.stalled.count}`,
    },
    { kind: 'table', headers: DEAL_HEADERS, rows: dealRows(r.deals.stalled.deals, r.currency) },
    { kind: 'heading', level: 3, text: `Deals at risk: ${r.deals.atRisk.count}` },
    {
      kind: 'table',
      headers: [...DEAL_HEADERS, 'Why'],
      rows: r.deals.atRisk.deals.map((d, i) => [
        ...dealRows([d], r.currency)[0]!,
        r.deals.atRisk.deals[i]!.reasons.join('; '),
      ]),
    },
    { kind: 'heading', level: 2, text: '3. CAMPAIGN IMPACT' },
    {
      kind: 'list',
      items: [
        `Top performing campaign this week: ${c.best ? `${c.best.name} — ${c.best.summary}` : 'no campaign MQLs this week'}`,
        `Underperforming campaign: ${c.worst ? `${c.worst.name} — ${c.worst.summary}; recommended: ${c.worst.action}` : 'none'}`,
      ],
    },
    { kind: 'heading', level: 2, text: '4. FEEDBACK LOOP' },
    {
      kind: 'list',
      items: [
        leadQualityLine(r.leadQualityFlags),
        ...r.omittedSections.map((s) => `${s.section}: ${s.reason}`),
      ],
    },
    ...(r.leadQualityFlags.flags.length > 0
      ? [
          {
            kind: 'table' as const,
            headers: ['Raised', 'Kind', 'Severity', 'Lead', 'Campaign', 'Issue', 'Status'],
            rows: r.leadQualityFlags.flags.map((f) => [
              dayOf(f.raisedAt),
              FLAG_KIND_LABELS[f.kind],
              f.severity,
              f.personId ?? '',
              f.campaignName ?? '',
              f.comment ?? '',
              f.status,
            ]),
          },
        ]
      : []),
    { kind: 'heading', level: 2, text: 'ACTION ITEMS' },
    {
      kind: 'table',
      headers: ['Owner', 'Action', 'Due date'],
      rows: r.actionItems.map((a) => [a.owner, a.action, a.due]),
    },
  ];
}

const slaRows = (rows: MonthlyReport['marketingSla']) =>
  rows.map((s) => [s.metric, s.target, s.actual ?? 'not measured', metOrMissed(s.met)]);

export function monthlyBlocks(r: MonthlyReport): Block[] {
  const attribution: Block = r.revenueAttribution.available
    ? {
        kind: 'list',
        items: r.revenueAttribution.lines.map(
          (l) => `${l.label}: ${money(l.cents, r.currency)} (${pct(l.share)} of total)`,
        ),
      }
    : { kind: 'paragraph', text: r.revenueAttribution.note };
  return [
    { kind: 'heading', level: 1, text: `MONTHLY ALIGNMENT REPORT — ${r.title}` },
    { kind: 'heading', level: 2, text: 'EXECUTIVE SUMMARY' },
    { kind: 'paragraph', text: r.executiveSummary },
    { kind: 'heading', level: 2, text: 'MARKETING SLA COMPLIANCE' },
    { kind: 'table', headers: ['Metric', 'Target', 'Actual', 'Status'], rows: slaRows(r.marketingSla) },
    { kind: 'heading', level: 2, text: 'SALES SLA COMPLIANCE' },
    { kind: 'table', headers: ['Metric', 'Target', 'Actual', 'Status'], rows: slaRows(r.salesSla) },
    { kind: 'heading', level: 2, text: 'FUNNEL PERFORMANCE' },
    {
      kind: 'table',
      headers: ['Stage', 'Volume', 'Conversion Rate', 'vs. Prior Month'],
      rows: r.funnel.map((s) => [
        s.label,
        String(s.volume),
        s.stage === 'lead' ? '—' : pct(s.conversion),
        s.change === null ? `— (prior ${s.priorVolume})` : signedPct(s.change),
      ]),
    },
    { kind: 'heading', level: 2, text: 'REVENUE ATTRIBUTION' },
    attribution,
    { kind: 'heading', level: 2, text: 'KEY INSIGHTS' },
    { kind: 'list', ordered: true, items: r.keyInsights.length ? r.keyInsights : ['No data in the month.'] },
    { kind: 'heading', level: 2, text: 'NEXT MONTH PRIORITIES' },
    {
      kind: 'list',
      ordered: true,
      items: r.priorities.length
        ? r.priorities.map((p) => `${p.priority} — ${p.owner}`)
        : ['Keep every SLA met.'],
    },
  ];
}

export function diagnosticsBlocks(r: DiagnosticsReport): Block[] {
  return [
    { kind: 'heading', level: 1, text: `Diagnostics — ${r.from} to ${r.to}` },
    {
      kind: 'paragraph',
      text: `${r.detected} of ${r.findings.length} patterns detected, against ${r.prior.from} to ${r.prior.to}.`,
    },
    {
      kind: 'table',
      headers: ['Symptom', 'Detected', 'Evidence', 'Marketing Says', 'Sales Says', 'Root Cause', 'Fix'],
      rows: r.findings.map((f) => [
        f.symptom,
        f.detected ? 'yes' : 'no',
        f.evidence.join('; '),
        f.marketingSays ?? '',
        f.salesSays ?? '',
        f.rootCause,
        f.fix,
      ]),
    },
  ];
}
