import { writeFileSync } from 'node:fs';

/** One figure of the run, as bench/results.json holds it. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  detail?: string;
}

export class Report {
  readonly figures: Figure[] = [];
  private readonly sections: { title: string; from: number }[] = [];

  section(title: string): void {
    this.sections.push({ title, from: this.figures.length });
  }

  add(name: string, value: number, unit: string, detail?: string): void {
    this.figures.push(detail === undefined ? { name, value, unit } : { name, value, unit, detail });
  }

  write(path: string, meta: Record<string, unknown>): void {
    writeFileSync(path, `${JSON.stringify({ ...meta, figures: this.figures }, null, 2)}\n`);
  }

  /** The readable table (Markdown, so it pastes into the README as is). */
  table(): string {
    const format = (v: number) =>
      !Number.isFinite(v)
        ? String(v)
        : Math.abs(v) >= 100
          ? v.toFixed(0)
          : Math.abs(v) >= 1
            ? v.toFixed(2)
            : v === 0
              ? '0'
              : v.toPrecision(3);
    const lines: string[] = [];
    this.sections.forEach((s, k) => {
      const to = this.sections[k + 1]?.from ?? this.figures.length;
      lines.push('', `### ${s.title}`, '', '| figure | value | unit | detail |', '|---|---:|---|---|');
      for (const f of this.figures.slice(s.from, to)) {
        lines.push(`| ${f.name} | ${format(f.value)} | ${f.unit} | ${f.detail ?? ''} |`);
      }
    });
    return lines.join('\n');
  }
}
