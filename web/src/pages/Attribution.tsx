import { useMemo, useState } from 'react';
import { apiGet } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import { formatCount, formatMoney, formatPercent } from '../format.ts';
import { useLoad } from '../hooks.ts';
import type { AttributionReport, Economics, EconomicsRow, Page, RevenueAttribution } from '../types.ts';
import {
  addDays,
  isDay,
  modelLabel,
  revenueSeries,
  type SideBySideRow,
  sideBySide,
  sideBySideSummary,
} from './attribution-model.ts';

const CONVERSIONS = ['mql', 'sql', 'opportunity', 'won'] as const;
const CONVERSION_LABELS = { mql: 'MQL', sql: 'SQL', opportunity: 'Opportunity', won: 'Closed-won' } as const;
const CHART_KEYS = 8;
/** Eleven models, eleven colours (ECharts' default palette has nine, so two would repeat). */
const MODEL_COLORS = [
  '#5470c6',
  '#91cc75',
  '#fac858',
  '#ee6666',
  '#73c0de',
  '#3ba272',
  '#fc8452',
  '#9a60b4',
  '#ea7ccc',
  '#1f2937',
  '#b45309',
];

/** The first day of the month two months back: three calendar months up to today. */
function defaultFrom(today: Date): string {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 2, 1)).toISOString().slice(0, 10);
}

