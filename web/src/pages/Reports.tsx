import { useState } from 'react';
import { apiGet, apiText, download } from '../api.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { Badge, ErrorBox, Loading } from '../components/Status.tsx';
import { formatCount, formatDuration, formatMoney, formatPercent } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { monthOf } from '../period.ts';
import { kindLabel } from './feedback-model.ts';
import type {
  Diagnostics,
  Finding,
  MonthlyReport,
  PipelineReview,
  ReportSlaRow,
  ReviewDeal,
} from '../types.ts';
import {
  DOWNLOADS,
  type DownloadFormat,
  isIsoWeek,
  isMonth,
  isoWeekOf,
  reportFileName,
} from './reports-model.ts';

const SLA_COLUMNS: Column<ReportSlaRow>[] = [
  { header: 'Metric', cell: (row) => row.metric },
  { header: 'Target', cell: (row) => row.target },
  { header: 'Actual', cell: (row) => row.actual ?? '–' },
  { header: 'Status', cell: (row) => <Badge ok={row.met} /> },
];

function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, m ?? 1, 0)).toISOString().slice(0, 10);
}

export default function Reports() {
  const [month, setMonth] = useState(() => monthOf(new Date()));
  const [week, setWeek] = useState(() => isoWeekOf(new Date()));
  const monthly = useLoad(isMonth(month) ? `monthly:${month}` : null, () =>
    apiGet<MonthlyReport>('/v1/reports/monthly', { month }),
  );
  const review = useLoad(isIsoWeek(week) ? `review:${week}` : null, () =>
    apiGet<PipelineReview>('/v1/reports/pipeline-review', { week }),
  );
  const diagnostics = useLoad(isMonth(month) ? `diagnostics:${month}` : null, () =>
    apiGet<Diagnostics>('/v1/diagnostics', { from: `${month}-01`, to: lastDayOf(month) }),
  );

  return (
    <>
      <div className="page-head">
        <h1>Reports</h1>
      </div>

      <section className="panel" aria-labelledby="monthly-title">
        <div className="page-head">
          <h2 id="monthly-title">Monthly alignment report</h2>
          <label className="inline">
            Report month{' '}
            <input
              type="month"
              value={month}
              onChange={(event) => event.target.value && setMonth(event.target.value)}
            />
          </label>
        </div>
        <Downloads
          what="monthly report"
          path="/v1/reports/monthly"
          query={{ month }}
          fileName={(format) => reportFileName('monthly-alignment-report', month, format)}
          disabled={!isMonth(month)}
        />
        <ErrorBox error={monthly.error} />
        {monthly.loading && <Loading what="the monthly report" />}
        {monthly.data && <Monthly report={monthly.data} />}
      </section>

      <section className="panel" aria-labelledby="review-title">
        <div className="page-head">
          <h2 id="review-title">Weekly pipeline review</h2>
          <label className="inline">
            Review week{' '}
            <input
              type="week"
              value={week}
              pattern="\d{4}-W\d{2}"
              title="an ISO week like 2026-W43"
              onChange={(event) => event.target.value && setWeek(event.target.value)}
            />
          </label>
        </div>
        <Downloads
          what="pipeline review"
          path="/v1/reports/pipeline-review"
          query={{ week }}
          fileName={(format) => reportFileName('pipeline-review', week, format)}
          disabled={!isIsoWeek(week)}
        />
        <ErrorBox error={review.error} />
        {review.loading && <Loading what="the pipeline review" />}
        {review.data && <Review review={review.data} />}
      </section>

      <section className="panel" aria-labelledby="diagnostics-title">
        <h2 id="diagnostics-title">Diagnostics, {month}</h2>
        <ErrorBox error={diagnostics.error} />
        {diagnostics.loading && <Loading what="diagnostics" />}
        {diagnostics.data && <DiagnosticsList diagnostics={diagnostics.data} />}
      </section>
    </>
  );
}

