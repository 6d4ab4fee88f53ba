import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus, type WebhookSubscription } from './model.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  retryDelivery,
  testWebhook,
} from './service.js';

function describeWebhook(w: WebhookSubscription): string {
  return table(
    ['field', 'value'],
    [
      ['id', w.id],
      ['url', w.url],
      ['events', w.events.join(', ')],
      ['format', w.format],
      ['active', w.active ? 'yes' : 'no'],
      ['description', w.description],
      ['secret', `${w.secretPrefix}…`],
      ['created', w.createdAt.toISOString()],
    ],
  );
}

function deliveryRows(items: Delivery[]) {
  return table(
    ['id', 'type', 'status', 'attempts', 'code', 'next attempt', 'last error'],
    items.map((d) => [
      d.id,
      d.type,
      d.status,
      d.attempts,
      d.lastStatusCode,
      d.nextAttemptAt?.toISOString(),
      d.lastError?.slice(0, 60),
    ]),
  );
}

function status(raw: string | undefined): DeliveryStatus | undefined {
  if (raw === undefined) return undefined;
  if (!(DELIVERY_STATUSES as readonly string[]).includes(raw))
    throw new UsageError(`--status must be one of ${DELIVERY_STATUSES.join(', ')}, got "${raw}"`);
  return raw as DeliveryStatus;
}

/** `servio webhooks add|list|show|deliveries|retry|remove|test`. */
export function notifyCommands(program: Command, cli: Cli): void {
  const webhooks = program
    .command('webhooks')
    .description('signed webhook subscriptions and their deliveries');

  webhooks
    .command('add')
    .description('subscribe a URL to notifications; the signing secret is printed once')
    .requiredOption('--url <url>', 'http or https URL that receives the POSTs')
    .requiredOption('--events <patterns>', 'comma-separated: lead.routed,lead.*,sla.* or *')
    .option('--format <format>', 'json (default) | slack')
    .option('--description <text>', 'what it is for')
    .action(
      async (
        options: { url: string; events: string; format?: string; description?: string },
        command: Command,
      ) => {
        const events = options.events
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean);
        const created = await cli.run((ctx) =>
          createWebhook(
            ctx,
            { url: options.url, events, format: options.format, description: options.description },
            CLI_PRINCIPAL,
          ),
        );
        print(cli.output(command), created, () =>
          [
            `Created webhook ${created.webhook.id} (${created.webhook.format}) for ${created.webhook.url}.`,
            'Signing secret (shown once):',
            '',
            `  ${created.secret}`,
          ].join('\n'),
        );
      },
    );

  webhooks
    .command('list')
    .description('list webhook subscriptions')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(async (options: { limit: string; cursor?: string }, command: Command) => {
      const limit = parseInteger('--limit', options.limit, 1, 500);
      const page = await cli.run((ctx) => listWebhooks(ctx, { limit, cursor: options.cursor }));
      print(
        cli.output(command),
        page,
        () =>
          table(
            ['id', 'url', 'events', 'format', 'active'],
            page.items.map((w) => [w.id, w.url, w.events.join(','), w.format, w.active ? 'yes' : 'no']),
          ) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
      );
    });

  webhooks
    .command('show <id>')
    .description('show a webhook subscription')
    .action(async (id: string, _options, command: Command) => {
      const webhook = await cli.run((ctx) => getWebhook(ctx, id));
      print(cli.output(command), webhook, () => describeWebhook(webhook));
    });

  webhooks
    .command('deliveries <id>')
    .description("a subscription's deliveries, oldest first")
    .option('--status <status>', DELIVERY_STATUSES.join(' | '))
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(
      async (id: string, options: { status?: string; limit: string; cursor?: string }, command: Command) => {
        const limit = parseInteger('--limit', options.limit, 1, 500);
        const filter = { status: status(options.status) };
        const page = await cli.run((ctx) =>
          listWebhookDeliveries(ctx, id, filter, { limit, cursor: options.cursor }),
        );
        print(
          cli.output(command),
          page,
          () => deliveryRows(page.items) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
        );
      },
    );

  webhooks
    .command('retry <deliveryId>')
    .description('send a failed or dead delivery again')
    .action(async (id: string, _options, command: Command) => {
      const delivery = await cli.run((ctx) => retryDelivery(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), delivery, () => `Delivery ${delivery.id} is pending again.`);
    });

  webhooks
    .command('remove <id>')
    .description('remove a webhook subscription and its delivery log')
    .action(async (id: string, _options, command: Command) => {
      const webhook = await cli.run((ctx) => deleteWebhook(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), webhook, () => `Removed webhook ${webhook.id} (${webhook.url}).`);
    });

  webhooks
    .command('test <id>')
    .description('queue a webhook.test notification to this subscription only')
    .action(async (id: string, _options, command: Command) => {
      const delivery = await cli.run((ctx) => testWebhook(ctx, id, CLI_PRINCIPAL));
      print(
        cli.output(command),
        delivery,
        () => `Queued test delivery ${delivery.id}; the server's delivery job sends it within seconds.`,
      );
    });
}
