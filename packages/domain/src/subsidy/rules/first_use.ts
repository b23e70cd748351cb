import type { FirstUseKind } from '../claim.js';
import { wan, yuan } from '../money.js';
import type { CapSpec } from '../types.js';
import type { SubsidyRule } from './rule.js';

const CLAUSE = '§二(八)';

const kindLabels: Record<FirstUseKind, { zh: string; en: string }> = {
  first_major_equipment: { zh: '首台重大技术装备', en: 'first major technical equipment' },
  first_batch_material: { zh: '首批次新材料', en: 'first batch of a new material' },
  first_version_software: { zh: '首版次软件', en: 'first version of software' },
  first_tapeout_chip: { zh: '首轮次工程流片芯片', en: 'first engineering tape-out of a chip' },
};

/** The applicant as one key: NFKC (full-width and half-width forms agree), trimmed. */
export function applicantKey(applicantName: string): string {
  return applicantName.normalize('NFKC').trim();
}

/**
 * §二(八): “支持‘四首’……市场首用，并择优给予单个项目最高1000万元资金支持”. Staff decide the amount, bounded by
 * the cap per project; a claim without a project is capped per applicant and kind (the product's reading).
 */
export const firstUse: SubsidyRule<'first_use'> = {
  subsidyType: 'first_use',
  clause: CLAUSE,
  zh: '“四首”市场首用支持',
  en: '四首 first-use support',
  parameterGroup: 'firstUse',

  caps(input, { parameters }) {
    const p = parameters.firstUse;
    const kind = kindLabels[input.firstUseKind];
    // The applicant × kind cap always applies, so leaving out projectId cannot escape a project's 1000万; a
    // project named adds its own cap (one project's claims by several applicants together).
    const caps: CapSpec[] = [
      {
        key: `first_use#applicant:${applicantKey(input.applicantName)}#kind:${input.firstUseKind}`,
        step: 'per_applicant_kind_cap',
        clause: CLAUSE,
        zh: `单个项目最高${wan(p.perProjectCapFen)}元（按申请单位与${kind.zh}计）`,
        en: `At most ${yuan(p.perProjectCapFen)} per project (per applicant and ${kind.en})`,
        limitFen: p.perProjectCapFen,
      },
    ];
    if (input.projectId !== undefined) {
      caps.push({
        key: `first_use#project:${input.projectId}`,
        step: 'per_project_cap',
        clause: CLAUSE,
        zh: `单个项目最高${wan(p.perProjectCapFen)}元`,
        en: `At most ${yuan(p.perProjectCapFen)} per project`,
        limitFen: p.perProjectCapFen,
      });
    }
    return caps;
  },

  evaluate(input) {
    const kind = kindLabels[input.firstUseKind];
    return {
      reasons: [],
      trace: [
        {
          step: 'requested_amount',
          clause: CLAUSE,
          zh: `工作人员确定的${kind.zh}支持金额`,
          en: `The amount staff decided for the ${kind.en}`,
          inputs: { firstUseKind: input.firstUseKind, requestedFen: input.requestedFen },
          resultFen: input.requestedFen,
        },
      ],
      baseFen: input.requestedFen,
    };
  },
};
