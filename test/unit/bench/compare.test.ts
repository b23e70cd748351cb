import { describe, expect, it } from 'vitest';
import { compareFigures, comparisonTable, worseDirection } from '../../../bench/compare.js';

const baseline = [
  { name: 'coldStart.notification.bundle', value: 1_000_000, unit: 'bytes' },
  { name: 'coldStart.notification.init', value: 100, unit: 'ms' },
  { name: 'pipeline.accepted.throughput', value: 40, unit: 'nominations/s' },
  { name: 'pipeline.wru.perNomination', value: 52, unit: 'WRU' },
  { name: 'coldStart.digest.init', value: 90, unit: 'ms' },
];

describe('bench --compare', () => {
  it('puts each figure beside the baseline as a ratio and flags what got fatter or slower beyond tolerance', () => {
    const rows = compareFigures(
      [
        { name: 'coldStart.notification.bundle', value: 1_100_000, unit: 'bytes' },
        { name: 'coldStart.notification.init', value: 120, unit: 'ms' },
        { name: 'pipeline.accepted.throughput', value: 20, unit: 'nominations/s' },
        { name: 'pipeline.wru.perNomination', value: 46, unit: 'WRU' },
        { name: 'coldStart.matching.init', value: 95, unit: 'ms' },
      ],
      baseline,
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    // 10 % more bytes: beyond the 5 % for sizes.
    expect(byName.get('coldStart.notification.bundle')).toMatchObject({ ratio: 1.1, flag: 'worse' });
    // 20 % slower init: within the 30 % that timings get on a shared machine.
    expect(byName.get('coldStart.notification.init')).toMatchObject({ ratio: 1.2, flag: '' });
    // Half the throughput is worse; fewer write units are better.
    expect(byName.get('pipeline.accepted.throughput')).toMatchObject({ ratio: 0.5, flag: 'worse' });
    expect(byName.get('pipeline.wru.perNomination')?.flag).toBe('better');
    // A function new since the baseline, one no longer measured.
    expect(byName.get('coldStart.matching.init')).toMatchObject({ baseline: undefined, flag: 'new' });
    expect(byName.get('coldStart.digest.init')).toMatchObject({ now: undefined, flag: 'gone' });
  });

  it('flags nothing within tolerance, and honours tighter tolerances', () => {
    const now = [{ name: 'coldStart.notification.init', value: 110, unit: 'ms' }];
    expect(compareFigures(now, baseline)[0]?.flag).toBe('');
    expect(compareFigures(now, baseline, { counts: 0.05, timings: 0.05 })[0]?.flag).toBe('worse');
  });

  it('knows which way is worse', () => {
    expect(worseDirection('coldStart.intake.ratio', 'ratio')).toBe('up');
    expect(worseDirection('ratio.efficiency', 'ratio')).toBe('down');
    expect(worseDirection('pipeline.accepted', 'nominations')).toBe('down');
    expect(worseDirection('ceiling.item.size', 'bytes')).toBe('up');
    expect(worseDirection('pipeline.emails.perNomination', 'emails')).toBe('neither');
    // The POST path's floor: more round-trip tail, or more of ours above it, is worse.
    expect(worseDirection('ratio.floorP99.putItemP99', 'ratio')).toBe('up');
    expect(worseDirection('ratio.postP99.floorP99', 'ratio')).toBe('up');
    expect(worseDirection('floor.post.p99', 'ms')).toBe('up');
  });

  it('prints the worse figures first', () => {
    const rows = compareFigures(
      [
        { name: 'pipeline.wru.perNomination', value: 52, unit: 'WRU' },
        { name: 'coldStart.notification.bundle', value: 2_000_000, unit: 'bytes' },
      ],
      baseline,
    );
    const table = comparisonTable(
      rows,
      { runId: 'R1', startedAt: '2026-11-30T00:00:00Z', figures: baseline },
      {
        counts: 0.05,
        timings: 0.3,
      },
    );
    const lines = table.split('\n').filter((l) => l.startsWith('| coldStart') || l.startsWith('| pipeline'));
    expect(lines[0]).toContain('coldStart.notification.bundle | 1000000 | 2000000 | 2.00× | bytes | ⚠ worse');
    expect(lines[1]).toContain('pipeline.wru.perNomination | 52.00 | 52.00 | 1.00×');
  });
});
