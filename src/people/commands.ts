import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table } from '../cli/index.js';
import { findAccounts } from './account-service.js';
import { findPeople, personDetail, upsertPerson } from './service.js';

/** `servio people list|show|upsert`, `servio accounts list`. */
export function peopleCommands(program: Command, cli: Cli): void {
  const people = program.command('people').description('people (leads, contacts) and their accounts');

  people
    .command('list')
    .description('list people')
    .option('--stage <stage>', 'only this stage')
    .option('--owner <userId>', 'only this owner')
    .option('--limit <n>', 'how many', '50')
    .action(async (options: { stage?: string; owner?: string; limit: string }, command: Command) => {
      const limit = parseInteger('--limit', options.limit, 1, 500);
      const page = await cli.run((ctx) =>
        findPeople(ctx, { stage: options.stage, ownerUserId: options.owner }, { limit }, CLI_PRINCIPAL),
      );
      print(cli.output(command), page, () =>
        table(
          ['id', 'email', 'name', 'stage', 'owner', 'account'],
          page.items.map((p) => [
            p.id,
            p.email,
            [p.firstName, p.lastName].filter(Boolean).join(' '),
            p.stage,
            p.ownerUserId,
            p.accountId,
          ]),
        ),
      );
    });

  people
    .command('show <id>')
    .description('a person with stage history and timeline')
    .action(async (id: string, _options, command: Command) => {
      const detail = await cli.run((ctx) => personDetail(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), detail, () =>
        [
          `${detail.person.email} (${detail.person.id}) — ${detail.person.stage}, owner ${detail.person.ownerUserId ?? 'none'}`,
          '',
          table(
            ['entered', 'stage', 'hours'],
            detail.timeInStage.map((s) => [
              s.enteredAt.toISOString(),
              s.stage,
              (s.durationMs / 3_600_000).toFixed(1),
            ]),
          ),
          '',
          table(
            ['at', 'kind', 'type'],
            detail.timeline.slice(0, 20).map((t) => [t.at.toISOString(), t.kind, t.type]),
          ),
        ].join('\n'),
      );
    });

  people
    .command('upsert')
    .description('create a person or update the one with this email')
    .requiredOption('--email <email>')
    .option('--first-name <name>')
    .option('--last-name <name>')
    .option('--company <name>')
    .option('--title <title>')
    .action(
      async (
        options: { email: string; firstName?: string; lastName?: string; company?: string; title?: string },
        command: Command,
      ) => {
        const result = await cli.run((ctx) => upsertPerson(ctx, options, CLI_PRINCIPAL));
        print(
          cli.output(command),
          result,
          () => `${result.created ? 'Created' : 'Updated'} ${result.person.id} (${result.person.email}).`,
        );
      },
    );

  const accounts = program.command('accounts').description('companies and their firmographics');
  accounts
    .command('list')
    .description('list accounts')
    .option('--domain <domain>')
    .option('--limit <n>', 'how many', '50')
    .action(async (options: { domain?: string; limit: string }, command: Command) => {
      const limit = parseInteger('--limit', options.limit, 1, 500);
      const page = await cli.run((ctx) => findAccounts(ctx, { domain: options.domain }, { limit }));
      print(cli.output(command), page, () =>
        table(
          ['id', 'name', 'domain', 'employees', 'industry', 'owner'],
          page.items.map((a) => [a.id, a.name, a.domain, a.employees, a.industry, a.ownerUserId]),
        ),
      );
    });
}
