import { writeFileSync } from 'node:fs';

/** One figure of the run, as bench/results.json holds it. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  detail?: string;
}

/** A titled group of figures: one table of the report. */
export interface Section {
  title: string;
  figures: readonly Figure[];
}

/** Where each section starts in `figures`, as results.json keeps it (so the tables can be rendered again). */
export interface SectionStart {
  title: string;
  from: number;
}

/** The sections over a flat list of figures, each running to the next one's start. */
export function sectionsOf(figures: readonly Figure[], starts: readonly SectionStart[]): Section[] {
  return starts.map((s, k) => ({
    title: s.title,
    figures: figures.slice(s.from, starts[k + 1]?.from ?? figures.length),
  }));
}

/** A figure's value as the tables show it: 3 significant digits below 1, 2 decimals below 100, whole above. */
export function formatValue(v: number): string {
  return !Number.isFinite(v)
    ? String(v)
    : Math.abs(v) >= 100
      ? v.toFixed(0)
      : Math.abs(v) >= 1
        ? v.toFixed(2)
        : v === 0
          ? '0'
          : v.toPrecision(3);
}

/**
 * The readable tables (Markdown, so they paste into the README as is): a heading per section, then
 * figure | value | unit | detail. `align` pads the columns (the README's own tables are aligned); the bench's
 * stdout is not, as before.
 */
export function renderTables(
  sections: readonly Section[],
  options: { headingLevel?: number; align?: boolean } = {},
): string {
  const heading = '#'.repeat(options.headingLevel ?? 3);
  const lines: string[] = [];
  for (const s of sections) {
    const rows = s.figures.map((f) => [f.name, formatValue(f.value), f.unit, f.detail ?? '']);
    lines.push(
      '',
      `${heading} ${s.title}`,
      '',
      ...table(['figure', 'value', 'unit', 'detail'], rows, options.align),
    );
  }
  return lines.join('\n');
}

/** The value column is right-aligned, the others left. */
function table(header: string[], rows: string[][], align = false): string[] {
  if (!align) {
    return [`| ${header.join(' | ')} |`, '|---|---:|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)];
  }
  const widths = header.map((h, c) => Math.max(h.length, 3, ...rows.map((r) => (r[c] ?? '').length)));
  const pad = (cell: string, c: number) =>
    c === 1 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0);
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (c === 1 ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)];
}

export class Report {
  readonly figures: Figure[] = [];
  private readonly sections: SectionStart[] = [];

  section(title: string): void {
    this.sections.push({ title, from: this.figures.length });
  }

  add(name: string, value: number, unit: string, detail?: string): void {
    this.figures.push(detail === undefined ? { name, value, unit } : { name, value, unit, detail });
  }

  /** results.json, with the sections, so `bench/report-tables.ts` renders the same tables from the file. */
  write(path: string, meta: Record<string, unknown>): void {
    writeFileSync(
      path,
      `${JSON.stringify({ ...meta, sections: this.sections, figures: this.figures }, null, 2)}\n`,
    );
  }

  /** The readable table (Markdown, so it pastes into the README as is). */
  table(): string {
    return renderTables(sectionsOf(this.figures, this.sections));
  }
}
