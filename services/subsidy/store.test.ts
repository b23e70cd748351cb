import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import { exampleClaims } from '@wuhan/domain';
import { givenIndexed } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClaimRecord } from './record.js';
import { earlierRewardClaims } from './store.js';

/** "First investment only" counts the manager's earlier rewards for the enterprise that hold an award > 0. */
const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const reward = exampleClaims.equity_investment_reward;

function claim(claimId: string, status: ClaimRecord['status'], awardFen: number): Record<string, unknown> {
  return {
    ...keys.subsidyClaim(claimId),
    ...keys.subsidyClaimListing(claimId, 'fnd-1', reward.enterpriseCreditCode),
    claimId,
    subsidyType: 'equity_investment_reward',
    status,
    input: reward,
    managerId: 'fnd-1',
    assessOn: '2026-03-05',
    filedBy: { role: 'fund_manager', id: 'fnd-1' },
    filedAt: '2026-03-05T01:00:00.000Z',
    correlationId: 'cor-0',
    assessment: { outcome: 'computed', awardFen, reasons: [], trace: [], caps: [] },
  };
}

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('earlier reward claims of a manager for an enterprise', () => {
  it('do not count a claim computed at 0 (the annual cap was used up): it paid nothing', async () => {
    givenIndexed(ddb, [claim('sbc_zero', 'computed', 0), claim('sbc_zero2', 'approved', 0)]);
    expect(await earlierRewardClaims('fnd-1', reward.enterpriseCreditCode, 'sbc_new')).toBe(0);
  });

  it('count a computed or approved claim holding an award, never the claim itself or a rejected one', async () => {
    givenIndexed(ddb, [
      claim('sbc_paid', 'approved', 75_000_000),
      claim('sbc_held', 'computed', 1),
      claim('sbc_rejected', 'rejected', 75_000_000),
      claim('sbc_new', 'computed', 75_000_000),
    ]);
    expect(await earlierRewardClaims('fnd-1', reward.enterpriseCreditCode, 'sbc_new')).toBe(2);
  });
});
