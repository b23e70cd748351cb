import { wan, yuan } from '../money.js';
import type { SubsidyRule } from './rule.js';

const CLAUSE = '§二(七)';

/**
 * §二(七): “支持武创院以‘拨转股’方式，择优给予单个颠覆性技术项目最高600万元支持”. Staff decide the amount; the
 * rule checks the project qualified and bounds the amount by the project cap.
 */
export const grantToEquity: SubsidyRule<'grant_to_equity'> = {
  subsidyType: 'grant_to_equity',
  clause: CLAUSE,
  zh: '“拨转股”支持',
  en: 'Grant-to-equity (拨转股) support',
  parameterGroup: 'grantToEquity',

  caps(input, { parameters }) {
    const p = parameters.grantToEquity;
    return [
      {
        key: `grant_to_equity#project:${input.projectId}`,
        step: 'per_project_cap',
        clause: CLAUSE,
        zh: `单个项目最高${wan(p.perProjectCapFen)}元`,
        en: `At most ${yuan(p.perProjectCapFen)} per project`,
        limitFen: p.perProjectCapFen,
      },
    ];
  },

  evaluate(input, { facts }) {
    if (facts.projectQualified !== true) {
      return {
        reasons: [
          {
            code: 'project_not_qualified',
            clause: CLAUSE,
            zh: '该项目未通过评审',
            en: 'The project has not qualified in the evaluation',
          },
        ],
        trace: [],
        baseFen: 0,
      };
    }
    return {
      reasons: [],
      trace: [
        {
          step: 'requested_amount',
          clause: CLAUSE,
          zh: '工作人员确定的支持金额',
          en: 'The amount staff decided',
          inputs: { requestedFen: input.requestedFen },
          resultFen: input.requestedFen,
        },
      ],
      baseFen: input.requestedFen,
    };
  },
};
