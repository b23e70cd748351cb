import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import type { SubsidyClaimBody } from '@wuhan/contract';
import { type Caller, exampleClaims, ForbiddenError, InvalidInputError } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fileClaim } from './file-claim.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const now = new Date('2026-03-05T02:00:00Z');
const as = (role: 'staff' | 'fund_manager', ownerId: string): Caller => ({
  principal: { role, ownerId, keyId: `key_${ownerId}` },
  correlationId: 'cor-1',
  now,
});
const reward: SubsidyClaimBody = exampleClaims.equity_investment_reward;

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(GetCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

const refusal = async (body: SubsidyClaimBody, caller: Caller) => {
  const error = await fileClaim(body, caller).catch((e: unknown) => e);
  expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  return error;
};

describe('who files a claim for whom', () => {
  it('a fund manager files for itself: the claim names it, today in Asia/Shanghai, with its event', async () => {
    // Act
    const { claimId } = await fileClaim(reward, as('fund_manager', 'fnd-1'));
    // Assess
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const claim = items.find((i) => i.Put?.Item?.pk === keys.subsidyClaim(claimId).pk)?.Put?.Item;
    expect(claim).toMatchObject({
      status: 'received',
      managerId: 'fnd-1',
      assessOn: '2026-03-05',
      gsi1pk: keys.subsidyClaimsOfManager('fnd-1'),
      gsi3pk: keys.subsidyClaimsOfManagerForEnterprise('fnd-1', reward.enterpriseCreditCode),
    });
    expect(claim?.input).not.toHaveProperty('managerId');
    const outbox = items.find((i) => i.Put?.Item?.entity === 'outbox')?.Put?.Item;
    expect(outbox?.eventType).toBe('subsidy.claim_received');
  });

  it('a fund manager naming another manager: 403 on managerId, nothing stored', async () => {
    const error = await refusal({ ...reward, managerId: 'fnd-2' }, as('fund_manager', 'fnd-1'));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).details.field).toBe('managerId');
  });

  it('a fund manager filing another type, or setting assessOn: 403 naming the field', async () => {
    const other = await refusal(exampleClaims.grant_to_equity, as('fund_manager', 'fnd-1'));
    expect((other as ForbiddenError).details.field).toBe('subsidyType');
    const dated = await refusal({ ...reward, assessOn: '2026-01-01' }, as('fund_manager', 'fnd-1'));
    expect((dated as ForbiddenError).details.field).toBe('assessOn');
  });

  it('staff must name an existing manager for a fund type, and none for another type', async () => {
    const missing = await refusal(reward, as('staff', 'stf-li'));
    expect(missing).toBeInstanceOf(InvalidInputError);
    expect((missing as InvalidInputError).field).toBe('managerId');
    const unknown = await refusal({ ...reward, managerId: 'fnd-ghost' }, as('staff', 'stf-li'));
    expect((unknown as InvalidInputError).field).toBe('managerId');
    const needless = await refusal(
      { ...exampleClaims.grant_to_equity, managerId: 'fnd-1' },
      as('staff', 'stf-li'),
    );
    expect((needless as InvalidInputError).field).toBe('managerId');
  });

  it('staff may date the assessment, never before the plan', async () => {
    const early = await refusal(
      { ...exampleClaims.grant_to_equity, assessOn: '2024-12-31' },
      as('staff', 'stf-li'),
    );
    expect((early as InvalidInputError).field).toBe('assessOn');
    const { claimId } = await fileClaim(
      { ...exampleClaims.grant_to_equity, assessOn: '2025-06-30' },
      as('staff', 'stf-li'),
    );
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const claim = items.find((i) => i.Put?.Item?.pk === keys.subsidyClaim(claimId).pk)?.Put?.Item;
    expect(claim).toMatchObject({
      assessOn: '2025-06-30',
      projectId: exampleClaims.grant_to_equity.projectId,
    });
    expect(claim).not.toHaveProperty('managerId');
  });
});
