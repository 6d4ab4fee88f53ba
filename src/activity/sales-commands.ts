import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table } from '../cli/index.js';
import { MAX_DURATION_SECONDS } from './sales-model.js';
import { listSalesActivities, logSalesActivity } from './sales-service.js';

interface LogOptions {
  type: string;
  direction?: string;
  outcome?: string;
  at?: string;
  person?: string;
  account?: string;
  opportunity?: string;
  user?: string;
  subject?: string;
  notes?: string;
  duration?: string;
  externalId?: string;
}

interface ListOptions {
  person?: string;
  user?: string;
  account?: string;
  opportunity?: string;
  type?: string;
  from?: string;
  to?: string;
  limit: string;
  cursor?: string;
}

/** `servio activities list|log`: the sales team's calls, emails and meetings. */
export function salesActivityCommands(program: Command, cli: Cli): void {
  const activities = program.command('activities').description('sales activities: calls, emails, meetings');

  activities
    .command('list')
    .description('list sales activities')
    .option('--person <personId>', 'with this person')
    .option('--user <userId>', 'by this rep')
    .option('--account <accountId>', 'with this account')
    .option('--opportunity <opportunityId>', 'about this opportunity')
    .option('--type <type>', 'call | email | meeting | linkedin | sms | other')
    .option('--from <datetime>', 'occurred at or after (ISO 8601)')
    .option('--to <datetime>', 'occurred before (ISO 8601)')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(async (options: ListOptions, command: Command) => {
      const limit = parseInteger('--limit', options.limit, 1, 500);
      const query = {
        personId: options.person,
        userId: options.user,
        accountId: options.account,
        opportunityId: options.opportunity,
        type: options.type,
        occurredFrom: options.from,
        occurredTo: options.to,
      };
      const page = await cli.run((ctx) =>
        listSalesActivities(ctx, query, { limit, cursor: options.cursor }, CLI_PRINCIPAL),
      );
      print(
        cli.output(command),
        page,
        () =>
          table(
            ['id', 'occurred', 'type', 'direction', 'outcome', 'user', 'person', 'subject'],
            page.items.map((a) => [
              a.id,
              a.occurredAt.toISOString(),
              a.type,
              a.direction,
              a.outcome,
              a.userId,
              a.personId,
              a.subject,
            ]),
          ) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
      );
    });

  activities
    .command('log')
    .description('log a sales activity (the same --external-id twice logs it once)')
    .requiredOption('--type <type>', 'call | email | meeting | linkedin | sms | other')
    .option('--direction <direction>', 'outbound | inbound', 'outbound')
    .option('--outcome <outcome>', 'e.g. connected, voicemail, replied, held (checked per type)')
    .option('--at <datetime>', 'when it happened, ISO 8601 (default now)')
    .option('--person <personId>', 'the person')
    .option('--account <accountId>', 'the account (default: the person’s)')
    .option('--opportunity <opportunityId>', 'the opportunity')
    .option('--user <userId>', 'the rep')
    .option('--subject <text>', 'subject line')
    .option('--notes <text>', 'notes')
    .option('--duration <seconds>', 'length of the call or meeting, in seconds')
    .option('--external-id <id>', 'id in the dialer, mailbox or CRM')
    .action(async (options: LogOptions, command: Command) => {
      const input = {
        type: options.type,
        direction: options.direction,
        outcome: options.outcome,
        occurredAt: options.at,
        personId: options.person,
        accountId: options.account,
        opportunityId: options.opportunity,
        userId: options.user,
        subject: options.subject,
        notes: options.notes,
        durationSeconds:
          options.duration === undefined
            ? undefined
            : parseInteger('--duration', options.duration, 0, MAX_DURATION_SECONDS),
        externalId: options.externalId,
      };
      const { activity, created } = await cli.run((ctx) => logSalesActivity(ctx, input, CLI_PRINCIPAL));
      print(cli.output(command), activity, () =>
        created
          ? `Logged ${activity.type} ${activity.id}${activity.outcome ? ` (${activity.outcome})` : ''}.`
          : `Already logged as ${activity.id} (external id ${activity.externalId}).`,
      );
    });
}
