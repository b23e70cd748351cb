import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, parameterVersionItem, resetConfig } from '@wuhan/aws';
import type { SubsidyClaimBody } from '@wuhan/contract';
import {
  type Caller,
  defaultVersion,
  exampleClaims,
  ForbiddenError,
  InvalidInputError,
  UnprocessableError,
} from '@wuhan/domain';
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
  // The subsidy parameters as seeded: version 1, in force from the plan's issue date.
  ddb.on(QueryCommand).resolves({ Items: [parameterVersionItem(defaultVersion('subsidy', now))] });
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
    const outbox = items.find((i) => i.Put?.Item?.entity === 'history')?.Put?.Item;
    expect(outbox?.event.type).toBe('subsidy.claim_received');
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

describe('the assessment date (issue 11 loose ends 1 and 4)', () => {
  it('staff may not date an assessment after today in Asia/Shanghai: 400 on assessOn, nothing stored', async () => {
    // 2026-03-05T02:00Z is 10:00 on 5 March in Shanghai: the 5th is the latest date, the 6th is refused.
    const ahead = await refusal(
      { ...exampleClaims.grant_to_equity, assessOn: '2026-03-06' },
      as('staff', 'stf-li'),
    );
    expect(ahead).toBeInstanceOf(InvalidInputError);
    expect((ahead as InvalidInputError).field).toBe('assessOn');
    await fileClaim({ ...exampleClaims.grant_to_equity, assessOn: '2026-03-05' }, as('staff', 'stf-li'));
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('today is the Shanghai day: at 17:00Z on 4 March it is already the 5th there', async () => {
    const evening: Caller = { ...as('staff', 'stf-li'), now: new Date('2026-03-04T17:00:00Z') };
    await fileClaim({ ...exampleClaims.grant_to_equity, assessOn: '2026-03-05' }, evening);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('no subsidy parameters in force on the date (an unseeded table): 422 on assessOn, nothing stored', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const none = await refusal(exampleClaims.grant_to_equity, as('staff', 'stf-li'));
    expect(none).toBeInstanceOf(UnprocessableError);
    expect((none as UnprocessableError).details.field).toBe('assessOn');
    const manager = await refusal(reward, as('fund_manager', 'fnd-1'));
    expect(manager).toBeInstanceOf(UnprocessableError);
  });
});
