import * as z from '../zod.js';
import { clause, count } from './schema-helpers.js';

/** Matching to platforms by stage (§二(四)), concept verification (§二(六)) and landing (§二(九)). */
export const matchingParametersSchema = z.strictObject({
  offerResponseDays: clause(
    count(1, 90),
    '§二(四)(六)(九)',
    'Calendar days a platform has to accept or decline an offer before it expires',
  ),
});
export type MatchingParameters = z.infer<typeof matchingParametersSchema>;

export const matchingDefaults: MatchingParameters = { offerResponseDays: 10 };

/**
 * The matching set as a binding of its own (sets.ts `parameterSets` lists every set): a use case that reads only
 * this set names it (`parameterSetInForce(matchingParameterSet, date)`) and bundles no other set's schema (issue 13).
 */
export const matchingParameterSet = {
  name: 'matching',
  label: '匹配参数 (matching)',
  schema: matchingParametersSchema,
  defaults: matchingDefaults,
  clauses: ['§二(四)', '§二(六)', '§二(九)'],
} as const;