/** One button a format: fetched with the session's key, saved as a file. */
function Downloads({
  what,
  path,
  query,
  fileName,
  disabled,
}: {
  what: string;
  path: string;
  query: Record<string, string>;
  fileName: (format: DownloadFormat) => string;
  disabled: boolean;
}) {
  const [busy, setBusy] = useState<DownloadFormat | null>(null);
  const [error, setError] = useState<Error | undefined>();
  const save = async (format: DownloadFormat) => {
    setBusy(format);
    setError(undefined);
    try {
      const { text, type } = await apiText(path, { ...query, format });
      download(text, type, fileName(format));
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="actions">
      {DOWNLOADS.map((entry) => (
        <button
          key={entry.format}
          type="button"
          disabled={disabled || busy !== null}
          aria-label={`Download the ${what} as ${entry.label}`}
          onClick={() => save(entry.format)}
        >
          {busy === entry.format ? 'Preparing…' : `Download ${entry.label}`}
        </button>
      ))}
      <ErrorBox error={error} title="Download failed" />
    </div>
  );
}

function Monthly({ report }: { report: MonthlyReport }) {
  const money = (cents: number) => formatMoney(cents, report.currency);
  const attribution = report.revenueAttribution;
  return (
    <article aria-label={`Monthly alignment report — ${report.title}`}>
      <h3>MONTHLY ALIGNMENT REPORT — {report.title}</h3>
      <p className="muted">
        {report.from} to {report.to}, agreement v{report.agreementVersion}, against {report.priorMonth}
      </p>
      <h4>Executive summary</h4>
      <p>{report.executiveSummary}</p>
      <div className="columns wide">
        <DataTable
          caption="Marketing SLA compliance"
          columns={SLA_COLUMNS}
          rows={report.marketingSla}
          rowKey={(row) => row.id}
        />
        <DataTable
          caption="Sales SLA compliance"
          columns={SLA_COLUMNS}
          rows={report.salesSla}
          rowKey={(row) => row.id}
        />
      </div>
      <DataTable
        caption={`Funnel performance (MQL target ${formatCount(report.mqlTarget)})`}
        columns={[
          { header: 'Stage', cell: (stage) => stage.label },
          { header: 'Volume', cell: (stage) => formatCount(stage.volume), numeric: true },
          {
            header: 'Conversion rate',
            cell: (stage) => (stage.stage === 'lead' ? '—' : formatPercent(stage.conversion)),
            numeric: true,
          },
          {
            header: 'vs. prior month',
            cell: (stage) =>
              stage.change === null
                ? `— (prior ${formatCount(stage.priorVolume)})`
                : `${stage.change >= 0 ? '+' : ''}${formatPercent(stage.change)}`,
            numeric: true,
          },
        ]}
        rows={report.funnel}
        rowKey={(stage) => stage.stage}
      />
      <h4>Revenue attribution</h4>
      {attribution.available && attribution.lines ? (
        <ul aria-label="Revenue attribution">
          {attribution.lines.map((line) => (
            <li key={line.label}>
              {line.label}: {money(line.cents)} ({formatPercent(line.share)} of total)
            </li>
          ))}
        </ul>
      ) : (
        <p>{attribution.note}</p>
      )}
      <h4>Key insights</h4>
      <ul>
        {report.keyInsights.map((insight) => (
          <li key={insight}>{insight}</li>
        ))}
      </ul>
      <h4>Priorities for next month</h4>
      <ol>
        {report.priorities.map((entry) => (
          <li key={entry.priority}>
            {entry.priority} <span className="muted">({entry.owner})</span>
          </li>
        ))}
      </ol>
    </article>
  );
}

function Review({ review }: { review: PipelineReview }) {
  const money = (cents: number) => formatMoney(cents, review.currency);
  const funnel = review.funnel;
  const dealColumns: Column<ReviewDeal>[] = [
    { header: 'Deal', cell: (deal) => deal.name },
    { header: 'Account', cell: (deal) => deal.account ?? '–' },
    { header: 'Owner', cell: (deal) => deal.owner ?? '–' },
    { header: 'Stage', cell: (deal) => deal.stage },
    { header: 'Amount', cell: (deal) => money(deal.amountCents), numeric: true },
    { header: 'Close date', cell: (deal) => deal.closeDate ?? '–' },
    { header: 'Idle days', cell: (deal) => deal.idleDays, numeric: true },
  ];
  return (
    <article aria-label={`Weekly pipeline review ${review.week}`}>
      <p className="muted">
        {review.week}: {review.from} to {review.to}
      </p>
      <ul>
        <li>
          MQLs: {formatCount(funnel.mqls)} vs target {formatCount(funnel.mqlTarget)}
        </li>
        <li>
          Accepted: {formatCount(funnel.accepted)} ({formatPercent(funnel.acceptance)} vs{' '}
          {formatPercent(funnel.acceptanceTarget)})
        </li>
        <li>
          Speed-to-lead median:{' '}
          {funnel.speedToLeadMedianMs === null ? '–' : formatDuration(funnel.speedToLeadMedianMs)} (target{' '}
          {funnel.speedToLeadTarget})
        </li>
        {review.campaigns.best && <li>Best campaign: {review.campaigns.best.summary}</li>}
        {review.campaigns.worst && <li>Worst campaign: {review.campaigns.worst.summary}</li>}
      </ul>
      <DataTable
        caption={`Deals closing in ${review.deals.month}: ${review.deals.closingThisMonth.count}, top by value`}
        columns={dealColumns}
        rows={review.deals.closingThisMonth.top}
        rowKey={(deal) => deal.id}
        empty="No deal closes this month."
      />
      <DataTable
        caption={`Stalled deals (no activity ${review.deals.stalled.idleDays}+ days): ${review.deals.stalled.count}`}
        columns={dealColumns}
        rows={review.deals.stalled.deals}
        rowKey={(deal) => deal.id}
        empty="No stalled deal."
      />
      <DataTable
        caption={`Deals at risk: ${review.deals.atRisk.count}`}
        columns={[...dealColumns, { header: 'Why', cell: (deal) => deal.reasons.join('; ') }]}
        rows={review.deals.atRisk.deals}
        rowKey={(deal) => deal.id}
        empty="No deal at risk."
      />
      <DataTable
        caption="Action items"
        columns={[
          { header: 'Owner', cell: (item) => item.owner },
          { header: 'Action', cell: (item) => item.action },
          { header: 'Due', cell: (item) => item.due },
        ]}
        rows={review.actionItems}
        rowKey={(item) => `${item.owner}:${item.action}`}
        empty="No action item."
      />
      <DataTable
        caption={`Lead quality flags: ${review.leadQualityFlags.count} raised this week (${review.leadQualityFlags.open} open)`}
        columns={[
          { header: 'Kind', cell: (flag) => kindLabel(flag.kind) },
          { header: 'Severity', cell: (flag) => flag.severity },
          { header: 'Campaign', cell: (flag) => flag.campaignName ?? '–' },
          { header: 'Issue', cell: (flag) => flag.comment ?? '' },
          { header: 'Status', cell: (flag) => flag.status },
        ]}
        rows={review.leadQualityFlags.flags}
        rowKey={(flag) => flag.id}
        empty="No lead-quality flag this week."
      />
      {review.omittedSections.length > 0 && (
        <p className="muted">
          Left out: {review.omittedSections.map((entry) => `${entry.section} (${entry.reason})`).join('; ')}
        </p>
      )}
    </article>
  );
}

function DiagnosticsList({ diagnostics }: { diagnostics: Diagnostics }) {
  const detected = diagnostics.findings.filter((finding) => finding.detected);
  return (
    <>
      <p>
        {diagnostics.detected === 0
          ? `No misalignment pattern detected from ${diagnostics.from} to ${diagnostics.to}.`
          : `${diagnostics.detected} of ${diagnostics.findings.length} patterns detected from ${diagnostics.from} to ${diagnostics.to}.`}
      </p>
      <ul className="findings" aria-label="Detected patterns">
        {detected.map((finding) => (
          <FindingItem key={finding.id} finding={finding} />
        ))}
      </ul>
    </>
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  return (
    <li>
      <strong>{finding.symptom}</strong>
      {finding.evidence.length > 0 && <p>Evidence: {finding.evidence.join('; ')}</p>}
      <p>Root cause: {finding.rootCause}</p>
      <p>Fix: {finding.fix}</p>
    </li>
  );
}
