import { randomInt } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { creditCodeCharset, creditCodeCheckChar } from '@wuhan/domain';
import type { Credentials, StackInfo } from '@wuhan/local-stack';
import { type ApiResponse, api, credentialFor, testDocumentClient, waitFor } from '@wuhan/testing';
import { expect } from 'vitest';
import { intakeClients, marker, nomination } from './intake-helpers.js';

/** Shared by the subsidy integration files: fresh fund managers, incubated enterprises, assessed claims. */

/** A valid, random unified social credit code (GB 32100): each test's enterprises are its own. */
export function newCreditCode(): string {
  let body = '91420100';
  while (body.length < 17) body += creditCodeCharset.charAt(randomInt(creditCodeCharset.length));
  return `${body}${creditCodeCheckChar(body)}`;
}

export interface ClaimView {
  claimId: string;
  status: string;
  awardFen?: number;
  reasons: { code: string; clause: string; zh: string; en: string }[];
  trace: { step: string; clause: string; resultFen: number }[];
  caps: { key: string; limitFen: number; usedBeforeFen: number; usedAfterFen: number }[];
  shares?: { cityFen: number; eastLakeHitechFen: number };
}

export function subsidyClients(stack: StackInfo, credentials: Credentials) {
  const { staff, partnerA } = intakeClients(stack, credentials);
  const staffKey = credentialFor(credentials, 'staff').key;

  /** A fund manager of its own (caps are per manager and year: no other test touches its caps), with its key. */
  async function newManager() {
    const mark = marker();
    const email = `fund-${mark.toLowerCase()}@example.cn`;
    const created = await staff.post('/v1/fund-managers', {
      name: `集成测试投资管理有限公司 ${mark}`,
      creditCode: newCreditCode(),
      funds: [`集成测试基金 ${mark}`],
      contactEmail: email,
    });
    expect(created.status, created.text).toBe(201);
    return { id: String(created.json.profile.id), email, client: api(stack, String(created.json.apiKey)) };
  }

  /**
   * A qualified project: nominated and screened through the API, then marked qualified as the evaluation's
   * outcome leaves it (as test/integration/matching.test.ts does; evaluation.test.ts covers the reviews).
   */
  async function qualifiedProject() {
    const created = await partnerA.post('/v1/nominations', nomination(marker(), { techField: 'quantum' }));
    expect(created.status, created.text).toBe(202);
    const projectId = String(created.json.projectId);
    const passed = await staff.post(`/v1/projects/${projectId}/screening`, { decision: 'pass' });
    expect(passed.status, passed.text).toBe(200);
    await testDocumentClient(stack).send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `PROJECT#${projectId}`, sk: 'PROJECT' },
        UpdateExpression: 'SET #status = :qualified, gsi2pk = :listing, #version = #version + :one',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: {
          ':qualified': 'qualified',
          ':listing': 'PROJECTS#STATUS#qualified',
          ':one': 1,
        },
      }),
    );
    return projectId;
  }

  /** An enterprise the programme incubated: an enterprise_landed milestone of the qualified project (the API). */
  async function landedEnterprise(projectId: string) {
    const creditCode = newCreditCode();
    const landed = await staff.post(`/v1/projects/${projectId}/milestones`, {
      type: 'enterprise_landed',
      enterpriseName: `武汉集成测试科技有限公司 ${creditCode}`,
      creditCode,
      district: 'east_lake_hitech',
      date: '2026-05-20',
    });
    expect(landed.status, landed.text).toBe(201);
    return creditCode;
  }

  /** The claim once the consumer has assessed it (any status but received). */
  async function assessed(claimId: string, timeoutMs = 30_000): Promise<ClaimView> {
    return waitFor(
      async () => {
        const read = await staff.get<ClaimView>(`/v1/subsidy-claims/${claimId}`);
        return read.status === 200 && read.json.status !== 'received' ? read.json : undefined;
      },
      { timeoutMs, intervalMs: 200, description: `claim ${claimId} assessed` },
    );
  }

  return { staff, staffKey, newManager, qualifiedProject, landedEnterprise, assessed };
}

export function claimIdOf(response: ApiResponse<unknown>): string {
  expect(response.status, response.text).toBe(202);
  const { claimId } = response.json as { claimId: string };
  return claimId;
}

/** An equity investment reward that is due (transfer more than two full years ago) and pays 15 %: 120万 → capped. */
export function rewardClaim(creditCode: string, investmentFen = 800_000_000) {
  return {
    subsidyType: 'equity_investment_reward',
    fundName: '光谷颠覆创新基金',
    enterpriseName: '武汉量子芯科技有限公司',
    enterpriseCreditCode: creditCode,
    investmentFen,
    transferDate: '2024-03-01',
    capitalIncrease: true,
    firstInvestment: true,
  };
}
