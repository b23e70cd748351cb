import { describe, expect, it } from 'vitest';
import { subsidyDefaults } from '../../parameters/subsidy.js';
import { capsFor } from '../caps.js';
import type { ClaimOf } from '../claim.js';
import { exampleClaims } from '../examples.js';
import { assessRow, type CaseRow, summarise, wanFen } from '../test-support.js';

/** §二(八) 四首: the amount staff decide, at most 1000万 per project. */
const projectId = 'prj_01JZ0000000000000000000001';
const steps = ['requested_amount', 'per_applicant_kind_cap', 'per_project_cap'];
const applicantCap = 'first_use#applicant:ABC芯片#kind:first_tapeout_chip';

function firstUse(change: Partial<ClaimOf<'first_use'>> = {}): ClaimOf<'first_use'> {
  return { ...exampleClaims.first_use, ...change };
}

const rows: CaseRow[] = [
  {
    name: '300万 for a first tape-out: 300万',
    claim: firstUse({ requestedFen: wanFen(300), projectId }),
    assessOn: '2026-06-01',
    expected: { outcome: 'computed', awardFen: wanFen(300), reasons: [], steps },
  },
  {
    name: '1200万 requested: bounded by the 1000万 project cap',
    claim: firstUse({ requestedFen: wanFen(1200), projectId }),
    assessOn: '2026-06-01',
    expected: { outcome: 'computed', awardFen: wanFen(1000), reasons: ['cap_remainder'], steps },
  },
  {
    name: 'the project already had 900万: 100万 remainder',
    claim: firstUse({ requestedFen: wanFen(300), projectId }),
    assessOn: '2026-06-01',
    used: { [`first_use#project:${projectId}`]: wanFen(900) },
    expected: { outcome: 'computed', awardFen: wanFen(100), reasons: ['cap_remainder'], steps },
  },
  {
    name: 'leaving out the projectId does not escape the cap: the applicant × kind already had 1000万 → 0',
    claim: firstUse({ requestedFen: wanFen(300), applicantName: 'ABC芯片' }),
    assessOn: '2026-06-01',
    used: { [applicantCap]: wanFen(1000) },
    expected: {
      outcome: 'computed',
      awardFen: 0,
      reasons: ['cap_used_up'],
      steps: ['requested_amount', 'per_applicant_kind_cap'],
    },
  },
  {
    name: 'a made-up projectId does not open a fresh 1000万 either: the applicant × kind cap still binds',
    claim: firstUse({ requestedFen: wanFen(300), applicantName: 'ABC芯片', projectId: 'prj_made_up' }),
    assessOn: '2026-06-01',
    used: { [applicantCap]: wanFen(900) },
    expected: { outcome: 'computed', awardFen: wanFen(100), reasons: ['cap_remainder'], steps },
  },
];

describe('first_use (§二(八))', () => {
  it.each(rows)('$name', (row) => {
    expect(summarise(assessRow(row))).toEqual(row.expected);
  });

  it('without a project, caps per applicant (NFKC, trimmed) and kind', () => {
    const context = { assessOn: '2026-06-01', parameters: subsidyDefaults };
    const fullWidth = capsFor(firstUse({ applicantName: 'ＡＢＣ芯片 ' }), context);
    const halfWidth = capsFor(firstUse({ applicantName: 'ABC芯片' }), context);
    expect(fullWidth.map((cap) => cap.key)).toEqual(['first_use#applicant:ABC芯片#kind:first_tapeout_chip']);
    expect(halfWidth.map((cap) => cap.key)).toEqual(fullWidth.map((cap) => cap.key));
    expect(capsFor(firstUse({ firstUseKind: 'first_batch_material' }), context)[0]?.key).toMatch(
      /#kind:first_batch_material$/,
    );
  });
});
