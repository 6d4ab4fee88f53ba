import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, print, table } from '../cli/index.js';
import { describeFunnel } from './funnel.js';
import { personHistory, transitionPerson } from './service.js';

/** `servio lifecycle show|move|history`. */
export function lifecycleCommands(program: Command, cli: Cli): void {
  const lifecycle = program.command('lifecycle').description('the shared funnel and its transition table');

  lifecycle
    .command('show')
    .description('print the stages, the transition table and the DQ reason codes')
    .action((_options, command: Command) => {
      const funnel = describeFunnel();
      print(cli.output(command), funnel, () =>
        [
          table(
            ['from', 'to', 'who', 'requires', 'trigger'],
            funnel.transitions.map((t) => [
              t.from,
              t.to,
              t.actors.join(','),
              t.requires.join(','),
              t.trigger,
            ]),
          ),
          '',
          table(
            ['code', 'reason', 'marketing action'],
            funnel.dqCodes.map((d) => [d.code, d.reason, d.marketingAction]),
          ),
        ].join('\n'),
      );
    });

  lifecycle
    .command('move <personId>')
    .description('move a person to another stage')
    .requiredOption('--to <stage>', 'target stage')
    .option('--reason <text>', 'why (required for recycling)')
    .option('--code <dq>', 'DQ reason code (required to disqualify)')
    .action(
      async (personId: string, options: { to: string; reason?: string; code?: string }, command: Command) => {
        const change = await cli.run((ctx) =>
          transitionPerson(
            ctx,
            { personId, to: options.to, reason: options.reason, reasonCode: options.code },
            CLI_PRINCIPAL,
          ),
        );
        print(cli.output(command), change, () => `${personId}: ${change.from} -> ${change.to}`);
      },
    );

  lifecycle
    .command('history <personId>')
    .description("a person's stage history")
    .action(async (personId: string, _options, command: Command) => {
      const items = await cli.run((ctx) => personHistory(ctx, personId, CLI_PRINCIPAL));
      print(cli.output(command), { items }, () =>
        table(
          ['at', 'from', 'to', 'by', 'reason'],
          items.map((c) => [c.at.toISOString(), c.from, c.to, c.actorType, c.reasonCode ?? c.reason]),
        ),
      );
    });
}
