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
