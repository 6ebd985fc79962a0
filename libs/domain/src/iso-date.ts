const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant with an explicit offset, as commands carry `now`: "2026-11-28T09:30:00.123Z". */
export const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** A calendar date written "2027-03-31". */
export function parseIsoDate(value: string): CalendarDate | null {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/** Milliseconds since the epoch for an instant with an explicit offset ("…Z" or "…+01:00"). */
export function parseIsoInstant(value: string): number | null {
  const match = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (!match) return null;
  if (!isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** A date (taken as its UTC midnight) or an instant, as epoch milliseconds; null when neither. */
export function toEpochMs(value: string): number | null {
  const date = parseIsoDate(value);
  if (date) return Date.UTC(date.year, date.month - 1, date.day);
  return parseIsoInstant(value);
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
