import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { formatMoney, parseAmountToCents } from '../core/index.js';
import type { Campaign } from './model.js';
import {
  createCampaign,
  getCampaign,
  listCampaigns,
  type UpdateCampaignInput,
  updateCampaign,
} from './service.js';

interface CampaignOptions {
  name?: string;
  channel?: string;
  status?: string;
  cost?: string;
  currency?: string;
  startsOn?: string;
  endsOn?: string;
  owner?: string;
  externalId?: string;
  play?: string;
}

/** `none` on the command line clears a field. */
function nullable(raw: string | undefined): string | null | undefined {
  return raw === undefined ? undefined : raw === 'none' ? null : raw;
}

/** `--cost 12,500.00` in major units becomes integer cents; never a float. */
function costCents(raw: string): number {
  const cents = parseAmountToCents(raw);
  if (cents === undefined || cents < 0)
    throw new UsageError(`--cost must be an amount such as 12500 or 12,500.00, got "${raw}"`);
  return cents;
}

function campaignInput(options: CampaignOptions): UpdateCampaignInput {
  return {
    name: options.name,
    channel: options.channel,
    status: options.status,
    startsOn: nullable(options.startsOn),
    endsOn: nullable(options.endsOn),
    ownerUserId: nullable(options.owner),
    externalId: nullable(options.externalId),
    playId: nullable(options.play),
  };
}

function describeCampaign(c: Campaign): string {
  return table(
    ['field', 'value'],
    [
      ['id', c.id],
      ['name', c.name],
      ['channel', c.channel],
      ['status', c.status],
      ['cost', formatMoney(c.cost)],
      ['starts on', c.startsOn],
      ['ends on', c.endsOn],
      ['owner', c.ownerUserId],
      ['external id', c.externalId],
      ['sales play', c.playId],
    ],
  );
}

function campaignFlags(command: Command): Command {
  return command
    .option('--status <status>', 'planned | active | paused | completed')
    .option('--cost <amount>', 'what it costs, in major units (12500 or 12,500.00)')
    .option('--currency <code>', 'ISO 4217 currency of the cost (default USD)')
    .option('--starts-on <date>', 'YYYY-MM-DD (none to clear)')
    .option('--ends-on <date>', 'YYYY-MM-DD, on or after the start (none to clear)')
    .option('--owner <userId>', 'the owning user (none to clear)')
    .option('--external-id <id>', 'id in the marketing automation platform (none to clear)')
    .option('--play <playId>', 'the sales play it supports (none to clear)');
}

/** `servio campaigns list|create|show|update`. */
export function campaignCommands(program: Command, cli: Cli): void {
  const campaigns = program
    .command('campaigns')
    .description('marketing campaigns, their channel, dates and cost');

  campaigns
    .command('list')
    .description('list campaigns')
    .option('--channel <channel>', 'only this channel')
    .option('--status <status>', 'only this status')
    .option('--active-on <date>', 'running on this day (YYYY-MM-DD)')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(
      async (
        options: { channel?: string; status?: string; activeOn?: string; limit: string; cursor?: string },
        command: Command,
      ) => {
        const limit = parseInteger('--limit', options.limit, 1, 500);
        const page = await cli.run((ctx) =>
          listCampaigns(
            ctx,
            { channel: options.channel, status: options.status, activeOn: options.activeOn },
            { limit, cursor: options.cursor },
          ),
        );
        print(
          cli.output(command),
          page,
          () =>
            table(
              ['id', 'name', 'channel', 'status', 'cost', 'starts', 'ends'],
              page.items.map((c) => [
                c.id,
                c.name,
                c.channel,
                c.status,
                formatMoney(c.cost),
                c.startsOn,
                c.endsOn,
              ]),
            ) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
        );
      },
    );

  campaignFlags(
    campaigns
      .command('create')
      .description('create a campaign')
      .requiredOption('--name <name>', 'campaign name')
      .requiredOption('--channel <channel>', 'paid_search | paid_social | email | webinar | event | ...'),
  ).action(async (options: CampaignOptions, command: Command) => {
    const input = campaignInput(options);
    const cost = {
      cents: options.cost === undefined ? 0 : costCents(options.cost),
      currency: options.currency ?? 'USD',
    };
    const campaign = await cli.run((ctx) =>
      createCampaign(ctx, { ...input, name: options.name!, channel: options.channel!, cost }, CLI_PRINCIPAL),
    );
    print(
      cli.output(command),
      campaign,
      () => `Created campaign ${campaign.id} (${campaign.name}, ${formatMoney(campaign.cost)}).`,
    );
  });

  campaigns
    .command('show <id>')
    .description('show a campaign')
    .action(async (id: string, _options, command: Command) => {
      const campaign = await cli.run((ctx) => getCampaign(ctx, id));
      print(cli.output(command), campaign, () => describeCampaign(campaign));
    });

  campaignFlags(
    campaigns
      .command('update <id>')
      .description('change a campaign')
      .option('--name <name>', 'campaign name')
      .option('--channel <channel>', 'paid_search | paid_social | email | webinar | event | ...'),
  ).action(async (id: string, options: CampaignOptions, command: Command) => {
    const input = campaignInput(options);
    const cents = options.cost === undefined ? undefined : costCents(options.cost);
    const campaign = await cli.run(async (ctx) => {
      if (cents !== undefined || options.currency !== undefined) {
        // One of amount and currency alone keeps the other as it is.
        const current = (await getCampaign(ctx, id)).cost;
        input.cost = { cents: cents ?? current.cents, currency: options.currency ?? current.currency };
      }
      return updateCampaign(ctx, id, input, CLI_PRINCIPAL);
    });
    print(
      cli.output(command),
      campaign,
      () => `Updated campaign ${campaign.id}.\n\n${describeCampaign(campaign)}`,
    );
  });
}
