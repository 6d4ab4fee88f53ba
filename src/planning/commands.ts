import type { Command } from 'commander';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { formatMoney, parseAmountToCents } from '../core/index.js';
import { jointPlanningCommands } from './plans-commands.js';
import { type CoverageReport, planCoverage, planReverseFunnel, type ReverseFunnelPlan } from './service.js';

interface FunnelOptions {
  revenue?: string;
  dealSize?: string;
  winRate?: string;
  sqlToOpp?: string;
  mqlToSql?: string;
  months?: string;
}

/** `--revenue 1,000,000` in major units becomes integer cents; never a float. */
function cents(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseAmountToCents(raw);
  if (value === undefined || value <= 0)
    throw new UsageError(`${flag} must be an amount greater than 0 such as 25000 or 25,000.00, got "${raw}"`);
  return value;
}

/** A rate as a share (0.25) or a percentage (25%). */
function rate(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const percent = raw.trim().endsWith('%');
  const value = Number(percent ? raw.trim().slice(0, -1) : raw);
  const share = percent ? value / 100 : value;
  if (raw.trim() === '' || !Number.isFinite(share) || share <= 0 || share > 1)
    throw new UsageError(`${flag} must be a rate greater than 0 and at most 1 (0.25 or 25%), got "${raw}"`);
  return share;
}

const pct = (share: number) => `${Math.round(share * 10_000) / 100}%`;

function describeFunnel(plan: ReverseFunnelPlan): string {
  const m = plan.perMonth;
  return [
    `Revenue target ${formatMoney(plan.revenue)} over ${plan.months} month${plan.months === 1 ? '' : 's'}, ` +
      `average deal ${formatMoney(plan.averageDealSize)} (agreement version ${plan.agreementVersion}` +
      `${plan.overridden.length ? `; overridden: ${plan.overridden.join(', ')}` : ''})`,
    '',
    table(
      ['step', 'rate', 'needed', 'per month'],
      [
        ['deals', '', plan.deals, m.deals],
        ['opportunities', `win rate ${pct(plan.winRate)}`, plan.opportunities, m.opportunities],
        ['SQLs', `SQL-to-opportunity ${pct(plan.sqlToOpportunityRate)}`, plan.sqls, m.sqls],
        ['MQLs', `MQL-to-SQL ${pct(plan.mqlToSqlRate)}`, plan.mqls, m.mqls],
      ],
    ),
  ].join('\n');
}

function describeCoverage(c: CoverageReport): string {
  const source = c.coverageSource === 'agreement' ? 'fixed by the agreement' : '1 / win rate';
  const lines = [
    `Pipeline coverage ${c.period.label} (${c.period.from} to ${c.period.to}), agreement version ${c.agreementVersion}`,
    '',
    table(
      ['', 'value'],
      [
        ['revenue target', formatMoney(c.revenueTarget)],
        ['required coverage', `${c.requiredCoverage}x (${source})`],
        ['required pipeline', formatMoney(c.requiredPipeline)],
        ['open pipeline', `${formatMoney(c.openPipeline)} in ${c.opportunities} opportunities`],
        ['actual coverage', `${c.actualCoverage}x`],
        ['gap', formatMoney(c.gap)],
        [
          'to close the gap',
          c.gap.cents === 0
            ? 'covered'
            : `${c.gapFunnel.opportunities} opportunities <- ${c.gapFunnel.sqls} SQLs <- ${c.gapFunnel.mqls} MQLs`,
        ],
      ],
    ),
  ];
  for (const other of c.otherCurrencies)
    lines.push(
      `not counted: ${formatMoney(other)} in ${other.opportunities} opportunities in ${other.currency}`,
    );
  if (c.undatedOpenOpportunities > 0)
    lines.push(`${c.undatedOpenOpportunities} open opportunities have no close date and are in no period`);
  return lines.join('\n');
}

/** `servio plan reverse-funnel|coverage`. */
export function planningCommands(program: Command, cli: Cli): void {
  const plan = program
    .command('plan')
    .description('the joint plan: reverse funnel from the revenue target, pipeline coverage');

  plan
    .command('reverse-funnel')
    .description(
      "deals, opportunities, SQLs and MQLs needed for the revenue target; defaults: the agreement's targets",
    )
    .option('--revenue <amount>', 'revenue target of the period, e.g. 1000000')
    .option('--deal-size <amount>', 'average deal size, e.g. 25000')
    .option('--win-rate <rate>', 'won deals per opportunity, e.g. 0.25')
    .option('--sql-to-opp <rate>', 'opportunities per SQL, e.g. 0.5')
    .option('--mql-to-sql <rate>', 'SQLs per MQL, e.g. 0.6')
    .option('--months <n>', 'months in the period, e.g. 3')
    .action(async (options: FunnelOptions, command: Command) => {
      const overrides = {
        revenueCents: cents('--revenue', options.revenue),
        dealSizeCents: cents('--deal-size', options.dealSize),
        winRate: rate('--win-rate', options.winRate),
        sqlToOpp: rate('--sql-to-opp', options.sqlToOpp),
        mqlToSql: rate('--mql-to-sql', options.mqlToSql),
        months: options.months === undefined ? undefined : parseInteger('--months', options.months, 1, 12),
      };
      const result = await cli.run((ctx) => planReverseFunnel(ctx, overrides));
      print(cli.output(command), result, () => describeFunnel(result));
    });

  plan
    .command('coverage')
    .description('open pipeline of a period against its revenue target, and the gap in money and MQLs')
    .option('--period <period>', 'a quarter (2026-Q4) or a month (2026-10); default: the current quarter')
    .action(async (options: { period?: string }, command: Command) => {
      const result = await cli.run((ctx) => planCoverage(ctx, { period: options.period }));
      print(cli.output(command), result, () => describeCoverage(result));
    });

  jointPlanningCommands(program, cli);
}
