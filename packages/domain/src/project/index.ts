export * from './commissioner-choice.js';
export * from './credit-code.js';
export * from './milestones.js';
export * from './normalise.js';
export * from './project.js';
export * from './records.js';
export * from './status.js';
export * from './text-rules.js';
