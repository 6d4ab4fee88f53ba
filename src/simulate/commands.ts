import type { Command } from 'commander';
import { type Cli, parseInteger, print, progressBar, UsageError } from '../cli/index.js';
import type { SimulationReport } from './service.js';
import { simulate } from './service.js';

export function parseStart(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) {
    throw new UsageError(`--start must be a date like 2026-01-05, got "${raw}"`);
  }
  return new Date(`${raw}T00:00:00Z`);
}

export function describeReport(r: SimulationReport): string {
  return [
    `Simulated ${r.start.slice(0, 10)} to ${r.end.slice(0, 10)} (seed ${r.seed}):`,
    `  ${r.users} users in teams, ${r.campaigns} campaigns`,
    `  ${r.events.stored} touchpoints stored (${r.events.rejected} rejected)`,
    `  ${r.mqls} MQLs routed (${r.unassigned} left in the unassigned queue) -> ${r.sqls} SQLs, ${r.disqualified} disqualified, ${r.recycled} recycled; ${r.activities} sales activities`,
    `  ${r.opportunities.opened} opportunities: ${r.opportunities.won} won, ${r.opportunities.lost} lost`,
    `  ${r.slaBreaches} SLA clocks breached or due (servio sla clocks --status breached)`,
  ].join('\n');
}

export const SIMULATION_DEFAULTS = { days: 90, leads: 1500, seed: 42 };

/** `servio simulate --days 90 --leads N --seed S`. */
export function simulateCommands(program: Command, cli: Cli): void {
  program
    .command('simulate')
    .description(
      'generate a realistic revenue organisation and a quarter of its activity, through the services',
    )
    .option('--days <n>', 'days to simulate, ending today', String(SIMULATION_DEFAULTS.days))
    .option('--leads <n>', 'leads to generate', String(SIMULATION_DEFAULTS.leads))
    .option(
      '--seed <n>',
      'random seed: the same seed and start give the same data',
      String(SIMULATION_DEFAULTS.seed),
    )
    .option('--start <date>', 'first simulated day (YYYY-MM-DD); default: --days before today')
    .action(
      async (options: { days: string; leads: string; seed: string; start?: string }, command: Command) => {
        const output = cli.output(command);
        const days = parseInteger('--days', options.days, 1, 730);
        const leads = parseInteger('--leads', options.leads, 1, 1_000_000);
        const seed = parseInteger('--seed', options.seed, 0, 2 ** 31 - 1);
        const start = parseStart(options.start);
        const bar = progressBar('simulating', output.json);
        const report = await cli
          .run((ctx) => simulate(ctx, { days, leads, seed, start }, bar.update))
          .finally(() => bar.stop());
        print(output, report, () => describeReport(report));
      },
    );
}
