import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Ctx } from '../app.js';
import type { Job } from './job.js';

const LEASE_MS = 60_000;

/**
 * Takes the job's lease if nobody holds it (across processes: one row a job, updated only
 * when the lease has expired), so each job runs in one process at a time; a crashed holder's
 * lease simply expires.
 */
async function lease(ctx: Ctx, job: Job, holder: string, now: Date): Promise<boolean> {
  await ctx.db
    .insertInto('job_runs')
    .values({ name: job.name })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const taken = await ctx.db
    .updateTable('job_runs')
    .set({ leased_by: holder, leased_until: new Date(now.getTime() + LEASE_MS), last_started_at: now })
    .where('name', '=', job.name)
    .where((eb) =>
      eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now), eb('leased_by', '=', holder)]),
    )
    .returning('name')
    .executeTakeFirst();
  return taken !== undefined;
}

async function release(ctx: Ctx, job: Job, holder: string, error: string | null): Promise<void> {
  await ctx.db
    .updateTable('job_runs')
    .set({ leased_by: null, leased_until: null, last_finished_at: ctx.clock.now(), last_error: error })
    .where('name', '=', job.name)
    .where('leased_by', '=', holder)
    .execute();
}

/** Runs one slice of a job if its lease can be had; true when the job has more to do. */
export async function runOnce(ctx: Ctx, job: Job, holder = randomUUID()): Promise<boolean> {
  const now = ctx.clock.now();
  if (!(await lease(ctx, job, holder, now))) return false;
  try {
    const more = await job.run(ctx, now);
    await release(ctx, job, holder, null);
    return more;
  } catch (error) {
    ctx.log.error({ err: error, job: job.name }, 'job failed');
    await release(ctx, job, holder, error instanceof Error ? error.message : String(error));
    return false;
  }
}

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Runs the jobs in the background of a server process: each at its interval, sooner while
 * it reports more work, one slice at a time so requests interleave with it.
 */
export function startJobs(ctx: Ctx, jobs: readonly Job[]): JobRunner {
  const holder = randomUUID();
  let stopped = false;
  // Each job has its own timer, so several slices may be running when the server stops.
  const running = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const schedule = (job: Job, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const slice = runOnce(ctx, job, holder)
        .catch(() => false)
        .then((more) => schedule(job, more ? 50 : job.every));
      running.add(slice);
      void slice.finally(() => running.delete(slice));
    }, delay);
    timer.unref();
    timers.add(timer);
  };
  for (const job of jobs) schedule(job, 1_000);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(running);
      await Promise.all(jobs.map((job) => job.settle?.(ctx)));
    },
  };
}

/** Used by `/health` and tests: when each job last ran. */
export async function jobStatus(ctx: Ctx) {
  return sql<{
    name: string;
    last_finished_at: Date | null;
    last_error: string | null;
  }>`select name, last_finished_at, last_error from job_runs order by name`.execute(ctx.db);
}
