import type { ClaimInput } from './claim.js';

const creditCode = '91440300708461136T';
const projectId = 'prj_01JZ0000000000000000000000';

/** One valid claim per type, for tests and the contract's examples; a bad-input case changes one thing. */
export const exampleClaims = {
  equity_investment_reward: {
    subsidyType: 'equity_investment_reward',
    fundName: '光谷颠覆创新基金',
    enterpriseName: '武汉量子芯科技有限公司',
    enterpriseCreditCode: creditCode,
    investmentFen: 500_000_000,
    transferDate: '2024-03-01',
    capitalIncrease: true,
    firstInvestment: true,
  },
  investment_loss_compensation: {
    subsidyType: 'investment_loss_compensation',
    fundName: '光谷颠覆创新基金',
    enterpriseName: '武汉量子芯科技有限公司',
    enterpriseCreditCode: creditCode,
    projectId,
    firstRoundInvestmentFen: 1_000_000_000,
    actualLossFen: 400_000_000,
    transferDate: '2023-01-10',
    lossDate: '2026-06-01',
    capitalIncrease: true,
  },
  national_project_match: {
    subsidyType: 'national_project_match',
    projectId,
    programme: 'national_key_rnd_disruptive',
    enterpriseLed: true,
    disbursedFen: 300_000_000,
    disbursedOn: '2026-05-20',
  },
  competition_award: {
    subsidyType: 'competition_award',
    projectId,
    competitionYear: 2026,
    prizeTier: 'first_prize',
  },
  grant_to_equity: { subsidyType: 'grant_to_equity', projectId, requestedFen: 200_000_000 },
  first_use: {
    subsidyType: 'first_use',
    firstUseKind: 'first_tapeout_chip',
    applicantName: '武汉芯光电子有限公司',
    requestedFen: 100_000_000,
  },
  center_operating_fund: { subsidyType: 'center_operating_fund', year: 2026 },
} satisfies Record<ClaimInput['subsidyType'], ClaimInput>;
