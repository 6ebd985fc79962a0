export interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

type DatePart = keyof DateParts;

export interface DateProblem {
  /** The fields to mark; all three when the date as a whole is wrong. */
  readonly parts: readonly DatePart[];
  readonly message: string;
}

export const NO_DATE: DateParts = { day: '', month: '', year: '' };

export function partsOf(isoDate: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  return match
    ? { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] }
    : NO_DATE;
}

const PART_NAMES: Record<DatePart, string> = { day: 'a day', month: 'a month', year: 'a year' };

/**
 * A typed date as YYYY-MM-DD, or the problem in the GOV.UK pattern's words: which fields are
 * missing, or that it is not a real date, or on the wrong side of today.
 */
export function readDate(
  parts: DateParts,
  what: string,
  rule: { readonly notAfter?: string; readonly after?: string } = {},
): { readonly date: string } | { readonly problem: DateProblem } | { readonly empty: true } {
  const trimmed = {
    day: parts.day.trim(),
    month: parts.month.trim(),
    year: parts.year.trim(),
  };
  const missing = (Object.keys(trimmed) as DatePart[]).filter((part) => trimmed[part] === '');
  if (missing.length === 3) return { empty: true };
  if (missing.length > 0) {
    return {
      problem: {
        parts: missing,
        message: `${capital(what)} must include ${missing.map((part) => PART_NAMES[part]).join(' and ')}`,
      },
    };
  }
  const notNumbers = (Object.keys(trimmed) as DatePart[]).filter(
    (part) => !/^\d+$/.test(trimmed[part]),
  );
  if (notNumbers.length > 0) {
    return { problem: { parts: notNumbers, message: `${capital(what)} must be a real date` } };
  }
  if (trimmed.year.length !== 4) {
    return { problem: { parts: ['year'], message: 'Year must include 4 numbers' } };
  }
  const [day, month, year] = [Number(trimmed.day), Number(trimmed.month), Number(trimmed.year)];
  const real = new Date(Date.UTC(year, month - 1, day));
  if (
    real.getUTCFullYear() !== year ||
    real.getUTCMonth() !== month - 1 ||
    real.getUTCDate() !== day
  ) {
    return {
      problem: {
        parts: month < 1 || month > 12 ? ['month'] : ['day', 'month', 'year'],
        message: `${capital(what)} must be a real date`,
      },
    };
  }
  const date = `${trimmed.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (rule.notAfter && date > rule.notAfter) {
    return {
      problem: {
        parts: ['day', 'month', 'year'],
        message: `${capital(what)} must be today or in the past`,
      },
    };
  }
  if (rule.after && date <= rule.after) {
    return {
      problem: {
        parts: ['day', 'month', 'year'],
        message: `${capital(what)} must be in the future`,
      },
    };
  }
  return { date };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
