import { readFileSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import { type Figure, formatValue } from './report.js';

/**
 * `--compare bench/baseline.json`: each figure of this run beside the stored baseline, as a ratio, so a change
 * that makes a function fatter or slower shows as a number (issue 13). A figure beyond its tolerance is flagged,
 * as information: the bench is not a test and fails nothing.
 */

const figureSchema = z.object({
  name: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  detail: z.string().optional(),
});
export const resultsSchema = z.object({
  runId: z.string(),
  startedAt: z.string(),
  node: z.string().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  prices: z.object({ takenOn: z.string(), region: z.string() }).optional(),
  /** Where each table starts (bench/report.ts); absent in results written before it was kept. */
  sections: z.array(z.object({ title: z.string(), from: z.number().int().nonnegative() })).optional(),
  figures: z.array(figureSchema),
});
export type Results = z.infer<typeof resultsSchema>;

export function readResults(path: string): Results {
  return resultsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Which way is worse: `up` (bytes, ms, writes, cost), `down` (throughput, accepted), or neither. */
export type Worse = 'up' | 'down' | 'neither';

export function worseDirection(name: string, unit: string): Worse {
  if (unit.endsWith('/s') || /^ratio\.efficiency/.test(name)) return 'down';
  if (name === 'pipeline.accepted' || name === 'pipeline.e2e.arrived' || /\.completed$/.test(name))
    return 'down';
  if (name === 'coldStart.missing') return 'up';
  if (
    [
      'bytes',
      'ms',
      'WRU',
      'RRU',
      'item writes',
      'requests',
      'USD/1000',
      'per nomination',
      'per project',
    ].includes(unit) ||
    /^coldStart\..*\.ratio$/.test(name) ||
    name === 'ratio.postP99.putItemP99' ||
    name === 'ratio.transactionP99.putItemP99' ||
    name === 'ratio.floorP99.putItemP99' ||
    name === 'ratio.postP99.floorP99'
  )
    return 'up';
  return 'neither';
}

/** Timings move from run to run on a shared machine; sizes and counts do not. */
export function isTiming(name: string, unit: string): boolean {
  return unit === 'ms' || unit.endsWith('/s') || name.startsWith('ratio.') || /\.ratio$/.test(name);
}

export interface Tolerances {
  /** Bytes, writes, requests, cost: a relative change beyond this is flagged. */
  counts: number;
  /** Milliseconds, rates and ratios of them. */
  timings: number;
}
export const defaultTolerances: Tolerances = { counts: 0.05, timings: 0.3 };

export interface Comparison {
  name: string;
  unit: string;
  baseline: number | undefined;
  now: number | undefined;
  /** now ÷ baseline; undefined when either is missing or the baseline is 0. */
  ratio: number | undefined;
  flag: 'worse' | 'better' | 'new' | 'gone' | '';
}

export function compareFigures(
  now: readonly Pick<Figure, 'name' | 'value' | 'unit'>[],
  baseline: readonly { name: string; value: number | null; unit: string }[],
  tolerances: Tolerances = defaultTolerances,
): Comparison[] {
  const before = new Map(baseline.map((f) => [f.name, f]));
  const rows: Comparison[] = [];
  for (const figure of now) {
    const base = before.get(figure.name);
    before.delete(figure.name);
    const b = base?.value ?? undefined;
    if (base === undefined || b === undefined) {
      rows.push({
        name: figure.name,
        unit: figure.unit,
        baseline: undefined,
        now: figure.value,
        ratio: undefined,
        flag: 'new',
      });
      continue;
    }
    const ratio = b === 0 ? undefined : figure.value / b;
    const tolerance = isTiming(figure.name, figure.unit) ? tolerances.timings : tolerances.counts;
    const direction = worseDirection(figure.name, figure.unit);
    let flag: Comparison['flag'] = '';
    const change =
      ratio !== undefined
        ? ratio - 1
        : figure.value === 0
          ? 0
          : Math.sign(figure.value) * Number.POSITIVE_INFINITY;
    if (direction !== 'neither' && Math.abs(change) > tolerance) {
      const rose = change > 0;
      flag = (direction === 'up') === rose ? 'worse' : 'better';
    }
    rows.push({ name: figure.name, unit: figure.unit, baseline: b, now: figure.value, ratio, flag });
  }
  for (const gone of before.values())
    rows.push({
      name: gone.name,
      unit: gone.unit,
      baseline: gone.value ?? undefined,
      now: undefined,
      ratio: undefined,
      flag: 'gone',
    });
  return rows;
}

/** As the report's tables show a value (report.ts `formatValue`); a missing one is a dash. */
const format = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : formatValue(v));

/** A Markdown table, worse figures first, then the rest in report order. */
export function comparisonTable(
  rows: readonly Comparison[],
  baseline: Results,
  tolerances: Tolerances,
): string {
  const flagged = rows.filter((r) => r.flag === 'worse');
  const label = { worse: '⚠ worse', better: 'better', new: 'new', gone: 'gone', '': '' } as const;
  const lines = [
    '',
    `### Compared with the baseline (run ${baseline.runId}, ${baseline.startedAt})`,
    '',
    `Flagged beyond ±${(tolerances.counts * 100).toFixed(0)} % for sizes, writes and cost, ±${(tolerances.timings * 100).toFixed(0)} % for timings; ` +
      `${flagged.length} figure(s) worse. Information, not a failure.`,
    '',
    '| figure | baseline | now | now ÷ baseline | unit | flag |',
    '|---|---:|---:|---:|---|---|',
  ];
  for (const r of [...flagged, ...rows.filter((r) => r.flag !== 'worse')]) {
    lines.push(
      `| ${r.name} | ${format(r.baseline)} | ${format(r.now)} | ${r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)}×`} | ${r.unit} | ${label[r.flag]} |`,
    );
  }
  return lines.join('\n');
}

/** `--save-baseline`: the run's results, as written to results.json, become the baseline. */
export function saveBaseline(resultsPath: string, baselinePath: string): void {
  const results = readResults(resultsPath);
  writeFileSync(baselinePath, `${JSON.stringify(results, null, 2)}\n`);
}
