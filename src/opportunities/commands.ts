import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { formatMoney, parseAmountToCents } from '../core/index.js';
import type { Opportunity } from './model.js';
import {
  closeOpportunityById,
  createOpportunity,
  getOpportunity,
  listOpportunities,
  type UpdateOpportunityInput,
  updateOpportunity,
} from './service.js';

interface OpportunityOptions {
  name?: string;
  account?: string;
  person?: string;
  owner?: string;
  campaign?: string;
  source?: string;
  stage?: string;
  amount?: string;
  currency?: string;
  closeDate?: string;
  nextStep?: string;
  externalId?: string;
}

/** `none` on the command line clears a field. */
function nullable(raw: string | undefined): string | null | undefined {
  return raw === undefined ? undefined : raw === 'none' ? null : raw;
}

/** `--amount 25,000.00` in major units becomes integer cents; never a float. */
function amountCents(raw: string): number {
  const cents = parseAmountToCents(raw);
  if (cents === undefined || cents < 0)
    throw new UsageError(`--amount must be an amount such as 25000 or 25,000.00, got "${raw}"`);
  return cents;
}

function opportunityInput(options: OpportunityOptions): UpdateOpportunityInput {
  return {
    name: options.name,
    accountId: nullable(options.account),
    personId: nullable(options.person),
    ownerUserId: nullable(options.owner),
    campaignId: nullable(options.campaign),
    source: nullable(options.source),
    stage: options.stage,
    closeDate: nullable(options.closeDate),
    nextStep: nullable(options.nextStep),
    externalId: nullable(options.externalId),
  };
}

function describeOpportunity(o: Opportunity): string {
  return table(
    ['field', 'value'],
    [
      ['id', o.id],
      ['name', o.name],
      ['stage', o.stage],
      ['amount', formatMoney(o.amount)],
      ['close date', o.closeDate],
      ['owner', o.ownerUserId],
      ['account', o.accountId],
      ['primary contact', o.personId],
      ['campaign', o.campaignId],
      ['source', o.source],
      ['next step', o.nextStep],
      ['outcome', o.outcome],
      ['closed at', o.closedAt?.toISOString()],
      ['close reason', o.closeReason],
      ['competitor', o.competitor],
      ['winning factor', o.winningFactor],
      ['external id', o.externalId],
    ],
  );
}

function opportunityFlags(command: Command): Command {
  return command
    .option('--account <accountId>', 'the account (default: the primary contact’s account)')
    .option('--person <personId>', 'the primary contact')
    .option('--owner <userId>', 'the owning rep')
    .option('--campaign <campaignId>', 'the sourcing campaign')
    .option('--source <source>', 'where the deal came from, e.g. marketing, outbound, partner')
    .option('--stage <stage>', 'discovery | qualification | solution | proposal | negotiation')
    .option('--amount <amount>', 'deal value in major units (25000 or 25,000.00)')
    .option('--currency <code>', 'ISO 4217 currency of the amount (default USD)')
    .option('--close-date <date>', 'expected close day, YYYY-MM-DD (none to clear)')
    .option('--next-step <text>', 'the next step (none to clear)')
    .option('--external-id <id>', 'id in the CRM (none to clear)');
}

