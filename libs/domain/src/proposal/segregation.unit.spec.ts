import { InvalidTransition } from '../domain.errors';
import { defaultPolicy } from '../policy/policy.decider';
import { deciderSpecification } from '../testing/decider-specification';
import {
  aBoardMember,
  aDecision,
  aReviewedSubmission,
  by,
  conflictDeclared,
  PROPOSAL_ID,
  proposalAmended,
  proposalApproved,
  proposalDrafted,
  proposalReturned,
  proposalSubmitted,
  reviewRecorded,
} from '../testing/fixtures';
import { ReturnProposal } from './proposal.commands';
import { missingReviewKinds, proposalDecider, reviewsReliedOn } from './proposal.decider';
import { ConflictOfInterest, ReviewerCannotDecide, ReviewKindMissing } from './proposal.errors';
import { ProposalEvent } from './proposal.events';
import { proposalReadiness } from './proposal.readiness';
import { evolveProposal, initialProposalState, Proposal } from './proposal.state';
import { aBudget } from '../testing/fixtures';

const { given } = deciderSpecification(proposalDecider);
const fold = (events: readonly ProposalEvent[]) =>
  events.reduce(evolveProposal, initialProposalState()) as Proposal;

/** A board member who also holds the reviewer role. */
const reviewingBoardMember = aBoardMember({
  id: 'rhea',
  name: 'Rhea Both',
  roles: ['board', 'reviewer'],
});
const hersTechnical = reviewRecorded({
  kind: 'technical',
  reviewId: 'review-rhea',
  reviewer: { id: 'rhea', name: 'Rhea Both' },
});
const reviewedByHer = [
  proposalDrafted(),
  proposalSubmitted(),
  reviewRecorded({ kind: 'financial' }),
  hersTechnical,
];

function returnBy(actor = reviewingBoardMember): ReturnProposal {
  return {
    type: 'ReturnProposal',
    data: { proposalId: PROPOSAL_ID, reason: 'Needs options.' },
    metadata: by(actor),
  };
}

describe('segregation of duties: the reviewer is not the judge', () => {
  it.each(['approved', 'rejected', 'deferred'] as const)(
    'refuses a board member who reviewed the proposal: outcome %s',
    (outcome) => {
      given(reviewedByHer)
        .when(
          aDecision(
            { outcome, ...(outcome === 'deferred' ? { deferredUntil: '2099-01-01' } : {}) },
            { actor: reviewingBoardMember },
          ),
        )
        .thenThrows<ReviewerCannotDecide>(ReviewerCannotDecide, (error) => {
          expect(error.code).toBe('reviewer-cannot-decide');
          expect(error.kind).toBe('forbidden');
        });
    },
  );

  it('refuses them returning it for revision', () => {
    given(reviewedByHer).when(returnBy()).thenThrows(ReviewerCannotDecide);
  });

  it('refuses them even when their review was of an earlier version, since amended', () => {
    const history = [
      proposalDrafted(),
      proposalSubmitted(),
      hersTechnical,
      proposalReturned(),
      proposalAmended({ capitalCost: '79000.00' }, '2026-11-05T09:00:00.000Z'),
      proposalSubmitted(),
      reviewRecorded({ kind: 'financial', proposalVersion: 7 }),
      reviewRecorded({ kind: 'technical', proposalVersion: 7 }),
    ];
    expect(reviewsReliedOn(fold(history)).map((review) => review.reviewId)).not.toContain(
      'review-rhea',
    );
    given(history)
      .when(aDecision({ approvedAmount: '79000.00' }, { actor: reviewingBoardMember }))
      .thenThrows(ReviewerCannotDecide);
  });

  it('still lets a board member who did not review decide', () => {
    const events = given(reviewedByHer).when(aDecision()).state;
    expect(events.status).toBe('submitted');
    expect(proposalDecider.decide(aDecision(), events).map((event) => event.type)).toEqual([
      'ProposalApproved',
    ]);
  });

  it('names the conflict first when the reviewer has also declared one', () => {
    given([...reviewedByHer, conflictDeclared(reviewingBoardMember)])
      .when(aDecision({}, { actor: reviewingBoardMember }))
      .thenThrows(ConflictOfInterest);
  });
});

describe('a conflict declared after a review withdraws it', () => {
  const reviewer = { id: 'reviewer-1-technical', name: 'Rhys Evans' };
  const withdrawn = [
    ...aReviewedSubmission(),
    conflictDeclared({ ...aBoardMember(), ...reviewer }),
  ];

  it('marks the review withdrawnByConflict and leaves the others as they were', () => {
    const proposal = fold(withdrawn);
    expect(proposal.reviews.map((review) => [review.kind, review.withdrawnByConflict])).toEqual([
      ['financial', false],
      ['technical', true],
    ]);
  });

  it('no longer counts it towards the required review kinds or the score', () => {
    const proposal = fold(withdrawn);
    expect(reviewsReliedOn(proposal).map((review) => review.kind)).toEqual(['financial']);
    expect(missingReviewKinds(proposal, defaultPolicy())).toEqual(['technical']);
    expect(
      proposalReadiness(proposal, defaultPolicy(), aBudget()).blockers.map((b) => b.code),
    ).toEqual(['review-kind-missing']);
  });

  it('refuses an approval that would rely on it', () => {
    given(withdrawn)
      .when(aDecision())
      .thenThrows<ReviewKindMissing>(ReviewKindMissing, (error) =>
        expect(error.missingKinds).toEqual(['technical']),
      );
  });

  it('leaves the reviews alone when someone else declares a conflict', () => {
    const proposal = fold([...aReviewedSubmission(), conflictDeclared(aBoardMember())]);
    expect(proposal.reviews.every((review) => !review.withdrawnByConflict)).toBe(true);
    expect(reviewsReliedOn(proposal)).toHaveLength(2);
  });

  it('a fresh review of the same kind by someone else counts again', () => {
    const proposal = fold([
      ...withdrawn,
      reviewRecorded({
        kind: 'technical',
        reviewId: 'review-2',
        reviewer: { id: 'tess', name: 'Tess' },
      }),
    ]);
    expect(missingReviewKinds(proposal, defaultPolicy())).toEqual([]);
  });
});

describe('a v1 ledger replays to its recorded states', () => {
  it('folds a decision a reviewer took before the rule, keeping what was recorded', () => {
    const approvedByReviewer = proposalApproved({
      decidedBy: { id: 'rhea', name: 'Rhea Both' },
    });
    const proposal = fold([...reviewedByHer, approvedByReviewer]);
    expect(proposal.status).toBe('approved');
    expect(proposal.decision?.decidedBy).toEqual({ id: 'rhea', name: 'Rhea Both' });
    // And nothing further can be decided on it, by anyone.
    given([...reviewedByHer, approvedByReviewer])
      .when(aDecision())
      .thenThrows(InvalidTransition);
  });
});
