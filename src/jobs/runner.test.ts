import { expect, it } from 'vitest';
import { forEachStore } from '../../test/support/stores.js';
import type { Job } from './job.js';
import { startJobs } from './runner.js';

forEachStore('the job runner', (fx) => {
  it('stops only once every job slice in flight has finished, not just the last one started', async () => {
    const finished: string[] = [];
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = (name: string, holdMs: number): Job => ({
      name,
      every: 60_000,
      async run() {
        started.push(name);
        await gate;
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        finished.push(name);
        return false;
      },
    });
    // The slower job is scheduled first, so the faster one is the last slice started.
    const runner = startJobs(fx.ctx, [job('test.slow', 300), job('test.fast', 0)]);
    while (started.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = runner.stop();
    release();
    await stopping;
    expect(finished.sort()).toEqual(['test.fast', 'test.slow']);
  });

  it('stops only once the work a slice left running has settled', async () => {
    let left: Promise<void> | undefined;
    let settled = false;
    const job: Job = {
      name: 'test.leaves-work',
      every: 60_000,
      async run() {
        left = new Promise<void>((resolve) => setTimeout(resolve, 300)).then(() => {
          settled = true;
        });
        return false;
      },
      settle: async () => left,
    };
    const runner = startJobs(fx.ctx, [job]);
    while (!left) await new Promise((resolve) => setTimeout(resolve, 50));
    await runner.stop();
    expect(settled).toBe(true);
  });
});
