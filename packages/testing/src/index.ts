export * from './clients.js';
export * from './events.js';
export * from './http.js';
export * from './inbox.js';
export * from './intake-mocks.js';
export * from './queues.js';
export * from './table.js';
export * from './wait-for.js';
