import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, print, table, UsageError } from '../cli/index.js';
import { formatMoney, parseAmountToCents } from '../core/index.js';
import {
  ATTRIBUTIONS,
  type Attribution,
  ECONOMICS_GROUPINGS,
  type EconomicsGrouping,
} from './revenue-economics.js';
import type { RevenueFigures } from './revenue-model.js';
import { PERIOD_KINDS, type PeriodKind } from './revenue-periods.js';
import {
  type CampaignEconomics,
  type CostEntry,
  campaignEconomics,
  createCostEntry,
  deleteCostEntry,
  listCostEntries,
  type RevenueAttribution,
  revenueAttribution,
} from './revenue-service.js';

interface RangeOptions {
  from?: string;
  to?: string;
  tz?: string;
  currency?: string;
}

function oneOf<T extends string>(flag: string, values: readonly T[], raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw))
    throw new UsageError(`${flag} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;
const range = (o: RangeOptions) => ({ from: o.from, to: o.to, timeZone: o.tz, currency: o.currency });

function withRange(command: Command): Command {
  return command
    .option('--from <day>', 'first day YYYY-MM-DD (default: the current quarter)')
    .option('--to <day>', 'last day YYYY-MM-DD, inclusive')
    .option('--tz <zone>', 'IANA time zone of the days and periods (default UTC)')
    .option('--currency <code>', "the currency counted (default: the agreement's target currency)");
}

function describeRevenue(r: RevenueAttribution): string {
  const money = (cents: number) => formatMoney({ cents, currency: r.currency });
  const rows = (label: string, f: RevenueFigures) => [
    label,
    money(f.total.cents),
    `${money(f.sourced.cents)} (${pct(f.sourced.share)})`,
    `${money(f.influenced.cents)} (${pct(f.influenced.share)})`,
    `${money(f.salesSourced.cents)} (${pct(f.salesSourced.share)})`,
  ];
  const head = ['period', 'total', 'marketing-sourced', 'marketing-influenced', 'sales-sourced'];
  const lines = [
    `Revenue attribution ${r.from} to ${r.to} (${r.timeZone}, ${r.currency})`,
    '',
    'Revenue (won in the period)',
    table(head, [...r.periods.map((p) => rows(p.label, p.revenue)), rows('total', r.total.revenue)]),
    '',
    'Pipeline (created in the period)',
    table(head, [...r.periods.map((p) => rows(p.label, p.pipeline)), rows('total', r.total.pipeline)]),
  ];
  for (const o of r.otherCurrencies) lines.push(`not counted: ${o.deals} deals in ${o.currency}`);
  return lines.join('\n');
}

function describeEconomics(e: CampaignEconomics, sources: boolean): string {
  const money = (cents: number | null) =>
    cents === null ? '-' : formatMoney({ cents, currency: e.currency });
  const ratio = (x: number | null) => (x === null ? '-' : pct(x));
  const title = `${sources ? 'Lead sources' : 'Campaign economics'} ${e.from} to ${e.to} by ${e.by} (first touch${sources ? '' : `; revenue: ${e.attribution}`})`;
  if (sources)
    return [
      title,
      '',
      table(
        [e.by, 'leads', 'MQLs', 'SQLs', 'opportunities', 'pipeline', 'won', 'revenue'],
        e.rows.map((r) => [
          r.name,
          r.leads,
          r.mqls,
          r.sqls,
          r.opportunities,
          money(r.pipelineCents),
          r.customers,
          money(r.revenueCents),
        ]),
      ),
    ].join('\n');
  const t = e.totals;
  return [
    title,
    '',
    table(
      [
        e.by,
        'spend',
        'leads',
        'per lead',
        'MQLs',
        'per MQL',
        'SQLs',
        'per SQL',
        'won',
        'CAC',
        'revenue',
        'ROMI',
      ],
      e.rows.map((r) => [
        r.name,
        money(r.spendCents),
        r.leads,
        money(r.costPerLeadCents),
        r.mqls,
        money(r.costPerMqlCents),
        r.sqls,
        money(r.costPerSqlCents),
        r.customers,
        money(r.cacCents),
        money(r.revenueCents),
        ratio(r.romi),
      ]),
    ),
    '',
    table(
      ['value metric', 'value'],
      [
        [
          'marketing spend (campaigns + other)',
          `${money(t.marketingSpendCents)} (${money(t.campaignSpendCents)} + ${money(t.otherMarketingCostCents)})`,
        ],
        ['marketing spend per sales-accepted lead', money(t.marketingSpendPerAcceptedLeadCents)],
        ['sales cost', money(t.salesCostCents)],
        ['sales cost per closed deal', money(t.salesCostPerClosedDealCents)],
        [
          'revenue from marketing-sourced leads',
          `${money(t.marketingSourcedRevenueCents)} (${pct(t.marketingSourcedRevenueShare)})`,
        ],
        ['total revenue', `${money(t.revenueCents)} in ${t.wonDeals} deals`],
        ['blended CAC', money(t.blendedCacCents)],
        ['ROMI (marketing-sourced revenue)', ratio(t.romi)],
      ],
    ),
  ].join('\n');
}

function describeCosts(entries: CostEntry[]): string {
  if (entries.length === 0) return 'no cost entries';
  return table(
    ['id', 'function', 'category', 'amount', 'from', 'to', 'notes'],
    entries.map((e) => [e.id, e.function, e.category, formatMoney(e.amount), e.startsOn, e.endsOn, e.notes]),
  );
}

/**
 * `servio revenue sourced|roi|sources|costs`: the noun is `revenue` because `servio attribution`
 * is the multi-touch models' command (with its own options).
 */
export function revenueCommands(program: Command, cli: Cli): void {
  const revenue = program
    .command('revenue')
    .description(
      'revenue attribution: marketing-sourced/influenced vs sales-sourced, campaign ROI, lead sources, costs',
    );

  withRange(revenue.command('sourced'))
    .description('marketing-sourced, marketing-influenced and sales-sourced pipeline and revenue per period')
    .option('--period <kind>', 'month or quarter (default month)')
    .action(async (options: RangeOptions & { period?: string }, command: Command) => {
      const period = oneOf<PeriodKind>('--period', PERIOD_KINDS, options.period);
      const result = await cli.run((ctx) => revenueAttribution(ctx, { ...range(options), period }));
      print(cli.output(command), result, () => describeRevenue(result));
    });

  const economics =
    (sources: boolean) =>
    async (options: RangeOptions & { by?: string; attribution?: string }, command: Command) => {
      const by = oneOf<EconomicsGrouping>('--by', ECONOMICS_GROUPINGS, options.by);
      const attribution = oneOf<Attribution>('--attribution', ATTRIBUTIONS, options.attribution);
      const result = await cli.run((ctx) => campaignEconomics(ctx, { ...range(options), by, attribution }));
      print(cli.output(command), result, () => describeEconomics(result, sources));
    };
  withRange(revenue.command('roi'))
    .description(
      'spend, cost per lead/MQL/SQL, CAC and ROMI per channel or campaign, and the value metrics of seed 004',
    )
    .option('--by <grouping>', 'channel or campaign (default channel)')
    .option('--attribution <model>', 'revenue credit: first_touch (default), last_touch or linear')
    .action(economics(false));
  withRange(revenue.command('sources'))
    .description('lead source tracking: leads, MQLs, SQLs, opportunities and won deals by first-touch source')
    .option('--by <grouping>', 'channel or campaign (default channel)')
    .action(economics(true));

  const costs = revenue.command('costs').description('marketing and sales costs outside campaigns');
  costs
    .command('add')
    .description('record a marketing or sales cost over a month, a quarter or days')
    .requiredOption('--function <function>', 'marketing or sales')
    .requiredOption('--category <text>', 'salaries, tools, agency, ...')
    .requiredOption('--amount <amount>', 'in major units, e.g. 120000')
    .option('--currency <code>', 'default USD', 'USD')
    .option('--period <period>', 'a month (2026-10) or a quarter (2026-Q4)')
    .option('--starts-on <day>', 'or the first day, with --ends-on')
    .option('--ends-on <day>', 'the last day')
    .option('--notes <text>', 'notes')
    .action(
      async (
        o: {
          function: string;
          category: string;
          amount: string;
          currency: string;
          period?: string;
          startsOn?: string;
          endsOn?: string;
          notes?: string;
        },
        command: Command,
      ) => {
        const cents = parseAmountToCents(o.amount);
        if (cents === undefined || cents < 0)
          throw new UsageError(`--amount must be an amount such as 120000 or 120,000.00, got "${o.amount}"`);
        const entry = await cli.run((ctx) =>
          createCostEntry(
            ctx,
            {
              function: o.function,
              category: o.category,
              amount: { cents, currency: o.currency },
              period: o.period,
              startsOn: o.startsOn,
              endsOn: o.endsOn,
              notes: o.notes,
            },
            CLI_PRINCIPAL,
          ),
        );
        print(cli.output(command), entry, () => `cost entry ${entry.id}: ${describeCosts([entry])}`);
      },
    );
  costs
    .command('list')
    .description('cost entries, optionally those meeting --from..--to')
    .option('--from <day>', 'entries ending on or after this day')
    .option('--to <day>', 'entries starting on or before this day')
    .option('--function <function>', 'marketing or sales')
    .action(async (o: { from?: string; to?: string; function?: string }, command: Command) => {
      const entries = await cli.run((ctx) => listCostEntries(ctx, o));
      print(cli.output(command), { items: entries }, () => describeCosts(entries));
    });
  costs
    .command('rm <id>')
    .description('delete a cost entry')
    .action(async (id: string, _o: unknown, command: Command) => {
      const entry = await cli.run((ctx) => deleteCostEntry(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), entry, () => `deleted cost entry ${entry.id}`);
    });
}
