import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Results, readResults } from '../../../bench/compare.js';
import { Report } from '../../../bench/report.js';
import { sectionsOfResults, tablesOf } from '../../../bench/report-sections.js';

const work = mkdtempSync(join(tmpdir(), 'report-tables-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sample(): Report {
  const report = new Report();
  report.section('Storage ceiling (DynamoDB Local PutItem, concurrency 20)');
  report.add('ceiling.putItem.throughput', 217.59, 'items/s', '1000 puts in 4.6 s');
  report.add('ceiling.putItem.p50', 85.957, 'ms');
  report.section('Second path (10 projects, concurrency 5)');
  report.add('lifecycle.completed', 10, 'projects', 'of 10 in 16.3 s');
  report.add('lifecycle.wru.perProject', 0.0123, 'per project', 'WRU');
  return report;
}

describe('bench report tables', () => {
  it("prints the bench's stdout table as before: unaligned, a ### heading per section", () => {
    expect(sample().table()).toBe(
      [
        '',
        '### Storage ceiling (DynamoDB Local PutItem, concurrency 20)',
        '',
        '| figure | value | unit | detail |',
        '|---|---:|---|---|',
        '| ceiling.putItem.throughput | 218 | items/s | 1000 puts in 4.6 s |',
        '| ceiling.putItem.p50 | 85.96 | ms |  |',
        '',
        '### Second path (10 projects, concurrency 5)',
        '',
        '| figure | value | unit | detail |',
        '|---|---:|---|---|',
        '| lifecycle.completed | 10.00 | projects | of 10 in 16.3 s |',
        '| lifecycle.wru.perProject | 0.0123 | per project | WRU |',
      ].join('\n'),
    );
  });

  it('renders a stored run with the sections it kept, aligned for the README', () => {
    const path = join(work, 'results.json');
    sample().write(path, { runId: 'RUN1', startedAt: '2026-11-30T12:00:00.000Z', options: {} });
    const tables = tablesOf(readResults(path));
    expect(tables.split('\n')).toEqual([
      '<!-- npx tsx bench/report-tables.ts (run RUN1, 2026-11-30T12:00:00.000Z) -->',
      '',
      '#### Storage ceiling (DynamoDB Local PutItem, concurrency 20)',
      '',
      '| figure                     | value | unit    | detail             |',
      '| -------------------------- | ----: | ------- | ------------------ |',
      '| ceiling.putItem.throughput |   218 | items/s | 1000 puts in 4.6 s |',
      '| ceiling.putItem.p50        | 85.96 | ms      |                    |',
      '',
      '#### Second path (10 projects, concurrency 5)',
      '',
      '| figure                   |  value | unit        | detail          |',
      '| ------------------------ | -----: | ----------- | --------------- |',
      '| lifecycle.completed      |  10.00 | projects    | of 10 in 16.3 s |',
      '| lifecycle.wru.perProject | 0.0123 | per project | WRU             |',
    ]);
  });

  it('groups the figures of a run stored without sections under the titles of run.ts, from its options', () => {
    const results: Results = {
      runId: 'OLD',
      startedAt: '2026-11-30T10:27:39.671Z',
      options: { n: 500, concurrency: 20, lifecycleProjects: 50, lifecycleConcurrency: 5, coldStartRuns: 5 },
      prices: { takenOn: '2026-11-28', region: 'us-east-1' },
      figures: [
        { name: 'ceiling.putItem.p50', value: 1, unit: 'ms' },
        { name: 'pipeline.accepted', value: 500, unit: 'nominations' },
        { name: 'lifecycle.completed', value: 33, unit: 'projects' },
        { name: 'ratio.efficiency', value: 1.96, unit: 'ratio' },
        { name: 'dynamodb.intake:GetItem', value: 2, unit: 'requests' },
        { name: 'coldStart.relay.bundle', value: 400_000, unit: 'bytes' },
        { name: 'cost.total', value: 0.42, unit: 'USD/1000' },
        { name: 'floor.something', value: 3, unit: 'ms' },
        { name: 'pipeline.wru.perNomination', value: 22, unit: 'WRU', detail: 'from ConsumedCapacity' },
      ],
    };
    const sections = sectionsOfResults(results).map((s) => [s.title, s.figures.map((f) => f.name)]);
    expect(sections).toEqual([
      ['Storage ceiling (DynamoDB Local PutItem, concurrency 20)', ['ceiling.putItem.p50']],
      [
        'Pipeline (N=500, concurrency 20)',
        ['pipeline.accepted', 'ratio.efficiency', 'pipeline.wru.perNomination'],
      ],
      [
        'Second path: nomination → screening → panel of 3 → 3 reviews → qualified → offer on a platform queue (50 projects, concurrency 5)',
        ['lifecycle.completed'],
      ],
      ['Where the writes and reads go (per nomination, measured phase)', ['dynamodb.intake:GetItem']],
      [
        'Cold start (bundled as the CDK stack bundles; fresh Node 24 process; median of 5)',
        ['coldStart.relay.bundle'],
      ],
      ['Cost per 1000 nominations (us-east-1 list prices of 2026-11-28, bench/prices.ts)', ['cost.total']],
      ['Other figures', ['floor.something']],
    ]);
  });

  it('renders the committed baseline: every figure in exactly one table', () => {
    const baseline = readResults(join(import.meta.dirname, '../../../bench/baseline.json'));
    const rendered = sectionsOfResults(baseline).flatMap((s) => s.figures.map((f) => f.name));
    expect(rendered.toSorted()).toEqual(baseline.figures.map((f) => f.name).toSorted());
    expect(tablesOf(baseline)).toContain('| lifecycle.completed ');
  });
});
