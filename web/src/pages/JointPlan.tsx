import { useMemo, useState } from 'react';
import { ApiError, apiGet } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import { formatMoney, formatPercent } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { quarterOf } from '../period.ts';
import type { Me } from '../types.ts';
import {
  type BuyingProcess,
  type CalendarCampaign,
  DIMENSIONS,
  isQuarter,
  type JointPlan as Plan,
  type MaturityAssessment,
  type MaturityHistory,
  metricLabel,
  type Persona,
  planValue,
  playCoverage,
  quarterDays,
  STATUS_LABELS,
  shiftQuarter,
  timelineRows,
} from './joint-plan-model.ts';

/** The joint plan of a quarter (issue 8): targets vs progress, goals, the calendar by play, personas, the buying process and maturity. */
export default function JointPlan(_props: { me: Me }) {
  const [quarter, setQuarter] = useState(() => quarterOf(new Date()));
  const valid = isQuarter(quarter);
  return (
    <>
      <div className="page-head">
        <h1>Joint plan</h1>
        <div className="actions">
          <button type="button" disabled={!valid} onClick={() => setQuarter(shiftQuarter(quarter, -1))}>
            Previous quarter
          </button>
          <label className="inline">
            Quarter{' '}
            <input
              value={quarter}
              pattern="\d{4}-Q[1-4]"
              title="a quarter such as 2026-Q4"
              onChange={(event) => setQuarter(event.target.value.toUpperCase())}
            />
          </label>
          <button type="button" disabled={!valid} onClick={() => setQuarter(shiftQuarter(quarter, 1))}>
            Next quarter
          </button>
        </div>
      </div>
      {valid && <PlanPanels quarter={quarter} />}
      {valid && <MaturityPanel quarter={quarter} />}
      <PersonasPanel />
      <BuyingProcessPanel />
    </>
  );
}

function PlanPanels({ quarter }: { quarter: string }) {
  const plan = useLoad(`plan:${quarter}`, () => apiGet<Plan>(`/v1/plans/${quarter}`));
  const data = plan.data;
  return (
    <>
      <ErrorBox error={plan.error} />
      {plan.loading && !data && <Loading what="the plan" />}
      {data && (
        <>
          <section className="panel" aria-labelledby="targets-title">
            <h2 id="targets-title">
              Targets {data.quarter.label} (agreement v{data.agreementVersion}, {formatPercent(data.elapsed)}{' '}
              of the quarter gone)
            </h2>
            <Tiles label="Targets against progress">
              {data.targets.map((t) => (
                <Tile
                  key={t.metric}
                  metric={`plan-${t.metric.replaceAll('_', '-')}`}
                  label={metricLabel(t.metric)}
                  value={planValue(t.metric, t.actual, data.currency)}
                  detail={`of ${planValue(t.metric, t.target, data.currency)} (${formatPercent(t.share)}) · ${STATUS_LABELS[t.status]}`}
                />
              ))}
            </Tiles>
            <GoalsTable plan={data} />
            {data.notes && <p>Notes: {data.notes}</p>}
          </section>
          <CalendarPanel plan={data} />
        </>
      )}
    </>
  );
}

function GoalsTable({ plan }: { plan: Plan }) {
  type Goal = Plan['goals'][number];
  const columns: Column<Goal>[] = [
    { header: 'Team', cell: (g) => g.team },
    { header: 'Goal', cell: (g) => metricLabel(g.metric) },
    { header: 'Target', cell: (g) => planValue(g.metric, g.target, plan.currency), numeric: true },
    { header: 'Actual', cell: (g) => planValue(g.metric, g.actual, plan.currency), numeric: true },
    { header: 'Status', cell: (g) => (g.status ? STATUS_LABELS[g.status] : 'not tracked live') },
    { header: 'Owner', cell: (g) => g.ownerUserId ?? '–' },
  ];
  return (
    <DataTable
      caption={
        plan.saved
          ? `Goals per team (saved by ${plan.updatedBy})`
          : 'Goals per team (defaults: not saved yet)'
      }
      columns={columns}
      rows={plan.goals}
      rowKey={(g) => `${g.team}:${g.metric}`}
    />
  );
}

function CalendarPanel({ plan }: { plan: Plan }) {
  const rows = timelineRows(plan);
  const coverage = playCoverage(plan.calendar);
  const summary =
    rows.length === 0
      ? 'No campaign runs in the quarter.'
      : rows.map((r) => `${r.play}: ${r.label}, day ${r.startDay + 1} to ${r.endDay + 1}`).join('; ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the summary names every bar drawn
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      grid: { left: 230, right: 20, top: 10, bottom: 30 },
      xAxis: { type: 'value', min: 0, max: quarterDays(plan.quarter), name: 'day of the quarter' },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => `${r.play} · ${r.label}`) },
      series: [
        // A Gantt drawn as stacked bars: an invisible offset, then the campaign's days.
        {
          type: 'bar',
          stack: 'days',
          itemStyle: { color: 'transparent' },
          data: rows.map((r) => r.startDay),
        },
        { type: 'bar', stack: 'days', data: rows.map((r) => r.endDay - r.startDay + 1) },
      ],
    }),
    [summary],
  );
  const columns: Column<CalendarCampaign & { play: string }>[] = [
    { header: 'Sales play', cell: (c) => c.play },
    { header: 'Campaign', cell: (c) => c.name },
    { header: 'Channel', cell: (c) => c.channel.replaceAll('_', ' ') },
    { header: 'Dates', cell: (c) => `${c.startsOn ?? '…'} to ${c.endsOn ?? '…'}` },
    { header: 'Status', cell: (c) => c.status },
    { header: 'Cost', cell: (c) => formatMoney(c.costCents, c.currency), numeric: true },
  ];
  const tableRows = plan.calendar.flatMap((g) =>
    g.campaigns.map((c) => ({ ...c, play: g.play?.name ?? 'No play' })),
  );
  return (
    <section className="panel" aria-labelledby="calendar-title">
      <h2 id="calendar-title">Campaign calendar by sales play</h2>
      <p data-testid="calendar-coverage">
        {coverage.withPlay} of {coverage.total} campaigns support a sales play
      </p>
      <Chart
        option={option}
        label="Campaign calendar"
        summary={summary}
        height={Math.max(160, rows.length * 28 + 50)}
      />
      <DataTable
        caption="Campaigns of the quarter"
        columns={columns}
        rows={tableRows}
        rowKey={(c) => c.id}
        empty="No campaign runs in the quarter."
      />
    </section>
  );
}

