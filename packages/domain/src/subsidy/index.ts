export * from './assess.js';
export * from './caps.js';
export * from './civil-period.js';
export * from './claim.js';
export * from './examples.js';
export * from './money.js';
export { subsidyRules } from './rules/index.js';
export type { SubsidyRule } from './rules/rule.js';
export * from './types.js';
