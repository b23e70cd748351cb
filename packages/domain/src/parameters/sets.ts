import type * as z from '../zod.js';
import { evaluationParameterSet } from './evaluation.js';
import { matchingParameterSet } from './matching.js';
import { clausesOf } from './schema-helpers.js';
import { subsidyParameterSet } from './subsidy.js';

/**
 * The parameter sets: each a schema (what a version's `values` must be), its defaults (version 1, from
 * DOMAIN.md) and the clauses it implements. A use case reads a set as a whole, in force on a date. Each set is
 * also a binding of its own (`evaluationParameterSet`…), which a function reading one set names instead.
 */
export const parameterSets = {
  evaluation: evaluationParameterSet,
  matching: matchingParameterSet,
  subsidy: subsidyParameterSet,
} as const;

/** One set's definition: its name, label, schema, defaults and clauses. */
export type ParameterSetDefinition<S extends ParameterSetName = ParameterSetName> = (typeof parameterSets)[S];

export type ParameterSetName = keyof typeof parameterSets;
// Pure: a bundle that names one set's binding keeps neither this list nor the registry.
export const parameterSetNames = /* @__PURE__ */ Object.keys(parameterSets) as [
  ParameterSetName,
  ...ParameterSetName[],
];
export type ParametersOf<S extends ParameterSetName> = z.infer<(typeof parameterSets)[S]['schema']>;

export function isParameterSetName(name: string): name is ParameterSetName {
  return (parameterSetNames as readonly string[]).includes(name);
}

/** Every value of a set by dotted path, with the clause it implements (for people reading a version). */
export function valueClauses(set: ParameterSetName): Record<string, string> {
  return clausesOf(parameterSets[set].schema);
}
