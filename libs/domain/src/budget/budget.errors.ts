import { DomainError } from '../domain.errors';

export class NoEnvelope extends DomainError {
  constructor(fiscalYear: string) {
    super(
      'no-envelope',
      'governance',
      `No capital envelope has been set for ${fiscalYear}, so nothing can be approved against it yet.`,
    );
  }
}

export class EnvelopeExceeded extends DomainError {
  constructor(fiscalYear: string, amount: string, remaining: string) {
    super(
      'envelope-exceeded',
      'governance',
      `£${amount} does not fit in what is left of the ${fiscalYear} capital envelope, £${remaining}.`,
    );
  }
}

export class EnvelopeBelowCommitted extends DomainError {
  constructor(fiscalYear: string, capitalEnvelope: string, committed: string) {
    super(
      'envelope-below-committed',
      'governance',
      `The ${fiscalYear} capital envelope cannot be set to £${capitalEnvelope}: £${committed} is already committed.`,
      'capitalEnvelope',
    );
  }
}

export class FundsAlreadyCommitted extends DomainError {
  constructor(proposalId: string, fiscalYear: string) {
    super(
      'funds-already-committed',
      'conflict',
      `Funds for proposal ${proposalId} are already committed in ${fiscalYear}.`,
    );
  }
}
