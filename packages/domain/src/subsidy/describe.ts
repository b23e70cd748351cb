import { clausesOf } from '../parameters/schema-helpers.js';
import { type SubsidyParameters, subsidyParametersSchema } from '../parameters/subsidy.js';
import * as z from '../zod.js';
import { subsidyTypeIds } from './claim.js';
import { subsidyRules } from './rules/index.js';

type ParameterGroup = keyof SubsidyParameters;
/** A parameter's value: an amount, a rate or a count, or the competition's prize table. */
export type SubsidyParameterValue = number | SubsidyParameters['competitionAward']['prizeTiers'];

export interface SubsidyParameterDescription {
  /** Dotted path in the subsidy parameter set: `equityInvestmentReward.rateBp`. */
  path: string;
  clause: string;
  description?: string;
  value: SubsidyParameterValue;
}

export interface SubsidyRuleDescription {
  subsidyType: (typeof subsidyTypeIds)[number];
  clause: string;
  zh: string;
  en: string;
  parameters: SubsidyParameterDescription[];
}

const parameterClauses = clausesOf(subsidyParametersSchema);

function descriptionOf(group: ParameterGroup, name: string): string | undefined {
  const groupSchema: z.core.$ZodType = subsidyParametersSchema.shape[group];
  const field =
    groupSchema instanceof z.ZodMiniObject
      ? (groupSchema._zod.def.shape as Record<string, z.core.$ZodType | undefined>)[name]
      : undefined;
  return field === undefined ? undefined : z.globalRegistry.get(field)?.description;
}

/**
 * The rules and the parameters each reads, with their clauses, for `GET /v1/subsidy-rules`: the caller passes
 * the parameter set in force on the day asked about. Pure.
 */
export function describeSubsidyRules(parameters: SubsidyParameters): SubsidyRuleDescription[] {
  return subsidyTypeIds.map((subsidyType) => {
    const rule = subsidyRules[subsidyType];
    const group = rule.parameterGroup;
    const values: Record<string, SubsidyParameterValue> = parameters[group];
    return {
      subsidyType,
      clause: rule.clause,
      zh: rule.zh,
      en: rule.en,
      parameters: Object.entries(values).map(([name, value]) => {
        const path = `${group}.${name}`;
        const description = descriptionOf(group, name);
        return {
          path,
          // Every parameter carries a clause (parameters.test.ts checks it); the rule's own is the fallback.
          clause: parameterClauses[path] ?? rule.clause,
          ...(description === undefined ? {} : { description }),
          value,
        };
      }),
    };
  });
}
