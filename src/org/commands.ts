import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { MAX_CAPACITY_PER_DAY, MAX_ROUTING_WEIGHT, type Team, type User } from './model.js';
import {
  createTeam,
  createUser,
  getTeam,
  getUser,
  listTeams,
  listUsers,
  type UpdateUserInput,
  updateUser,
} from './service.js';

interface UserOptions {
  email?: string;
  name?: string;
  role?: string;
  timeZone?: string;
  team?: string;
  manager?: string;
  segment?: string;
  territory?: string;
  capacity?: string;
  weight?: string;
  outOfOfficeUntil?: string;
  activate?: boolean;
  deactivate?: boolean;
}

/** `none` on the command line clears a field. */
function nullable(raw: string | undefined): string | null | undefined {
  return raw === undefined ? undefined : raw === 'none' ? null : raw;
}

function userInput(options: UserOptions): UpdateUserInput {
  if (options.activate && options.deactivate)
    throw new UsageError('--activate and --deactivate contradict each other');
  const input: UpdateUserInput = {
    email: options.email,
    name: options.name,
    role: options.role,
    timeZone: options.timeZone,
    teamId: nullable(options.team),
    managerUserId: nullable(options.manager),
    segment: nullable(options.segment),
    territory: nullable(options.territory),
    outOfOfficeUntil: nullable(options.outOfOfficeUntil),
  };
  const capacity = nullable(options.capacity);
  if (capacity !== undefined)
    input.capacityPerDay =
      capacity === null ? null : parseInteger('--capacity', capacity, 0, MAX_CAPACITY_PER_DAY);
  if (options.weight !== undefined)
    input.routingWeight = parseInteger('--weight', options.weight, 0, MAX_ROUTING_WEIGHT);
  if (options.activate) input.active = true;
  if (options.deactivate) input.active = false;
  return input;
}

function describeUser(user: User): string {
  return table(
    ['field', 'value'],
    [
      ['id', user.id],
      ['email', user.email],
      ['name', user.name],
      ['role', user.role],
      ['team', user.teamId],
      ['manager', user.managerUserId],
      ['segment', user.segment],
      ['territory', user.territory],
      ['time zone', user.timeZone],
      ['active', user.active ? 'yes' : 'no'],
      ['out of office until', user.outOfOfficeUntil?.toISOString()],
      ['capacity per day', user.capacityPerDay ?? 'no cap'],
      ['routing weight', user.routingWeight],
    ],
  );
}

function describeTeam(team: Team): string {
  return table(
    ['field', 'value'],
    [
      ['id', team.id],
      ['name', team.name],
      ['function', team.function],
      ['manager', team.managerUserId],
    ],
  );
}

function nextPage(cursor: string | null): string {
  return cursor ? `\nmore: --cursor ${cursor}` : '';
}

function userFlags(command: Command): Command {
  return command
    .option('--team <teamId>', 'team (none to clear)')
    .option('--manager <userId>', 'manager (none to clear)')
    .option('--segment <segment>', 'e.g. smb, mid_market, enterprise (none to clear)')
    .option('--territory <territory>', 'e.g. emea, na_east (none to clear)')
    .option('--capacity <n>', 'new leads a day at most (none for no cap)')
    .option('--weight <n>', 'share in weighted round-robin; 0 takes the user out of rotation');
}

