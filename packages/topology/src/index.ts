export * from './stream-filter.js';
export * from './topology.js';
export * from './types.js';
