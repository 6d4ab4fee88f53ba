import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, print, table, UsageError } from '../cli/index.js';
import { acknowledgeBreach, listClocks } from './clock-service.js';
import { sweepClocks } from './clocks.js';
import { slaCompliance } from './compliance.js';

/** `servio sla clocks|sweep|ack`. */
export function clockCommands(program: Command, cli: Cli): void {
  const sla =
    program.commands.find((c) => c.name() === 'sla') ??
    program.command('sla').description('SLA clocks, calendars and compliance');

  sla
    .command('clocks')
    .description('SLA clocks, newest first')
    .option('--person <id>', 'one person')
    .option('--status <status>', 'running | met | breached | cancelled | fired')
    .option('--policy <id>', 'one policy')
    .option('--limit <n>', 'at most this many', '50')
    .action(
      async (o: { person?: string; status?: string; policy?: string; limit: string }, command: Command) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500)
          throw new UsageError('--limit must be 1 to 500');
        const page = await cli.run((ctx) =>
          listClocks(ctx, { personId: o.person, status: o.status, policy: o.policy, limit }, CLI_PRINCIPAL),
        );
        print(cli.output(command), page, () =>
          table(
            ['clock', 'policy', 'subject', 'status', 'started', 'due', 'stopped', 'escalated'],
            page.items.map((c) => [
              c.id,
              c.policy,
              c.personId ?? c.contentRequestId ?? c.opportunityId,
              c.status,
              c.startedAt.toISOString(),
              c.dueAt.toISOString(),
              c.stoppedAt?.toISOString() ?? '',
              String(c.escalationLevel),
            ]),
          ),
        );
      },
    );

  sla
    .command('sweep')
    .description(
      'take new events into account, mark breaches and escalate now (the server does it every few seconds)',
    )
    .action(async (_o, command: Command) => {
      const result = await cli.run((ctx) => sweepClocks(ctx, ctx.clock.now()));
      print(
        cli.output(command),
        result,
        () =>
          `${result.events} events taken into account, ${result.breached} clocks due, ${result.escalated} escalations sent`,
      );
    });

  sla
    .command('compliance')
    .description('every row of both SLA tables for a month (or --quarter): target, actual, Met/Missed')
    .option('--month <yyyy-mm>', 'e.g. 2026-10')
    .option('--quarter <yyyy-Qn>', 'e.g. 2026-Q4')
    .action(async (o: { month?: string; quarter?: string }, command: Command) => {
      const period = o.month ?? o.quarter;
      if (!period || (o.month && o.quarter))
        throw new UsageError('give --month 2026-10 or --quarter 2026-Q4');
      const report = await cli.run((ctx) => slaCompliance(ctx, period));
      const rows = (list: typeof report.marketing) =>
        table(
          ['metric', 'target', 'actual', 'status', 'missed'],
          list.map((r) => [
            r.metric,
            r.target,
            r.actual ?? 'not measured',
            r.met === null ? '-' : r.met ? 'Met' : 'Missed',
            r.offending.length > 0
              ? `${r.missed}: ${r.offending.slice(0, 3).join(', ')}${r.missed > 3 ? ', ...' : ''}`
              : String(r.missed),
          ]),
        );
      print(cli.output(command), report, () =>
        [
          `SLA compliance ${report.period} (agreement v${report.agreementVersion})`,
          '',
          'Marketing SLA to Sales',
          rows(report.marketing),
          '',
          'Sales SLA to Marketing',
          rows(report.sales),
        ].join('\n'),
      );
    });

  sla
    .command('ack <clockId>')
    .description('acknowledge a breach with a note (stops its escalation)')
    .requiredOption('--note <text>', 'what happened')
    .action(async (clockId: string, o: { note: string }, command: Command) => {
      const clock = await cli.run((ctx) => acknowledgeBreach(ctx, clockId, o.note, CLI_PRINCIPAL));
      print(cli.output(command), clock, () => `${clock.id}: acknowledged`);
    });
}
