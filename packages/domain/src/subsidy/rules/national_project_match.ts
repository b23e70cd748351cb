import { percent, shareOf, wan, yuan } from '../money.js';
import type { Reason, TraceStep } from '../types.js';
import type { SubsidyRule } from './rule.js';

const CLAUSE = '§二(五)';

/**
 * §二(五): “对企业牵头承担的国家重点研发计划颠覆性技术项目，市级给予国家拨付资金50%且单个项目最高500万元支持”.
 * Each tranche the nation disburses is a claim; the project cap is cumulative over the tranches.
 */
export const nationalProjectMatch: SubsidyRule<'national_project_match'> = {
  subsidyType: 'national_project_match',
  clause: CLAUSE,
  zh: '国家重点研发计划颠覆性技术项目市级配套',
  en: 'City match for a national key R&D disruptive-technology project',
  parameterGroup: 'nationalProjectMatch',

  caps(input, { parameters }) {
    const p = parameters.nationalProjectMatch;
    return [
      {
        key: `national_project_match#project:${input.projectId}`,
        step: 'per_project_cap',
        clause: CLAUSE,
        zh: `单个项目最高${wan(p.perProjectCapFen)}元（各批次累计）`,
        en: `At most ${yuan(p.perProjectCapFen)} per project, cumulative over tranches`,
        limitFen: p.perProjectCapFen,
      },
      {
        // A tranche is matched once: the same disbursement (date and amount) filed again is refused.
        key: `national_project_match#project:${input.projectId}#tranche:${input.disbursedOn}:${input.disbursedFen}`,
        step: 'once_per_tranche',
        clause: CLAUSE,
        zh: `同一批次（${input.disbursedOn}拨付${wan(input.disbursedFen)}元）只配套一次`,
        en: `A tranche (${yuan(input.disbursedFen)} disbursed on ${input.disbursedOn}) is matched once`,
        limitFen: p.perProjectCapFen,
        once: {
          code: 'duplicate_tranche',
          zh: `该批次（${input.disbursedOn}拨付${wan(input.disbursedFen)}元）已获配套（未被驳回）`,
          en: `This tranche (${yuan(input.disbursedFen)} disbursed on ${input.disbursedOn}) is already matched (not rejected)`,
        },
      },
    ];
  },

  evaluate(input, { assessOn, parameters }) {
    const p = parameters.nationalProjectMatch;
    const reasons: Reason[] = [];
    const trace: TraceStep[] = [];
    if (!input.enterpriseLed) {
      reasons.push({
        code: 'not_enterprise_led',
        clause: CLAUSE,
        zh: '该国家项目不是由企业牵头承担',
        en: 'The national project is not led by an enterprise',
      });
    }
    // The match is of funds “actually disbursed”: a tranche dated after the assessment has not been.
    if (input.disbursedOn > assessOn) {
      reasons.push({
        code: 'not_yet_disbursed',
        clause: CLAUSE,
        zh: `国家资金拨付日期（${input.disbursedOn}）晚于审核日期（${assessOn}）`,
        en: `The national funds are dated ${input.disbursedOn}, after the assessment date ${assessOn}`,
      });
    }
    if (reasons.length > 0) return { reasons, trace, baseFen: 0 };

    const baseFen = shareOf(input.disbursedFen, p.rateBp);
    trace.push({
      step: 'base_match',
      clause: CLAUSE,
      zh: `按国家拨付资金的${percent(p.rateBp)}计算，向下取整到分`,
      en: `${percent(p.rateBp)} of the national funds disbursed, rounded down to the fen`,
      inputs: { disbursedFen: input.disbursedFen, disbursedOn: input.disbursedOn, rateBp: p.rateBp },
      resultFen: baseFen,
    });
    return { reasons, trace, baseFen };
  },
};
