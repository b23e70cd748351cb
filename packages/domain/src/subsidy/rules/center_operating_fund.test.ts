import { describe, expect, it } from 'vitest';
import { subsidyDefaults } from '../../parameters/subsidy.js';
import { exampleClaims } from '../examples.js';
import { assessRow, type CaseRow, summarise, wanFen } from '../test-support.js';

/** §二(一) 武汉中心运行经费: 1000万 a year, the city and 东湖高新区 paying 50% each. */
const steps = ['annual_amount', 'year_cap', 'city_share', 'east_lake_hitech_share'];
const claim = exampleClaims.center_operating_fund;

const rows: CaseRow[] = [
  {
    name: '2026: 1000万, the city and 东湖高新区 500万 each',
    claim,
    assessOn: '2026-01-05',
    expected: { outcome: 'computed', awardFen: wanFen(1000), reasons: [], steps },
  },
  {
    name: 'a second claim for 2026 finds the year used up: 0',
    claim,
    assessOn: '2026-02-05',
    used: { 'center_operating_fund#year:2026': wanFen(1000) },
    expected: { outcome: 'computed', awardFen: 0, reasons: ['cap_used_up'], steps },
  },
];

describe('center_operating_fund (§二(一))', () => {
  it.each(rows)('$name', (row) => {
    expect(summarise(assessRow(row))).toEqual(row.expected);
  });

  it('returns the two shares with their trace', () => {
    const assessment = assessRow({ claim, assessOn: '2026-01-05' });
    expect(assessment.shares).toEqual({ cityFen: wanFen(500), eastLakeHitechFen: wanFen(500) });
    expect(assessment.trace.slice(-2).map((step) => [step.step, step.resultFen])).toEqual([
      ['city_share', wanFen(500)],
      ['east_lake_hitech_share', wanFen(500)],
    ]);
  });

  it('an odd amount: the city gets the floor, 东湖高新区 the rest, adding up exactly', () => {
    const parameters = {
      ...subsidyDefaults,
      centerOperatingFund: { annualFen: 1_000_000_001, cityShareBp: 3333, eastLakeHitechShareBp: 6667 },
    };
    const assessment = assessRow({ claim, assessOn: '2026-01-05', parameters });
    // 1,000,000,001 × 33.33% = 333,300,000.3333 → 333,300,000.
    expect(assessment.shares).toEqual({ cityFen: 333_300_000, eastLakeHitechFen: 666_700_001 });
  });

  it('a year with 400万 left: the award is the remainder, split in two', () => {
    const assessment = assessRow({
      claim,
      assessOn: '2026-06-01',
      used: { 'center_operating_fund#year:2026': wanFen(600) },
    });
    expect(assessment.awardFen).toBe(wanFen(400));
    expect(assessment.shares).toEqual({ cityFen: wanFen(200), eastLakeHitechFen: wanFen(200) });
  });
});
