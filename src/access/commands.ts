import type { Command } from 'commander';
import { type Cli, print, table } from '../cli/index.js';
import { CLI_PRINCIPAL } from './model.js';
import { createApiKey, listKeys, revokeKey } from './service.js';

/** `servio keys create|list|revoke`. */
export function accessCommands(program: Command, cli: Cli): void {
  const keys = program.command('keys').description('API keys and their roles');

  keys
    .command('create')
    .description('create an API key; its secret is printed once')
    .requiredOption('--role <role>', 'admin | revops | marketing | sales_manager | sales_rep')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--user <userId>', 'the user the key belongs to (required for sales_rep)')
    .action(async (options: { role: string; name: string; user?: string }, command: Command) => {
      const created = await cli.run((ctx) =>
        createApiKey(ctx, { name: options.name, role: options.role, userId: options.user }, CLI_PRINCIPAL),
      );
      print(cli.output(command), created, () =>
        [
          `Created ${created.key.role} key ${created.key.id} (${created.key.name}).`,
          'Secret (shown once):',
          '',
          `  ${created.secret}`,
        ].join('\n'),
      );
    });

  keys
    .command('list')
    .description('list API keys')
    .action(async (_options, command: Command) => {
      const items = await cli.run((ctx) => listKeys(ctx));
      print(cli.output(command), { items }, () =>
        table(
          ['id', 'name', 'role', 'prefix', 'created', 'last used', 'revoked'],
          items.map((k) => [
            k.id,
            k.name,
            k.role,
            k.prefix,
            k.createdAt.toISOString(),
            k.lastUsedAt?.toISOString(),
            k.revokedAt?.toISOString(),
          ]),
        ),
      );
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key')
    .action(async (id: string, _options, command: Command) => {
      const key = await cli.run((ctx) => revokeKey(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), key, () => `Revoked ${key.id} (${key.name}).`);
    });
}
