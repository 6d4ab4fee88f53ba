import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { type BusinessCalendar, makeCalendar } from './business-calendar.js';
import type { Calendar } from './calendar-store.js';
import {
  createCalendar,
  deleteCalendar,
  dueIn,
  elapsedIn,
  findCalendarByRef,
  listCalendars,
  toBusinessCalendar,
} from './calendar-service.js';

const FLAGS = { timeZone: '--tz', hours: '--hours', holidays: '--holidays' };
const DEFAULT_HOURS = 'Mon-Fri 09:00-17:00';

interface CalendarOptions {
  calendar?: string;
  tz?: string;
  hours?: string;
  holidays?: string;
}

function calendarFlags(command: Command): Command {
  return command
    .option('--calendar <idOrName>', 'a stored calendar (instead of --tz, --hours, --holidays)')
    .option('--tz <zone>', 'IANA time zone the hours are read in (default UTC)')
    .option(
      '--hours <hours>',
      `working hours, e.g. "Mon-Wed 09:00-17:00; Thu 09:00-12:00,13:00-18:00" (default "${DEFAULT_HOURS}")`,
    )
    .option('--holidays <dates>', 'dates YYYY-MM-DD and yearly MM-DD, comma separated');
}

/** The calendar the flags describe; a stored one is read only with `--calendar`. */
async function calendarFrom(cli: Cli, options: CalendarOptions): Promise<BusinessCalendar> {
  if (options.calendar !== undefined) {
    if (options.tz !== undefined || options.hours !== undefined || options.holidays !== undefined)
      throw new UsageError('--calendar names a stored calendar: leave out --tz, --hours and --holidays');
    const ref = options.calendar;
    return cli.run(async (ctx) => toBusinessCalendar(await findCalendarByRef(ctx, ref)));
  }
  return makeCalendar(
    {
      timeZone: options.tz ?? 'UTC',
      hours: options.hours ?? DEFAULT_HOURS,
      holidays: options.holidays ?? '',
    },
    FLAGS,
  );
}

/** `4h 30m` for people; the seconds are printed beside it. */
export function formatBusinessTime(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return sign + parts.join(' ');
}

function describeCalendar(c: Calendar): string {
  return table(
    ['field', 'value'],
    [
      ['id', c.id],
      ['name', c.name],
      ['time zone', c.timeZone],
      ['hours', c.hours],
      ['holidays', c.holidays.join(', ')],
    ],
  );
}

/** `servio sla due|elapsed`: business-time arithmetic for people checking a number, and scripts. */
export function slaCalendarCommands(program: Command, cli: Cli): void {
  const sla = program.command('sla').description('service-level clocks and business-time arithmetic');

  calendarFlags(
    sla
      .command('due')
      .description('when --start plus (or minus) business time falls due')
      .requiredOption(
        '--start <datetime>',
        "ISO 8601; without an offset it is wall time in the calendar's zone",
      )
      .option('--add <duration>', '4h, 30m, 90s, 2d (business days) or ISO 8601 (PT4H, P2D)')
      .option('--subtract <duration>', 'the same, going backwards'),
  ).action(
    async (
      options: CalendarOptions & { start: string; add?: string; subtract?: string },
      command: Command,
    ) => {
      if ((options.add === undefined) === (options.subtract === undefined))
        throw new UsageError('give exactly one of --add and --subtract');
      const calendar = await calendarFrom(cli, options);
      const result = dueIn(calendar, options, { start: '--start', add: '--add', subtract: '--subtract' });
      print(cli.output(command), result, () => result.due);
    },
  );

  calendarFlags(
    sla
      .command('elapsed')
      .description('business time between --from and --to (negative when --to is earlier)')
      .requiredOption(
        '--from <datetime>',
        "ISO 8601; without an offset it is wall time in the calendar's zone",
      )
      .requiredOption('--to <datetime>', 'ISO 8601'),
  ).action(async (options: CalendarOptions & { from: string; to: string }, command: Command) => {
    const calendar = await calendarFrom(cli, options);
    const result = elapsedIn(calendar, options, { from: '--from', to: '--to' });
    print(
      cli.output(command),
      result,
      () => `${formatBusinessTime(result.seconds)} (${result.seconds} seconds)`,
    );
  });

  const calendars = program
    .command('calendars')
    .description('business calendars users and teams are measured in');

  calendars
    .command('add')
    .description('store a business calendar')
    .requiredOption('--name <name>', 'unique name, e.g. "Berlin office"')
    .requiredOption('--tz <zone>', 'IANA time zone, e.g. Europe/Berlin')
    .requiredOption('--hours <hours>', 'e.g. "Mon-Fri 09:00-17:00"')
    .option('--holidays <dates>', 'dates YYYY-MM-DD and yearly MM-DD, comma separated')
    .action(
      async (options: { name: string; tz: string; hours: string; holidays?: string }, command: Command) => {
        const input = { timeZone: options.tz, hours: options.hours, holidays: options.holidays ?? '' };
        makeCalendar(input, FLAGS); // names the flag, not the API field, in an error
        const calendar = await cli.run((ctx) =>
          createCalendar(ctx, { ...input, name: options.name }, CLI_PRINCIPAL),
        );
        print(
          cli.output(command),
          calendar,
          () => `Created calendar ${calendar.id} (${calendar.name}).\n\n${describeCalendar(calendar)}`,
        );
      },
    );

  calendars
    .command('list')
    .description('list business calendars')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(async (options: { limit: string; cursor?: string }, command: Command) => {
      const limit = parseInteger('--limit', options.limit, 1, 500);
      const page = await cli.run((ctx) => listCalendars(ctx, { limit, cursor: options.cursor }));
      print(
        cli.output(command),
        page,
        () =>
          table(
            ['id', 'name', 'time zone', 'hours', 'holidays'],
            page.items.map((c) => [c.id, c.name, c.timeZone, c.hours, c.holidays.length]),
          ) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
      );
    });

  calendars
    .command('show <idOrName>')
    .description('show a business calendar')
    .action(async (ref: string, _options, command: Command) => {
      const calendar = await cli.run((ctx) => findCalendarByRef(ctx, ref));
      print(cli.output(command), calendar, () => describeCalendar(calendar));
    });

  calendars
    .command('remove <idOrName>')
    .description('delete a calendar no user or team works')
    .action(async (ref: string, _options, command: Command) => {
      const calendar = await cli.run(async (ctx) =>
        deleteCalendar(ctx, (await findCalendarByRef(ctx, ref)).id, CLI_PRINCIPAL),
      );
      print(cli.output(command), calendar, () => `Removed calendar ${calendar.id} (${calendar.name}).`);
    });
}