function MaturityPanel({ quarter }: { quarter: string }) {
  const assessment = useLoad(`maturity:${quarter}`, () =>
    apiGet<MaturityAssessment>(`/v1/maturity/${quarter}`).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
  );
  const history = useLoad('maturity:history', () => apiGet<MaturityHistory>('/v1/maturity'));
  const a = assessment.data;
  type Row = MaturityHistory['items'][number];
  const columns: Column<Row>[] = [
    { header: 'Quarter', cell: (r) => r.quarter },
    { header: 'Overall', cell: (r) => r.overallLevel, numeric: true },
    ...DIMENSIONS.map((d) => ({ header: d, cell: (r: Row) => r.dimensions[d].level, numeric: true })),
  ];
  return (
    <section className="panel" aria-labelledby="maturity-title">
      <h2 id="maturity-title">Alignment maturity</h2>
      <ErrorBox error={assessment.error ?? history.error} />
      {a === null && (
        <p>
          No self-assessment for {quarter} yet (servio maturity assess, or PUT /v1/maturity/{quarter}).
        </p>
      )}
      {a && (
        <>
          <Tiles label="Maturity by dimension">
            <Tile
              metric="maturity-overall"
              label="Overall level"
              value={String(a.overallLevel)}
              detail={`${a.overallName}${a.previous ? ` · ${a.previous.quarter}: ${a.previous.overallLevel}` : ''}`}
            />
            {DIMENSIONS.map((d) => {
              const change = a.previous?.changes.find((c) => c.dimension === d);
              return (
                <Tile
                  key={d}
                  metric={`maturity-${d}`}
                  label={d[0]!.toUpperCase() + d.slice(1)}
                  value={String(a.dimensions[d].level)}
                  detail={[
                    change && change.delta !== 0
                      ? `${change.delta > 0 ? '+' : ''}${change.delta} since ${a.previous!.quarter}`
                      : '',
                    a.dimensions[d].note ?? '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              );
            })}
          </Tiles>
          {a.nextLevel === null ? (
            <p>Level 4 on every dimension: no gaps.</p>
          ) : (
            <>
              <h3>Gaps to level {a.nextLevel}</h3>
              <ul aria-label={`Gaps to level ${a.nextLevel}`}>
                {a.gaps.map((gap) => (
                  <li key={gap.dimension}>
                    <strong>{gap.dimension}</strong> (level {gap.level}):
                    <ul>
                      {gap.cell.map((item) => (
                        <li key={item}>{item}</li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {history.data && history.data.items.length > 0 && (
        <DataTable
          caption="Assessments by quarter"
          columns={columns}
          rows={history.data.items}
          rowKey={(r) => r.quarter}
        />
      )}
    </section>
  );
}

function PersonasPanel() {
  const personas = useLoad('personas', () => apiGet<{ items: Persona[] }>('/v1/personas', { limit: 200 }));
  const columns: Column<Persona>[] = [
    { header: 'Persona', cell: (p) => p.name },
    { header: 'Titles', cell: (p) => p.titles.join(', ') },
    { header: 'Segment', cell: (p) => p.segment ?? '–' },
    { header: 'Buying role', cell: (p) => p.buyingRole?.replaceAll('_', ' ') ?? '–' },
    { header: 'Pains', cell: (p) => p.pains.join('; ') },
    { header: 'Objections', cell: (p) => p.objections.join('; ') },
    { header: 'Channels', cell: (p) => p.channels.join(', ') },
  ];
  return (
    <section className="panel" aria-labelledby="personas-title">
      <h2 id="personas-title">Buyer personas</h2>
      <ErrorBox error={personas.error} />
      {personas.data && (
        <DataTable
          caption="Personas both teams agree on"
          columns={columns}
          rows={personas.data.items}
          rowKey={(p) => p.id}
          empty="No persona yet."
        />
      )}
    </section>
  );
}

function BuyingProcessPanel() {
  const map = useLoad('buying-process', () => apiGet<BuyingProcess>('/v1/buying-process'));
  type Row = { key: string; stage: string; text: string; owner: string; metric: string | null };
  const rows: Row[] =
    map.data?.stages.flatMap((s) =>
      s.points.map((p, i) => ({ key: `${s.stage}:${i}`, stage: i === 0 ? s.stage : '', ...p })),
    ) ?? [];
  const columns: Column<Row>[] = [
    { header: 'Stage', cell: (r) => r.stage },
    { header: 'Alignment point', cell: (r) => r.text },
    { header: 'Owner', cell: (r) => r.owner },
    { header: 'Metric', cell: (r) => r.metric?.replaceAll('_', ' ') ?? '–' },
  ];
  return (
    <section className="panel" aria-labelledby="buying-process-title">
      <h2 id="buying-process-title">Buying-process map</h2>
      <ErrorBox error={map.error} />
      {map.data && (
        <DataTable
          caption={`Alignment points per buying stage${map.data.customized ? '' : " (seed 004's defaults)"}`}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.key}
        />
      )}
    </section>
  );
}