export default function Attribution() {
  const [from, setFrom] = useState(() => defaultFrom(new Date()));
  const [to, setTo] = useState(() => new Date().toISOString().slice(0, 10));
  const [by, setBy] = useState<'channel' | 'campaign'>('channel');
  const [conversion, setConversion] = useState<(typeof CONVERSIONS)[number]>('opportunity');
  const range = isDay(from) && isDay(to) && from <= to ? `${from}..${to}` : null;

  const revenue = useLoad(range && `revenue:${range}`, () =>
    apiGet<RevenueAttribution>('/v1/attribution/revenue', { from, to, period: 'month' }),
  );
  const models = useLoad(range && `models:${range}:${by}:${conversion}`, () =>
    // `to` of the models is exclusive ("conversions before"): the day after the last one shown.
    apiGet<AttributionReport>('/v1/attribution', { model: 'all', by, conversion, from, to: addDays(to, 1) }),
  );
  // Campaign credit comes keyed by campaign id: the names are read once, when first needed.
  const campaigns = useLoad(by === 'campaign' ? 'campaigns' : null, () =>
    apiGet<Page<{ id: string; name: string }>>('/v1/campaigns', { limit: 500 }),
  );
  const nameOf = useMemo(() => {
    const names = new Map((campaigns.data?.items ?? []).map((campaign) => [campaign.id, campaign.name]));
    return (key: string) => names.get(key) ?? key;
  }, [campaigns.data]);
  const roi = useLoad(range && `roi:${range}`, () =>
    apiGet<Economics>('/v1/attribution/roi', { by: 'channel', from, to }),
  );

  return (
    <>
      <div className="page-head">
        <h1>Attribution</h1>
        <div className="actions">
          <label className="inline">
            From <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
          </label>
          <label className="inline">
            To <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
          </label>
        </div>
      </div>
      {!range && <p role="alert">Choose a first day on or before the last one.</p>}

      <ErrorBox error={revenue.error} />
      {revenue.loading && <Loading what="revenue attribution" />}
      {revenue.data && <RevenueSection revenue={revenue.data} />}

      <section className="panel" aria-labelledby="models-title">
        <div className="page-head">
          <h2 id="models-title">Models side by side</h2>
          <div className="actions">
            <fieldset className="toggle">
              <legend className="sr-only">Credit by</legend>
              {(['channel', 'campaign'] as const).map((choice) => (
                <button key={choice} type="button" aria-pressed={by === choice} onClick={() => setBy(choice)}>
                  By {choice}
                </button>
              ))}
            </fieldset>
            <label className="inline">
              Conversion{' '}
              <select
                value={conversion}
                onChange={(event) => setConversion(event.target.value as (typeof CONVERSIONS)[number])}
              >
                {CONVERSIONS.map((stage) => (
                  <option key={stage} value={stage}>
                    {CONVERSION_LABELS[stage]}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
        <ErrorBox error={models.error} />
        {models.loading && <Loading what="the models" />}
        {models.data && <ModelsBody report={models.data} by={by} nameOf={nameOf} />}
      </section>

      <section className="panel" aria-labelledby="roi-title">
        <h2 id="roi-title">ROI by channel</h2>
        <ErrorBox error={roi.error} />
        {roi.loading && <Loading what="ROI" />}
        {roi.data && <RoiTable economics={roi.data} />}
      </section>
    </>
  );
}

const MEASURES = { revenue: 'Revenue won', pipeline: 'Pipeline created' } as const;

function RevenueSection({ revenue }: { revenue: RevenueAttribution }) {
  const [measure, setMeasure] = useState<keyof typeof MEASURES>('revenue');
  const money = (cents: number) => formatMoney(cents, revenue.currency);
  const won = revenue.total.revenue;
  const pipeline = revenue.total.pipeline;
  const option = useMemo(() => {
    const series = revenueSeries(revenue, measure);
    const bar = (name: string, data: number[]) => ({ name, type: 'bar', data });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 70, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: series.labels },
      yAxis: { type: 'value', name: revenue.currency },
      series: [
        bar('Marketing-sourced', series.sourced),
        bar('Marketing-influenced', series.influenced),
        bar('Sales-sourced', series.salesSourced),
      ],
    };
  }, [revenue, measure]);
  const summary = revenue.periods
    .map(
      (period) =>
        `${period.label}: sourced ${money(period[measure].sourced.cents)}, influenced ${money(period[measure].influenced.cents)}, sales-sourced ${money(period[measure].salesSourced.cents)}`,
    )
    .join('; ');
  return (
    <>
      <Tiles label="Sourced and influenced revenue">
        <Tile
          metric="sourced-revenue"
          label="Marketing-sourced revenue"
          value={money(won.sourced.cents)}
          detail={`${formatPercent(won.sourced.share)} of ${money(won.total.cents)} won, ${formatCount(won.sourced.deals)} deals`}
        />
        <Tile
          metric="influenced-revenue"
          label="Marketing-influenced revenue"
          value={money(won.influenced.cents)}
          detail={`${formatPercent(won.influenced.share)} of won, ${formatCount(won.influenced.deals)} deals`}
        />
        <Tile
          metric="sales-sourced-revenue"
          label="Sales-sourced revenue"
          value={money(won.salesSourced.cents)}
          detail={`${formatPercent(won.salesSourced.share)} of won, ${formatCount(won.salesSourced.deals)} deals`}
        />
        <Tile
          metric="sourced-pipeline"
          label="Marketing-sourced pipeline"
          value={money(pipeline.sourced.cents)}
          detail={`${formatPercent(pipeline.sourced.share)} of ${money(pipeline.total.cents)} created`}
        />
      </Tiles>
      <section className="panel" aria-labelledby="revenue-title">
        <div className="page-head">
          <h2 id="revenue-title">
            {MEASURES[measure]} per month, {revenue.from} to {revenue.to}
          </h2>
          <fieldset className="toggle">
            <legend className="sr-only">Amounts of</legend>
            {(Object.keys(MEASURES) as (keyof typeof MEASURES)[]).map((choice) => (
              <button
                key={choice}
                type="button"
                aria-pressed={measure === choice}
                onClick={() => setMeasure(choice)}
              >
                {MEASURES[choice]}
              </button>
            ))}
          </fieldset>
        </div>
        <Chart
          option={option}
          label={`Sourced, influenced and sales-sourced ${measure} per month`}
          summary={summary}
        />
        {revenue.otherCurrencies.length > 0 && (
          <p className="muted">
            Not counted (other currencies):{' '}
            {revenue.otherCurrencies.map((other) => `${other.deals} in ${other.currency}`).join(', ')}
          </p>
        )}
      </section>
    </>
  );
}

function ModelsBody({
  report,
  by,
  nameOf,
}: {
  report: AttributionReport;
  by: string;
  nameOf: (key: string) => string;
}) {
  const table = useMemo(() => sideBySide(report), [report]);
  const option = useMemo(() => {
    const shown = table.rows.slice(0, CHART_KEYS);
    return {
      color: MODEL_COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 50, right: 16, top: 56, bottom: 60 },
      xAxis: { type: 'category', data: shown.map((row) => nameOf(row.key)), axisLabel: { rotate: 20 } },
      yAxis: { type: 'value', name: 'share %' },
      series: table.models.map((model, i) => ({
        name: modelLabel(model),
        type: 'bar',
        data: shown.map((row) => Number(((row.cells[i]?.share ?? 0) * 100).toFixed(1))),
      })),
    };
  }, [table, nameOf]);
  const columns: Column<SideBySideRow>[] = [
    { header: by === 'campaign' ? 'Campaign' : 'Channel', cell: (row) => nameOf(row.key) },
    ...table.models.map((model, i) => ({
      header: modelLabel(model),
      numeric: true,
      cell: (row: SideBySideRow) => {
        const cell = row.cells[i];
        return cell ? `${formatPercent(cell.share)} (${cell.conversions.toFixed(1)})` : '–';
      },
    })),
  ];
  return (
    <>
      <p className="muted">
        {formatCount(report.conversions)} conversions ({report.source.conversion}) over{' '}
        {formatCount(report.paths)} journeys, {report.source.from.slice(0, 10)} to{' '}
        {report.source.to.slice(0, 10)}.
      </p>
      <Chart
        option={option}
        label={`Share of conversions by ${by}, every model`}
        summary={sideBySideSummary(table, CHART_KEYS, nameOf)}
        height={320}
      />
      <DataTable
        caption={`Credit by ${by}: share of conversions (credited conversions) under each model`}
        columns={columns}
        rows={table.rows}
        rowKey={(row) => row.key}
        empty="No conversion in the range."
      />
    </>
  );
}

