import { z } from 'zod';
import { parseDiscountRate } from './appraisal/discount-rate';
import { FiscalYear } from './fiscal-year';
import { ISO_INSTANT, toEpochMs } from './iso-date';
import { MONEY_PATTERN } from './money';

/**
 * The readonly view of a schema's output: events are facts, and nothing that folds them may change
 * them. Declared as a type rather than with zod's `.readonly()`, which would freeze every parsed
 * object at a cost on every read.
 */
export type Immutable<T> = T extends readonly (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

/** Text the deciders require to be given: names, reasons, ids. */
export const textSchema = z.string().min(1);

/** An amount a person entered, as the deciders accept it (at most "999999999999.99"). */
export const moneySchema = z
  .string()
  .regex(MONEY_PATTERN, 'must be an amount of money such as "125000.00"');

/** An amount the ledger computed from others (a whole-life cost), which has no upper limit. */
export const computedAmountSchema = z
  .string()
  .regex(/^(0|[1-9]\d*)\.\d{2}$/, 'must be an amount with two decimals such as "125000.00"');

export const fiscalYearSchema = z
  .string()
  .refine(FiscalYear.isValid, 'must be a fiscal year such as "2026-27"');

/** The command's `now`: when the fact was recorded, as the server's clock read it. */
export const instantSchema = z
  .string()
  .regex(ISO_INSTANT, 'must be an ISO 8601 instant such as "2026-11-28T09:30:00.123Z"');

/** A calendar date or an instant, as a deferral may name either. */
export const dateOrInstantSchema = z
  .string()
  .refine((value) => toEpochMs(value) !== null, 'must be an ISO 8601 date or instant');

export const discountRateSchema = z.string().refine((value) => {
  try {
    return parseDiscountRate(value).text === value;
  } catch {
    return false;
  }
}, 'must be a discount rate in its canonical spelling, such as "0.035"');
