import { evaluationOperations } from './evaluation.js';
import { intakeOperations } from './intake.js';
import { keysOperations } from './keys.js';
import { matchingOperations } from './matching.js';
import { metaOperations } from './meta.js';
import type { Operations } from './operation.js';
import { parametersOperations } from './parameters.js';
import { preferencesOperations } from './preferences.js';
import { profilesOperations } from './profiles.js';
import { subsidyOperations } from './subsidy.js';
import { targetsOperations } from './targets.js';

export * from './common.js';
export * from './evaluation.js';
export * from './intake.js';
export * from './keys.js';
export * from './matching.js';
export * from './meta.js';
export * from './openapi.js';
export * from './operation.js';
export * from './parameters.js';
export * from './preferences.js';
export * from './problems.js';
export * from './profile-kinds.js';
export * from './profiles.js';
export * from './subsidy.js';
export * from './targets.js';

/**
 * Every HTTP operation, grouped by the function that serves it (the topology's function names). A new API is a
 * module of operations here, one line below, and `apiFunction({ operations })` in the topology.
 */
export const operationsByFunction = {
  meta: metaOperations,
  keys: keysOperations,
  intake: intakeOperations,
  preferences: preferencesOperations,
  profiles: profilesOperations,
  'targets-api': targetsOperations,
  parameters: parametersOperations,
  'evaluation-api': evaluationOperations,
  'matching-api': matchingOperations,
  'subsidy-api': subsidyOperations,
} as const satisfies Readonly<Record<string, Operations>>;

/** Every operation by route key (`POST /v1/nominations`). */
export function allOperations(): Operations {
  return Object.assign({}, ...Object.values(operationsByFunction)) as Operations;
}
export * from './api-documents.js';
export * from './asyncapi.js';
export * from './meta-routes.js';
