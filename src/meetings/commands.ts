import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table } from '../cli/index.js';
import { render } from '../reports/index.js';
import { agendaBlocks } from './agenda-render.js';
import type { ActionItem } from './model.js';
import {
  addActionItem,
  completeActionItem,
  createMeeting,
  getCadence,
  listActionItems,
  listMeetings,
  meetingAgenda,
  regenerateAgenda,
  setNotes,
} from './service.js';

function describeItems(items: ActionItem[]): string {
  if (items.length === 0) return 'No action items.';
  return table(
    ['id', 'action', 'owner', 'team', 'due', 'status'],
    items.map((i) => [
      i.id,
      i.title,
      i.ownerName ?? i.ownerUserId,
      i.teamName ?? i.teamId,
      i.dueOn,
      i.overdue ? 'OVERDUE' : i.status,
    ]),
  );
}

/** `servio meetings cadence|list|create|agenda|notes` and `servio action-items add|list|complete`. */
export function meetingCommands(program: Command, cli: Cli): void {
  const meetings = program
    .command('meetings')
    .description("the seed's meeting cadence: meetings with generated agendas, notes and action items");

  meetings
    .command('cadence')
    .description('the four series of seed 001 with their next meetings')
    .action(async (_o, command: Command) => {
      const cadence = await cli.run((ctx) => getCadence(ctx));
      print(cli.output(command), cadence, () =>
        [
          `Time zone: ${cadence.timeZone}`,
          table(
            ['kind', 'name', 'cadence', 'minutes', 'who', 'next'],
            cadence.series.map((s) => [
              s.kind,
              s.name,
              s.cadence,
              s.durationMinutes,
              s.attendees.join(', '),
              s.next[0] ? `${s.next[0].date} (${s.next[0].startsAt.toISOString()})` : '',
            ]),
          ),
        ].join('\n'),
      );
    });

  meetings
    .command('list')
    .description('meetings, earliest first')
    .option('--kind <kind>', 'pipeline_standup | campaign_review | funnel_health | quarterly_planning')
    .option('--from <day>', 'on or after this day')
    .option('--to <day>', 'on or before this day')
    .option('--limit <n>', 'at most this many (the latest)', '100')
    .action(async (o: { kind?: string; from?: string; to?: string; limit: string }, command: Command) => {
      const limit = parseInteger('--limit', o.limit, 1, 500);
      const list = await cli.run((ctx) => listMeetings(ctx, { kind: o.kind, from: o.from, to: o.to, limit }));
      print(cli.output(command), list, () =>
        list.length
          ? table(
              ['id', 'date', 'starts', 'title', 'notes'],
              list.map((m) => [m.id, m.date, m.startsAt.toISOString(), m.title, m.notes ? 'yes' : '']),
            )
          : 'No meetings.',
      );
    });

  meetings
    .command('create')
    .description('create a meeting of a series on a day, with its agenda generated from live data')
    .requiredOption(
      '--kind <kind>',
      'pipeline_standup | campaign_review | funnel_health | quarterly_planning',
    )
    .requiredOption('--date <day>', 'the local day of the meeting, e.g. 2026-10-05')
    .action(async (o: { kind: string; date: string }, command: Command) => {
      const created = await cli.run((ctx) =>
        createMeeting(ctx, { kind: o.kind, date: o.date }, CLI_PRINCIPAL),
      );
      print(cli.output(command), created, () =>
        [
          `Created ${created.meeting.id}: ${created.meeting.title}`,
          '',
          render(agendaBlocks(created.agenda), 'md', ''),
        ].join('\n'),
      );
    });

  meetings
    .command('agenda')
    .description("a meeting's agenda as generated (Markdown, HTML or JSON)")
    .argument('<meetingId>')
    .option('--format <format>', 'md | html | json', 'md')
    .option('--regenerate', 'generate it again from the data as it is now')
    .action(async (id: string, o: { format: string; regenerate?: boolean }, command: Command) => {
      const format = o.format === 'html' || o.format === 'json' ? o.format : 'md';
      const agenda = await cli.run((ctx) =>
        o.regenerate ? regenerateAgenda(ctx, id) : meetingAgenda(ctx, id),
      );
      const output = cli.output(command);
      if (output.json || format === 'json') print({ json: true }, agenda, () => '');
      else process.stdout.write(render(agendaBlocks(agenda), format, agenda.title));
    });

  meetings
    .command('notes')
    .description("set a meeting's notes or minutes")
    .argument('<meetingId>')
    .requiredOption('--text <notes>', 'the notes (an empty text clears them)')
    .action(async (id: string, o: { text: string }, command: Command) => {
      const meeting = await cli.run((ctx) => setNotes(ctx, id, o.text, CLI_PRINCIPAL));
      print(cli.output(command), meeting, () => `Notes of ${meeting.id} saved.`);
    });

  const items = program.command('action-items').description('action items of meetings, tracked to done');

  items
    .command('add')
    .description('add an action item to a meeting')
    .requiredOption('--meeting <meetingId>', 'the meeting it comes from')
    .requiredOption('--title <text>', 'what to do')
    .option('--owner <userId>', 'who does it')
    .option('--team <teamId>', 'the team it belongs to')
    .requiredOption('--due <day>', 'due day, e.g. 2026-10-09')
    .action(
      async (
        o: { meeting: string; title: string; owner?: string; team?: string; due: string },
        command: Command,
      ) => {
        const item = await cli.run((ctx) =>
          addActionItem(ctx, o.meeting, {
            title: o.title,
            ownerUserId: o.owner,
            teamId: o.team,
            dueOn: o.due,
          }),
        );
        print(cli.output(command), item, () => describeItems([item]));
      },
    );

  items
    .command('list')
    .description('action items by due day, overdue ones flagged')
    .option('--owner <userId>', 'owned by this user')
    .option('--status <status>', 'open | done')
    .option('--overdue', 'open and past due only')
    .option('--meeting <meetingId>', 'of this meeting')
    .action(
      async (
        o: { owner?: string; status?: string; overdue?: boolean; meeting?: string },
        command: Command,
      ) => {
        const list = await cli.run((ctx) =>
          listActionItems(
            ctx,
            { owner: o.owner, status: o.status, overdue: o.overdue ? true : undefined, meetingId: o.meeting },
            CLI_PRINCIPAL,
          ),
        );
        print(cli.output(command), list, () => describeItems(list));
      },
    );

  items
    .command('complete')
    .description('mark an action item done')
    .argument('<id>')
    .action(async (id: string, _o, command: Command) => {
      const item = await cli.run((ctx) => completeActionItem(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), item, () => describeItems([item]));
    });
}