function RoiTable({ economics }: { economics: Economics }) {
  const money = (cents: number | null) => (cents === null ? '–' : formatMoney(cents, economics.currency));
  const columns: Column<EconomicsRow>[] = [
    { header: 'Channel', cell: (row) => row.name },
    { header: 'Spend', cell: (row) => money(row.spendCents), numeric: true },
    { header: 'Leads', cell: (row) => formatCount(row.leads), numeric: true },
    { header: 'MQLs', cell: (row) => formatCount(row.mqls), numeric: true },
    { header: 'Opportunities', cell: (row) => formatCount(row.opportunities), numeric: true },
    { header: 'Pipeline', cell: (row) => money(row.pipelineCents), numeric: true },
    { header: 'Revenue', cell: (row) => money(row.revenueCents), numeric: true },
    { header: 'CAC', cell: (row) => money(row.cacCents), numeric: true },
    { header: 'ROMI', cell: (row) => (row.romi === null ? '–' : formatPercent(row.romi, 0)), numeric: true },
  ];
  return (
    <>
      <DataTable
        caption={`Spend, pipeline and revenue by channel (${economics.attribution.replace('_', ' ')} credit)`}
        columns={columns}
        rows={economics.rows}
        rowKey={(row) => row.key}
        empty="No lead, spend or revenue in the range."
      />
      <p className="muted">
        Marketing spend {money(economics.totals.marketingSpendCents)}, blended CAC{' '}
        {money(economics.totals.blendedCacCents)}, ROMI{' '}
        {economics.totals.romi === null ? '–' : formatPercent(economics.totals.romi, 0)}.
      </p>
    </>
  );
}
