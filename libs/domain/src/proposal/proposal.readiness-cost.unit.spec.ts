import { BudgetState } from '../budget/budget.decider';
import { defaultPolicy } from '../policy/policy.decider';
import { aBudget, proposalDrafted } from '../testing/fixtures';
import { ProposalEvent } from './proposal.events';
import { proposalReadiness } from './proposal.readiness';
import { evolveProposal, initialProposalState, Proposal } from './proposal.state';

const fold = (events: readonly ProposalEvent[]) =>
  events.reduce(evolveProposal, initialProposalState()) as Proposal;

// Readiness computes its refusals with V8's stack capture off (issue 20): the setting must come back.
describe('readiness computed without stack traces', () => {
  afterEach(() => {
    Error.stackTraceLimit = 10;
  });

  it('restores the stack trace limit after naming its refusals', () => {
    Error.stackTraceLimit = 17;
    const readiness = proposalReadiness(fold([proposalDrafted()]), defaultPolicy(), aBudget());
    expect(readiness.blockers.map((blocker) => blocker.code)).toContain('not-submitted');
    expect(readiness.blockers.map((blocker) => blocker.code)).toContain('review-kind-missing');
    expect(readiness.blockers.every((blocker) => blocker.message.length > 0)).toBe(true);
    expect(Error.stackTraceLimit).toBe(17);
  });

  it('lets a fault that is not a refusal through with its stack, and restores the limit', () => {
    Error.stackTraceLimit = 12;
    // A budget of another year is a caller's bug, not a refusal: it must surface as it did.
    const otherYear = { ...aBudget(), fiscalYear: '1999-00' } as BudgetState;
    let fault: unknown;
    try {
      proposalReadiness(fold([proposalDrafted()]), defaultPolicy(), otherYear);
    } catch (error) {
      fault = error;
    }
    expect(fault).toBeInstanceOf(Error);
    expect((fault as Error).message).toMatch(/Budget of 1999-00/);
    expect((fault as Error).stack).toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(12);
  });
});
