import { Command, CommanderError } from 'commander';
import { accessCommands } from '../access/index.js';
import { API_VERSION } from '../api/index.js';
import { EXIT_OK, EXIT_USAGE, reportError } from './output.js';
import { createCli } from './runner.js';
import { demoCommands } from './demo.js';
import { serveCommands } from './serve.js';
import { COMMAND_MODULES } from './modules.js';

/** `servio <noun> <verb>`: returns the exit code rather than exiting, so tests can call it. */
export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const program = new Command('servio')
    .description('Servio Align: the executable agreement between Marketing and Sales')
    .version(API_VERSION)
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const cli = createCli(env);
  serveCommands(program, cli, env);
  demoCommands(program, env);
  accessCommands(program, cli);
  for (const register of COMMAND_MODULES) register(program, cli);

  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      ) {
        return EXIT_OK;
      }
      return EXIT_USAGE;
    }
    return reportError(error);
  }
}
