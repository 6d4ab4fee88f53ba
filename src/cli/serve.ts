import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { ensureBootstrapAdminKey } from '../access/index.js';
import { type InboxBacklog, inboxBacklog, processInbox, startInboxWorker } from '../activity/index.js';
import { buildServer } from '../api/index.js';
import { ALL_JOBS, startJobs } from '../jobs/index.js';
import { type App, type Ctx, createApp } from '../app.js';
import { loadConfig, type Config } from '../core/index.js';
import { migrateToLatest } from '../store/index.js';
import { print } from './output.js';
import { type Cli, parseInteger } from './runner.js';

export interface RunningServer {
  url: string;
  adminKey: string | undefined;
  /** Resolves when the server has stopped (SIGINT/SIGTERM or `stop()`). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the API on the configured database: migrates, creates the first admin key if there
 * is none (returned to be printed once), listens, and shuts down cleanly on a signal.
 * `extend` adds routes before it listens (a benchmark's variant of the server).
 */
export async function startServer(
  config: Readonly<Config>,
  opened?: App,
  extend?: (server: FastifyInstance, ctx: Ctx) => Promise<void>,
): Promise<RunningServer> {
  const app = opened ?? (await createApp(config));
  const created = await ensureBootstrapAdminKey(app.ctx);
  const server = await buildServer(app.ctx, {
    logRequests: config.logLevel === 'debug' || config.logLevel === 'trace',
  });
  await extend?.(server, app.ctx);
  await server.listen({ host: config.host, port: config.port });
  const jobs = startJobs(app.ctx, config.jobs ? ALL_JOBS : []);
  const inbox = startInboxWorker(app.ctx, { passes: config.inboxPasses });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await server.close();
      await inbox.stop();
      await jobs.stop();
      await app.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStopped();
    })();
    return stopping;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { url: `http://${host}:${port}`, adminKey: created?.secret, stopped, stop };
}

export function printAdminKey(secret: string): void {
  process.stdout.write(
    `\nFirst start: an admin API key was created. It is shown this once; store it now.\n\n  ${secret}\n\n`,
  );
}

export function serveCommands(program: Command, cli: Cli, env: Record<string, string | undefined>): void {
  program
    .command('serve')
    .description(
      'start the API server on the configured database (DATABASE_URL, else PGlite in SERVIO_DATA_DIR)',
    )
    .option('--port <port>', 'port to listen on (default: PORT or 8080)')
    .option('--host <host>', 'interface to listen on (default: HOST or 0.0.0.0)')
    .action(async (options: { port?: string; host?: string }) => {
      const config = loadConfig({
        ...env,
        ...(options.port ? { PORT: String(parseInteger('--port', options.port, 0, 65535)) } : {}),
        ...(options.host ? { HOST: options.host } : {}),
      });
      const running = await startServer(config);
      if (running.adminKey) printAdminKey(running.adminKey);
      process.stdout.write(`Servio Align is listening on ${running.url} (docs: ${running.url}/docs)\n`);
      await running.stopped;
    });

  program
    .command('worker')
    .description(
      'process the event inbox and run the background jobs, without the API: beside servers started with SERVIO_INBOX_PASSES=0 and SERVIO_JOBS=off, or to add passes',
    )
    .option('--passes <n>', 'inbox passes side by side (default: SERVIO_INBOX_PASSES, else 2 on PostgreSQL)')
    .option(
      '--drain',
      'process the inbox until it is empty, then exit (no jobs): after a bulk load, or as a scheduled job',
    )
    .option(
      '--status',
      'print what waits in the inbox and how long events waited over the last five minutes, then exit',
    )
    .action(async (options: { passes?: string; drain?: boolean; status?: boolean }, command: Command) => {
      const config = loadConfig({
        ...env,
        ...(options.passes
          ? { SERVIO_INBOX_PASSES: String(parseInteger('--passes', options.passes, 1, 16)) }
          : {}),
      });
      if (options.status) {
        const backlog = await cli.run((ctx) => inboxBacklog(ctx.db));
        print(cli.output(command), backlog, () => describeBacklog(backlog));
        return;
      }
      if (options.drain) {
        const report = await cli.run(async (ctx) => {
          let processed = 0;
          for (let n = await processInbox(ctx); n > 0; n = await processInbox(ctx)) processed += n;
          return { processed, ...(await inboxBacklog(ctx.db)) };
        });
        print(
          cli.output(command),
          report,
          () => `Processed ${report.processed} events; ${report.waiting} waiting, ${report.failed} failed.`,
        );
        return;
      }
      const app = await createApp(config);
      const jobs = startJobs(app.ctx, ALL_JOBS);
      const inbox = startInboxWorker(app.ctx, { passes: config.inboxPasses || undefined });
      process.stdout.write('Servio Align worker is processing the event inbox and the background jobs\n');
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await inbox.stop();
      await jobs.stop();
      await app.close();
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async (_options, command: Command) => {
      const report = await cli.run((ctx) => migrateToLatest(ctx.db), { migrate: false });
      print(cli.output(command), report, () =>
        report.applied.length === 0 ? 'The database is up to date.' : `Applied: ${report.applied.join(', ')}`,
      );
    });
}

/** `servio worker --status`: the backlog, then the last minutes' wait from the 202 to the outcome. */
function describeBacklog(backlog: InboxBacklog): string {
  const { recent } = backlog;
  const waiting =
    backlog.waiting === 0
      ? 'No events waiting'
      : `${backlog.waiting} events waiting, the oldest since ${backlog.oldestWaitingSince?.toISOString()}`;
  const minutes = recent.windowSeconds / 60;
  const latency =
    recent.processed === 0
      ? `none processed in the last ${minutes} minutes`
      : `${recent.processed} processed in the last ${minutes} minutes, accepted to processed ` +
        `p50 ${recent.p50Ms} ms, p95 ${recent.p95Ms} ms, p99 ${recent.p99Ms} ms, max ${recent.maxMs} ms`;
  return `${waiting}; ${backlog.failed} failed; ${latency}.`;
}
