export * from './topology.js';
export * from './types.js';
