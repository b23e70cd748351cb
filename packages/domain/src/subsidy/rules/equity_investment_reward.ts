import { dayAfter, periodEnd } from '../civil-period.js';
import { percent, shareOf, wan, yuan } from '../money.js';
import type { Reason, TraceStep } from '../types.js';
import { managerRequired, type SubsidyRule, yearOf } from './rule.js';

const CLAUSE = '§二(七)';
const PERIOD_CLAUSE = '§二(七); 民法典 arts. 201–203';

/**
 * §二(七): “对以增资扩股方式投资初创期颠覆性技术项目孵化企业的股权投资基金，自投资划款之日起满2年的，按照实际投资
 * 金额的15%给予其管理机构奖励，每投资1家企业最高奖励100万元（仅限首次投资），每家股权投资管理机构每年累计奖励金额
 * 不超过500万元。” The reward goes to the manager (管理机构), so both caps are keyed by the manager.
 */
export const equityInvestmentReward: SubsidyRule<'equity_investment_reward'> = {
  subsidyType: 'equity_investment_reward',
  clause: CLAUSE,
  zh: '股权投资基金投资孵化企业奖励',
  en: 'Reward for an equity fund investing in an incubated enterprise',
  parameterGroup: 'equityInvestmentReward',

  caps(input, { managerId, assessOn, parameters }) {
    if (managerId === undefined) return [];
    const p = parameters.equityInvestmentReward;
    return [
      {
        key: `equity_investment_reward#manager:${managerId}#enterprise:${input.enterpriseCreditCode}`,
        step: 'per_enterprise_cap',
        clause: CLAUSE,
        zh: `每投资1家企业最高奖励${wan(p.perEnterpriseCapFen)}元（仅限首次投资）`,
        en: `At most ${yuan(p.perEnterpriseCapFen)} per enterprise invested in (first investment only)`,
        limitFen: p.perEnterpriseCapFen,
      },
      {
        key: `equity_investment_reward#manager:${managerId}#year:${yearOf(assessOn)}`,
        step: 'manager_year_cap',
        clause: CLAUSE,
        zh: `每家股权投资管理机构每年（${yearOf(assessOn)}年）累计奖励不超过${wan(p.perManagerYearCapFen)}元`,
        en: `At most ${yuan(p.perManagerYearCapFen)} per fund manager in calendar year ${yearOf(assessOn)}`,
        limitFen: p.perManagerYearCapFen,
      },
    ];
  },

  evaluate(input, { managerId, assessOn, parameters, facts }) {
    const p = parameters.equityInvestmentReward;
    const reasons: Reason[] = [];
    // “满2年”: the period ends at the end of the corresponding day; the reward is due from the day after.
    const end = periodEnd(input.transferDate, p.fullYearsAfterTransfer);
    const dueFrom = dayAfter(end);
    const due = assessOn >= dueFrom;
    const trace: TraceStep[] = [
      {
        step: 'reward_due_from',
        clause: PERIOD_CLAUSE,
        zh: `自投资划款之日起满${p.fullYearsAfterTransfer}年：期间于${end}届满，自${dueFrom}起可获奖励`,
        en: `The ${p.fullYearsAfterTransfer} full years from the transfer (${input.transferDate}) end on ${end}; the reward is due from ${dueFrom}`,
        inputs: {
          transferDate: input.transferDate,
          fullYearsAfterTransfer: p.fullYearsAfterTransfer,
          periodEnd: end,
          dueFrom,
          assessOn,
          due,
        },
        resultFen: 0,
      },
    ];
    if (managerId === undefined) reasons.push(managerRequired(CLAUSE));
    if (!due) {
      reasons.push({
        code: 'not_yet_due',
        clause: PERIOD_CLAUSE,
        zh: `投资划款未满${p.fullYearsAfterTransfer}年，${dueFrom}起方可申请`,
        en: `${p.fullYearsAfterTransfer} full years have not passed since the transfer; due from ${dueFrom}`,
      });
    }
    if (!input.capitalIncrease) {
      reasons.push({
        code: 'not_capital_increase',
        clause: CLAUSE,
        zh: '投资不是以增资扩股方式进行',
        en: 'The investment was not made by capital increase (增资扩股)',
      });
    }
    const earlier = facts.earlierClaimsByManagerForEnterprise ?? 0;
    if (!input.firstInvestment || earlier > 0) {
      reasons.push({
        code: 'not_first_investment',
        clause: CLAUSE,
        zh: input.firstInvestment
          ? `该管理机构此前已就该企业申请过奖励（${earlier}次），仅限首次投资`
          : '不是该管理机构对该企业的首次投资，仅限首次投资',
        en: input.firstInvestment
          ? `This manager already claimed a reward for this enterprise (${earlier} earlier claim(s)); first investment only`
          : 'Not the manager’s first investment in this enterprise; first investment only',
      });
    }
    if (facts.enterpriseIncubated !== true) {
      reasons.push({
        code: 'enterprise_not_incubated',
        clause: CLAUSE,
        zh: '该企业不是本计划孵化的企业（无合格项目的企业落地记录）',
        en: 'The enterprise is not one the programme incubated (no enterprise_landed milestone of a qualified project)',
      });
    }
    if (reasons.length > 0) return { reasons, trace, baseFen: 0 };

    const baseFen = shareOf(input.investmentFen, p.rateBp);
    trace.push({
      step: 'base_award',
      clause: CLAUSE,
      zh: `按实际投资金额的${percent(p.rateBp)}计算，向下取整到分`,
      en: `${percent(p.rateBp)} of the actual investment, rounded down to the fen`,
      inputs: { investmentFen: input.investmentFen, rateBp: p.rateBp },
      resultFen: baseFen,
    });
    return { reasons, trace, baseFen };
  },
};
