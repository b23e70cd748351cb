import type { EventEnvelope } from '@wuhan/domain';
import { emailsTo, scanByPrefix, scanTable, waitFor } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { expectProblem, intakeClients, marker, nomination } from './intake-helpers.js';
import { type ClaimView, claimIdOf, newCreditCode, rewardClaim, subsidyClients } from './subsidy-helpers.js';

/**
 * Issue 11 points 2–7 through the local stack: claims filed over the API, assessed by the subsidy consumer with
 * facts set up through the real APIs (an enterprise_landed milestone of a qualified project), reserved against
 * their caps, decided by staff (a rejection releases the caps), and read back with trace, reasons and caps.
 * Every fund manager is new, so no other file's claims share its caps.
 */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff, newManager, qualifiedProject, landedEnterprise, assessed } = subsidyClients(
  stack,
  credentials,
);
const { partnerA } = intakeClients(stack, credentials);
const WAN = 1_000_000;

interface CapsAnswer {
  managerId: string;
  year: number;
  caps: { key: string; limitFen: number; usedFen: number; headroomFen: number; exhaustedBy?: string }[];
}
const capOf = (answer: CapsAnswer, prefix: string) => answer.caps.find((c) => c.key.startsWith(prefix));

describe('equity investment reward, end to end (§二(七))', () => {
  it('a fund manager files for itself; 15 % capped at 100万 per enterprise; reserved; staff approve', async () => {
    // Prepare
    const manager = await newManager();
    const projectId = await qualifiedProject();
    const creditCode = await landedEnterprise(projectId);
    // Act
    const claimId = claimIdOf(await manager.client.post('/v1/subsidy-claims', rewardClaim(creditCode)));
    const claim = await assessed(claimId);
    // Assess: 15 % of 800万 is 120万, bound by the per-enterprise cap of 100万.
    expect(claim.status, JSON.stringify(claim.reasons)).toBe('computed');
    expect(claim.awardFen).toBe(100 * WAN);
    expect(claim.trace.length).toBeGreaterThan(0);
    expect(claim.trace.every((s) => s.clause.length > 0)).toBe(true);
    expect(claim.caps.map((c) => [c.usedBeforeFen, c.usedAfterFen])).toEqual([
      [0, 100 * WAN],
      [0, 100 * WAN],
    ]);
    // The manager reads its own claim and headroom; another manager sees neither.
    expect((await manager.client.get(`/v1/subsidy-claims/${claimId}`)).status).toBe(200);
    const other = await newManager();
    expectProblem(await other.client.get(`/v1/subsidy-claims/${claimId}`), 404);
    expectProblem(await other.client.get(`/v1/caps/${manager.id}`), 404);
    // This year's caps (the claim was assessed today).
    const caps = await manager.client.get<CapsAnswer>(`/v1/caps/${manager.id}`);
    expect(caps.status, caps.text).toBe(200);
    expect(capOf(caps.json, `equity_investment_reward#manager:${manager.id}#year:`)).toMatchObject({
      limitFen: 500 * WAN,
      usedFen: 100 * WAN,
      headroomFen: 400 * WAN,
    });
    expect(capOf(caps.json, `equity_investment_reward#manager:${manager.id}#enterprise:`)).toMatchObject({
      usedFen: 100 * WAN,
      headroomFen: 0,
      exhaustedBy: 'first_investment_only',
    });
    // A manager may not decide its own claim; staff approve it.
    expectProblem(
      await manager.client.post(`/v1/subsidy-claims/${claimId}/approval`, {
        decision: 'approved',
        reason: '自批',
      }),
      403,
    );
    const approved = await staff.post(`/v1/subsidy-claims/${claimId}/approval`, {
      decision: 'approved',
      reason: '材料齐全',
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', awardFen: 100 * WAN });
    // The fund manager is emailed the decision.
    const mails = await waitFor(
      async () => {
        const found = (await emailsTo(stack, manager.email)).filter((m) =>
          (m.body.text ?? '').includes(claimId),
        );
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, description: 'the decision email to the fund manager' },
    );
    expect(mails.map((m) => m.subject).join()).toContain('已批准');
    // A second decision is a conflict.
    expectProblem(
      await staff.post(`/v1/subsidy-claims/${claimId}/approval`, { decision: 'rejected', reason: '再议' }),
      409,
    );
    // The manager's listing has it; staff filter by status and type.
    const own = await manager.client.get('/v1/subsidy-claims');
    expect(own.json.items.map((c: { claimId: string }) => c.claimId)).toEqual([claimId]);
    const filtered = await staff.get(
      '/v1/subsidy-claims?status=approved&subsidyType=equity_investment_reward&limit=100',
    );
    expect(filtered.status, filtered.text).toBe(200);
    expect(
      filtered.json.items.every(
        (c: { status: string; subsidyType: string }) =>
          c.status === 'approved' && c.subsidyType === 'equity_investment_reward',
      ),
    ).toBe(true);

    // A second reward of the same manager for the same enterprise: not its first investment (from our record).
    const second = await assessed(
      claimIdOf(await manager.client.post('/v1/subsidy-claims', rewardClaim(creditCode))),
    );
    expect(second.status).toBe('ineligible');
    expect(second.reasons.map((r) => r.code)).toContain('not_first_investment');
    expectProblem(
      await staff.post(`/v1/subsidy-claims/${second.claimId}/approval`, {
        decision: 'approved',
        reason: 'x',
      }),
      409,
    );
  });

  it('an enterprise the programme did not incubate is ineligible and reserves nothing', async () => {
    const manager = await newManager();
    const claim = await assessed(
      claimIdOf(await manager.client.post('/v1/subsidy-claims', rewardClaim(newCreditCode()))),
    );
    expect(claim.status).toBe('ineligible');
    expect(claim.awardFen).toBe(0);
    expect(claim.caps).toEqual([]);
    const caps = await manager.client.get<CapsAnswer>(`/v1/caps/${manager.id}`);
    expect(caps.json.caps.every((c) => c.usedFen === 0)).toBe(true);
  });
});

describe('loss compensation filed by staff, rejected: the reservation is released (§二(七))', () => {
  it('20 % of the loss is reserved against the project and manager-year caps, then given back', async () => {
    const manager = await newManager();
    const projectId = await qualifiedProject();
    const creditCode = await landedEnterprise(projectId);
    const claimId = claimIdOf(
      await staff.post('/v1/subsidy-claims', {
        subsidyType: 'investment_loss_compensation',
        fundName: '光谷颠覆创新基金',
        enterpriseName: '武汉量子芯科技有限公司',
        enterpriseCreditCode: creditCode,
        projectId,
        firstRoundInvestmentFen: 1000 * WAN,
        actualLossFen: 400 * WAN,
        transferDate: '2023-01-10',
        lossDate: '2026-06-01',
        capitalIncrease: true,
        managerId: manager.id,
        assessOn: '2026-07-01',
      }),
    );
    const claim = await assessed(claimId);
    expect(claim.status, JSON.stringify(claim.reasons)).toBe('computed');
    expect(claim.awardFen).toBe(80 * WAN);
    const before = await staff.get<CapsAnswer>(`/v1/caps/${manager.id}?year=2026`);
    expect(capOf(before.json, `investment_loss_compensation#manager:${manager.id}#year:`)?.usedFen).toBe(
      80 * WAN,
    );
    // Compensated once per manager × project: 220万 under the limit, yet nothing left for a further claim.
    expect(capOf(before.json, `investment_loss_compensation#manager:${manager.id}#project:`)).toMatchObject({
      limitFen: 300 * WAN,
      usedFen: 80 * WAN,
      headroomFen: 0,
      exhaustedBy: 'compensated_once',
    });

    const rejected = await staff.post(`/v1/subsidy-claims/${claimId}/approval`, {
      decision: 'rejected',
      reason: '损失证明不全',
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.json.status).toBe('rejected');
    const after = await staff.get<CapsAnswer>(`/v1/caps/${manager.id}?year=2026`);
    expect(capOf(after.json, `investment_loss_compensation#manager:${manager.id}#year:`)).toMatchObject({
      usedFen: 0,
      headroomFen: 600 * WAN,
    });
    // Released by the rejection: the manager × project cap's whole limit is there again.
    const released = capOf(after.json, `investment_loss_compensation#manager:${manager.id}#project:`);
    expect(released).toMatchObject({ usedFen: 0, headroomFen: 300 * WAN });
    expect(released).not.toHaveProperty('exhaustedBy');
    const projectCap = await scanTable(
      stack,
      (i) => i.pk === `SUBSIDY_CAP#investment_loss_compensation#project:${projectId}`,
    );
    expect(projectCap.map((i) => i.usedFen)).toEqual([0]);
    // Staff filed it, yet the fund manager it is for is the one told the decision.
    const mails = await waitFor(
      async () => {
        const found = (await emailsTo(stack, manager.email)).filter((m) => m.subject.includes(claimId));
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, description: 'the rejection email to the fund manager' },
    );
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining(`补贴申请未获批准：${claimId}`)]);
  });
});

describe('loss compensation held to the enterprise’s own project, once per manager × project (§二(七))', () => {
  const lossClaim = (creditCode: string, projectId: string) => ({
    subsidyType: 'investment_loss_compensation',
    fundName: '光谷颠覆创新基金',
    enterpriseName: '武汉量子芯科技有限公司',
    enterpriseCreditCode: creditCode,
    projectId,
    firstRoundInvestmentFen: 1000 * WAN,
    actualLossFen: 400 * WAN,
    transferDate: '2023-01-10',
    lossDate: '2026-06-01',
    capitalIncrease: true,
  });

  it('a made-up projectId opens no fresh 300万; the same loss re-filed is refused while the first holds its award', async () => {
    const manager = await newManager();
    const projectId = await qualifiedProject();
    const creditCode = await landedEnterprise(projectId);
    // Another qualified project, not the one the enterprise landed from.
    const elsewhere = await qualifiedProject();
    const madeUp = await assessed(
      claimIdOf(await manager.client.post('/v1/subsidy-claims', lossClaim(creditCode, elsewhere))),
    );
    expect(madeUp.status).toBe('ineligible');
    expect(madeUp.reasons.map((r) => r.code)).toContain('project_not_enterprises');
    // The fund manager that filed it is emailed the outcome with its reasons.
    const mails = await waitFor(
      async () => {
        const found = (await emailsTo(stack, manager.email)).filter((m) =>
          (m.body.text ?? '').includes(madeUp.claimId),
        );
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, description: 'the ineligible email to the filing fund manager' },
    );
    expect(mails.map((m) => `${m.subject} ${m.body.text ?? ''}`).join()).toContain(elsewhere);

    const first = await assessed(
      claimIdOf(await manager.client.post('/v1/subsidy-claims', lossClaim(creditCode, projectId))),
    );
    expect(first.status, JSON.stringify(first.reasons)).toBe('computed');
    expect(first.awardFen).toBe(80 * WAN);
    const again = await assessed(
      claimIdOf(await manager.client.post('/v1/subsidy-claims', lossClaim(creditCode, projectId))),
    );
    expect(again.status).toBe('ineligible');
    expect(again.reasons.map((r) => r.code)).toContain('already_compensated');
    expect(again.caps).toEqual([]);
  });

  it('four eyes: the staff member who filed a claim may not approve it (403)', async () => {
    const manager = await newManager();
    const projectId = await qualifiedProject();
    const creditCode = await landedEnterprise(projectId);
    const claimId = claimIdOf(
      await staff.post('/v1/subsidy-claims', { ...lossClaim(creditCode, projectId), managerId: manager.id }),
    );
    expect((await assessed(claimId)).status).toBe('computed');
    const approved = await staff.post(`/v1/subsidy-claims/${claimId}/approval`, {
      decision: 'approved',
      reason: '自己提交自己批准',
    });
    expectProblem(approved, 403);
    expect(approved.text).toContain('filed this claim may not approve');
    expect((await staff.get<{ status: string }>(`/v1/subsidy-claims/${claimId}`)).json.status).toBe(
      'computed',
    );
  });
});

describe('the types staff file (§二(五), §二(七), §二(八), §二(一))', () => {
  it('grant to equity for a qualified project: the amount staff decided, under 600万', async () => {
    const projectId = await qualifiedProject();
    const claim = await assessed(
      claimIdOf(
        await staff.post('/v1/subsidy-claims', {
          subsidyType: 'grant_to_equity',
          projectId,
          requestedFen: 200 * WAN,
        }),
      ),
    );
    expect(claim.status, JSON.stringify(claim.reasons)).toBe('computed');
    expect(claim.awardFen).toBe(200 * WAN);
    expect(claim.caps).toMatchObject([{ key: `grant_to_equity#project:${projectId}`, limitFen: 600 * WAN }]);
  });

  it('grant to equity for a project that has not qualified: ineligible, nothing reserved', async () => {
    const nominated = await partnerA.post('/v1/nominations', nomination(marker(), { techField: 'quantum' }));
    expect(nominated.status, nominated.text).toBe(202);
    const projectId = String(nominated.json.projectId);
    const claim = await assessed(
      claimIdOf(
        await staff.post('/v1/subsidy-claims', {
          subsidyType: 'grant_to_equity',
          projectId,
          requestedFen: WAN,
        }),
      ),
    );
    expect(claim.status).toBe('ineligible');
    expect(claim.reasons.map((r) => r.code)).toContain('project_not_qualified');
    expect(
      await scanTable(stack, (i) => i.pk === `SUBSIDY_CAP#grant_to_equity#project:${projectId}`),
    ).toEqual([]);
  });

  it('national project match: 50 % of each tranche, accumulating to the 500万 project cap', async () => {
    const projectId = await qualifiedProject();
    const tranche = (disbursedFen: number, disbursedOn: string) =>
      staff.post('/v1/subsidy-claims', {
        subsidyType: 'national_project_match',
        projectId,
        programme: 'national_key_rnd_disruptive',
        enterpriseLed: true,
        disbursedFen,
        disbursedOn,
      });
    const first = await assessed(claimIdOf(await tranche(600 * WAN, '2026-03-01')));
    expect(first.awardFen).toBe(300 * WAN);
    const second = await assessed(claimIdOf(await tranche(600 * WAN, '2026-06-01')));
    // The remainder: 500万 − 300万.
    expect(second.awardFen).toBe(200 * WAN);
    expect(second.caps[0]).toMatchObject({ usedBeforeFen: 300 * WAN, usedAfterFen: 500 * WAN });
    // The first tranche filed again (same date and amount) while its match holds an award: refused.
    const again = await assessed(claimIdOf(await tranche(600 * WAN, '2026-03-01')));
    expect(again.status).toBe('ineligible');
    expect(again.reasons.map((r) => r.code)).toContain('duplicate_tranche');
  });

  it('first use without a project: capped per applicant and kind', async () => {
    const claim = await assessed(
      claimIdOf(
        await staff.post('/v1/subsidy-claims', {
          subsidyType: 'first_use',
          firstUseKind: 'first_tapeout_chip',
          applicantName: `武汉芯光电子有限公司 ${newCreditCode()}`,
          requestedFen: 100 * WAN,
        }),
      ),
    );
    expect(claim.status, JSON.stringify(claim.reasons)).toBe('computed');
    expect(claim.awardFen).toBe(100 * WAN);
  });

  it('competition award: a tier the parameters in force do not have is ineligible', async () => {
    const projectId = await qualifiedProject();
    const claim = await assessed(
      claimIdOf(
        await staff.post('/v1/subsidy-claims', {
          subsidyType: 'competition_award',
          projectId,
          competitionYear: 2026,
          prizeTier: 'no_such_tier_in_force',
        }),
      ),
    );
    expect(claim.status).toBe('ineligible');
    expect(claim.reasons.map((r) => r.code)).toContain('unknown_prize_tier');
  });

  it('centre operating fund: the year’s amount within its cap, split into the two shares exactly', async () => {
    const claim = await assessed(
      claimIdOf(await staff.post('/v1/subsidy-claims', { subsidyType: 'center_operating_fund', year: 2027 })),
    );
    expect(claim.status, JSON.stringify(claim.reasons)).toBe('computed');
    // Other runs on this stack may have used the year's cap already: the award is what was left of 1000万.
    const [cap] = claim.caps;
    expect(claim.awardFen).toBe(Math.min(1000 * WAN, (cap?.limitFen ?? 0) - (cap?.usedBeforeFen ?? 0)));
    expect((claim.shares?.cityFen ?? 0) + (claim.shares?.eastLakeHitechFen ?? 0)).toBe(claim.awardFen);
  });

  it('the rules in force are public to any key', async () => {
    const rules = await staff.get('/v1/subsidy-rules');
    expect(rules.status, rules.text).toBe(200);
    expect(JSON.stringify(rules.json)).toContain('§二(七)');
  });
});

describe('bad input (issue 11): each a 4xx problem naming the field, nothing stored', () => {
  it('refuses each and stores no claim', async () => {
    const manager = await newManager();
    const code = newCreditCode();
    const good = rewardClaim(code);
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['negative fen', { ...good, investmentFen: -1 }, 400, 'body.investmentFen'],
      ['non-integer fen', { ...good, investmentFen: 1.5 }, 400, 'body.investmentFen'],
      ['above 10^13 fen', { ...good, investmentFen: 10_000_000_000_001 }, 400, 'body.investmentFen'],
      ['impossible date', { ...good, transferDate: '2026-02-30' }, 400, 'body.transferDate'],
      ['unknown subsidyType', { ...good, subsidyType: 'free_money' }, 400, 'body.subsidyType'],
      ['another type’s field', { ...good, requestedFen: 100 }, 400, 'body'],
      ['for another manager', { ...good, managerId: 'fnd-someone-else' }, 403, 'managerId'],
      [
        'another type for a manager',
        { subsidyType: 'grant_to_equity', projectId: 'prj_01JZ0000000000000000000000', requestedFen: 1 },
        403,
        'subsidyType',
      ],
    ];
    for (const [what, body, status, field] of cases) {
      const answer = await manager.client.post('/v1/subsidy-claims', body);
      expect(answer.status, `${what}: ${answer.text}`).toBe(status);
      expectProblem(answer, status);
      const fields = ((answer.json as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);
      expect(
        fields.some((f) => f === field || f.startsWith(`${field}.`)),
        `${what}: ${fields.join(', ')}`,
      ).toBe(true);
    }
    const loss = {
      subsidyType: 'investment_loss_compensation',
      fundName: '光谷颠覆创新基金',
      enterpriseName: '武汉量子芯科技有限公司',
      enterpriseCreditCode: code,
      projectId: 'prj_01JZ0000000000000000000000',
      firstRoundInvestmentFen: 1000 * WAN,
      actualLossFen: 400 * WAN,
      transferDate: '2023-01-10',
      lossDate: '2023-01-09',
      capitalIncrease: true,
    };
    expectProblem(await manager.client.post('/v1/subsidy-claims', loss), 400, 'body.lossDate');
    // Nothing stored: the manager has no claim, and no claim names it in the table.
    const own = await manager.client.get('/v1/subsidy-claims');
    expect(own.json.items).toEqual([]);
    const stored = await scanByPrefix(stack, 'SUBSIDY_CLAIM#');
    expect(stored.filter((i) => i.managerId === manager.id)).toEqual([]);
  });
});

describe('listing claims', () => {
  it('a fund manager pages through its own claims, newest first; a cursor of another listing is refused', async () => {
    const manager = await newManager();
    const older = claimIdOf(await manager.client.post('/v1/subsidy-claims', rewardClaim(newCreditCode())));
    const newer = claimIdOf(await manager.client.post('/v1/subsidy-claims', rewardClaim(newCreditCode())));
    const first = await manager.client.get('/v1/subsidy-claims?limit=1');
    expect(first.status, first.text).toBe(200);
    expect(first.json.items.map((c: { claimId: string }) => c.claimId)).toEqual([newer]);
    expect(typeof first.json.cursor).toBe('string');
    const second = await manager.client.get(
      `/v1/subsidy-claims?limit=1&cursor=${encodeURIComponent(first.json.cursor)}`,
    );
    expect(second.json.items.map((c: { claimId: string }) => c.claimId)).toEqual([older]);
    // Staff's listing is another partition: the manager's cursor is not valid there.
    expectProblem(
      await staff.get(`/v1/subsidy-claims?limit=1&cursor=${encodeURIComponent(first.json.cursor)}`),
      400,
    );
  });
});

describe('filing is idempotent', () => {
  it('the same Idempotency-Key and body answer the same claim, stored once; another body is refused', async () => {
    const manager = await newManager();
    const body = rewardClaim(newCreditCode());
    const headers = { 'idempotency-key': `subsidy-${manager.id}` };
    const first = claimIdOf(await manager.client.post('/v1/subsidy-claims', body, headers));
    const again = claimIdOf(await manager.client.post('/v1/subsidy-claims', body, headers));
    expect(again).toBe(first);
    expectProblem(
      await manager.client.post('/v1/subsidy-claims', { ...body, investmentFen: 1 }, headers),
      422,
    );
    const stored = await scanByPrefix(stack, 'SUBSIDY_CLAIM#');
    expect(stored.filter((i) => i.sk === 'CLAIM' && i.managerId === manager.id)).toHaveLength(1);
  });
});

describe('a claim’s history', () => {
  it('a computed claim’s events are its history: received, then computed, once each', async () => {
    const manager = await newManager();
    const projectId = await qualifiedProject();
    const creditCode = await landedEnterprise(projectId);
    const claimId = claimIdOf(
      await manager.client.post('/v1/subsidy-claims', rewardClaim(creditCode, 100 * WAN)),
    );
    const claim = await assessed(claimId);
    expect(claim.awardFen).toBe(15 * WAN);
    const history = await scanTable(
      stack,
      (i) => i.pk === `SUBSIDY_CLAIM#${claimId}` && String(i.sk).startsWith('EVENT#'),
    );
    const types = history.map((i) => (i.event as EventEnvelope).type).sort();
    expect(types).toEqual(['subsidy.claim_received', 'subsidy.computed']);
  });
});

/** Today in Asia/Shanghai, and the day after, as calendar dates. */
function shanghaiDays(): { today: string; tomorrow: string } {
  const day = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
  const today = day(new Date());
  const next = new Date(`${today}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { today, tomorrow: next.toISOString().slice(0, 10) };
}

describe('the assessment date and the caps page (issue 11 loose ends)', () => {
  it('staff may not date an assessment after today in Asia/Shanghai: 400 naming assessOn, nothing stored', async () => {
    const manager = await newManager();
    const { tomorrow } = shanghaiDays();
    const answer = await staff.post('/v1/subsidy-claims', {
      ...rewardClaim(newCreditCode()),
      managerId: manager.id,
      assessOn: tomorrow,
    });
    expectProblem(answer, 400, 'assessOn');
    const stored = await scanByPrefix(stack, 'SUBSIDY_CLAIM#');
    expect(stored.filter((i) => i.managerId === manager.id)).toEqual([]);
  });

  it('staff reading the caps of a fund manager that does not exist: 404, not a zero usage', async () => {
    expectProblem(await staff.get(`/v1/caps/fnd-ghost-${marker().toLowerCase()}`), 404);
  });

  // §二(七) gives the per-project compensation (每个项目最高补贴300万元) no period, unlike the manager's 每年累计
  // cap: the manager × project cap binds a claim of any year, so every year's page shows it with its usage.
  it('a cap without a year shows under every year with its usage; an annual cap only under its own year', async () => {
    const manager = await newManager();
    const projectId = await qualifiedProject();
    const creditCode = await landedEnterprise(projectId);
    const claim = await assessed(
      claimIdOf(
        await staff.post('/v1/subsidy-claims', {
          subsidyType: 'investment_loss_compensation',
          fundName: '光谷颠覆创新基金',
          enterpriseName: '武汉量子芯科技有限公司',
          enterpriseCreditCode: creditCode,
          projectId,
          firstRoundInvestmentFen: 1000 * WAN,
          actualLossFen: 400 * WAN,
          transferDate: '2023-01-10',
          lossDate: '2026-06-01',
          capitalIncrease: true,
          managerId: manager.id,
          assessOn: '2026-07-01',
        }),
      ),
    );
    expect(claim.status, JSON.stringify(claim.reasons)).toBe('computed');
    expect(claim.awardFen).toBe(80 * WAN);
    for (const year of [2025, 2026, 2027]) {
      const page = await manager.client.get<CapsAnswer>(`/v1/caps/${manager.id}?year=${year}`);
      expect(page.status, page.text).toBe(200);
      expect(page.json.year).toBe(year);
      expect(
        capOf(page.json, `investment_loss_compensation#manager:${manager.id}#project:${projectId}`)?.usedFen,
        String(year),
      ).toBe(80 * WAN);
      expect(
        capOf(page.json, `investment_loss_compensation#manager:${manager.id}#year:`),
        String(year),
      ).toMatchObject({
        key: `investment_loss_compensation#manager:${manager.id}#year:${year}`,
        usedFen: year === 2026 ? 80 * WAN : 0,
      });
    }
  });
});

