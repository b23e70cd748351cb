import type { Assessment } from './types.js';

/**
 * The assessment of a claim dated when no subsidy parameters are in force (before the first version's
 * `validFrom`, or a table never seeded): nothing can be computed, so it is ineligible with the reason, and
 * reserves nothing. Filing refuses such a date already (422 on `assessOn`); this keeps a claim that got past it
 * from being refused for good in the queue and left `received` for ever.
 */
export function noRulesInForce(assessOn: string): Assessment {
  return {
    outcome: 'ineligible',
    awardFen: 0,
    reasons: [
      {
        code: 'no_rules_in_force',
        clause: '§二',
        zh: `评估日 ${assessOn} 无有效的资金支持参数`,
        en: `No subsidy parameters are in force on the assessment date ${assessOn}`,
      },
    ],
    trace: [],
    caps: [],
  };
}
