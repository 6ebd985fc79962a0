/** The client's If-Match names a version the resource has moved past: 412. */
export class StaleVersion extends Error {
  readonly code = 'stale-version';
  constructor(
    readonly resource: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `${resource} is at version ${actual}, not ${expected} as your If-Match says: ` +
        'read it again to see what changed before you retry.',
    );
    this.name = 'StaleVersion';
  }
}

/** A decision (or an adoption) must say which version the board saw: 428 without If-Match. */
export class VersionRequired extends Error {
  readonly code = 'if-match-required';
  constructor(readonly action: string) {
    super(
      `${action} needs an If-Match header with the version you decided on (the ETag of your last read), e.g. If-Match: "4".`,
    );
    this.name = 'VersionRequired';
  }
}

/** Priorities need a budget: the one asked for, or the fiscal year's remaining envelope. */
export class NoBudgetForPriorities extends Error {
  readonly code = 'no-budget';
  constructor(readonly fiscalYear: string) {
    super(
      `No capital envelope is set for ${fiscalYear}: give a budget, e.g. ?budget=500000, or ask finance to set the envelope.`,
    );
    this.name = 'NoBudgetForPriorities';
  }
}

/**
 * The Idempotency-Key already recorded another request on this stream (a copy with another body
 * that won the race, before its answer was remembered): 422, as when the answer is remembered.
 */
export class IdempotencyKeyReused extends Error {
  readonly code = 'idempotency-key-reused';
  constructor(readonly idempotencyKey: string) {
    super(
      `The Idempotency-Key "${idempotencyKey}" was already used with a different request; use a new key for a new request.`,
    );
    this.name = 'IdempotencyKeyReused';
  }
}
