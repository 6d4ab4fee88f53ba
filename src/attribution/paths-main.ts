import { Command, CommanderError } from 'commander';
import type { Cli } from '../cli/index.js';
import { defineAttributionCommand } from './commands.js';

/**
 * The light entry of `servio attribution --paths FILE` (chosen by bin/servio.js): a paths
 * file needs neither the database nor the API, so this loads only commander and this
 * folder's pure code; the full CLI loads every capability first (~3 s on this machine).
 * Same command, same options, same exit codes: 0 ok, 1 failure, 2 bad usage or input.
 */

class BadInput extends Error {}

const noStore: Cli = {
  run() {
    throw new BadInput('without --paths, run the full CLI');
  },
  output(command) {
    return { json: Boolean((command.optsWithGlobals() as { json?: boolean }).json) };
  },
};

export async function main(argv: string[]): Promise<number> {
  const program = new Command('servio')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  defineAttributionCommand(program, noStore, (message) => new BadInput(message));
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError)
      return error.code === 'commander.helpDisplayed' || error.exitCode === 0 ? 0 : 2;
    if (error instanceof BadInput) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
