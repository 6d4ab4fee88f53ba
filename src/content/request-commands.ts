import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table } from '../cli/index.js';
import {
  createRequest,
  getRequest,
  listRequests,
  requestTypes,
  transitionRequest,
  updateRequest,
} from './request-service.js';
import type { ContentRequest } from './requests.js';

function describeRequest(r: ContentRequest): string {
  return table(
    ['field', 'value'],
    [
      ['id', r.id],
      ['type', r.type],
      ['title', r.title],
      ['status', r.status],
      ['requester', r.requesterUserId],
      ['owner', r.ownerUserId ?? 'nobody yet'],
      ['requested', r.requestedAt.toISOString()],
      ['target', r.targetAt.toISOString()],
      ['due', r.dueAt.toISOString()],
      ['release/event day', r.anchorOn],
      ['delivered', r.deliveredAt?.toISOString() ?? ''],
      ['asset', r.assetId],
      ['declined because', r.declineReason],
    ],
  );
}

/** `servio content-requests types|list|create|show|assign|start|deliver|decline`. */
export function requestCommands(program: Command, cli: Cli): void {
  const requests = program
    .command('content-requests')
    .description("sales asks marketing for content: the queue, due on the seed's turnaround targets");

  requests
    .command('types')
    .description('request types and turnaround targets (seed 001)')
    .action(async (_o, command: Command) => {
      const types = requestTypes();
      print(cli.output(command), types, () =>
        table(
          ['type', 'Request Type', 'Turnaround Target', 'Format'],
          types.map((t) => [t.type, t.requestType, t.turnaroundTarget, t.format]),
        ),
      );
    });

  requests
    .command('list')
    .description('the queue, oldest first')
    .option('--status <status>', 'open | in_progress | delivered | declined')
    .option('--owner <userId>', 'owned by this user')
    .option('--overdue', 'open or in progress and past due')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(
      async (
        o: { status?: string; owner?: string; overdue?: boolean; limit: string; cursor?: string },
        command: Command,
      ) => {
        const limit = parseInteger('--limit', o.limit, 1, 500);
        const page = await cli.run((ctx) =>
          listRequests(
            ctx,
            { status: o.status, ownerUserId: o.owner, overdue: o.overdue },
            { limit, cursor: o.cursor },
          ),
        );
        print(
          cli.output(command),
          page,
          () =>
            table(
              ['id', 'type', 'title', 'status', 'owner', 'due'],
              page.items.map((r) => [
                r.id,
                r.type,
                r.title,
                r.status,
                r.ownerUserId ?? '-',
                r.dueAt.toISOString(),
              ]),
            ) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
        );
      },
    );

  requests
    .command('create')
    .description('ask marketing for content')
    .requiredOption(
      '--type <type>',
      'objection_handling | competitive_battlecard | vertical_case_study | product_update_positioning | event_support',
    )
    .requiredOption('--title <title>', 'what is needed')
    .requiredOption('--requester <userId>', 'who asks')
    .option('--details <text>', 'why, for whom')
    .option('--on <date>', 'release day or event day (YYYY-MM-DD), for the types counted from it')
    .option('--owner <userId>', "marketing's owner")
    .option('--persona <persona>', 'persona it is for')
    .option('--competitor <name>', 'competitor it is about')
    .option('--opportunity <opportunityId>', 'the deal it is for')
    .action(
      async (
        o: {
          type: string;
          title: string;
          requester: string;
          details?: string;
          on?: string;
          owner?: string;
          persona?: string;
          competitor?: string;
          opportunity?: string;
        },
        command: Command,
      ) => {
        const request = await cli.run((ctx) =>
          createRequest(
            ctx,
            {
              type: o.type,
              title: o.title,
              requesterUserId: o.requester,
              details: o.details,
              anchorOn: o.on,
              ownerUserId: o.owner,
              persona: o.persona,
              competitor: o.competitor,
              opportunityId: o.opportunity,
            },
            CLI_PRINCIPAL,
          ),
        );
        print(
          cli.output(command),
          request,
          () => `Requested ${request.id}, due ${request.dueAt.toISOString()}.`,
        );
      },
    );

  requests
    .command('show <id>')
    .description('show a request')
    .action(async (id: string, _o, command: Command) => {
      const request = await cli.run((ctx) => getRequest(ctx, id));
      print(cli.output(command), request, () => describeRequest(request));
    });

  requests
    .command('assign <id> <userId>')
    .description('give a request to a marketing owner (who answers for its clock)')
    .action(async (id: string, userId: string, _o, command: Command) => {
      const request = await cli.run((ctx) => updateRequest(ctx, id, { ownerUserId: userId }, CLI_PRINCIPAL));
      print(cli.output(command), request, () => `${request.id} is owned by ${request.ownerUserId}.`);
    });

  requests
    .command('start <id>')
    .description('start work on a request')
    .action(async (id: string, _o, command: Command) => {
      const request = await cli.run((ctx) => transitionRequest(ctx, id, { action: 'start' }, CLI_PRINCIPAL));
      print(cli.output(command), request, () => `${request.id} is in progress.`);
    });

  requests
    .command('deliver <id> <assetId>')
    .description('deliver a request with the asset produced')
    .action(async (id: string, assetId: string, _o, command: Command) => {
      const request = await cli.run((ctx) =>
        transitionRequest(ctx, id, { action: 'deliver', assetId }, CLI_PRINCIPAL),
      );
      const late = request.deliveredAt! > request.dueAt;
      print(
        cli.output(command),
        request,
        () => `${request.id} delivered with ${assetId}${late ? ' (late)' : ' on time'}.`,
      );
    });

  requests
    .command('decline <id>')
    .description('decline a request')
    .requiredOption('--reason <text>', 'why')
    .action(async (id: string, o: { reason: string }, command: Command) => {
      const request = await cli.run((ctx) =>
        transitionRequest(ctx, id, { action: 'decline', reason: o.reason }, CLI_PRINCIPAL),
      );
      print(cli.output(command), request, () => `${request.id} declined.`);
    });
}
