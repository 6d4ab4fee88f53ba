import type { Command } from 'commander';
import { type App, createApp, type Ctx } from '../app.js';
import { loadConfig } from '../core/index.js';
import { type Output, UsageError } from './output.js';

/**
 * What a capability's `commands.ts` receives: a way to run work against the configured
 * database (opened and migrated on demand, closed afterwards) and the output mode.
 */
export interface Cli {
  /** Opens the app, runs `work`, closes it. */
  run<T>(work: (ctx: Ctx, app: App) => Promise<T>, options?: { migrate?: boolean }): Promise<T>;
  output(command: Command): Output;
}

export function createCli(env: Record<string, string | undefined>): Cli {
  return {
    async run(work, options = {}) {
      const config = loadConfig(env);
      const app = await createApp(config, { migrate: options.migrate ?? true });
      try {
        return await work(app.ctx, app);
      } finally {
        await app.close();
      }
    },
    output(command) {
      const options = command.optsWithGlobals() as { json?: boolean };
      return { json: Boolean(options.json) };
    },
  };
}

export function parseInteger(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * The `servio <noun>` group that several capabilities add verbs to (`servio report monthly`
 * from reports, `servio report deal` from attribution): found if it exists, else created.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((command) => command.name() === name) ??
    program.command(name).description(description)
  );
}
