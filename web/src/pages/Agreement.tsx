import { useMemo, useState } from 'react';
import { apiGet, apiPost, apiText } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { type Change, describeValue, diffDocuments } from '../diff.ts';
import { formatDateTime, formatMoney, formatPercent } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { can } from '../nav.ts';
import type { AgreementVersion, Me, Page, Replay, Signer } from '../types.ts';

const REPLAY_DAYS = 90;

function signed(signer: Signer | null): string {
  return signer ? `${signer.name}, ${formatDateTime(signer.at)}` : 'not yet';
}

export default function Agreement({ me }: { me: Me }) {
  const active = useLoad('agreement', () => apiGet<AgreementVersion>('/v1/agreement'));
  const versions = useLoad('agreement:versions', () =>
    apiGet<Page<AgreementVersion>>('/v1/agreement/versions', { limit: 50 }),
  );
  const reload = () => {
    active.reload();
    versions.reload();
  };
  const proposed = (versions.data?.items ?? []).filter((version) => version.status === 'proposed');
  const history = (versions.data?.items ?? []).filter((version) => version.status !== 'proposed');
  return (
    <>
      <h1>The agreement</h1>
      <ErrorBox error={active.error ?? versions.error} />
      {active.loading && !active.data && <Loading what="the agreement" />}
      {active.data && <Current version={active.data} />}
      <section className="panel" aria-labelledby="proposed-title">
        <h2 id="proposed-title">Proposed changes</h2>
        {versions.data && proposed.length === 0 && <p>No version is waiting for approval.</p>}
        {active.data &&
          proposed.map((version) => (
            <Proposal
              key={version.version}
              version={version}
              current={active.data!}
              me={me}
              onDecided={reload}
            />
          ))}
      </section>
      <section className="panel" aria-label="Version history">
        <DataTable
          caption="Version history"
          columns={HISTORY_COLUMNS}
          rows={history}
          rowKey={(version) => String(version.version)}
        />
      </section>
    </>
  );
}

const HISTORY_COLUMNS: Column<AgreementVersion>[] = [
  { header: 'Version', cell: (v) => v.version, numeric: true },
  { header: 'Status', cell: (v) => v.status },
  { header: 'Summary', cell: (v) => v.summary },
  { header: 'Effective', cell: (v) => formatDateTime(v.effectiveAt) },
  { header: 'Marketing', cell: (v) => signed(v.approvals.marketing) },
  { header: 'Sales', cell: (v) => signed(v.approvals.sales) },
];

