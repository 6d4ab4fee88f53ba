import path from 'node:path';

/**
 * Configuration is read once, from the environment, here and nowhere else.
 * Every bad variable is reported at once as `NAME=value: why`.
 */
export interface Config {
  /** PostgreSQL server; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Where the embedded database lives. */
  dataDir: string;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body, bytes (an events batch of 10,000 fits easily). */
  bodyLimitBytes: number;
  /** Requests per minute per API key (per process). */
  rateLimitPerMinute: number;
  /**
   * Event-inbox worker passes this process runs side by side (`SERVIO_INBOX_PASSES`); 0 leaves
   * the inbox to other processes (`servio worker`). Default: 2 on PostgreSQL, 1 on PGlite.
   */
  inboxPasses: number | undefined;
  /**
   * Whether `servio serve` runs the background jobs (`SERVIO_JOBS`, on or off; default on):
   * webhook deliveries, SLA and routing sweeps, rescoring, reminders. Off leaves them to `servio worker`
   * processes, so that a server's event loop answers requests only.
   */
  jobs: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Readonly<Config> {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${raw}: must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL=${databaseUrl}: must start with postgres:// or postgresql://`);
  }

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL=${env.LOG_LEVEL}: must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const switches: Record<string, boolean> = {
    on: true,
    off: false,
    true: true,
    false: false,
    '1': true,
    '0': false,
  };
  const jobs = switches[(env.SERVIO_JOBS || 'on').toLowerCase()];
  if (jobs === undefined) problems.push(`SERVIO_JOBS=${env.SERVIO_JOBS}: must be on or off`);

  const config: Config = {
    databaseUrl,
    dataDir: path.resolve(cwd, env.SERVIO_DATA_DIR || '.servio/data'),
    host: env.HOST || '0.0.0.0',
    port: integer('PORT', 8080, 0, 65535),
    logLevel,
    bodyLimitBytes: integer('SERVIO_BODY_LIMIT_BYTES', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    rateLimitPerMinute: integer('SERVIO_RATE_LIMIT_PER_MINUTE', 6000, 1, 10_000_000),
    inboxPasses: env.SERVIO_INBOX_PASSES ? integer('SERVIO_INBOX_PASSES', 0, 0, 16) : undefined,
    jobs: jobs ?? true,
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
