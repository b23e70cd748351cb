export * from './civil-period.js';
export * from './claim.js';
export * from './examples.js';
