import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { formatMoney } from '../core/index.js';
import type { MessageBody, MessagingItem } from './messaging.js';
import {
  createMessage,
  editMessage,
  getMessage,
  listMessages,
  messageVersions,
  reviewMessage,
} from './messaging-service.js';
import type { Asset } from './model.js';
import { requestCommands } from './request-commands.js';
import {
  assetEffectiveness,
  createAsset,
  getAsset,
  logUsage,
  searchAssets,
  staleAssets,
  updateAsset,
} from './service.js';

/** `none` on the command line clears a field. */
export function nullable(raw: string | undefined): string | null | undefined {
  return raw === undefined ? undefined : raw === 'none' ? null : raw;
}

interface AssetOptions {
  title?: string;
  type?: string;
  location?: string;
  stage?: string;
  persona?: string;
  industry?: string;
  channel?: string;
  owner?: string;
  summary?: string;
  reviewOn?: string;
  expiresOn?: string;
  campaign?: string[];
}

/** `--campaign a b` names the campaigns (the whole list); `--campaign none` clears it. */
function campaignList(raw: string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw.flatMap((x) => x.split(',')).map((x) => x.trim());
  return ids.length === 1 && ids[0] === 'none' ? [] : ids;
}

function assetInput(o: AssetOptions) {
  return {
    title: o.title,
    type: o.type,
    location: o.location,
    stage: nullable(o.stage),
    persona: nullable(o.persona),
    industry: nullable(o.industry),
    channel: nullable(o.channel),
    ownerUserId: nullable(o.owner),
    summary: nullable(o.summary),
    reviewOn: nullable(o.reviewOn),
    expiresOn: nullable(o.expiresOn),
    campaignIds: campaignList(o.campaign),
  };
}

function assetFlags(command: Command): Command {
  return command
    .option(
      '--stage <stage>',
      'funnel stage it serves: lead | mql | sql | opportunity | customer | ... (none: any)',
    )
    .option('--persona <persona>', 'persona it speaks to, e.g. "Vice President" (none: any)')
    .option('--industry <industry>', 'industry (none to clear)')
    .option('--channel <channel>', 'channel, e.g. email (none to clear)')
    .option('--owner <userId>', 'owning user (none to clear)')
    .option('--summary <text>', 'what it says (none to clear)')
    .option('--review-on <date>', 'YYYY-MM-DD: when to review it (none to clear)')
    .option('--expires-on <date>', 'YYYY-MM-DD: last day it may be sent (none to clear)')
    .option('--campaign <campaignIds...>', 'the campaigns it was made for: the whole list (none to clear)');
}

function describeAsset(a: Asset): string {
  return table(
    ['field', 'value'],
    [
      ['id', a.id],
      ['title', a.title],
      ['type', a.type],
      ['stage', a.stage ?? 'any'],
      ['persona', a.persona ?? 'any'],
      ['industry', a.industry],
      ['channel', a.channel],
      ['owner', a.ownerUserId],
      ['version', a.version],
      ['location', a.location],
      ['review on', a.reviewOn],
      ['expires on', a.expiresOn],
      ['campaigns', a.campaignIds.join(', ')],
      ['retired', a.retiredAt?.toISOString() ?? ''],
    ],
  );
}

function describeMessage(m: MessagingItem): string {
  const b = m.body;
  const lines = [
    `${m.title} (${m.kind}, ${m.id}, version ${m.version}, reviewed ${m.reviewedOn ?? 'never'})`,
    [
      m.persona && `persona: ${m.persona}`,
      m.segment && `segment: ${m.segment}`,
      m.stage && `stage: ${m.stage}`,
      m.competitor && `competitor: ${m.competitor}`,
    ]
      .filter(Boolean)
      .join(', '),
  ];
  for (const key of ['statement', 'text'] as const) if (b[key]) lines.push(b[key]!);
  for (const key of [
    'proofPoints',
    'differentiators',
    'dos',
    'donts',
    'points',
    'strengths',
    'weaknesses',
    'landmines',
  ] as const)
    if (b[key]?.length) lines.push(`${key}:`, ...b[key]!.map((x) => `  - ${x}`));
  if (b.objections?.length)
    lines.push('objections:', ...b.objections.map((o) => `  - "${o.objection}" -> ${o.answer}`));
  return lines.filter(Boolean).join('\n');
}

async function readBody(
  file: string | undefined,
  points: string[] | undefined,
): Promise<MessageBody | undefined> {
  if (file === undefined) return points?.length ? { points } : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--body ${file}: not a readable JSON file (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`--body ${file}: must hold a JSON object such as {"points": ["..."]}`);
  return { ...(parsed as MessageBody), ...(points?.length && { points }) };
}

