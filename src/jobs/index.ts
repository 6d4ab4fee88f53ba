export type { Job } from './model.js';
export { runOnce, startJobs, jobStatus, type JobRunner } from './runner.js';
export { ALL_JOBS } from './all.js';
