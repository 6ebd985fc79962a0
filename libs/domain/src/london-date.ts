import { formatIsoDate, parseIsoDate } from './iso-date';

// One formatter: building an Intl.DateTimeFormat is far dearer than using one.
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Europe/London at an instant: what a council's notice board reads that day. */
export function londonDateOf(instant: string): string {
  const parts = LONDON.formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return formatIsoDate(part('year'), part('month'), part('day'));
}

/** Day number of a calendar date, counted as dates, so a clock change never makes a day 23 hours. */
function dayNumber(date: string): number {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new Error(`${date} is not a calendar date`);
  return Date.UTC(parsed.year, parsed.month - 1, parsed.day) / 86_400_000;
}

/** Whole days strictly between two dates: neither the first nor the last counts. */
export function clearDaysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) - 1;
}

/** The date `days` calendar days after (or, negative, before) a date. */
export function addDays(date: string, days: number): string {
  const moved = new Date((dayNumber(date) + days) * 86_400_000);
  return formatIsoDate(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}