function Current({ version }: { version: AgreementVersion }) {
  const [error, setError] = useState<Error | undefined>();
  const targets = version.document?.targets;
  const openDocument = async () => {
    try {
      const { text } = await apiText('/v1/agreement/document', { format: 'html' });
      const url = URL.createObjectURL(new Blob([text], { type: 'text/html' }));
      window.open(url, '_blank', 'noopener');
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <section className="panel" aria-labelledby="current-title">
      <h2 id="current-title">In force: version {version.version}</h2>
      <p>{version.summary}</p>
      <dl className="facts">
        <dt>Effective</dt>
        <dd>{formatDateTime(version.effectiveAt)}</dd>
        <dt>Marketing approval</dt>
        <dd>{signed(version.approvals.marketing)}</dd>
        <dt>Sales approval</dt>
        <dd>{signed(version.approvals.sales)}</dd>
        <dt>MQL threshold</dt>
        <dd data-testid="mql-threshold">{version.document?.scoring.threshold ?? '–'}</dd>
        {targets && (
          <>
            <dt>Revenue target</dt>
            <dd>
              {formatMoney(targets.revenuePerPeriod.cents, targets.revenuePerPeriod.currency)} per{' '}
              {targets.monthsPerPeriod} months
            </dd>
            <dt>Assumptions</dt>
            <dd>
              deal {formatMoney(targets.averageDealSize.cents, targets.averageDealSize.currency)}, win{' '}
              {formatPercent(targets.winRate)}, SQL-to-opp {formatPercent(targets.sqlToOpportunityRate)},
              MQL-to-SQL {formatPercent(targets.mqlToSqlRate)}
            </dd>
          </>
        )}
      </dl>
      <button type="button" onClick={openDocument}>
        Open the SLA document
      </button>
      <ErrorBox error={error} />
    </section>
  );
}

const CHANGE_COLUMNS: Column<Change>[] = [
  { header: 'Where', cell: (change) => <code>{change.path}</code> },
  { header: 'In force', cell: (change) => <span className="value">{describeValue(change.before)}</span> },
  { header: 'Proposed', cell: (change) => <span className="value">{describeValue(change.after)}</span> },
];

function Proposal({
  version,
  current,
  me,
  onDecided,
}: {
  version: AgreementVersion;
  current: AgreementVersion;
  me: Me;
  onDecided: () => void;
}) {
  const full = useLoad(`agreement:v${version.version}`, () =>
    apiGet<AgreementVersion>(`/v1/agreement/versions/${version.version}`),
  );
  const changes = full.data?.document ? diffDocuments(current.document, full.data.document) : [];
  const [error, setError] = useState<Error | undefined>();
  const [reason, setReason] = useState('');
  const operator = me.role === 'admin' || me.role === 'revops';
  const [side, setSide] = useState<'marketing' | 'sales'>(
    version.approvals.marketing ? 'sales' : 'marketing',
  );
  const act = async (path: string, body: unknown) => {
    setError(undefined);
    try {
      await apiPost(`/v1/agreement/versions/${version.version}/${path}`, body);
      onDecided();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  const titleId = `proposal-${version.version}`;
  return (
    <article className="proposal" aria-labelledby={titleId}>
      <h3 id={titleId}>
        Version {version.version}: {version.summary}
      </h3>
      <p className="muted">
        Proposed by {version.proposedBy.name}, {formatDateTime(version.proposedAt)}. Marketing:{' '}
        {signed(version.approvals.marketing)}. Sales: {signed(version.approvals.sales)}.
      </p>
      <ErrorBox error={full.error} />
      <DataTable
        caption={`${changes.length} change${changes.length === 1 ? '' : 's'} against version ${current.version}`}
        columns={CHANGE_COLUMNS}
        rows={changes}
        rowKey={(change) => change.path}
        empty={full.loading ? 'Loading…' : 'No difference.'}
      />
      <ScoringReplay version={version.version} />
      {can(me, 'agreement:approve') && (
        <div className="decision">
          {operator && (
            <label>
              Sign for{' '}
              <select value={side} onChange={(event) => setSide(event.target.value as 'marketing' | 'sales')}>
                <option value="marketing">marketing</option>
                <option value="sales">sales</option>
              </select>
            </label>
          )}
          <button type="button" className="primary" onClick={() => act('approve', operator ? { side } : {})}>
            Approve version {version.version}
          </button>
          <label>
            Reason to reject
            <input value={reason} onChange={(event) => setReason(event.target.value)} />
          </label>
          <button
            type="button"
            disabled={!reason.trim()}
            onClick={() => act('reject', { reason: reason.trim() })}
          >
            Reject
          </button>
        </div>
      )}
      <ErrorBox error={error} title="Not recorded" />
    </article>
  );
}

/** What the proposal's scoring would have done over the last 90 days, next to the model in force. */
function ScoringReplay({ version }: { version: number }) {
  const [asked, setAsked] = useState(false);
  const replay = useLoad(asked ? `replay:${version}` : null, () => {
    const to = new Date();
    const from = new Date(to.getTime() - REPLAY_DAYS * 86_400_000);
    return apiPost<Replay>('/v1/scoring/replay', { version, from: from.toISOString(), to: to.toISOString() });
  });
  const data = replay.data;
  const summary = data
    ? `Over ${data.people} people: ${data.current.totalMqls} MQLs in force, ${data.proposed.totalMqls} proposed`
    : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the summary names the totals; data changes with it
  const option = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 10, top: 30, bottom: 30 },
        xAxis: {
          type: 'category',
          data: data.current.mqlsByWeek.map((week) => week.weekStarting.slice(5, 10)),
        },
        yAxis: { type: 'value', name: 'MQLs' },
        series: [
          { name: 'In force', type: 'line', data: data.current.mqlsByWeek.map((week) => week.mqls) },
          { name: 'Proposed', type: 'line', data: data.proposed.mqlsByWeek.map((week) => week.mqls) },
        ],
      },
    [summary],
  );
  if (!asked) {
    return (
      <button type="button" onClick={() => setAsked(true)}>
        Replay scoring over the last {REPLAY_DAYS} days
      </button>
    );
  }
  return (
    <div className="replay">
      <ErrorBox error={replay.error} />
      {replay.loading && <Loading what="the scoring replay" />}
      {data && option && (
        <>
          <Chart
            option={option}
            label={`MQLs a week, version ${version} against the model in force`}
            summary={summary}
            height={220}
          />
          <DataTable
            caption="Who each model passes as MQL"
            columns={[
              { header: 'Model', cell: (row: { name: string; m: Replay['current'] }) => row.name },
              { header: 'MQLs', cell: (row) => row.m.totalMqls, numeric: true },
              { header: 'Became SQL', cell: (row) => row.m.passes.sql, numeric: true },
              { header: 'Became opportunity', cell: (row) => row.m.passes.opportunity, numeric: true },
              { header: 'Won', cell: (row) => row.m.passes.customer, numeric: true },
              {
                header: 'Rejected by sales, still passed',
                cell: (row) => row.m.passes.rejectedBySales,
                numeric: true,
              },
            ]}
            rows={[
              { name: 'In force', m: data.current },
              { name: `Version ${version}`, m: data.proposed },
            ]}
            rowKey={(row) => row.name}
          />
        </>
      )}
    </div>
  );
}
