import { DomainError } from '../domain.errors';

export class SelfValidation extends DomainError {
  constructor(action: string) {
    super(
      'self-validation',
      'forbidden',
      `You cannot ${action}: benefits must be confirmed by someone other than the person who claimed them.`,
    );
  }
}

export class BenefitNotInPlan extends DomainError {
  constructor(key: string) {
    super('benefit-not-found', 'not-found', `The proposal's benefit plan has no benefit "${key}".`);
  }
}

export class EvidenceNotFound extends DomainError {
  constructor(key: string, evidenceId: string) {
    super('evidence-not-found', 'not-found', `The benefit "${key}" has no evidence ${evidenceId}.`);
  }
}

export class EvidenceAlreadyRecorded extends DomainError {
  constructor(key: string, period: string) {
    super(
      'evidence-already-recorded',
      'conflict',
      `The benefit "${key}" already has evidence for ${period} that was not rejected; ` +
        'new evidence for that period can be recorded only after a rejection.',
    );
  }
}

export class EvidenceAlreadyDecided extends DomainError {
  constructor(evidenceId: string, outcome: string) {
    super(
      'evidence-already-validated',
      'conflict',
      `The evidence ${evidenceId} was already ${outcome}; evidence is validated or rejected once.`,
    );
  }
}
