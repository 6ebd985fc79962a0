import { InvalidField } from '../domain.errors';

// Ten decimals is far beyond any published Green Book rate and keeps the exact sums small.
const RATE = /^(0|[1-9]\d*)(?:\.(\d{1,10}))?$/;

/** A discount rate as an exact fraction, so present values never pass through floats. */
export interface DiscountRate {
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** Canonical decimal spelling, as kept in events: "0.035". */
  readonly text: string;
}

/** Accepts a decimal string such as "0.035" with 0 ≤ rate < 1. */
export function parseDiscountRate(value: string, field = 'discountRate'): DiscountRate {
  const match = typeof value === 'string' ? RATE.exec(value) : null;
  const refuse = () =>
    new InvalidField(
      field,
      `${field} must be a decimal from 0 up to (but not including) 1, for example "0.035"; got ${JSON.stringify(value)}.`,
    );
  if (!match) throw refuse();
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const denominator = 10n ** BigInt(fraction.length);
  const numerator = BigInt(match[1]) * denominator + BigInt(fraction || '0');
  if (numerator >= denominator) throw refuse();
  return { numerator, denominator, text: fraction ? `${match[1]}.${fraction}` : match[1] };
}
