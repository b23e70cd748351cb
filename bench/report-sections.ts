import type { Results } from './compare.js';
import { type Figure, renderTables, type Section, sectionsOf } from './report.js';

/**
 * The report's sections of a stored run: those it kept, or, for results written before bench/report.ts kept
 * them, the figures grouped by name under the titles bench/run.ts gives those sections (from the run's options;
 * a title naming something the file does not hold, such as the partners, leaves it out).
 */

const option = (results: Results, name: string): string => {
  const value = results.options?.[name];
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '?';
};

function rebuiltSections(results: Results, figures: readonly Figure[]): Section[] {
  const groups: { title: string; matches: (name: string) => boolean }[] = [
    {
      title: `Storage ceiling (DynamoDB Local PutItem, concurrency ${option(results, 'concurrency')})`,
      matches: (n) => n.startsWith('ceiling.'),
    },
    {
      title: `Pipeline (N=${option(results, 'n')}, concurrency ${option(results, 'concurrency')})`,
      matches: (n) => n.startsWith('pipeline.') || n.startsWith('ratio.'),
    },
    {
      title: `Second path: nomination → screening → panel of 3 → 3 reviews → qualified → offer on a platform queue (${option(results, 'lifecycleProjects')} projects, concurrency ${option(results, 'lifecycleConcurrency')})`,
      matches: (n) => n.startsWith('lifecycle.'),
    },
    {
      title: 'Where the writes and reads go (per nomination, measured phase)',
      matches: (n) => /^(dynamodb|sqs|lambda)\./.test(n),
    },
    {
      title: `Cold start (bundled as the CDK stack bundles; fresh Node 24 process; median of ${option(results, 'coldStartRuns')})`,
      matches: (n) => n.startsWith('coldStart.'),
    },
    {
      title: `Cost per 1000 nominations (${results.prices?.region ?? 'us-east-1'} list prices of ${results.prices?.takenOn ?? '?'}, bench/prices.ts)`,
      matches: (n) => n.startsWith('cost.'),
    },
  ];
  const sections = groups.map((g) => ({ title: g.title, figures: figures.filter((f) => g.matches(f.name)) }));
  const other = figures.filter((f) => !groups.some((g) => g.matches(f.name)));
  return [...sections, { title: 'Other figures', figures: other }].filter((s) => s.figures.length > 0);
}

export function sectionsOfResults(results: Results): Section[] {
  const figures: Figure[] = results.figures.map(({ detail, ...f }) => ({
    ...f,
    value: f.value ?? Number.NaN,
    ...(detail === undefined ? {} : { detail }),
  }));
  return results.sections ? sectionsOf(figures, results.sections) : rebuiltSections(results, figures);
}

/** The aligned Markdown tables of a stored run, headings at `level`, with a comment saying how to refresh them. */
export function tablesOf(results: Results, level = 4): string {
  const note = `<!-- npx tsx bench/report-tables.ts (run ${results.runId}, ${results.startedAt}) -->`;
  return `${note}\n${renderTables(sectionsOfResults(results), { headingLevel: level, align: true })}`;
}
