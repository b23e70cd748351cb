import { periodEnd } from '../civil-period.js';
import { percent, shareOf, wan, yuan } from '../money.js';
import type { Reason, TraceStep } from '../types.js';
import { managerRequired, type SubsidyRule, yearOf } from './rule.js';

const CLAUSE = '§二(七)';
const PERIOD_CLAUSE = '§二(七); 民法典 arts. 201–203';

/**
 * §二(七): “……投资初创期颠覆性技术项目孵化企业满2年且5年内实际发生投资损失的，按照项目首轮投资实际损失金额的20%
 * 给予其管理机构补贴，每个项目最高补贴300万元，每家股权投资管理机构每年累计补贴金额不超过600万元。”
 * Readings: “满2年” — the loss occurs after the end of the 2-year period; “5年内” — on or before the end of the
 * 5-year period (both counted as the Civil Code counts). The project cap holds for all managers together.
 */
export const investmentLossCompensation: SubsidyRule<'investment_loss_compensation'> = {
  subsidyType: 'investment_loss_compensation',
  clause: CLAUSE,
  zh: '股权投资基金投资损失补贴',
  en: 'Compensation for an equity fund’s loss on an incubated enterprise',
  parameterGroup: 'investmentLossCompensation',

  caps(input, { managerId, assessOn, parameters }) {
    const p = parameters.investmentLossCompensation;
    if (managerId === undefined) return [];
    return [
      {
        key: `investment_loss_compensation#project:${input.projectId}`,
        step: 'per_project_cap',
        clause: CLAUSE,
        zh: `每个项目最高补贴${wan(p.perProjectCapFen)}元（所有管理机构合计）`,
        en: `At most ${yuan(p.perProjectCapFen)} per project (all managers together)`,
        limitFen: p.perProjectCapFen,
      },
      {
        key: `investment_loss_compensation#manager:${managerId}#year:${yearOf(assessOn)}`,
        step: 'manager_year_cap',
        clause: CLAUSE,
        zh: `每家股权投资管理机构每年（${yearOf(assessOn)}年）累计补贴不超过${wan(p.perManagerYearCapFen)}元`,
        en: `At most ${yuan(p.perManagerYearCapFen)} per fund manager in calendar year ${yearOf(assessOn)}`,
        limitFen: p.perManagerYearCapFen,
      },
      {
        // The same loss re-filed is not paid again: one compensation per manager × project holding an award.
        key: `investment_loss_compensation#manager:${managerId}#project:${input.projectId}`,
        step: 'once_per_manager_project',
        clause: CLAUSE,
        zh: `同一管理机构对同一项目的首轮投资损失只补贴一次`,
        en: 'One compensation per fund manager and project for the first-round loss',
        limitFen: p.perProjectCapFen,
        once: {
          code: 'already_compensated',
          zh: `该管理机构已就项目${input.projectId}的投资损失获得补贴（未被驳回）`,
          en: `This fund manager already holds a compensation for project ${input.projectId} (not rejected)`,
        },
      },
    ];
  },

  evaluate(input, { managerId, assessOn, parameters, facts }) {
    const p = parameters.investmentLossCompensation;
    const reasons: Reason[] = [];
    const holdingEnd = periodEnd(input.transferDate, p.minimumHoldingYears);
    const windowEnd = periodEnd(input.transferDate, p.lossWindowYears);
    const heldLongEnough = input.lossDate > holdingEnd;
    const withinWindow = input.lossDate <= windowEnd;
    const trace: TraceStep[] = [
      {
        step: 'loss_period',
        clause: PERIOD_CLAUSE,
        zh: `投资满${p.minimumHoldingYears}年（${holdingEnd}届满）后、${p.lossWindowYears}年内（至${windowEnd}）发生的损失方可补贴`,
        en: `A loss counts after the ${p.minimumHoldingYears}-year holding period (ends ${holdingEnd}) and within ${p.lossWindowYears} years (to ${windowEnd})`,
        inputs: {
          transferDate: input.transferDate,
          lossDate: input.lossDate,
          minimumHoldingYears: p.minimumHoldingYears,
          holdingPeriodEnd: holdingEnd,
          lossWindowYears: p.lossWindowYears,
          lossWindowEnd: windowEnd,
          heldLongEnough,
          withinWindow,
        },
        resultFen: 0,
      },
    ];
    if (managerId === undefined) reasons.push(managerRequired(CLAUSE));
    if (!heldLongEnough) {
      reasons.push({
        code: 'held_too_short',
        clause: PERIOD_CLAUSE,
        zh: `损失发生时投资未满${p.minimumHoldingYears}年（${holdingEnd}届满）`,
        en: `The loss occurred before the investment was held ${p.minimumHoldingYears} full years (ending ${holdingEnd})`,
      });
    }
    if (!withinWindow) {
      reasons.push({
        code: 'loss_outside_window',
        clause: PERIOD_CLAUSE,
        zh: `损失不在投资后${p.lossWindowYears}年内（${windowEnd}届满）发生`,
        en: `The loss occurred after the ${p.lossWindowYears}-year period ended on ${windowEnd}`,
      });
    }
    // A loss assessed before it happened is a claim about the future; the reading takes only losses that occurred.
    if (input.lossDate > assessOn) {
      reasons.push({
        code: 'loss_not_yet_occurred',
        clause: CLAUSE,
        zh: `损失日期（${input.lossDate}）晚于审核日期（${assessOn}），须为实际发生的损失`,
        en: `The loss date (${input.lossDate}) is after the assessment date (${assessOn}); only an actual loss counts`,
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
    if (facts.enterpriseIncubated !== true) {
      reasons.push({
        code: 'enterprise_not_incubated',
        clause: CLAUSE,
        zh: '该企业不是本计划孵化的企业（无合格项目的企业落地记录）',
        en: 'The enterprise is not one the programme incubated (no enterprise_landed milestone of a qualified project)',
      });
    }
    // The per-project cap is keyed on the claim's projectId: it must be the project the enterprise landed from,
    // or a made-up id would open a fresh 300万.
    if (facts.enterpriseIncubated === true && facts.projectIsEnterprises !== true) {
      reasons.push({
        code: 'project_not_enterprises',
        clause: CLAUSE,
        zh: `项目${input.projectId}不是该企业落地所属的项目`,
        en: `Project ${input.projectId} is not the project the enterprise landed from`,
      });
    }
    if (reasons.length > 0) return { reasons, trace, baseFen: 0 };

    const baseFen = shareOf(input.actualLossFen, p.rateBp);
    trace.push({
      step: 'base_compensation',
      clause: CLAUSE,
      zh: `按首轮投资实际损失金额的${percent(p.rateBp)}计算，向下取整到分`,
      en: `${percent(p.rateBp)} of the actual loss on the first-round investment, rounded down to the fen`,
      inputs: {
        firstRoundInvestmentFen: input.firstRoundInvestmentFen,
        actualLossFen: input.actualLossFen,
        rateBp: p.rateBp,
      },
      resultFen: baseFen,
    });
    return { reasons, trace, baseFen };
  },
};
