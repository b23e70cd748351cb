import type { ClaimInput, ClaimOf, SubsidyType } from '../claim.js';
import type { AssessContext, CapSpec, CapsContext } from '../types.js';
import { centerOperatingFund } from './center_operating_fund.js';
import { competitionAward } from './competition_award.js';
import { equityInvestmentReward } from './equity_investment_reward.js';
import { firstUse } from './first_use.js';
import { grantToEquity } from './grant_to_equity.js';
import { investmentLossCompensation } from './investment_loss_compensation.js';
import { nationalProjectMatch } from './national_project_match.js';
import type { RuleEvaluation, RuleFinish, SubsidyRule } from './rule.js';

export type { RuleEvaluation, RuleFinish, SubsidyRule } from './rule.js';

/** Every rule, by its subsidy type: adding a type to `subsidyTypeIds` without a rule fails to compile. */
export const subsidyRules: { [T in SubsidyType]: SubsidyRule<T> } = {
  equity_investment_reward: equityInvestmentReward,
  investment_loss_compensation: investmentLossCompensation,
  national_project_match: nationalProjectMatch,
  competition_award: competitionAward,
  grant_to_equity: grantToEquity,
  first_use: firstUse,
  center_operating_fund: centerOperatingFund,
};

/** A rule with its claim bound in, so callers need not know which type they hold. */
export interface BoundRule {
  rule: Pick<SubsidyRule<SubsidyType>, 'subsidyType' | 'clause' | 'zh' | 'en' | 'parameterGroup'>;
  caps(context: CapsContext): CapSpec[];
  evaluate(context: AssessContext): RuleEvaluation;
  finish(awardFen: number, context: AssessContext): RuleFinish;
}

function bind<T extends SubsidyType>(rule: SubsidyRule<T>, input: ClaimOf<T>): BoundRule {
  return {
    rule,
    caps: (context) => rule.caps(input, context),
    evaluate: (context) => rule.evaluate(input, context),
    finish: (awardFen, context) => rule.finish?.(awardFen, input, context) ?? { trace: [] },
  };
}

/** The rule of a claim: a switch, so each branch's claim is narrowed to its own type without a cast. */
export function ruleFor(input: ClaimInput): BoundRule {
  switch (input.subsidyType) {
    case 'equity_investment_reward':
      return bind(subsidyRules.equity_investment_reward, input);
    case 'investment_loss_compensation':
      return bind(subsidyRules.investment_loss_compensation, input);
    case 'national_project_match':
      return bind(subsidyRules.national_project_match, input);
    case 'competition_award':
      return bind(subsidyRules.competition_award, input);
    case 'grant_to_equity':
      return bind(subsidyRules.grant_to_equity, input);
    case 'first_use':
      return bind(subsidyRules.first_use, input);
    case 'center_operating_fund':
      return bind(subsidyRules.center_operating_fund, input);
  }
}
