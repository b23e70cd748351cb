import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { commitOnce, keys, resetConfig } from '@wuhan/aws';
import { ConcurrentUpdateError, exampleClaims, NotFoundError, subsidyDefaults } from '@wuhan/domain';
import { cancelled, noSleep } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AssessPorts, assessReceivedClaim, capCrossings } from './assess.js';
import type { ClaimRecord } from './record.js';
import { capsUsed, readClaim } from './store.js';

/**
 * The consumer's decisions against a mocked table: which items one transaction writes with which conditions,
 * and what a lost race or a duplicate delivery does. DynamoDB Local never raises TransactionConflict, so the
 * races are played here.
 */
const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const now = new Date('2026-03-05T02:00:00Z');
const WAN = 1_000_000;
const reward = exampleClaims.equity_investment_reward; // 500万 invested: 15 % is 75万.
const enterpriseCap = `equity_investment_reward#manager:fnd-1#enterprise:${reward.enterpriseCreditCode}`;
const yearCap = 'equity_investment_reward#manager:fnd-1#year:2026';

const received: ClaimRecord = {
  claimId: 'sbc_1',
  subsidyType: 'equity_investment_reward',
  status: 'received',
  input: reward,
  managerId: 'fnd-1',
  assessOn: '2026-03-05',
  filedBy: { role: 'fund_manager', id: 'fnd-1' },
  filedAt: '2026-03-05T01:00:00.000Z',
  correlationId: 'cor-0',
};

/** The table as the use case reads it: the claim, and each cap's usage (absent: never reserved). */
function table(claim: ClaimRecord, used: Record<string, number>) {
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
    if (input.Key.pk === keys.subsidyClaim(claim.claimId).pk)
      return { Item: { ...keys.subsidyClaim(claim.claimId), ...claim } };
    const key = input.Key.pk.replace(/^SUBSIDY_CAP#/, '');
    const usedFen = used[key];
    return usedFen === undefined
      ? {}
      : { Item: { ...keys.subsidyCap(key), capKey: key, clause: '§二(七)', limitFen: 1, usedFen } };
  });
}

/** Ports over the mocked table, with facts given: an incubated enterprise and no earlier reward. */
function ports(facts = { enterpriseIncubated: true, earlierClaimsByManagerForEnterprise: 0 }): AssessPorts {
  return {
    tableName: 'main',
    now,
    readClaim,
    parameters: async () => subsidyDefaults,
    facts: async () => facts,
    capsUsed,
    commit: (writes, events) => commitOnce({ consumer: 'subsidy', eventId: 'evt_1', now }, writes, events),
  };
}

const transactions = (): TransactWriteCommandInput[] =>
  ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);
const updateOf = (tx: TransactWriteCommandInput | undefined, pk: string) =>
  tx?.TransactItems?.find((item) => item.Update?.Key?.pk === pk)?.Update;
const eventTypes = (tx: TransactWriteCommandInput | undefined) =>
  (tx?.TransactItems ?? []).flatMap((item) =>
    item.Put?.Item?.entity === 'history' ? [item.Put.Item.event.type] : [],
  );

beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('assessing a received claim', () => {
  it('stores the result and reserves against every cap in one transaction, conditioned on the usage read', async () => {
    // Prepare: the manager has 450万 of its 500万 this year; the enterprise cap is untouched.
    table(received, { [yearCap]: 450 * WAN });
    // Act
    const outcome = await assessReceivedClaim('sbc_1', ports(), noSleep);
    // Assess: 75万 due, 50万 left this year: the remainder.
    expect(outcome).toBe('computed');
    const [tx] = transactions();
    expect(transactions()).toHaveLength(1);
    expect(updateOf(tx, keys.subsidyClaim('sbc_1').pk)?.ConditionExpression).toBe('#status = :received');
    expect(
      updateOf(tx, keys.subsidyClaim('sbc_1').pk)?.ExpressionAttributeValues?.[':assessment'],
    ).toMatchObject({
      outcome: 'computed',
      awardFen: 50 * WAN,
    });
    expect(updateOf(tx, keys.subsidyCap(yearCap).pk)).toMatchObject({
      ConditionExpression: 'usedFen = :before',
      ExpressionAttributeValues: expect.objectContaining({ ':before': 450 * WAN, ':after': 500 * WAN }),
    });
    expect(updateOf(tx, keys.subsidyCap(enterpriseCap).pk)).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk) OR usedFen = :before',
      ExpressionAttributeValues: expect.objectContaining({ ':before': 0, ':after': 50 * WAN }),
    });
    expect(eventTypes(tx)).toEqual(['subsidy.computed', 'subsidy.cap_reached']);
    expect(tx?.TransactItems?.some((i) => i.Put?.Item?.pk === keys.inbox('subsidy', 'evt_1').pk)).toBe(true);
  });

  it('two compensation claims of one manager × project racing: the loser, assessed again, is already_compensated', async () => {
    const loss = exampleClaims.investment_loss_compensation;
    const once = `investment_loss_compensation#manager:fnd-1#project:${loss.projectId}`;
    const claim: ClaimRecord = {
      ...received,
      subsidyType: 'investment_loss_compensation',
      input: loss,
      projectId: loss.projectId,
      assessOn: '2026-07-01',
    };
    table(claim, {});
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'None', 'ConditionalCheckFailed', 'None', 'None'))
      .callsFake(() => ({}));
    // The winner reserved 80万 against the manager × project key meanwhile: the second read sees it.
    let reads = 0;
    ddb.on(GetCommand, { Key: keys.subsidyCap(once) }).callsFake(() => {
      reads++;
      return reads === 1
        ? {}
        : {
            Item: {
              ...keys.subsidyCap(once),
              capKey: once,
              clause: '§二(七)',
              limitFen: 1,
              usedFen: 80 * WAN,
            },
          };
    });
    const facts = { enterpriseIncubated: true, projectIsEnterprises: true };
    const outcome = await assessReceivedClaim('sbc_1', { ...ports(), facts: async () => facts }, noSleep);
    expect(outcome).toBe('ineligible');
    const second = transactions()[1];
    expect(
      updateOf(second, keys.subsidyClaim('sbc_1').pk)?.ExpressionAttributeValues?.[':assessment'],
    ).toMatchObject({
      outcome: 'ineligible',
      reasons: [expect.objectContaining({ code: 'already_compensated' })],
    });
    expect(updateOf(second, keys.subsidyCap(once).pk)).toBeUndefined();
  });

  it('a lost race on a cap: assessed again on the new usage, and reserves only what is left', async () => {
    table(received, { [yearCap]: 450 * WAN });
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(
        cancelled('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None', 'None', 'None'),
      )
      .callsFake(() => ({}));
    // Another claim took 30万 of the year meanwhile: the second read sees 480万.
    let reads = 0;
    ddb.on(GetCommand, { Key: keys.subsidyCap(yearCap) }).callsFake(() => {
      reads++;
      return {
        Item: {
          ...keys.subsidyCap(yearCap),
          capKey: yearCap,
          clause: '§二(七)',
          limitFen: 1,
          usedFen: reads === 1 ? 450 * WAN : 480 * WAN,
        },
      };
    });
    const outcome = await assessReceivedClaim('sbc_1', ports(), noSleep);
    expect(outcome).toBe('computed');
    expect(transactions()).toHaveLength(2);
    expect(updateOf(transactions()[1], keys.subsidyCap(yearCap).pk)?.ExpressionAttributeValues).toMatchObject(
      {
        ':before': 480 * WAN,
        ':after': 500 * WAN,
      },
    );
  });

  it('a duplicate delivery of an assessed claim writes nothing', async () => {
    table({ ...received, status: 'computed' }, {});
    expect(await assessReceivedClaim('sbc_1', ports(), noSleep)).toBe('already-assessed');
    expect(transactions()).toEqual([]);
  });

  it('two deliveries at once: the one that finds the claim assessed by the other does not reserve again', async () => {
    let claimReads = 0;
    table(received, {});
    ddb.on(GetCommand, { Key: keys.subsidyClaim('sbc_1') }).callsFake(() => {
      claimReads++;
      const status = claimReads === 1 ? 'received' : 'computed';
      return { Item: { ...keys.subsidyClaim('sbc_1'), ...received, status } };
    });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'None'));
    expect(await assessReceivedClaim('sbc_1', ports(), noSleep)).toBe('already-assessed');
    expect(transactions()).toHaveLength(1);
  });

  it('a racing first reward of the same manager for the same enterprise: the loser is not a first investment', async () => {
    // The listing (a GSI) does not show the winner yet; its reservation on the enterprise cap does.
    table(received, { [enterpriseCap]: 75 * WAN, [yearCap]: 75 * WAN });
    expect(await assessReceivedClaim('sbc_1', ports(), noSleep)).toBe('ineligible');
    const [tx] = transactions();
    const assessment = updateOf(tx, keys.subsidyClaim('sbc_1').pk)?.ExpressionAttributeValues?.[
      ':assessment'
    ];
    expect(assessment.reasons.map((r: { code: string }) => r.code)).toContain('not_first_investment');
  });

  it('an ineligible claim reserves nothing', async () => {
    table(received, {});
    const outcome = await assessReceivedClaim(
      'sbc_1',
      ports({ enterpriseIncubated: false, earlierClaimsByManagerForEnterprise: 0 }),
      noSleep,
    );
    expect(outcome).toBe('ineligible');
    const [tx] = transactions();
    expect(tx?.TransactItems?.filter((i) => String(i.Update?.Key?.pk).startsWith('SUBSIDY_CAP#'))).toEqual(
      [],
    );
    expect(eventTypes(tx)).toEqual(['subsidy.ineligible']);
    // The filer is emailed the outcome with its reasons: the event names them and carries the words.
    const event = tx?.TransactItems?.find((i) => i.Put?.Item?.event?.type === 'subsidy.ineligible')?.Put?.Item
      ?.event as { data: Record<string, unknown> } | undefined;
    expect(event?.data).toMatchObject({
      filedBy: { role: 'fund_manager', id: 'fnd-1' },
      reasons: [expect.objectContaining({ code: 'enterprise_not_incubated', clause: '§二(七)' })],
    });
  });

  it('losing every race is transient (ConcurrentUpdateError), after a bounded number of attempts', async () => {
    table(received, {});
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict', 'None'));
    await expect(assessReceivedClaim('sbc_1', ports(), { attempts: 3, ...noSleep })).rejects.toBeInstanceOf(
      ConcurrentUpdateError,
    );
    expect(transactions()).toHaveLength(3);
  });
});

