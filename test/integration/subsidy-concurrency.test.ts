import type { EventEnvelope } from '@wuhan/domain';
import { eventRows, scanTable } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { claimIdOf, rewardClaim, subsidyClients } from './subsidy-helpers.js';

/**
 * Issue 11's concurrency promises on the local stack: fifty 100万 equity rewards of one fund manager in one year
 * filed at once reserve exactly the 500万 manager-year cap, none assessed twice. (The same claim message
 * delivered again is in duplicates.test.ts.)
 */
const stack = inject('stack');
const credentials = inject('credentials');
const { newManager, qualifiedProject, landedEnterprise, assessed } = subsidyClients(stack, credentials);
const WAN = 1_000_000;

/** Event rows of one type about one claim (each assessment writes exactly one outcome event). */
async function outboxOf(claimId: string, type: string) {
  return (await eventRows(stack, type)).filter(
    (i) => (i.event as EventEnvelope | undefined)?.subject.id === claimId,
  );
}

describe('caps hold under concurrency (§二(七): 500万 per fund manager and calendar year)', () => {
  it('fifty 100万 rewards at once: exactly 500万 reserved in total, no claim assessed twice', {
    timeout: 240_000,
  }, async () => {
    // Prepare: fifty incubated enterprises of one qualified project, one fresh manager.
    const manager = await newManager();
    const projectId = await qualifiedProject();
    const codes: string[] = [];
    for (let i = 0; i < 50; i++) codes.push(await landedEnterprise(projectId));
    // Act: 15 % of 700万 = 105万, bound to 100万 by each enterprise's cap.
    const filed = await Promise.all(
      codes.map((code) => manager.client.post('/v1/subsidy-claims', rewardClaim(code, 700 * WAN))),
    );
    const claimIds = filed.map(claimIdOf);
    const claims = await Promise.all(claimIds.map((id) => assessed(id, 180_000)));
    // Assess
    const total = claims.reduce((sum, c) => sum + (c.awardFen ?? 0), 0);
    expect(total).toBe(500 * WAN);
    expect(claims.filter((c) => c.awardFen === 100 * WAN)).toHaveLength(5);
    const zero = claims.filter((c) => c.awardFen === 0);
    expect(zero).toHaveLength(45);
    expect(zero.every((c) => c.reasons.some((r) => r.code === 'cap_used_up'))).toBe(true);
    const yearCaps = await scanTable(stack, (i) =>
      String(i.pk).startsWith(`SUBSIDY_CAP#equity_investment_reward#manager:${manager.id}#year:`),
    );
    expect(yearCaps).toHaveLength(1);
    const [yearCap] = yearCaps;
    expect(yearCap?.usedFen).toBe(500 * WAN);
    for (const claimId of claimIds) expect(await outboxOf(claimId, 'subsidy.computed')).toHaveLength(1);
  });
});
