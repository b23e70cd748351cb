export * from './event-routing.js';
export * from './platforms.js';
export * from './routing.js';
export * from './stream-filter.js';
export * from './table-keys.js';
export * from './topology.js';
export * from './types.js';
