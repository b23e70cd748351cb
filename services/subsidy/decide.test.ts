import type { TransactItem } from '@wuhan/aws';
import { keys, TransactionRejected } from '@wuhan/aws';
import { type Caller, ConflictError, type DomainEvent, exampleClaims, ForbiddenError } from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { type DecidePorts, decideClaim } from './decide.js';
import type { ClaimRecord } from './record.js';

const now = new Date('2026-03-05T02:00:00Z');
const staff: Caller = {
  principal: { role: 'staff', ownerId: 'stf-li', keyId: 'key_s' },
  correlationId: 'cor-1',
  now,
};
const enterpriseCap = 'equity_investment_reward#manager:fnd-1#enterprise:91440300708461136T';
const yearCap = 'equity_investment_reward#manager:fnd-1#year:2026';

const computed: ClaimRecord = {
  claimId: 'sbc_1',
  subsidyType: 'equity_investment_reward',
  status: 'computed',
  input: exampleClaims.equity_investment_reward,
  managerId: 'fnd-1',
  assessOn: '2026-03-05',
  filedBy: { role: 'fund_manager', id: 'fnd-1' },
  filedAt: '2026-03-05T01:00:00.000Z',
  correlationId: 'cor-0',
  assessment: {
    outcome: 'computed',
    awardFen: 75_000_000,
    reasons: [],
    trace: [],
    caps: [
      {
        key: enterpriseCap,
        clause: '§二(七)',
        limitFen: 100_000_000,
        usedBeforeFen: 0,
        usedAfterFen: 75_000_000,
      },
      { key: yearCap, clause: '§二(七)', limitFen: 500_000_000, usedBeforeFen: 0, usedAfterFen: 75_000_000 },
    ],
  },
};

function fakePorts(claim: ClaimRecord | undefined) {
  const commits: { writes: readonly TransactItem[]; events: readonly DomainEvent[] }[] = [];
  const ports: DecidePorts = {
    tableName: 'main',
    readClaim: async () => claim,
    commit: async (writes, events) => {
      commits.push({ writes, events });
    },
  };
  return { ports, commits };
}

const capKeysReleased = (writes: readonly TransactItem[]) =>
  writes.filter((w) => w.Update?.UpdateExpression?.includes('ADD usedFen')).map((w) => w.Update?.Key);

describe('staff decide a computed claim', () => {
  it('a rejection releases the award from every cap the claim reserved against, with the status change', async () => {
    // Prepare
    const { ports, commits } = fakePorts(computed);
    // Act
    const decided = await decideClaim('sbc_1', { decision: 'rejected', reason: '凭证不全' }, staff, ports);
    // Assess
    expect(decided.status).toBe('rejected');
    expect(commits).toHaveLength(1);
    const [{ writes, events }] = commits as [(typeof commits)[number]];
    expect(capKeysReleased(writes)).toEqual([keys.subsidyCap(enterpriseCap), keys.subsidyCap(yearCap)]);
    expect(
      writes.find((w) => w.Update?.Key?.pk === keys.subsidyClaim('sbc_1').pk)?.Update?.ConditionExpression,
    ).toBe('#status = :computed');
    expect(events.map((e) => e.type)).toEqual(['subsidy.rejected']);
    expect(events[0]?.data).toMatchObject({ fundManagerId: 'fnd-1', awardFen: 75_000_000 });
  });

  it('an approval keeps the reservation', async () => {
    const { ports, commits } = fakePorts(computed);
    await decideClaim('sbc_1', { decision: 'approved', reason: '符合§二(七)' }, staff, ports);
    expect(capKeysReleased(commits[0]?.writes ?? [])).toEqual([]);
    expect(commits[0]?.events.map((e) => e.type)).toEqual(['subsidy.approved']);
  });

  it('a claim that is not computed cannot be decided (409), and nothing is written', async () => {
    for (const status of ['received', 'ineligible', 'approved', 'rejected'] as const) {
      const { ports, commits } = fakePorts({ ...computed, status });
      await expect(
        decideClaim('sbc_1', { decision: 'approved', reason: 'x' }, staff, ports),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(commits).toEqual([]);
    }
  });

  it('four eyes: the staff member who filed a claim may not approve it (403), another staff member may', async () => {
    const own = { ...computed, filedBy: { role: 'staff', id: 'stf-li' } };
    const { ports, commits } = fakePorts(own);
    const refused = decideClaim('sbc_1', { decision: 'approved', reason: '符合' }, staff, ports);
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refused).rejects.toThrow(/filed this claim may not approve/);
    expect(commits).toEqual([]);
    const colleague: Caller = { ...staff, principal: { ...staff.principal, ownerId: 'stf-wang' } };
    await decideClaim('sbc_1', { decision: 'approved', reason: '符合' }, colleague, ports);
    expect(commits[0]?.events.map((e) => e.type)).toEqual(['subsidy.approved']);
  });
});

describe('decisions under concurrency and parameter changes (issue 11 point 4)', () => {
  it('two staff deciding at once: the loser’s transaction is cancelled, it reads the claim decided, 409', async () => {
    // Prepare: both read `computed`; the other decision commits first, so this one's condition fails.
    let reads = 0;
    const commits: (readonly TransactItem[])[] = [];
    const ports: DecidePorts = {
      tableName: 'main',
      readClaim: async () => (++reads === 1 ? computed : { ...computed, status: 'approved' }),
      commit: async (writes) => {
        commits.push(writes);
        throw new TransactionRejected([0], ['ConditionalCheckFailed', 'None', 'None']);
      },
    };
    // Act
    const error = await decideClaim('sbc_1', { decision: 'rejected', reason: '再议' }, staff, ports).catch(
      (e: unknown) => e,
    );
    // Assess: one attempt only; the fresh read makes it the 409 of a real conflict, not a 503.
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toMatchObject({ claimStatus: 'approved' });
    expect(commits).toHaveLength(1);
    expect(reads).toBe(2);
  });

  it('approving a claim whose cap a later version lowered: the award it was assessed with stands', async () => {
    // The claim was assessed on 2026-03-05 under version 1 (500万); a version from 2026-06-01 says 400万. A
    // version never applies to the past (validFrom ≥ today), so the approval changes no cap and no amount.
    const { ports, commits } = fakePorts(computed);
    const decided = await decideClaim('sbc_1', { decision: 'approved', reason: '符合§二(七)' }, staff, ports);
    expect(decided.assessment?.awardFen).toBe(75_000_000);
    const writes = commits[0]?.writes ?? [];
    expect(writes.map((w) => w.Update?.Key?.pk)).toEqual([keys.subsidyClaim('sbc_1').pk]);
  });

  it('a rejection releases the award by a relative ADD, whatever the cap’s limit is now', async () => {
    const { ports, commits } = fakePorts(computed);
    await decideClaim('sbc_1', { decision: 'rejected', reason: '凭证不全' }, staff, ports);
    const release = (commits[0]?.writes ?? []).find((w) => w.Update?.Key?.pk === keys.subsidyCap(yearCap).pk);
    expect(release?.Update).toMatchObject({
      UpdateExpression: 'ADD usedFen :minus SET updatedAt = :now',
      ConditionExpression: 'attribute_exists(pk) AND usedFen >= :award',
      ExpressionAttributeValues: expect.objectContaining({ ':minus': -75_000_000 }),
    });
  });
});
