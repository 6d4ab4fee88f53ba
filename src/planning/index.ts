// The agreement's section schema first: agreement/model.ts reads it while this folder's
// service (which reads the agreement) may still be loading.
export { DEFAULT_TARGETS, TargetsSection } from './targets.js';
export * from './model.js';
