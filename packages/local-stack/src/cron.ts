/**
 * EventBridge Scheduler cron expressions: six fields, `minutes hours day-of-month month day-of-week year`,
 * evaluated in a time zone. Supported: `*`, `?`, numbers, lists, ranges `a-b`, steps `* /n` and `a-b/n`,
 * month names (JAN…DEC) and weekday names (SUN…SAT). Weekdays count as in EventBridge: 1 = Sunday … 7 = Saturday.
 * Not supported (and refused): `L`, `W`, `#`.
 */
const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  min: number;
  max: number;
  names?: string[];
}
const fields: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: months },
  { min: 1, max: 7, names: weekdays },
  { min: 1970, max: 2199 },
];

type Matcher = (value: number) => boolean;

function parseValue(text: string, spec: FieldSpec, expression: string): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + 1 : Number(text);
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new Error(`Cron ${expression}: ${text} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

function parseField(text: string, spec: FieldSpec, expression: string): Matcher {
  if (text === '*' || text === '?') return () => true;
  const allowed = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Cron ${expression}: bad step in ${part}`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = parseValue(a, spec, expression);
      to = parseValue(b, spec, expression);
    } else {
      from = parseValue(range, spec, expression);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return (value) => allowed.has(value);
}

/** The wall-clock fields of an instant in a time zone (minute, hour, day, month, weekday 1 = Sunday, year). */
export function zonedFields(at: Date, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return [
    Number(get('minute')),
    Number(get('hour')),
    Number(get('day')),
    Number(get('month')),
    weekdays.indexOf(get('weekday').toUpperCase()) + 1,
    Number(get('year')),
  ];
}

export interface Cron {
  expression: string;
  /** True when the schedule fires in the minute containing `at`. */
  matches(at: Date): boolean;
}

export function parseCron(expression: string, timeZone: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6) throw new Error(`Cron ${expression}: expected 6 fields (m h dom mon dow year)`);
  if (/[LW#]/.test(expression)) throw new Error(`Cron ${expression}: L, W and # are not supported locally`);
  const matchers = parts.map((text, i) => parseField(text, fields[i] as FieldSpec, expression));
  return {
    expression,
    matches: (at) => zonedFields(at, timeZone).every((value, i) => (matchers[i] as Matcher)(value)),
  };
}
