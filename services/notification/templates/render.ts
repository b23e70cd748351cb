/**
 * A tiny HTML renderer: every interpolated value is escaped unless it is already `SafeHtml` (the output of
 * another `html` template). Escaping is the default so a partner-supplied title such as `<script>` can only ever
 * show as text; there is no "raw" escape hatch for data.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

export type HtmlValue = SafeHtml | string | number | undefined | null | readonly HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * A subject is a header: a title with a line break must not add a header, and SES refuses long subjects, so
 * control characters become spaces and very long subjects are shortened.
 */
export function subjectLine(value: string, maxLength = 180): string {
  const flat = value
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}