describe('decisions racing (issue 11 point 4)', () => {
  it('four staff decisions on one computed claim at once: one wins, the others are 409, the caps agree', async () => {
    // Prepare
    const manager = await newManager();
    const projectId = await qualifiedProject();
    const creditCode = await landedEnterprise(projectId);
    const claimId = claimIdOf(await manager.client.post('/v1/subsidy-claims', rewardClaim(creditCode)));
    const claim = await assessed(claimId);
    expect(claim.status, JSON.stringify(claim.reasons)).toBe('computed');
    // Act
    const decide = (decision: 'approved' | 'rejected') =>
      staff.post(`/v1/subsidy-claims/${claimId}/approval`, { decision, reason: `并发 ${decision}` });
    const answers = await Promise.all([
      decide('approved'),
      decide('rejected'),
      decide('approved'),
      decide('rejected'),
    ]);
    // Assess
    expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join('\n')).toEqual([
      200, 409, 409, 409,
    ]);
    const winner = answers.find((a) => a.status === 200)?.json.status as 'approved' | 'rejected';
    const read = await staff.get<ClaimView>(`/v1/subsidy-claims/${claimId}`);
    expect(read.json.status).toBe(winner);
    // The reservation is kept once (approved) or released once (rejected), never twice.
    const caps = await staff.get<CapsAnswer>(`/v1/caps/${manager.id}`);
    expect(capOf(caps.json, `equity_investment_reward#manager:${manager.id}#year:`)?.usedFen).toBe(
      winner === 'approved' ? 100 * WAN : 0,
    );
    const history = await scanTable(
      stack,
      (i) => i.pk === `SUBSIDY_CLAIM#${claimId}` && String(i.sk).startsWith('EVENT#'),
    );
    const decisions = history
      .map((i) => (i.event as EventEnvelope).type)
      .filter((t) => t === 'subsidy.approved' || t === 'subsidy.rejected');
    expect(decisions).toEqual([`subsidy.${winner}`]);
  });
});
