import { describe, expect, it } from 'vitest';
import type { ClaimOf } from '../claim.js';
import { exampleClaims } from '../examples.js';
import { assessRow, type CaseRow, summarise, wanFen } from '../test-support.js';

/** §二(七) 拨转股: for a project that qualified, the amount staff decide, at most 600万 per project. */
const projectCap = `grant_to_equity#project:${exampleClaims.grant_to_equity.projectId}`;
const steps = ['requested_amount', 'per_project_cap'];
const qualified = { projectQualified: true };

function grant(requestedFen: number): ClaimOf<'grant_to_equity'> {
  return { ...exampleClaims.grant_to_equity, requestedFen };
}

const rows: CaseRow[] = [
  {
    name: '200万 for a qualified project: 200万',
    claim: grant(wanFen(200)),
    assessOn: '2026-06-01',
    facts: qualified,
    expected: { outcome: 'computed', awardFen: wanFen(200), reasons: [], steps },
  },
  {
    name: 'a project that has not qualified: ineligible',
    claim: grant(wanFen(200)),
    assessOn: '2026-06-01',
    facts: { projectQualified: false },
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['project_not_qualified'], steps: [] },
  },
  {
    name: '700万 requested: bounded by the 600万 cap',
    claim: grant(wanFen(700)),
    assessOn: '2026-06-01',
    facts: qualified,
    expected: { outcome: 'computed', awardFen: wanFen(600), reasons: ['cap_remainder'], steps },
  },
  {
    name: 'a second grant after 600万: 0 with the reason',
    claim: grant(wanFen(100)),
    assessOn: '2026-06-01',
    facts: qualified,
    used: { [projectCap]: wanFen(600) },
    expected: { outcome: 'computed', awardFen: 0, reasons: ['cap_used_up'], steps },
  },
];

describe('grant_to_equity (§二(七))', () => {
  it.each(rows)('$name', (row) => {
    expect(summarise(assessRow(row))).toEqual(row.expected);
  });
});
