import { InvalidMoney } from './domain.errors';

// Leading zeros, exponents, signs and spaces are refused so each amount has exactly one spelling.
export const MONEY_PATTERN = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;

/** An exact amount in pounds sterling, held as integer pence. May be negative only as a result of arithmetic (an NPV). */
export class Money {
  static readonly MAX_PENCE = 99_999_999_999_999n;
  static readonly ZERO = new Money(0n);

  private constructor(readonly pence: bigint) {}

  /** Accepts "15000", "125000.5" and "125000.50": non-negative pounds, at most two decimals. */
  static parse(value: string): Money {
    const match = typeof value === 'string' ? MONEY_PATTERN.exec(value) : null;
    if (!match) throw new InvalidMoney(value);
    const pounds = BigInt(match[1]);
    const fraction = BigInt((match[2] ?? '').padEnd(2, '0'));
    return new Money(pounds * 100n + fraction);
  }

  static isValid(value: string): boolean {
    return typeof value === 'string' && MONEY_PATTERN.test(value);
  }

  static fromPence(pence: bigint): Money {
    return pence === 0n ? Money.ZERO : new Money(pence);
  }

  static sum(amounts: readonly Money[]): Money {
    return amounts.reduce((total, amount) => total.add(amount), Money.ZERO);
  }

  add(other: Money): Money {
    return Money.fromPence(this.pence + other.pence);
  }

  subtract(other: Money): Money {
    return Money.fromPence(this.pence - other.pence);
  }

  multiply(factor: number | bigint): Money {
    if (typeof factor === 'number' && !Number.isSafeInteger(factor)) {
      throw new RangeError(`Money can only be multiplied by a whole number, not ${factor}`);
    }
    return Money.fromPence(this.pence * BigInt(factor));
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.pence < other.pence ? -1 : this.pence > other.pence ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.pence === other.pence;
  }

  isGreaterThan(other: Money): boolean {
    return this.pence > other.pence;
  }

  isLessThan(other: Money): boolean {
    return this.pence < other.pence;
  }

  isZero(): boolean {
    return this.pence === 0n;
  }

  isNegative(): boolean {
    return this.pence < 0n;
  }

  /** Always two decimals: "15000.00", "-12.30". */
  toString(): string {
    const sign = this.pence < 0n ? '-' : '';
    const magnitude = this.pence < 0n ? -this.pence : this.pence;
    const pounds = magnitude / 100n;
    const pence = (magnitude % 100n).toString().padStart(2, '0');
    return `${sign}${pounds}.${pence}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
