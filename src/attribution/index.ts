export * from './model.js';
export * from './heuristics.js';
export * from './markov.js';
export * from './shapley.js';
export * from './attribute.js';
export {
  PATH_COLUMNS,
  PathsFileError,
  readPaths,
  readPathsFile,
  splitPath,
  writePaths,
} from './paths-file.js';
export { attributionReport, type AttributionReport } from './report.js';
export { attributionFromStore, MAX_JOURNEYS, type StoreAttributionInput } from './service.js';
export { AttributionQuery, AttributionReportSchema } from './schema.js';
export { attributionRoutes } from './routes.js';
export { attributionCommands } from './commands.js';
