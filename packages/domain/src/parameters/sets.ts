import type * as z from '../zod.js';
import { evaluationDefaults, evaluationParametersSchema } from './evaluation.js';
import { matchingDefaults, matchingParametersSchema } from './matching.js';
import { clausesOf } from './schema-helpers.js';
import { subsidyDefaults, subsidyParametersSchema } from './subsidy.js';

/**
 * The parameter sets: each a schema (what a version's `values` must be), its defaults (version 1, from
 * DOMAIN.md) and the clauses it implements. A use case reads a set as a whole, in force on a date.
 */
export const parameterSets = {
  evaluation: {
    label: '评审参数 (evaluation)',
    schema: evaluationParametersSchema,
    defaults: evaluationDefaults,
    clauses: ['§二(四)'],
  },
  matching: {
    label: '匹配参数 (matching)',
    schema: matchingParametersSchema,
    defaults: matchingDefaults,
    clauses: ['§二(四)', '§二(六)', '§二(九)'],
  },
  subsidy: {
    label: '资助参数 (subsidy)',
    schema: subsidyParametersSchema,
    defaults: subsidyDefaults,
    clauses: ['§二(五)', '§二(七)', '§二(八)', '§二(一)'],
  },
} as const;

export type ParameterSetName = keyof typeof parameterSets;
export const parameterSetNames = Object.keys(parameterSets) as [ParameterSetName, ...ParameterSetName[]];
export type ParametersOf<S extends ParameterSetName> = z.infer<(typeof parameterSets)[S]['schema']>;

export function isParameterSetName(name: string): name is ParameterSetName {
  return (parameterSetNames as readonly string[]).includes(name);
}

/** Every value of a set by dotted path, with the clause it implements (for people reading a version). */
export function valueClauses(set: ParameterSetName): Record<string, string> {
  return clausesOf(parameterSets[set].schema);
}
