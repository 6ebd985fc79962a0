import { InvalidField, InvalidFiscalYear, InvalidMoney } from './domain.errors';
import { FiscalYear } from './fiscal-year';
import { Money } from './money';
import { unsafeTextFault } from './safe-text';

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidField(field, `${field} must not be empty.`);
  }
  return safeText(value, field);
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidField(field, `${field} must be text.`);
  return safeText(value, field);
}

/** Refuses characters that hide or disguise what a text says (see safe-text.ts), naming the field. */
function safeText(value: string, field: string): string {
  const fault = unsafeTextFault(value);
  if (fault !== null) throw new InvalidField(field, `${field} ${fault}.`);
  return value;
}

export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidField(field, `${field} must be one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

export function requireInteger(value: unknown, min: number, max: number, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidField(field, `${field} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

export function requireStringList(value: unknown, field: string): string[] {
  if (
    !Array.isArray(value) ||
    value.some((item) => typeof item !== 'string' || item.trim() === '')
  ) {
    throw new InvalidField(field, `${field} must be a list of non-empty texts.`);
  }
  (value as string[]).forEach((item, index) => safeText(item, `${field}[${index}]`));
  return [...(value as string[])];
}

export function moneyField(value: unknown, field: string): Money {
  try {
    return Money.parse(value as string);
  } catch (error) {
    if (error instanceof InvalidMoney) throw new InvalidMoney(value, field);
    throw error;
  }
}

export function fiscalYearField(value: unknown, field: string): FiscalYear {
  try {
    return FiscalYear.parse(value as string);
  } catch (error) {
    if (error instanceof InvalidFiscalYear) throw new InvalidFiscalYear(value, field);
    throw error;
  }
}
