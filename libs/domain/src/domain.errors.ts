/** How the HTTP layer should answer a refusal: invalid 400, forbidden 403, not-found 404, conflict 409, governance 422. */
export type ErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'governance';

export abstract class DomainError extends Error {
  protected constructor(
    /** Stable kebab-case identifier; clients may branch on it, so never rename one. */
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    /** The input field at fault, when one field is. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidField extends DomainError {
  constructor(field: string, message: string) {
    super('invalid-field', 'invalid', message, field);
  }
}

export class InvalidMoney extends DomainError {
  constructor(value: unknown, field?: string) {
    super(
      'invalid-money',
      'invalid',
      `${field ? `${field}: ` : ''}${describeValue(value)} is not an amount of money; ` +
        'write pounds with at most two decimals, for example "125000.00", no more than "999999999999.99".',
      field,
    );
  }
}

export class InvalidFiscalYear extends DomainError {
  constructor(value: unknown, field?: string) {
    super(
      'invalid-fiscal-year',
      'invalid',
      `${field ? `${field}: ` : ''}${describeValue(value)} is not a fiscal year; ` +
        'write it as "2026-27", where the second part is the year after the first.',
      field,
    );
  }
}

export class InvalidTransition extends DomainError {
  constructor(
    readonly action: string,
    readonly status: string,
    allowedFrom: readonly string[],
  ) {
    super(
      'invalid-transition',
      'conflict',
      `Cannot ${action} a proposal that is ${status}; that is possible only when it is ` +
        `${listInWords(allowedFrom, 'or')}.`,
    );
  }
}

export class RoleRequired extends DomainError {
  constructor(
    readonly action: string,
    readonly roles: readonly string[],
  ) {
    super(
      'role-required',
      'forbidden',
      `Only someone with the ${listInWords(roles, 'or')} role may ${action}.`,
    );
  }
}

/** Quotes a rejected input for a message without ever throwing on it (bigint, cycles). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function listInWords(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
