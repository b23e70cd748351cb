export * from './errors.js';
export * from './people.js';
export * from './api-keys.js';
export * from './events.js';
export * from './ids.js';
export * from './vocabulary.js';
