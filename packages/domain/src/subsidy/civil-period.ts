/**
 * Periods counted as the Civil Code counts them (民法典 arts. 201–203), on calendar dates `YYYY-MM-DD`:
 * a period in years starts the day after the event (art. 201: the start day is not counted) and ends at the end
 * of the corresponding day of the last year (art. 202), or the last day of that month when it has no such day
 * (a 29 February start in a common year ends on 28 February). Pure string/integer arithmetic: no time zone can
 * move a day.
 */

function parts(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a calendar date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The last day of a period of `years` full years that starts the day after `start`. */
export function periodEnd(start: string, years: number): string {
  if (!Number.isInteger(years) || years < 0) throw new RangeError(`Not a whole number of years: ${years}`);
  const [year, month, day] = parts(start);
  const endYear = year + years;
  return format(endYear, month, Math.min(day, daysInMonth(endYear, month)));
}

/** The calendar day after `date`. */
export function dayAfter(date: string): string {
  const [year, month, day] = parts(date);
  if (day < daysInMonth(year, month)) return format(year, month, day + 1);
  if (month < 12) return format(year, month + 1, 1);
  return format(year + 1, 1, 1);
}
