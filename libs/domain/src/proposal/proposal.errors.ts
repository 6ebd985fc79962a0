import { DomainError, listInWords } from '../domain.errors';

export class ProposalNotFound extends DomainError {
  constructor() {
    super('proposal-not-found', 'not-found', 'There is no such proposal.');
  }
}

export class ProposalAlreadyExists extends DomainError {
  constructor() {
    super(
      'proposal-already-exists',
      'conflict',
      'A proposal with this id has already been drafted.',
    );
  }
}

export class NothingToAmend extends DomainError {
  constructor() {
    super('nothing-to-amend', 'invalid', 'The amendment changes no field of the proposal.');
  }
}

export class NotOwnProposal extends DomainError {
  constructor(action: string) {
    super(
      'not-own-proposal',
      'forbidden',
      `Only the officer who drafted this proposal may ${action} it.`,
    );
  }
}

export class SelfReview extends DomainError {
  constructor() {
    super('self-review', 'forbidden', 'You cannot review a proposal you drafted yourself.');
  }
}

export class SelfDecision extends DomainError {
  constructor(action: string) {
    super('self-decision', 'forbidden', `You cannot ${action} a proposal you drafted yourself.`);
  }
}

export class ConflictOfInterest extends DomainError {
  constructor(action: string) {
    super(
      'conflict-of-interest',
      'forbidden',
      `You declared a conflict of interest on this proposal, so you cannot ${action} it.`,
    );
  }
}

export class DuplicateReview extends DomainError {
  constructor(kind: string) {
    super(
      'duplicate-review',
      'conflict',
      `You have already recorded a ${kind} review of this version of the proposal.`,
    );
  }
}

export class AuthorityNotHeld extends DomainError {
  constructor(authority: string) {
    super(
      'authority-not-held',
      'forbidden',
      `You do not hold the delegated authority "${authority}", so you cannot decide under it.`,
    );
  }
}

export class UnknownAuthority extends DomainError {
  constructor(authority: string, known: readonly string[]) {
    super(
      'unknown-authority',
      'governance',
      `"${authority}" is not a delegation tier of the policy in force; the tiers are ${listInWords(
        known.map((tier) => `"${tier}"`),
        'and',
      )}.`,
    );
  }
}

export class ReviewKindMissing extends DomainError {
  constructor(readonly missingKinds: readonly string[]) {
    super(
      'review-kind-missing',
      'governance',
      `The proposal cannot be approved without a current ${listInWords([...missingKinds], 'and')} ` +
        `review by someone other than its proposer.`,
    );
  }
}

export class TierLimitExceeded extends DomainError {
  constructor(authority: string, upTo: string, wholeLifeCost: string) {
    super(
      'tier-limit-exceeded',
      'governance',
      `The "${authority}" tier may decide on proposals up to £${upTo} whole-life cost; ` +
        `this one costs £${wholeLifeCost} over its appraisal period, so it needs a higher authority.`,
    );
  }
}

export class ApprovedAmountExceedsCost extends DomainError {
  constructor(approvedAmount: string, capitalCost: string) {
    super(
      'approved-amount-exceeds-cost',
      'governance',
      `The approved amount £${approvedAmount} is more than the capital cost requested, £${capitalCost}.`,
    );
  }
}

export class DeferralNotInFuture extends DomainError {
  constructor(deferredUntil: string) {
    super(
      'deferral-not-in-future',
      'invalid',
      `A decision can only be deferred to a later date; ${deferredUntil} is not after now.`,
      'deferredUntil',
    );
  }
}

export class BenefitsBeforeInvestment extends DomainError {
  constructor(period: string, fiscalYear: string) {
    super(
      'benefits-before-investment',
      'invalid',
      `Benefits for ${period} cannot be recorded against an investment made in ${fiscalYear}.`,
      'period',
    );
  }
}

export class BusinessCaseIncomplete extends DomainError {
  constructor(
    readonly stage: string,
    readonly missing: readonly string[],
  ) {
    super(
      'business-case-incomplete',
      'governance',
      `A ${stage} business case cannot be submitted without its ${listInWords(missing, 'and')} ` +
        `case${missing.length === 1 ? '' : 's'}.`,
    );
  }
}

export class FundsNotCommittedAtGate extends DomainError {
  constructor(stage: string, next: string) {
    super(
      'invalid-field',
      'invalid',
      `Approving a ${stage} passes the gate to the ${next} stage and commits no funds, so it takes no approvedAmount.`,
      'approvedAmount',
    );
  }
}

export class ReviewerCannotDecide extends DomainError {
  constructor(action: string) {
    super(
      'reviewer-cannot-decide',
      'forbidden',
      `You recorded a review of this proposal, so you cannot ${action} it: ` +
        'the person who assesses a case is not the one who decides it.',
    );
  }
}

export class KeyDecisionNoticeRequired extends DomainError {
  constructor(
    detail: string,
    /** The most clear days any notice gives before the decision's date; null when there is no notice. */
    readonly clearDaysFound: number | null,
  ) {
    super('key-decision-notice-required', 'governance', detail);
  }
}

export class SplitSpendUnexplained extends DomainError {
  constructor(
    readonly splitSpend: {
      readonly related: readonly string[];
      readonly combinedWholeLifeCost: string;
      readonly crossesTier: string | null;
      readonly crossesKeyDecision: boolean;
    },
  ) {
    const crossed = [
      splitSpend.crossesTier === null ? null : `the "${splitSpend.crossesTier}" tier's limit`,
      splitSpend.crossesKeyDecision ? 'the key-decision threshold' : null,
    ].filter((item): item is string => item !== null);
    super(
      'split-spend-unexplained',
      'governance',
      `Together with ${splitSpend.related.length} related proposal${splitSpend.related.length === 1 ? '' : 's'} ` +
        `(${splitSpend.related.join(', ')}) this proposal's whole-life cost comes to ` +
        `£${splitSpend.combinedWholeLifeCost}, which crosses ${listInWords(crossed, 'and')} though it ` +
        'does not alone; an approval must give splitSpendReason to say why they are separate decisions.',
      'splitSpendReason',
    );
  }
}