const assessmentIn = (tx: TransactWriteCommandInput | undefined) =>
  updateOf(tx, keys.subsidyClaim('sbc_1').pk)?.ExpressionAttributeValues?.[':assessment'];

describe('the parameters in force on the assessment date decide (issue 11 points 1, 4)', () => {
  it('after the plan’s end (2027-12-31) the version still in force applies, and the year’s caps are 2028’s', async () => {
    // Prepare: no version ends; version 1 (the defaults) is in force on 2028-03-06.
    table({ ...received, assessOn: '2028-03-06' }, {});
    const dates: string[] = [];
    const port = ports();
    // Act
    const outcome = await assessReceivedClaim(
      'sbc_1',
      {
        ...port,
        parameters: async (date) => {
          dates.push(date);
          return subsidyDefaults;
        },
      },
      noSleep,
    );
    // Assess
    expect(outcome).toBe('computed');
    expect(dates).toEqual(['2028-03-06']);
    const [tx] = transactions();
    expect(assessmentIn(tx)).toMatchObject({ outcome: 'computed', awardFen: 75 * WAN });
    const cap2028 = 'equity_investment_reward#manager:fnd-1#year:2028';
    expect(updateOf(tx, keys.subsidyCap(cap2028).pk)?.ExpressionAttributeValues).toMatchObject({
      ':after': 75 * WAN,
      ':year': 2028,
    });
  });

  it('no parameters in force on the assessment date: ineligible with the reason, nothing reserved, not refused', async () => {
    table(received, {});
    const outcome = await assessReceivedClaim(
      'sbc_1',
      {
        ...ports(),
        parameters: async (date) => {
          throw new NotFoundError(`No subsidy parameters in force on ${date}`);
        },
      },
      noSleep,
    );
    expect(outcome).toBe('ineligible');
    const [tx] = transactions();
    expect(transactions()).toHaveLength(1);
    expect(assessmentIn(tx)).toMatchObject({ outcome: 'ineligible', awardFen: 0, caps: [] });
    expect(assessmentIn(tx).reasons.map((r: { code: string }) => r.code)).toEqual(['no_rules_in_force']);
    expect(tx?.TransactItems?.filter((i) => String(i.Update?.Key?.pk).startsWith('SUBSIDY_CAP#'))).toEqual(
      [],
    );
    expect(eventTypes(tx)).toEqual(['subsidy.ineligible']);
    expect(tx?.TransactItems?.some((i) => i.Put?.Item?.pk === keys.inbox('subsidy', 'evt_1').pk)).toBe(true);
  });

  it('a cap lowered by a later version below what is reserved: the next claim gets 0 (cap_used_up), no throw', async () => {
    // Prepare: 450万 reserved under the 500万 of version 1; the version in force now says 400万.
    table(received, { [yearCap]: 450 * WAN });
    const lowered = {
      ...subsidyDefaults,
      equityInvestmentReward: { ...subsidyDefaults.equityInvestmentReward, perManagerYearCapFen: 400 * WAN },
    };
    // Act
    const outcome = await assessReceivedClaim(
      'sbc_1',
      { ...ports(), parameters: async () => lowered },
      noSleep,
    );
    // Assess: nothing is left; the reservation leaves the usage as read (never lowers another claim's award).
    expect(outcome).toBe('computed');
    const [tx] = transactions();
    expect(assessmentIn(tx)).toMatchObject({ awardFen: 0 });
    expect(assessmentIn(tx).reasons.map((r: { code: string }) => r.code)).toContain('cap_used_up');
    expect(updateOf(tx, keys.subsidyCap(yearCap).pk)?.ExpressionAttributeValues).toMatchObject({
      ':before': 450 * WAN,
      ':after': 450 * WAN,
      ':limit': 400 * WAN,
    });
    expect(eventTypes(tx)).toEqual(['subsidy.computed']);
  });
});

describe('cap crossings', () => {
  const cap = (usedBeforeFen: number, usedAfterFen: number) => ({
    key: yearCap,
    clause: '§二(七)',
    limitFen: 500 * WAN,
    usedBeforeFen,
    usedAfterFen,
  });
  it('warn once at 80 % and tell once at 100 %', () => {
    expect(capCrossings(cap(300 * WAN, 399 * WAN))).toEqual([]);
    expect(capCrossings(cap(300 * WAN, 400 * WAN))).toEqual(['subsidy.cap_warning']);
    expect(capCrossings(cap(400 * WAN, 450 * WAN))).toEqual([]);
    expect(capCrossings(cap(450 * WAN, 500 * WAN))).toEqual(['subsidy.cap_reached']);
    expect(capCrossings(cap(0, 500 * WAN))).toEqual(['subsidy.cap_warning', 'subsidy.cap_reached']);
    expect(capCrossings(cap(500 * WAN, 500 * WAN))).toEqual([]);
  });
});
