export * from './api-keys.js';
export * from './errors.js';
export * from './events.js';
export * from './ids.js';
export * from './people.js';
export * from './project/index.js';
export * from './vocabulary.js';
