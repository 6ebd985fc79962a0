import { DomainError, listInWords } from '../domain.errors';

export class ScenarioNotFound extends DomainError {
  constructor() {
    super('scenario-not-found', 'not-found', 'There is no scenario with this id.');
  }
}

export class ForcedInAndOut extends DomainError {
  constructor(proposalIds: readonly string[]) {
    super(
      'forced-in-and-out',
      'invalid',
      `A proposal cannot be forced both in and out: ${listInWords(proposalIds, 'and')}.`,
      'forceOut',
    );
  }
}

export class ForcedTwice extends DomainError {
  constructor(field: string, proposalId: string) {
    super(
      'forced-twice',
      'invalid',
      `${field} names proposal ${proposalId} more than once.`,
      field,
    );
  }
}

export class AsOfInFuture extends DomainError {
  constructor(asOf: string, now: string) {
    super(
      'as-of-in-future',
      'invalid',
      `asOf ${asOf} is after now (${now}); a scenario can only be evaluated on what the log already holds.`,
      'asOf',
    );
  }
}

/** A forced proposal that was not a submitted proposal of the year at the evaluation point. */
export class NotACandidate extends DomainError {
  constructor(field: string, proposalIds: readonly string[], fiscalYear: string) {
    super(
      'not-a-candidate',
      'governance',
      `${field} names ${listInWords(proposalIds, 'and')}, which ${proposalIds.length === 1 ? 'is' : 'are'} not ` +
        `a submitted proposal of ${fiscalYear} at the scenario's evaluation point.`,
      field,
    );
  }
}

export class ForcedExceedsBudget extends DomainError {
  constructor(firstCapital: string, budget: string) {
    super(
      'forced-exceeds-budget',
      'governance',
      `The forced-in and statutory proposals need ${firstCapital} of capital, more than the ` +
        `scenario's budget of ${budget}, so no selection can include them all.`,
      'budget',
    );
  }
}

export class ScenarioAlreadyAdopted extends DomainError {
  constructor(scenarioId: string) {
    super(
      'scenario-already-adopted',
      'conflict',
      `Scenario ${scenarioId} is already the adopted scenario of its fiscal year.`,
    );
  }
}

export class DepartsFromAdoptedScenario extends DomainError {
  constructor(scenarioId: string) {
    super(
      'departs-from-adopted-scenario',
      'governance',
      `The adopted scenario ${scenarioId} for this fiscal year did not select this proposal; ` +
        'an approval that departs from it must give departureReason.',
      'departureReason',
    );
  }
}
