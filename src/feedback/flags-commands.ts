import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { FLAG_KIND_LABELS, FLAG_STATUSES, type FlagStatus, rangeBound } from './flags-model.js';
import { listQualityFlags, raiseFlag, resolveFlag } from './flags-service.js';

/** `servio quality-flags raise|list|resolve`. */
export function qualityCommands(program: Command, cli: Cli): void {
  const flags = program
    .command('quality-flags')
    .description("lead-quality flags from sales to a campaign's owner");

  flags
    .command('raise')
    .description('flag a lead (--person) or a campaign (--campaign)')
    .option('--person <id>', 'the lead flagged')
    .option('--campaign <id>', 'the campaign flagged')
    .requiredOption('--kind <kind>', Object.keys(FLAG_KIND_LABELS).join(' | '))
    .option('--severity <level>', 'low | medium | high', 'medium')
    .option('--comment <text>', 'the specific issue')
    .action(
      async (
        o: { person?: string; campaign?: string; kind: string; severity: string; comment?: string },
        command: Command,
      ) => {
        const flag = await cli.run((ctx) =>
          raiseFlag(
            ctx,
            {
              personId: o.person,
              campaignId: o.campaign,
              kind: o.kind,
              severity: o.severity,
              comment: o.comment,
            },
            CLI_PRINCIPAL,
          ),
        );
        print(
          cli.output(command),
          flag,
          () =>
            `${flag.id}: ${FLAG_KIND_LABELS[flag.kind]} (${flag.severity}) on ${flag.personId ?? flag.campaignId}; campaign ${flag.campaignId ?? 'none'} (${flag.campaignVia}), reaches ${flag.recipientUserId ?? 'no owner'}`,
        );
      },
    );

  flags
    .command('list')
    .description('flags, newest first')
    .option('--campaign <id>', 'of this campaign')
    .option('--status <status>', 'open | acknowledged | resolved')
    .option('--from <date>', 'raised at or after')
    .option('--to <date>', 'raised before the end of')
    .option('--limit <n>', 'at most this many', '100')
    .action(
      async (
        o: { campaign?: string; status?: string; from?: string; to?: string; limit: string },
        command: Command,
      ) => {
        const limit = parseInteger('--limit', o.limit, 1, 500);
        if (o.status && !(FLAG_STATUSES as readonly string[]).includes(o.status))
          throw new UsageError(`--status must be one of ${FLAG_STATUSES.join(', ')}`);
        const items = await cli.run((ctx) =>
          listQualityFlags(
            ctx,
            {
              campaignId: o.campaign,
              status: o.status as FlagStatus | undefined,
              from: rangeBound(o.from, '/from'),
              to: rangeBound(o.to, '/to'),
              limit,
            },
            CLI_PRINCIPAL,
          ),
        );
        print(cli.output(command), { items }, () =>
          items.length === 0
            ? 'no flags'
            : table(
                ['flag', 'raised', 'kind', 'severity', 'lead', 'campaign', 'status', 'comment'],
                items.map((f) => [
                  f.id,
                  f.raisedAt.toISOString().slice(0, 16),
                  FLAG_KIND_LABELS[f.kind],
                  f.severity,
                  f.personId ?? '',
                  f.campaignId ?? '',
                  f.status,
                  f.comment ?? '',
                ]),
              ),
        );
      },
    );

  flags
    .command('resolve <flagId>')
    .description("the campaign owner's answer: resolved (default) or --acknowledge")
    .requiredOption('--response <text>', 'what marketing did about it')
    .option('--acknowledge', 'seen and being worked, not resolved yet')
    .action(async (flagId: string, o: { response: string; acknowledge?: boolean }, command: Command) => {
      const flag = await cli.run((ctx) =>
        resolveFlag(
          ctx,
          flagId,
          { response: o.response, status: o.acknowledge ? 'acknowledged' : 'resolved' },
          CLI_PRINCIPAL,
        ),
      );
      print(cli.output(command), flag, () => `${flag.id}: ${flag.status} (${flag.response})`);
    });
}
