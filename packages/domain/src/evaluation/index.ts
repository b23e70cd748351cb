export * from './aggregate.js';
export * from './assignment.js';
export * from './records.js';
export * from './scores.js';
