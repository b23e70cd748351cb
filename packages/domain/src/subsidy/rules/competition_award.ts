import { COMPETITION_TIER_LIMIT_FEN } from '../../parameters/subsidy.js';
import { wan, yuan } from '../money.js';
import type { SubsidyRule } from './rule.js';

const CLAUSE = '§二(五)';

/**
 * §二(五): “对在‘武创源’颠覆性技术创新大赛中获奖的项目团队给予最高100万元支持”. Staff set the amount per prize
 * tier (the parameters refuse a tier above 100万); a project's awards of one competition year share the 100万.
 */
export const competitionAward: SubsidyRule<'competition_award'> = {
  subsidyType: 'competition_award',
  clause: CLAUSE,
  zh: '“武创源”颠覆性技术创新大赛获奖支持',
  en: '“武创源” disruptive-technology competition prize award',
  parameterGroup: 'competitionAward',

  caps(input) {
    return [
      {
        key: `competition_award#project:${input.projectId}#year:${input.competitionYear}`,
        step: 'competition_year_cap',
        clause: CLAUSE,
        zh: `获奖项目团队最高${wan(COMPETITION_TIER_LIMIT_FEN)}元（${input.competitionYear}年大赛）`,
        en: `At most ${yuan(COMPETITION_TIER_LIMIT_FEN)} per project for the ${input.competitionYear} competition`,
        limitFen: COMPETITION_TIER_LIMIT_FEN,
        // One prize per project per competition: a second claim while the first holds an award is refused.
        once: {
          code: 'already_awarded',
          zh: `该项目已获${input.competitionYear}年大赛奖励（未被驳回）`,
          en: `The project already holds a prize award for the ${input.competitionYear} competition (not rejected)`,
        },
      },
    ];
  },

  evaluate(input, { parameters }) {
    const tier = parameters.competitionAward.prizeTiers.find((t) => t.tier === input.prizeTier);
    if (tier === undefined) {
      return {
        reasons: [
          {
            code: 'unknown_prize_tier',
            clause: CLAUSE,
            zh: `现行参数中没有奖项等级“${input.prizeTier}”`,
            en: `The parameters in force have no prize tier “${input.prizeTier}”`,
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
          step: 'prize_tier_amount',
          clause: CLAUSE,
          zh: `奖项等级“${tier.label}”的支持金额`,
          en: `The amount set for prize tier “${tier.label}”`,
          inputs: { prizeTier: tier.tier, competitionYear: input.competitionYear, amountFen: tier.amountFen },
          resultFen: tier.amountFen,
        },
      ],
      baseFen: tier.amountFen,
    };
  },
};