/** `servio opportunities list|create|show|update|close`. */
export function opportunityCommands(program: Command, cli: Cli): void {
  const opportunities = program
    .command('opportunities')
    .description('the sales pipeline: deals, stages, wins and losses');

  opportunities
    .command('list')
    .description('list opportunities')
    .option('--owner <userId>', 'owned by this user')
    .option('--account <accountId>', 'of this account')
    .option('--stage <stage>', 'in this stage')
    .option('--outcome <outcome>', 'won | lost')
    .option('--open', 'open opportunities only')
    .option('--closed', 'closed opportunities only')
    .option('--close-from <date>', 'close date on or after (YYYY-MM-DD)')
    .option('--close-to <date>', 'close date on or before (YYYY-MM-DD)')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(
      async (
        options: {
          owner?: string;
          account?: string;
          stage?: string;
          outcome?: string;
          open?: boolean;
          closed?: boolean;
          closeFrom?: string;
          closeTo?: string;
          limit: string;
          cursor?: string;
        },
        command: Command,
      ) => {
        if (options.open && options.closed) throw new UsageError('--open and --closed contradict each other');
        const limit = parseInteger('--limit', options.limit, 1, 500);
        const filter = {
          ownerUserId: options.owner,
          accountId: options.account,
          stage: options.stage,
          outcome: options.outcome,
          open: options.open ? true : options.closed ? false : undefined,
          closeDateFrom: options.closeFrom,
          closeDateTo: options.closeTo,
        };
        const page = await cli.run((ctx) =>
          listOpportunities(ctx, filter, { limit, cursor: options.cursor }, CLI_PRINCIPAL),
        );
        print(
          cli.output(command),
          page,
          () =>
            table(
              ['id', 'name', 'stage', 'amount', 'close date', 'owner', 'outcome'],
              page.items.map((o) => [
                o.id,
                o.name,
                o.stage,
                formatMoney(o.amount),
                o.closeDate,
                o.ownerUserId,
                o.outcome,
              ]),
            ) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
        );
      },
    );

  opportunityFlags(
    opportunities
      .command('create')
      .description('create an opportunity')
      .requiredOption('--name <name>', 'deal name'),
  ).action(async (options: OpportunityOptions, command: Command) => {
    const input = opportunityInput(options);
    if (options.amount !== undefined || options.currency !== undefined) {
      input.amount = {
        cents: options.amount === undefined ? 0 : amountCents(options.amount),
        currency: options.currency ?? 'USD',
      };
    }
    const created = await cli.run((ctx) =>
      createOpportunity(ctx, { ...input, name: options.name! }, CLI_PRINCIPAL),
    );
    print(
      cli.output(command),
      created,
      () => `Created opportunity ${created.id} (${created.name}, ${formatMoney(created.amount)}).`,
    );
  });

  opportunities
    .command('show <id>')
    .description('show an opportunity')
    .action(async (id: string, _options, command: Command) => {
      const opportunity = await cli.run((ctx) => getOpportunity(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), opportunity, () => describeOpportunity(opportunity));
    });

  opportunityFlags(
    opportunities
      .command('update <id>')
      .description('change an opportunity')
      .option('--name <name>', 'deal name'),
  ).action(async (id: string, options: OpportunityOptions, command: Command) => {
    const input = opportunityInput(options);
    const cents = options.amount === undefined ? undefined : amountCents(options.amount);
    const updated = await cli.run(async (ctx) => {
      if (cents !== undefined || options.currency !== undefined) {
        // One of amount and currency alone keeps the other as it is.
        const current = (await getOpportunity(ctx, id, CLI_PRINCIPAL)).amount;
        input.amount = { cents: cents ?? current.cents, currency: options.currency ?? current.currency };
      }
      return updateOpportunity(ctx, id, input, CLI_PRINCIPAL);
    });
    print(
      cli.output(command),
      updated,
      () => `Updated opportunity ${updated.id}.\n\n${describeOpportunity(updated)}`,
    );
  });

  opportunities
    .command('close <id>')
    .description('close an opportunity as won or lost (a loss needs --reason)')
    .requiredOption('--outcome <outcome>', 'won | lost')
    .option('--reason <text>', 'why it was won or lost (required for lost)')
    .option('--competitor <name>', 'the competitor it was won from or lost to')
    .option('--winning-factor <text>', 'what made the difference')
    .option('--closed-at <datetime>', 'when it closed, ISO 8601 (default now)')
    .action(
      async (
        id: string,
        options: {
          outcome: string;
          reason?: string;
          competitor?: string;
          winningFactor?: string;
          closedAt?: string;
        },
        command: Command,
      ) => {
        const closed = await cli.run((ctx) =>
          closeOpportunityById(
            ctx,
            id,
            {
              outcome: options.outcome,
              reason: options.reason,
              competitor: options.competitor,
              winningFactor: options.winningFactor,
              closedAt: options.closedAt,
            },
            CLI_PRINCIPAL,
          ),
        );
        print(
          cli.output(command),
          closed,
          () => `Closed ${closed.id} as ${closed.outcome} (${formatMoney(closed.amount)}).`,
        );
      },
    );
}