/** `servio users list|create|show|update` and `servio teams list|create|show`. */
export function orgCommands(program: Command, cli: Cli): void {
  const users = program.command('users').description('reps and managers of the revenue organisation');

  users
    .command('list')
    .description('list users')
    .option('--role <role>', 'sdr | ae | sales_manager | marketing | revops | admin')
    .option('--team <teamId>', 'members of this team')
    .option('--active', 'active users only')
    .option('--inactive', 'deactivated users only')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(
      async (
        options: {
          role?: string;
          team?: string;
          active?: boolean;
          inactive?: boolean;
          limit: string;
          cursor?: string;
        },
        command: Command,
      ) => {
        if (options.active && options.inactive)
          throw new UsageError('--active and --inactive contradict each other');
        const limit = parseInteger('--limit', options.limit, 1, 500);
        const active = options.active ? true : options.inactive ? false : undefined;
        const page = await cli.run((ctx) =>
          listUsers(
            ctx,
            { role: options.role, teamId: options.team, active },
            { limit, cursor: options.cursor },
          ),
        );
        print(
          cli.output(command),
          page,
          () =>
            table(
              ['id', 'name', 'email', 'role', 'team', 'time zone', 'active'],
              page.items.map((u) => [
                u.id,
                u.name,
                u.email,
                u.role,
                u.teamId,
                u.timeZone,
                u.active ? 'yes' : 'no',
              ]),
            ) + nextPage(page.nextCursor),
        );
      },
    );

  userFlags(
    users
      .command('create')
      .description('create a user')
      .requiredOption('--email <email>', 'work email (unique)')
      .requiredOption('--name <name>', 'full name')
      .requiredOption('--role <role>', 'sdr | ae | sales_manager | marketing | revops | admin')
      .requiredOption('--time-zone <zone>', 'IANA time zone, e.g. Europe/Paris'),
  ).action(async (options: UserOptions, command: Command) => {
    const input = userInput(options);
    const user = await cli.run((ctx) =>
      createUser(
        ctx,
        {
          ...input,
          email: options.email!,
          name: options.name!,
          role: options.role!,
          timeZone: options.timeZone!,
        },
        CLI_PRINCIPAL,
      ),
    );
    print(cli.output(command), user, () => `Created user ${user.id} (${user.name}, ${user.role}).`);
  });

  users
    .command('show <id>')
    .description('show a user')
    .action(async (id: string, _options, command: Command) => {
      const user = await cli.run((ctx) => getUser(ctx, id));
      print(cli.output(command), user, () => describeUser(user));
    });

  userFlags(
    users
      .command('update <id>')
      .description('change a user; --deactivate takes them out of routing (users are never deleted)')
      .option('--email <email>', 'work email')
      .option('--name <name>', 'full name')
      .option('--role <role>', 'sdr | ae | sales_manager | marketing | revops | admin')
      .option('--time-zone <zone>', 'IANA time zone')
      .option('--out-of-office-until <datetime>', 'ISO 8601 date-time (none to clear)')
      .option('--activate', 'reactivate the user')
      .option('--deactivate', 'deactivate the user'),
  ).action(async (id: string, options: UserOptions, command: Command) => {
    const input = userInput(options);
    const user = await cli.run((ctx) => updateUser(ctx, id, input, CLI_PRINCIPAL));
    print(cli.output(command), user, () => `Updated user ${user.id}.\n\n${describeUser(user)}`);
  });

  const teams = program.command('teams').description('teams of the revenue organisation');

  teams
    .command('list')
    .description('list teams')
    .option('--function <function>', 'sdr | ae | marketing | revops | cs | other')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'the cursor printed by the previous page')
    .action(async (options: { function?: string; limit: string; cursor?: string }, command: Command) => {
      const limit = parseInteger('--limit', options.limit, 1, 500);
      const page = await cli.run((ctx) =>
        listTeams(ctx, { function: options.function }, { limit, cursor: options.cursor }),
      );
      print(
        cli.output(command),
        page,
        () =>
          table(
            ['id', 'name', 'function', 'manager'],
            page.items.map((t) => [t.id, t.name, t.function, t.managerUserId]),
          ) + nextPage(page.nextCursor),
      );
    });

  teams
    .command('create')
    .description('create a team')
    .requiredOption('--name <name>', 'team name (unique)')
    .requiredOption('--function <function>', 'sdr | ae | marketing | revops | cs | other')
    .option('--manager <userId>', 'the team manager')
    .action(async (options: { name: string; function: string; manager?: string }, command: Command) => {
      const team = await cli.run((ctx) =>
        createTeam(
          ctx,
          { name: options.name, function: options.function, managerUserId: options.manager ?? null },
          CLI_PRINCIPAL,
        ),
      );
      print(cli.output(command), team, () => `Created team ${team.id} (${team.name}, ${team.function}).`);
    });

  teams
    .command('show <id>')
    .description('show a team')
    .action(async (id: string, _options, command: Command) => {
      const team = await cli.run((ctx) => getTeam(ctx, id));
      print(cli.output(command), team, () => describeTeam(team));
    });
}