/** `servio content ...`, `servio messaging ...`, `servio content-requests ...`. */
export function contentCommands(program: Command, cli: Cli): void {
  const content = program
    .command('content')
    .description('the content library: assets, what was sent, what works, what is stale');

  content
    .command('list')
    .description('search assets by type, stage, persona and words')
    .option('--type <type>', 'asset type')
    .option('--stage <stage>', 'funnel stage')
    .option('--persona <persona>', 'persona')
    .option('--campaign <campaignId>', 'assets made for this campaign')
    .option('--q <words>', 'words in the title, summary or location')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(
      async (
        o: {
          type?: string;
          stage?: string;
          persona?: string;
          campaign?: string;
          q?: string;
          limit: string;
          cursor?: string;
        },
        command: Command,
      ) => {
        const limit = parseInteger('--limit', o.limit, 1, 500);
        const page = await cli.run((ctx) =>
          searchAssets(
            ctx,
            { type: o.type, stage: o.stage, persona: o.persona, campaignId: o.campaign, text: o.q },
            { limit, cursor: o.cursor },
          ),
        );
        print(
          cli.output(command),
          page,
          () =>
            table(
              ['id', 'title', 'type', 'stage', 'persona', 'v', 'location'],
              page.items.map((a) => [
                a.id,
                a.title,
                a.type,
                a.stage ?? 'any',
                a.persona ?? 'any',
                a.version,
                a.location,
              ]),
            ) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
        );
      },
    );

  assetFlags(
    content
      .command('add')
      .description('add an asset to the library')
      .requiredOption('--title <title>', 'title')
      .requiredOption('--type <type>', 'case_study | whitepaper | one_pager | talk_track | ...')
      .requiredOption('--location <where>', 'a URL or where to find it'),
  ).action(async (o: AssetOptions, command: Command) => {
    const input = assetInput(o);
    const asset = await cli.run((ctx) =>
      createAsset(ctx, { ...input, title: o.title!, type: o.type!, location: o.location! }, CLI_PRINCIPAL),
    );
    print(cli.output(command), asset, () => `Added asset ${asset.id} (${asset.title}).`);
  });

  content
    .command('show <id>')
    .description('show an asset')
    .action(async (id: string, _o, command: Command) => {
      const asset = await cli.run((ctx) => getAsset(ctx, id));
      print(cli.output(command), asset, () => describeAsset(asset));
    });

  assetFlags(
    content
      .command('update <id>')
      .description('change an asset (a new version)')
      .option('--title <title>', 'title')
      .option('--type <type>', 'asset type')
      .option('--location <where>', 'a URL or where to find it')
      .option('--retire', 'take it out of use')
      .option('--restore', 'put a retired asset back in use'),
  ).action(
    async (id: string, o: AssetOptions & { retire?: boolean; restore?: boolean }, command: Command) => {
      if (o.retire && o.restore) throw new UsageError('give --retire or --restore, not both');
      const retired = o.retire ? true : o.restore ? false : undefined;
      const asset = await cli.run((ctx) =>
        updateAsset(ctx, id, { ...assetInput(o), retired }, CLI_PRINCIPAL),
      );
      print(
        cli.output(command),
        asset,
        () => `Updated asset ${asset.id} (version ${asset.version}).\n\n${describeAsset(asset)}`,
      );
    },
  );

  content
    .command('send <assetId>')
    .description('log an asset sent to a person and/or for an opportunity')
    .option('--person <personId>', 'who it was sent to')
    .option('--opportunity <opportunityId>', 'the deal it was sent for')
    .option('--user <userId>', 'who sent it')
    .option('--at <instant>', 'when it was sent (ISO 8601); default now')
    .option('--note <text>', 'a note')
    .action(
      async (
        assetId: string,
        o: { person?: string; opportunity?: string; user?: string; at?: string; note?: string },
        command: Command,
      ) => {
        const sentAt = o.at === undefined ? undefined : new Date(o.at);
        if (sentAt && Number.isNaN(sentAt.getTime()))
          throw new UsageError(`--at must be an ISO 8601 instant, got "${o.at}"`);
        const usage = await cli.run((ctx) =>
          logUsage(
            ctx,
            {
              assetId,
              personId: o.person,
              opportunityId: o.opportunity,
              userId: o.user,
              sentAt,
              note: o.note,
            },
            CLI_PRINCIPAL,
          ),
        );
        print(
          cli.output(command),
          usage,
          () => `Logged ${usage.id}: ${assetId} sent${usage.personId ? ` to ${usage.personId}` : ''}.`,
        );
      },
    );

  content
    .command('effectiveness')
    .description('per asset: sends, influenced opportunities and won revenue')
    .option('--asset <assetId>', 'one asset only')
    .action(async (o: { asset?: string }, command: Command) => {
      const rows = await cli.run((ctx) => assetEffectiveness(ctx, { assetId: o.asset }));
      print(cli.output(command), rows, () =>
        table(
          ['asset', 'title', 'sends', 'influenced', 'won', 'won revenue'],
          rows.map((r) => [
            r.assetId,
            r.title,
            r.sends,
            r.influencedOpportunities,
            r.wonOpportunities,
            r.wonRevenue.map((m) => formatMoney(m)).join(', ') || '-',
          ]),
        ),
      );
    });

  content
    .command('stale')
    .description('assets not sent for 90 days, or past their review or expiry day')
    .action(async (_o, command: Command) => {
      const rows = await cli.run((ctx) => staleAssets(ctx));
      print(cli.output(command), rows, () =>
        rows.length === 0
          ? 'No stale assets.'
          : table(
              ['asset', 'title', 'last sent', 'why'],
              rows.map((r) => [
                r.asset.id,
                r.asset.title,
                r.lastUsedAt?.toISOString().slice(0, 10) ?? 'never',
                r.reasons
                  .map((x) =>
                    x.code === 'unused'
                      ? 'not sent for 90 days'
                      : `${x.code.replace('_', ' ')} since ${x.since}`,
                  )
                  .join('; '),
              ]),
            ),
      );
    });

  const messaging = program
    .command('messaging')
    .description(
      'value propositions, positioning, brand guidelines, talking points and battlecards (versioned)',
    );

  messaging
    .command('list')
    .description('list messaging items')
    .option(
      '--kind <kind>',
      'value_proposition | positioning | brand_guideline | talking_points | battlecard',
    )
    .option('--persona <persona>', 'persona')
    .option('--competitor <name>', 'competitor')
    .option('--limit <n>', 'page size', '50')
    .action(
      async (
        o: { kind?: string; persona?: string; competitor?: string; limit: string },
        command: Command,
      ) => {
        const limit = parseInteger('--limit', o.limit, 1, 500);
        const page = await cli.run((ctx) =>
          listMessages(ctx, { kind: o.kind, persona: o.persona, competitor: o.competitor }, { limit }),
        );
        print(cli.output(command), page, () =>
          table(
            ['id', 'kind', 'title', 'for', 'v', 'reviewed'],
            page.items.map((m) => [
              m.id,
              m.kind,
              m.title,
              [m.persona, m.segment, m.stage, m.competitor].filter(Boolean).join(' / ') || 'all',
              m.version,
              m.reviewedOn,
            ]),
          ),
        );
      },
    );

  const scopeFlags = (c: Command) =>
    c
      .option('--persona <persona>', 'persona (none to clear)')
      .option('--segment <segment>', 'segment (none to clear)')
      .option('--stage <stage>', 'funnel stage (none to clear)')
      .option('--competitor <name>', 'competitor (none to clear)')
      .option('--point <text...>', 'talking points')
      .option('--body <file>', 'JSON file with the body: statement, points, strengths, objections, ...');
  type MessageOptions = {
    kind?: string;
    title?: string;
    persona?: string;
    segment?: string;
    stage?: string;
    competitor?: string;
    point?: string[];
    body?: string;
  };

  scopeFlags(
    messaging
      .command('add')
      .description('write a messaging item (version 1)')
      .requiredOption(
        '--kind <kind>',
        'value_proposition | positioning | brand_guideline | talking_points | battlecard',
      )
      .requiredOption('--title <title>', 'title'),
  ).action(async (o: MessageOptions, command: Command) => {
    const body = (await readBody(o.body, o.point)) ?? {};
    const item = await cli.run((ctx) =>
      createMessage(
        ctx,
        {
          kind: o.kind!,
          title: o.title!,
          body,
          persona: nullable(o.persona),
          segment: nullable(o.segment),
          stage: nullable(o.stage),
          competitor: nullable(o.competitor),
        },
        CLI_PRINCIPAL,
      ),
    );
    print(cli.output(command), item, () => `Wrote ${item.kind} ${item.id} (version 1).`);
  });

  scopeFlags(
    messaging
      .command('edit <id>')
      .description('edit an item: a new version')
      .option('--title <title>', 'title'),
  ).action(async (id: string, o: MessageOptions, command: Command) => {
    const body = await readBody(o.body, o.point);
    const item = await cli.run((ctx) =>
      editMessage(
        ctx,
        id,
        {
          title: o.title,
          body,
          persona: nullable(o.persona),
          segment: nullable(o.segment),
          stage: nullable(o.stage),
          competitor: nullable(o.competitor),
        },
        CLI_PRINCIPAL,
      ),
    );
    print(
      cli.output(command),
      item,
      () => `${item.id} is now version ${item.version}.\n\n${describeMessage(item)}`,
    );
  });

  messaging
    .command('show <id>')
    .description('show an item as it now reads')
    .action(async (id: string, _o, command: Command) => {
      const item = await cli.run((ctx) => getMessage(ctx, id));
      print(cli.output(command), item, () => describeMessage(item));
    });

  messaging
    .command('versions <id>')
    .description('every version of an item, newest first')
    .action(async (id: string, _o, command: Command) => {
      const versions = await cli.run((ctx) => messageVersions(ctx, id));
      print(cli.output(command), versions, () =>
        table(
          ['version', 'title', 'author', 'at', 'reviewed'],
          versions.map((v) => [v.version, v.title, v.author, v.createdAt.toISOString(), v.reviewedOn]),
        ),
      );
    });

  messaging
    .command('review <id>')
    .description('confirm an item still holds (its last review moves to today)')
    .action(async (id: string, _o, command: Command) => {
      const item = await cli.run((ctx) => reviewMessage(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), item, () => `Reviewed ${item.id} on ${item.reviewedOn}.`);
    });

  requestCommands(program, cli);
}
