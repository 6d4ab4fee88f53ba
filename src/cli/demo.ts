import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { CLI_PRINCIPAL, createApiKey, listKeys, revokeKey } from '../access/index.js';
import { createApp } from '../app.js';
import { loadConfig } from '../core/index.js';
import { describeReport, SIMULATION_DEFAULTS, simulate } from '../simulate/index.js';
import { progressBar } from './progress.js';
import { UsageError } from './output.js';
import { parseInteger } from './runner.js';
import { startServer } from './serve.js';

const DEMO_KEY_NAME = 'demo admin';

/**
 * `servio demo`: the embedded database filled with a simulated quarter, then the server.
 * A fresh demo admin key is made at each start (the previous one is revoked), so the key
 * printed is always one that works.
 */
export function demoCommands(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('demo')
    .description('start the server on the embedded database with a simulated quarter of demo data')
    .option('--port <port>', 'port to listen on (default: PORT or 8080)')
    .option('--leads <n>', 'leads to simulate on first start', String(SIMULATION_DEFAULTS.leads))
    .option('--seed <n>', 'random seed of the simulation', String(SIMULATION_DEFAULTS.seed))
    .option('--fresh', 'delete the demo database first and simulate again')
    .action(async (options: { port?: string; leads: string; seed: string; fresh?: boolean }) => {
      if (env.DATABASE_URL)
        throw new UsageError(
          'servio demo runs on the embedded database; unset DATABASE_URL (or use servio simulate + servio serve)',
        );
      const config = loadConfig({
        LOG_LEVEL: 'warn',
        ...env,
        ...(options.port ? { PORT: String(parseInteger('--port', options.port, 0, 65535)) } : {}),
      });
      const leads = parseInteger('--leads', options.leads, 1, 100_000);
      const seed = parseInteger('--seed', options.seed, 0, 2 ** 31 - 1);
      if (options.fresh) await rm(config.dataDir, { recursive: true, force: true });

      process.stdout.write(`Opening the embedded database in ${config.dataDir} ...\n`);
      const app = await createApp(config, { log: undefined });
      const { count } = await app.ctx.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      if (Number(count) === 0) {
        process.stdout.write(
          `Simulating ${SIMULATION_DEFAULTS.days} days of a revenue organisation (${leads} leads, seed ${seed}) ...\n`,
        );
        const bar = progressBar('simulating', false);
        const report = await simulate(
          app.ctx,
          { days: SIMULATION_DEFAULTS.days, leads, seed },
          bar.update,
        ).finally(() => bar.stop());
        process.stdout.write(`${describeReport(report)}\n`);
      } else {
        process.stdout.write('The demo database already has data (use --fresh to simulate again).\n');
      }
      for (const key of await listKeys(app.ctx)) {
        if (key.name === DEMO_KEY_NAME && !key.revokedAt) await revokeKey(app.ctx, key.id, CLI_PRINCIPAL);
      }
      const { secret } = await createApiKey(app.ctx, { name: DEMO_KEY_NAME, role: 'admin' }, CLI_PRINCIPAL);
      const running = await startServer(config, app);
      const url = running.url;
      process.stdout.write(
        [
          '',
          `Servio Align demo is running at ${url}  (API docs: ${url}/docs)`,
          '',
          `Admin API key: ${secret}`,
          '',
          `Dashboard: ${url}/  (sign in with the admin key)`,
          '',
          'Try:',
          `  curl -s ${url}/health`,
          `  curl -s -H "Authorization: Bearer ${secret}" "${url}/v1/people?stage=mql&limit=5"    # then /v1/people/<id>/handoff`,
          `  curl -s -H "Authorization: Bearer ${secret}" -H "Content-Type: application/json" \\`,
          `       -d '{"events":[{"eventId":"demo-1","type":"demo_request","email":"jane@example-prospect.com","person":{"firstName":"Jane","title":"VP Marketing","employees":200,"industry":"Software","country":"US"}}]}' \\`,
          `       ${url}/v1/events`,
          '',
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
      await running.stopped;
    });
}
