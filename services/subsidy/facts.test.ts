import { parseProject } from '@wuhan/aws';
import { exampleClaims } from '@wuhan/domain';
import { storedProjectItem } from '@wuhan/testing';
import { describe, expect, it } from 'vitest';
import { type FactReads, factsOf } from './facts.js';
import type { ClaimRecord } from './record.js';

/** Facts of a loss compensation checked against the system: the claim's project is the enterprise's own. */
const loss = exampleClaims.investment_loss_compensation;

function claimFor(projectId: string): ClaimRecord {
  return {
    claimId: 'sbc_1',
    subsidyType: 'investment_loss_compensation',
    status: 'received',
    input: { ...loss, projectId },
    managerId: 'fnd-1',
    projectId,
    assessOn: '2026-07-01',
    filedBy: { role: 'fund_manager', id: 'fnd-1' },
    filedAt: '2026-07-01T01:00:00.000Z',
    correlationId: 'cor-0',
  };
}

/** The enterprise landed from `loss.projectId`, which qualified; every project asked for is qualified. */
const reads: FactReads = {
  getEnterprise: async (creditCode) => ({
    creditCode,
    enterpriseName: loss.enterpriseName,
    projectId: loss.projectId,
    district: 'east_lake_hitech',
    landedOn: '2025-01-01',
  }),
  getProject: async (id) => parseProject(storedProjectItem({ id, status: 'landed' })),
  earlierRewardClaims: async () => 0,
};

describe('facts of a loss compensation', () => {
  it('establish the project when the claim names the project the enterprise landed from', async () => {
    expect(await factsOf(claimFor(loss.projectId), reads)).toMatchObject({
      enterpriseIncubated: true,
      projectIsEnterprises: true,
    });
  });

  it('do not establish it for a made-up project id (which would key a fresh 300万 cap)', async () => {
    expect(await factsOf(claimFor('prj_made_up'), reads)).toMatchObject({
      enterpriseIncubated: true,
      projectIsEnterprises: false,
    });
  });
});
