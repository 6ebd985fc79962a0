import { InvalidFiscalYear } from './domain.errors';
import { formatIsoDate, parseIsoDate, parseIsoInstant } from './iso-date';

const FISCAL_YEAR = /^([1-9]\d{3})-(\d{2})$/;

/** A UK public-sector fiscal year, 1 April to 31 March, written "2026-27". */
export class FiscalYear {
  private constructor(readonly startYear: number) {}

  static parse(value: string): FiscalYear {
    const match = typeof value === 'string' ? FISCAL_YEAR.exec(value) : null;
    if (!match) throw new InvalidFiscalYear(value);
    const startYear = Number(match[1]);
    if (startYear >= 9999 || Number(match[2]) !== (startYear + 1) % 100) {
      throw new InvalidFiscalYear(value);
    }
    return new FiscalYear(startYear);
  }

  static isValid(value: string): boolean {
    try {
      FiscalYear.parse(value);
      return true;
    } catch {
      return false;
    }
  }

  static startingIn(year: number): FiscalYear {
    if (!Number.isInteger(year) || year < 1000 || year >= 9999) throw new InvalidFiscalYear(year);
    return new FiscalYear(year);
  }

  /**
   * The fiscal year of a date ("2027-03-31") or an instant ("2027-03-31T23:30:00.000Z").
   * An instant is placed by its UK local date: British Summer Time is always in force at the
   * 1 April boundary, so the year turns at 23:00 UTC on 31 March.
   */
  static containing(isoDateOrInstant: string): FiscalYear {
    const date = parseIsoDate(isoDateOrInstant);
    if (date) return FiscalYear.startingIn(date.month >= 4 ? date.year : date.year - 1);
    const ms = parseIsoInstant(isoDateOrInstant);
    if (ms === null) {
      throw new RangeError(
        `${JSON.stringify(isoDateOrInstant)} is not an ISO 8601 date or instant`,
      );
    }
    const utcYear = new Date(ms).getUTCFullYear();
    const turn = Date.UTC(utcYear, 2, 31, 23, 0, 0, 0);
    return FiscalYear.startingIn(ms >= turn ? utcYear : utcYear - 1);
  }

  /** 1 April, as an ISO date. */
  start(): string {
    return formatIsoDate(this.startYear, 4, 1);
  }

  /** 31 March of the following calendar year, as an ISO date. */
  end(): string {
    return formatIsoDate(this.startYear + 1, 3, 31);
  }

  contains(isoDateOrInstant: string): boolean {
    return FiscalYear.containing(isoDateOrInstant).equals(this);
  }

  next(): FiscalYear {
    return FiscalYear.startingIn(this.startYear + 1);
  }

  previous(): FiscalYear {
    return FiscalYear.startingIn(this.startYear - 1);
  }

  compare(other: FiscalYear): -1 | 0 | 1 {
    return Math.sign(this.startYear - other.startYear) as -1 | 0 | 1;
  }

  equals(other: FiscalYear): boolean {
    return this.startYear === other.startYear;
  }

  toString(): string {
    return `${this.startYear}-${String((this.startYear + 1) % 100).padStart(2, '0')}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
