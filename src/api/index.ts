export { buildServer, API_VERSION, type ServerOptions } from './server.js';
export { problem, type Problem } from './errors.js';
