/**
 * `npx tsx bench/report-tables.ts [bench/baseline.json] [--level 4]`: the Markdown tables of a stored run, as the
 * bench printed them, with aligned columns, to refresh the README's "last full run" section after
 * `--save-baseline`. Results that kept their sections (bench/report.ts) are rendered with them; older ones are
 * grouped by figure name under the titles run.ts gives those sections.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readResults } from './compare.js';
import { tablesOf } from './report-sections.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { level: { type: 'string', default: '4' } },
});
const path = resolve(positionals[0] ?? 'bench/baseline.json');
const results = readResults(path);
process.stdout.write(`${tablesOf(results, Number(values.level))}\n`);
