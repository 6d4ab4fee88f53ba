import { type FormEvent, useMemo, useState } from 'react';
import { apiGet, type Query } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import { formatCount, formatMoney, formatPercent, formatRatio } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { isPeriod, quarterOf } from '../period.ts';
import type { Coverage, Me, ReverseFunnel } from '../types.ts';

/** The calculator's fields: the API's query names, with the agreement's values as defaults. */
const FIELDS = [
  { name: 'revenue', label: 'Revenue target ($)', of: (r: ReverseFunnel) => String(r.revenue.cents / 100) },
  {
    name: 'dealSize',
    label: 'Average deal size ($)',
    of: (r: ReverseFunnel) => String(r.averageDealSize.cents / 100),
  },
  { name: 'winRate', label: 'Win rate', of: (r: ReverseFunnel) => String(r.winRate) },
  {
    name: 'sqlToOpp',
    label: 'SQL-to-opportunity rate',
    of: (r: ReverseFunnel) => String(r.sqlToOpportunityRate),
  },
  { name: 'mqlToSql', label: 'MQL-to-SQL rate', of: (r: ReverseFunnel) => String(r.mqlToSqlRate) },
  { name: 'months', label: 'Months in the period', of: (r: ReverseFunnel) => String(r.months) },
] as const;

type Values = Record<(typeof FIELDS)[number]['name'], string>;

interface StepRow {
  step: string;
  period: number;
  month: number;
}

const STEP_COLUMNS: Column<StepRow>[] = [
  { header: 'Step', cell: (row) => row.step },
  { header: 'In the period', cell: (row) => formatCount(row.period), numeric: true },
  { header: 'A month', cell: (row) => formatCount(row.month), numeric: true },
];

export default function Planning(_props: { me: Me }) {
  const agreed = useLoad('reverse-funnel:agreement', () => apiGet<ReverseFunnel>('/v1/plan/reverse-funnel'));
  return (
    <>
      <h1>Planning</h1>
      <ErrorBox error={agreed.error} />
      {agreed.loading && <Loading what="the agreement's targets" />}
      {agreed.data && <Calculator agreed={agreed.data} />}
      <CoveragePanel />
    </>
  );
}

function Calculator({ agreed }: { agreed: ReverseFunnel }) {
  const defaults = Object.fromEntries(FIELDS.map((field) => [field.name, field.of(agreed)])) as Values;
  const [values, setValues] = useState<Values>(defaults);
  const [asked, setAsked] = useState<Query | null>(null);
  const whatIf = useLoad(asked ? JSON.stringify(asked) : null, () =>
    apiGet<ReverseFunnel>('/v1/plan/reverse-funnel', asked ?? {}),
  );
  const result = (asked && whatIf.data) || agreed;
  const rows: StepRow[] = [
    { step: 'MQLs', period: result.mqls, month: result.perMonth.mqls },
    { step: 'SQLs', period: result.sqls, month: result.perMonth.sqls },
    { step: 'Opportunities', period: result.opportunities, month: result.perMonth.opportunities },
    { step: 'Deals won', period: result.deals, month: result.perMonth.deals },
  ];
  const summary = rows.map((row) => `${row.step}: ${formatCount(row.period)}`).join(', ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the summary text names every number drawn
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 20, top: 10, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: rows.map((row) => row.step), inverse: true },
      series: [
        { type: 'bar', data: rows.map((row) => row.period), label: { show: true, position: 'right' } },
      ],
    }),
    [summary],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only what differs from the agreement is asked for, so the answer says what was overridden.
    const changed = Object.fromEntries(
      FIELDS.filter((f) => values[f.name] !== defaults[f.name]).map((f) => [f.name, values[f.name]]),
    );
    setAsked(Object.keys(changed).length > 0 ? changed : null);
  };
  return (
    <section className="panel" aria-labelledby="reverse-funnel-title">
      <h2 id="reverse-funnel-title">Reverse funnel (agreement v{agreed.agreementVersion})</h2>
      <form className="calculator" onSubmit={submit}>
        {FIELDS.map((field) => (
          <label key={field.name}>
            {field.label}
            <input
              name={field.name}
              inputMode="decimal"
              required
              value={values[field.name]}
              onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
            />
          </label>
        ))}
        <div className="actions">
          <button type="submit" className="primary">
            Calculate
          </button>
          <button
            type="button"
            onClick={() => {
              setValues(defaults);
              setAsked(null);
            }}
          >
            Back to the agreement
          </button>
        </div>
      </form>
      <ErrorBox error={asked ? whatIf.error : undefined} title="Cannot calculate" />
      <p>
        {formatMoney(result.revenue.cents, result.revenue.currency)} over {result.months} months at{' '}
        {formatMoney(result.averageDealSize.cents, result.averageDealSize.currency)} a deal, win rate{' '}
        {formatPercent(result.winRate)}, SQL-to-opportunity {formatPercent(result.sqlToOpportunityRate)},
        MQL-to-SQL {formatPercent(result.mqlToSqlRate)}
        {result.overridden.length > 0 ? ` (what if: ${result.overridden.join(', ')})` : ' (the agreement)'}.
      </p>
      <div className="columns">
        <DataTable
          caption="What the target needs"
          columns={STEP_COLUMNS}
          rows={rows}
          rowKey={(row) => row.step}
        />
        <Chart option={option} label="Reverse funnel" summary={summary} height={220} />
      </div>
    </section>
  );
}

function CoveragePanel() {
  const [period, setPeriod] = useState(() => quarterOf(new Date()));
  const coverage = useLoad(isPeriod(period) ? `coverage:${period}` : null, () =>
    apiGet<Coverage>('/v1/plan/coverage', { period }),
  );
  const data = coverage.data;
  return (
    <section className="panel" aria-labelledby="coverage-title">
      <div className="page-head">
        <h2 id="coverage-title">Pipeline coverage</h2>
        <label className="inline">
          Period{' '}
          <input
            value={period}
            pattern="\d{4}-(\d{2}|Q[1-4])"
            title="a quarter (2026-Q4) or a month (2026-10)"
            onChange={(event) => setPeriod(event.target.value)}
          />
        </label>
      </div>
      <ErrorBox error={coverage.error} />
      {data && (
        <Tiles label="Coverage">
          <Tile
            metric="coverage-actual"
            label="Coverage"
            value={formatRatio(data.actualCoverage)}
            detail={`required ${formatRatio(data.requiredCoverage)} (${data.coverageSource.replaceAll('_', ' ')})`}
          />
          <Tile
            metric="open-pipeline"
            label="Open pipeline"
            value={formatMoney(data.openPipeline.cents, data.openPipeline.currency)}
            detail={`${formatCount(data.opportunities)} opportunities closing in ${data.period.label}`}
          />
          <Tile
            metric="required-pipeline"
            label="Required pipeline"
            value={formatMoney(data.requiredPipeline.cents, data.requiredPipeline.currency)}
            detail={`target ${formatMoney(data.revenueTarget.cents, data.revenueTarget.currency)}`}
          />
          <Tile
            metric="gap"
            label="Gap"
            value={formatMoney(data.gap.cents, data.gap.currency)}
            detail={`${formatCount(data.gapFunnel.opportunities)} opportunities, ${formatCount(data.gapFunnel.sqls)} SQLs, ${formatCount(data.gapFunnel.mqls)} MQLs more`}
          />
        </Tiles>
      )}
    </section>
  );
}
