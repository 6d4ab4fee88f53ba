import { useEffect, useMemo, useState } from 'react';
import { apiGet } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { Badge, ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import { formatCount, formatMoney, formatPercent, formatRatio, trend } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { monthOf, monthRange, previousMonth, quarterOf } from '../period.ts';
import type { Compliance, Conversion, Coverage, Me } from '../types.ts';
import { FUNNEL_STEPS, funnelStages, funnelSummary, rowById, slaScore } from './overview-model.ts';

interface PeriodData {
  compliance: Compliance;
  conversions: Conversion[];
}

interface OverviewData extends PeriodData {
  coverage: Coverage;
}

function conversionsOf(month: string): Promise<Conversion[]> {
  const range = monthRange(month);
  return Promise.all(
    FUNNEL_STEPS.map((step) =>
      apiGet<Conversion>('/v1/lifecycle/conversion', { ...range, from: step.from, to: step.to }),
    ),
  );
}

async function loadPeriod(month: string): Promise<PeriodData> {
  const [compliance, conversions] = await Promise.all([
    apiGet<Compliance>('/v1/sla/compliance', { period: month }),
    conversionsOf(month),
  ]);
  return { compliance, conversions };
}

async function loadOverview(month: string): Promise<OverviewData> {
  const quarter = quarterOf(new Date(`${month}-01T00:00:00Z`));
  const [period, coverage] = await Promise.all([
    loadPeriod(month),
    apiGet<Coverage>('/v1/plan/coverage', { period: quarter }),
  ]);
  return { ...period, coverage };
}

export default function Overview(_props: { me: Me }) {
  const [month, setMonth] = useState(() => monthOf(new Date()));
  const { data, error, loading } = useLoad(month, () => loadOverview(month));
  // The prior month only adds the trends: it is asked for once the month itself is shown.
  const prior = useLoad(data ? `prior:${month}` : null, () => loadPeriod(previousMonth(month)));
  useEffect(() => {
    if (data && !performance.getEntriesByName('servio:overview-ready').length) {
      performance.mark('servio:overview-ready');
    }
  }, [data]);

  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <label className="inline">
          Month{' '}
          <input
            type="month"
            value={month}
            required
            onChange={(event) => event.target.value && setMonth(event.target.value)}
          />
        </label>
      </div>
      <ErrorBox error={error ?? prior.error} />
      {loading && !data && <Loading what="the overview" />}
      {data && <OverviewBody data={data} prior={prior.data} month={month} />}
    </>
  );
}

function OverviewBody({
  data,
  prior,
  month,
}: {
  data: OverviewData;
  prior: PeriodData | undefined;
  month: string;
}) {
  const { compliance, conversions, coverage } = data;
  const priorConversions = prior?.conversions ?? [];
  const against = previousMonth(month);
  const mqls = rowById(compliance.marketing, 'mql_volume');
  const priorMqls = prior && rowById(prior.compliance.marketing, 'mql_volume');
  const acceptance = rowById(compliance.marketing, 'mql_to_sql_acceptance');
  const priorAcceptance = prior && rowById(prior.compliance.marketing, 'mql_to_sql_acceptance');
  const speed = rowById(compliance.sales, 'mql_first_touch');
  const priorSpeed = prior && rowById(prior.compliance.sales, 'mql_first_touch');
  const leadToMql = conversions[0];
  const win = conversions[3];
  const rows = [...compliance.marketing, ...compliance.sales];
  const score = slaScore(rows);
  const priorScore = prior && slaScore([...prior.compliance.marketing, ...prior.compliance.sales]);
  const good = (t: ReturnType<typeof trend>, upIsGood = true) =>
    t ? { ...t, good: t.direction === 'flat' ? null : (t.direction === 'up') === upIsGood, against } : null;

  const stages = funnelStages(conversions);
  const summary = funnelSummary(stages);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the summary text names every number drawn
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          minSize: '8%',
          left: '5%',
          width: '90%',
          label: { show: true, position: 'inside', formatter: '{b}: {c}' },
          data: stages.map((stage) => ({ name: stage.label, value: stage.count })),
        },
      ],
    }),
    [summary],
  );

  return (
    <>
      <Tiles label="Key metrics">
        <Tile
          metric="mqls"
          label="MQLs"
          value={formatCount(mqls?.value)}
          detail={mqls ? `target ${mqls.target}` : undefined}
          trend={good(trend(mqls?.value, priorMqls?.value, 'count'))}
        />
        <Tile
          metric="mql-acceptance"
          label="MQL-to-SQL acceptance"
          value={formatPercent(acceptance?.value)}
          detail={acceptance?.target}
          trend={good(trend(acceptance?.value, priorAcceptance?.value, 'rate'))}
        />
        <Tile
          metric="speed-to-lead"
          label="First touch within SLA"
          value={formatPercent(speed?.value)}
          detail={speed?.target}
          trend={good(trend(speed?.value, priorSpeed?.value, 'rate'))}
        />
        <Tile
          metric="lead-to-mql"
          label="Lead-to-MQL rate"
          value={formatPercent(leadToMql?.rate)}
          detail={`${formatCount(leadToMql?.converted)} of ${formatCount(leadToMql?.entered)} new leads`}
          trend={good(trend(leadToMql?.rate, priorConversions[0]?.rate, 'rate'))}
        />
        <Tile
          metric="win-rate"
          label="Opportunity win rate"
          value={formatPercent(win?.rate)}
          detail={`${formatCount(win?.converted)} won of ${formatCount(win?.entered)} opened`}
          trend={good(trend(win?.rate, priorConversions[3]?.rate, 'rate'))}
        />
        <Tile
          metric="coverage"
          label={`Pipeline coverage ${coverage.period.label}`}
          value={formatRatio(coverage.actualCoverage)}
          detail={`needs ${formatRatio(coverage.requiredCoverage)}; gap ${formatMoney(coverage.gap.cents, coverage.gap.currency)}`}
        />
        <Tile
          metric="sla-met"
          label="SLA rows met"
          value={`${score.met} of ${score.measured}`}
          detail={`both sides, ${compliance.period}`}
          trend={good(trend(score.met, priorScore?.met, 'count'))}
        />
      </Tiles>

      <div className="columns">
        <section aria-labelledby="funnel-title" className="panel">
          <h2 id="funnel-title">Funnel, {month} cohorts</h2>
          <Chart option={option} label={`Funnel for ${month}`} summary={summary} />
        </section>
        <section aria-labelledby="sla-status-title" className="panel">
          <h2 id="sla-status-title">SLA status, {compliance.period}</h2>
          {(['marketing', 'sales'] as const).map((side) => (
            <div key={side}>
              <h3>{side === 'marketing' ? 'Marketing to Sales' : 'Sales to Marketing'}</h3>
              <ul className="sla-list">
                {compliance[side].map((row) => (
                  <li key={row.id} data-sla={row.id}>
                    <Badge ok={row.met} /> <span>{row.metric}</span>{' '}
                    <span className="muted">{row.actual}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      </div>
    </>
  );
}
