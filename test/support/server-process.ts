import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The real `servio serve` as a child process, for tests and benchmarks that must see the
 * server as an operator does: its own process, its own database handle, killable.
 * No vitest import here: `bench/` uses it too.
 */
export interface ServerProcess {
  readonly url: string;
  /** The admin key printed on the first start of a database; undefined on later starts. */
  readonly adminKey: string | undefined;
  readonly pid: number;
  /** Resolves once the process has exited, with how. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM (a clean shutdown), then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: the process dies wherever it is. */
  kill(): Promise<void>;
}

/** `servio worker` as a child process: no URL, no key. */
export type WorkerProcess = Omit<ServerProcess, 'url' | 'adminKey'>;

export interface ServerProcessOptions {
  /** `DATABASE_URL` or `SERVIO_DATA_DIR`, and anything else; DATABASE_URL and SERVIO_DATA_DIR of this process are not inherited. */
  env: Record<string, string | undefined>;
  /** Extra node flags (`--cpu-prof`, ...). */
  nodeArgs?: string[];
  /** How long to wait for "listening" and a healthy /health. */
  readyTimeoutMs?: number;
  /**
   * A TypeScript module to run (with tsx) in place of `bin/servio.js serve`: a benchmark's
   * variant of the server that prints the same "listening on" line and first admin key.
   */
  script?: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/servio.js', import.meta.url));

/** A `servio` command running as a child process. */
interface Spawned {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  output(): string;
  stop(graceMs?: number): Promise<void>;
  kill(): Promise<void>;
}

/** `node bin/servio.js <args>` with `options.env` over this process's (minus its database). */
function spawnServio(args: string[], options: ServerProcessOptions): Spawned {
  const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.SERVIO_DATA_DIR;
  for (const [name, value] of Object.entries(options.env)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const entry = options.script ? ['--import', 'tsx', options.script] : [BIN, ...args];
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  return {
    child,
    exited,
    hasExited: () => hasExited,
    output: () => output,
    kill: async () => {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
    stop: async (graceMs = 15_000) => {
      if (hasExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Starts `node bin/servio.js serve` on 127.0.0.1 and a free port; resolves when /health answers 200. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const spawned = spawnServio(['serve', '--host', '127.0.0.1', '--port', '0'], options);
  const { output, hasExited } = spawned;
  try {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    let url: string | undefined;
    while (!url) {
      url = /listening on (http:\/\/\S+)/.exec(output())?.[1];
      if (url) break;
      if (hasExited()) throw new Error(`servio serve exited before listening:\n${output()}`);
      if (Date.now() > deadline) throw new Error(`servio serve did not listen in time:\n${output()}`);
      await sleep(50);
    }
    while (!(await healthy(url))) {
      if (hasExited()) throw new Error(`servio serve exited before /health answered:\n${output()}`);
      if (Date.now() > deadline)
        throw new Error(`GET ${url}/health did not answer 200 in time:\n${output()}`);
      await sleep(100);
    }
    const adminKey = /^\s+(sk_\S+)\s*$/m.exec(output())?.[1];
    const { exited, stop, kill } = spawned;
    return { url, adminKey, pid: spawned.child.pid!, exited, output, stop, kill };
  } catch (error) {
    await spawned.kill();
    throw error;
  }
}

/** `servio worker` (the inbox and the background jobs, no API); resolves once it is processing. */
export async function startWorkerProcess(options: ServerProcessOptions): Promise<WorkerProcess> {
  const spawned = spawnServio(['worker'], options);
  const { output, hasExited } = spawned;
  try {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    while (!output().includes('worker is processing')) {
      if (hasExited()) throw new Error(`servio worker exited before processing:\n${output()}`);
      if (Date.now() > deadline) throw new Error(`servio worker did not start in time:\n${output()}`);
      await sleep(50);
    }
    const { exited, stop, kill } = spawned;
    return { pid: spawned.child.pid!, exited, output, stop, kill };
  } catch (error) {
    await spawned.kill();
    throw error;
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
