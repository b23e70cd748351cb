export * from './batch.js';
export * from './cursor.js';
export * from './http.js';
export * from './idempotency.js';
export * from './logger.js';
export * from './problem.js';
export * from './zod-errors.js';
