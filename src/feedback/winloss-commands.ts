import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, print, table, UsageError } from '../cli/index.js';
import { formatMoney, type Money } from '../core/index.js';
import { getCompetitor, listCompetitors } from './intel-service.js';
import { getWinLoss, listWinLoss, recordWinLoss, type WinLossView } from './winloss-service.js';

const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? '';
const money = (m: Money[]) => m.map((x) => formatMoney(x)).join(' + ') || '-';
const percent = (r: number | null) => (r === null ? '-' : `${Math.round(r * 100)}%`);

function describe(r: WinLossView & { clock: { status: string; dueAt: Date } | null }): string {
  return [
    `${r.opportunityName} (${r.opportunityId}): ${r.outcome}, closed ${r.closedAt.toISOString()}, ${formatMoney(r.amount)}`,
    `reason: ${r.reasonLabel ?? '-'}${r.reasonText ? ` (${r.reasonText})` : ''}`,
    `competitor: ${r.competitor ?? '-'}`,
    `winning factor: ${r.winningFactor ?? '-'}`,
    ...(r.notes ? [`notes: ${r.notes}`] : []),
    `status: ${r.status}${r.missing.length > 0 ? `, missing ${r.missing.join(', ')}` : ''} (due ${r.dueAt.toISOString()})`,
    r.recordedBy ? `recorded by ${r.recordedBy} at ${r.recordedAt?.toISOString()}` : 'not recorded yet',
    r.clock ? `clock: ${r.clock.status}, due ${r.clock.dueAt.toISOString()}` : 'clock: none',
  ].join('\n');
}

/** `servio win-loss record|show|list` and `servio competitors list|show`: closed-loop feedback on deals. */
export function winLossCommands(program: Command, cli: Cli): void {
  const winLoss = program
    .command('win-loss')
    .description('win/loss feedback of closed deals (reason within 48 hours of the close)');

  winLoss
    .command('record <opportunityId>')
    .description("record or amend a closed deal's win/loss feedback")
    .option(
      '--reason <code>',
      'the agreed reason (see GET /v1/win-loss/reasons), e.g. price, competitor, product_fit',
    )
    .option('--reason-text <text>', 'free text beside the reason (required with "other")')
    .option('--competitor <name>', 'who they chose (required when lost to a competitor)')
    .option('--winning-factor <text>', 'what tipped the decision (required when won)')
    .option('--notes <text>', 'anything marketing should hear')
    .action(
      async (
        id: string,
        o: {
          reason?: string;
          reasonText?: string;
          competitor?: string;
          winningFactor?: string;
          notes?: string;
        },
        command: Command,
      ) => {
        const record = await cli.run((ctx) =>
          recordWinLoss(
            ctx,
            id,
            {
              reasonCode: o.reason,
              reasonText: o.reasonText,
              competitor: o.competitor,
              winningFactor: o.winningFactor,
              notes: o.notes,
            },
            CLI_PRINCIPAL,
          ),
        );
        print(cli.output(command), record, () => describe(record));
      },
    );

  winLoss
    .command('show <opportunityId>')
    .description("a closed deal's win/loss record and its clock")
    .action(async (id: string, _o, command: Command) => {
      const record = await cli.run((ctx) => getWinLoss(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), record, () => describe(record));
    });

  winLoss
    .command('list')
    .description('closed deals of a period with their records, missing feedback flagged')
    .option('--from <day>', 'closed from (YYYY-MM-DD)')
    .option('--to <day>', 'closed until (YYYY-MM-DD, included)')
    .option('--outcome <outcome>', 'won | lost')
    .option('--owner <user>', "the owner's user id")
    .option('--limit <n>', 'at most this many', '500')
    .action(
      async (
        o: { from?: string; to?: string; outcome?: string; owner?: string; limit: string },
        command: Command,
      ) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 2000)
          throw new UsageError('--limit must be 1 to 2000');
        const list = await cli.run((ctx) =>
          listWinLoss(
            ctx,
            { from: o.from, to: o.to, outcome: o.outcome, owner: o.owner, limit },
            CLI_PRINCIPAL,
          ),
        );
        print(cli.output(command), list, () =>
          [
            table(
              ['opportunity', 'name', 'outcome', 'closed', 'reason', 'competitor', 'status', 'missing'],
              list.items.map((i) => [
                i.opportunityId,
                i.opportunityName,
                i.outcome,
                day(i.closedAt),
                i.reasonLabel ?? '',
                i.competitor ?? '',
                i.status,
                i.missing.join(' '),
              ]),
            ),
            `${list.summary.total} closed: ${list.summary.on_time} on time, ${list.summary.late} late, ${list.summary.pending} pending, ${list.summary.overdue} overdue`,
          ].join('\n'),
        );
      },
    );

  const competitors = program
    .command('competitors')
    .description('competitive intelligence: deals lost and won, DQ-05s and notes per competitor');

  competitors
    .command('list')
    .description('every competitor seen in the period, most lost value first')
    .option('--from <day>', 'from (YYYY-MM-DD)')
    .option('--to <day>', 'until (YYYY-MM-DD, included)')
    .action(async (o: { from?: string; to?: string }, command: Command) => {
      const list = await cli.run((ctx) => listCompetitors(ctx, o, CLI_PRINCIPAL));
      print(cli.output(command), list, () =>
        list.items.length === 0
          ? 'no competitor seen'
          : table(
              ['competitor', 'lost', 'lost value', 'won', 'win rate', 'DQ-05', 'last seen', 'battlecard'],
              list.items.map((c) => [
                c.name,
                c.lost,
                money(c.lostValue),
                c.won,
                percent(c.winRate),
                c.dq05,
                day(c.lastSeen),
                c.battlecard ? `v${c.battlecard.version}` : '',
              ]),
            ),
      );
    });

  competitors
    .command('show <name>')
    .description("one competitor's deals, DQ-05 leads, notes, battlecard and loss reasons")
    .option('--from <day>', 'from (YYYY-MM-DD)')
    .option('--to <day>', 'until (YYYY-MM-DD, included)')
    .action(async (name: string, o: { from?: string; to?: string }, command: Command) => {
      const c = await cli.run((ctx) => getCompetitor(ctx, name, o, CLI_PRINCIPAL));
      print(cli.output(command), c, () =>
        [
          `${c.name}: lost ${c.lost} (${money(c.lostValue)}), won ${c.won} (${money(c.wonValue)}), win rate ${percent(c.winRate)}, ${c.dq05} DQ-05, last seen ${day(c.lastSeen)}`,
          c.battlecard
            ? `battlecard: ${c.battlecard.title} v${c.battlecard.version}, last review ${c.battlecard.reviewedOn ?? 'never'} (${c.battlecard.id})`
            : 'battlecard: none',
          `loss reasons: ${c.lossReasons.map((r) => `${r.reason} (${r.count})`).join(', ') || '-'}`,
          ...[...c.lostDeals, ...c.wonDeals].map(
            (d) =>
              `  ${d.outcome} ${day(d.closedAt)} ${d.name} ${formatMoney(d.amount)}: ${d.reasonLabel ?? d.reasonText ?? '-'}${d.winningFactor ? `; won on ${d.winningFactor}` : ''}`,
          ),
          ...c.dq05Leads.map((l) => `  DQ-05 ${day(l.decidedAt)} ${l.name ?? l.personId}: ${l.notes ?? ''}`),
          ...c.notes.map((n) => `  note (${n.opportunityId}): ${n.notes}`),
        ].join('\n'),
      );
    });
}
