import * as z from '../zod.js';

/**
 * Calendar dates as the programme counts them: `YYYY-MM-DD` in Asia/Shanghai (DOMAIN.md). Such strings sort
 * in date order, so comparing them as strings compares the days.
 */
export const calendarDateSchema = z.iso
  .date()
  .check(z.describe('A calendar date, YYYY-MM-DD, in Asia/Shanghai'));
export type CalendarDate = z.infer<typeof calendarDateSchema>;

/** Asia/Shanghai is UTC+8 all year (China has kept no daylight saving time since 1991), so no tz data is needed. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The calendar date in Asia/Shanghai at the instant `now`. */
export function today(now: Date): CalendarDate {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` moved by `days` calendar days (negative: back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
