export * from './dates.js';
export * from './evaluation.js';
export * from './matching.js';
export * from './sets.js';
export * from './subsidy.js';
export * from './version.js';
