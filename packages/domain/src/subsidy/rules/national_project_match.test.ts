import { describe, expect, it } from 'vitest';
import type { ClaimOf } from '../claim.js';
import { exampleClaims } from '../examples.js';
import { assessRow, type CaseRow, summarise, wanFen } from '../test-support.js';

/**
 * §二(五) 国家项目配套: for an enterprise-led national key R&D disruptive-technology project, 50% of the national
 * funds actually disbursed, at most 500万 per project, cumulative over the tranches.
 */
const projectId = exampleClaims.national_project_match.projectId;
const projectCap = `national_project_match#project:${projectId}`;
const steps = ['base_match', 'per_project_cap', 'once_per_tranche'];
/** The example tranche: 300万 disbursed on 2026-05-20. */
const trancheKey = `national_project_match#project:${projectId}#tranche:2026-05-20:300000000`;

function tranche(change: Partial<ClaimOf<'national_project_match'>> = {}): ClaimOf<'national_project_match'> {
  return { ...exampleClaims.national_project_match, ...change };
}

const rows: CaseRow[] = [
  {
    name: 'the same tranche (date and amount) filed again while its match holds an award: duplicate_tranche',
    claim: tranche(),
    assessOn: '2026-06-01',
    used: { [projectCap]: wanFen(150), [trancheKey]: wanFen(150) },
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['duplicate_tranche'], steps: ['base_match'] },
  },
  {
    name: 'another tranche of the same project (a different date) is matched: tranches accumulate',
    claim: tranche({ disbursedOn: '2026-05-21' }),
    assessOn: '2026-06-01',
    used: { [projectCap]: wanFen(150), [trancheKey]: wanFen(150) },
    expected: { outcome: 'computed', awardFen: wanFen(150), reasons: [], steps },
  },
  {
    name: 'a 300万 tranche disbursed: 50% = 150万',
    claim: tranche({ disbursedFen: wanFen(300) }),
    assessOn: '2026-06-01',
    expected: { outcome: 'computed', awardFen: wanFen(150), reasons: [], steps },
  },
  {
    name: 'a 1200万 tranche: 600万, the 500万 project cap binds',
    claim: tranche({ disbursedFen: wanFen(1200) }),
    assessOn: '2026-06-01',
    expected: { outcome: 'computed', awardFen: wanFen(500), reasons: ['cap_remainder'], steps },
  },
  {
    name: 'earlier tranches matched 450万: this 200万 match gets 50万',
    claim: tranche({ disbursedFen: wanFen(400) }),
    assessOn: '2026-06-01',
    used: { [projectCap]: wanFen(450) },
    expected: { outcome: 'computed', awardFen: wanFen(50), reasons: ['cap_remainder'], steps },
  },
  {
    name: 'a project led by a university, not an enterprise: ineligible',
    claim: tranche({ enterpriseLed: false }),
    assessOn: '2026-06-01',
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['not_enterprise_led'], steps: [] },
  },
  {
    name: 'a tranche dated after the assessment is not yet disbursed: ineligible',
    claim: tranche({ disbursedOn: '2026-06-02' }),
    assessOn: '2026-06-01',
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['not_yet_disbursed'], steps: [] },
  },
  {
    name: 'rounds down: 50% of 333 fen is 166 fen',
    claim: tranche({ disbursedFen: 333 }),
    assessOn: '2026-06-01',
    expected: { outcome: 'computed', awardFen: 166, reasons: [], steps },
  },
];

describe('national_project_match (§二(五))', () => {
  it.each(rows)('$name', (row) => {
    expect(summarise(assessRow(row))).toEqual(row.expected);
  });

  it('tranches accumulate to 500万 and no further', () => {
    const used: Record<string, number> = {};
    const awards = [wanFen(400), wanFen(400), wanFen(400), wanFen(400)].map((disbursedFen, index) => {
      const assessment = assessRow({
        claim: tranche({ disbursedFen, disbursedOn: `2026-0${index + 1}-15` }),
        assessOn: '2026-06-01',
        used,
      });
      for (const cap of assessment.caps) used[cap.key] = cap.usedAfterFen;
      return summarise(assessment);
    });
    expect(awards.map((a) => a.awardFen)).toEqual([200, 200, 100, 0].map(wanFen));
    expect(awards.map((a) => a.reasons)).toEqual([[], [], ['cap_remainder'], ['cap_used_up']]);
    expect(used[projectCap]).toBe(wanFen(500));
  });
});
