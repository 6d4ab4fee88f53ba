export * from './clock.js';
export * from './config.js';
export * from './errors.js';
export * from './ids.js';
export * from './money.js';
export * from './text.js';
export * from './pagination.js';
export * from './schema.js';
