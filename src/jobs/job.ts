import type { Ctx } from '../app.js';

/** A periodic job, declared as data by its capability (STYLE.md, habit 11). */
export interface Job {
  name: string;
  /** Milliseconds between runs. */
  every: number;
  /** Does one bounded slice of work; returns true when more remains (the runner comes back soon). */
  run(ctx: Ctx, now: Date): Promise<boolean>;
  /** Waits for work a slice left running after it returned; the runner calls it when it stops. */
  settle?(ctx: Ctx): Promise<void>;
}
