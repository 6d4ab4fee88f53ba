export type { Cli } from './runner.js';
export { commandGroup, parseInteger } from './runner.js';
export { print, table, UsageError, type Output } from './output.js';
export { progressBar, type Progress } from './progress.js';
