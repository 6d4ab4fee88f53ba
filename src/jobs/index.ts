export type { Job } from './job.js';
export { runOnce, startJobs, jobStatus, type JobRunner } from './runner.js';
export { ALL_JOBS } from './all.js';
