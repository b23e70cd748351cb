import { type ParameterVersion, subsidyRules, subsidyTypeIds, valueClauses } from '@wuhan/domain';

/**
 * `GET /v1/subsidy-rules`: each rule with its clause and labels, and the parameters it reads as in force on the
 * day, each parameter with its clause (from the parameter schema's `x-clause`). Built from the engine's own rule
 * table, so what is shown is what is applied.
 */
export function describeRules(version: ParameterVersion<'subsidy'>) {
  const clauses = valueClauses('subsidy');
  return {
    parameterVersion: version.version,
    validFrom: version.validFrom,
    rules: subsidyTypeIds.map((type) => {
      const rule = subsidyRules[type];
      const group = rule.parameterGroup;
      return {
        subsidyType: type,
        clause: rule.clause,
        zh: rule.zh,
        en: rule.en,
        parameters: version.values[group],
        parameterClauses: Object.fromEntries(
          Object.entries(clauses)
            .filter(([path]) => path.startsWith(`${group}.`))
            .map(([path, clause]) => [path.slice(group.length + 1), clause]),
        ),
      };
    }),
  };
}
