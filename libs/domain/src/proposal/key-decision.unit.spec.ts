import { InvalidField, InvalidTransition, RoleRequired } from '../domain.errors';
import { addDays, clearDaysBetween, londonDateOf } from '../london-date';
import { Money } from '../money';
import { defaultPolicy, PolicyInForce } from '../policy/policy.decider';
import { deciderSpecification } from '../testing/decider-specification';
import {
  aBoardMember,
  aDecision,
  anAdmin,
  aProposer,
  aReviewedSubmission,
  by,
  PROPOSAL_ID,
  proposalApproved,
} from '../testing/fixtures';
import { Actor } from '../actor';
import { PublishKeyDecisionNotice, UrgencyInput } from './proposal.commands';
import { proposalDecider } from './proposal.decider';
import { KeyDecisionNoticeRequired } from './proposal.errors';
import { KeyDecisionNoticePublished, ProposalApproved, ProposalEvent } from './proposal.events';
import { proposalReadiness } from './proposal.readiness';
import { evolveProposal, initialProposalState, Proposal } from './proposal.state';
import { aBudget } from '../testing/fixtures';
import { isKeyDecision } from './key-decision';

const { given } = deciderSpecification(proposalDecider);
const fold = (events: readonly ProposalEvent[]) =>
  events.reduce(evolveProposal, initialProposalState()) as Proposal;

/** The fixture proposal costs 80,000 + 5 × 2,000 = 90,000.00 over its life. */
const WHOLE_LIFE_COST = '90000.00';
const policyWith = (threshold: string | null): PolicyInForce => ({
  ...defaultPolicy(),
  keyDecisionThreshold: threshold === null ? null : Money.parse(threshold),
});
const keyPolicy = policyWith(WHOLE_LIFE_COST);

// 2027-03-28 is the day the clocks go forward: 23:30 UTC that evening is already the 29th in London.
const LONDON_29_MARCH = '2027-03-28T23:30:00.000Z';
const LONDON_28_MARCH_LATE = '2027-03-28T22:59:59.000Z';

function notice(
  publishedOn: string,
  noticeId = `notice-${publishedOn}`,
  decisionDue = '2027-03-29',
): KeyDecisionNoticePublished {
  const board = aBoardMember();
  return {
    type: 'KeyDecisionNoticePublished',
    data: {
      noticeId,
      publishedOn,
      decisionDue,
      decisionMaker: 'chief-officer',
      summary: 'Replace the core network.',
      publishedBy: { id: board.id, name: board.name },
      recordedAt: '2027-01-01T09:00:00.000Z',
    },
  };
}

function decideAt(
  now: string,
  overrides: Parameters<typeof aDecision>[0] = {},
  policy = keyPolicy,
) {
  return aDecision(overrides, { policy, now });
}

function snapshotOf(events: ProposalEvent[]) {
  return (events[0] as ProposalApproved).data.snapshot;
}

describe('Europe/London calendar dates', () => {
  it('counts clear days without the day of publication or of decision', () => {
    expect(clearDaysBetween('2027-02-28', '2027-03-29')).toBe(28);
    expect(clearDaysBetween('2027-03-01', '2027-03-29')).toBe(27);
    expect(clearDaysBetween('2027-03-28', '2027-03-29')).toBe(0);
    // A leap year's February has one day more.
    expect(clearDaysBetween('2028-02-28', '2028-03-29')).toBe(29);
  });

  it('reads the London date of an instant, in winter and in summer time', () => {
    expect(londonDateOf('2027-03-27T23:30:00.000Z')).toBe('2027-03-27');
    expect(londonDateOf(LONDON_29_MARCH)).toBe('2027-03-29');
    expect(londonDateOf(LONDON_28_MARCH_LATE)).toBe('2027-03-28');
    expect(londonDateOf('2027-10-30T23:30:00.000Z')).toBe('2027-10-31');
    expect(londonDateOf('2027-10-31T23:30:00.000Z')).toBe('2027-10-31');
  });

  it('adds days across month ends', () => {
    expect(addDays('2027-02-28', 29)).toBe('2027-03-29');
    expect(addDays('2027-03-29', -29)).toBe('2027-02-28');
  });
});

describe('which decisions are key decisions', () => {
  const proposal = fold(aReviewedSubmission());

  it('is one when the whole-life cost is exactly at the threshold', () => {
    expect(isKeyDecision(proposal, policyWith('90000.00'))).toBe(true);
  });

  it('is not one a penny below it, nor when the policy sets no threshold', () => {
    expect(isKeyDecision(proposal, policyWith('90000.01'))).toBe(false);
    expect(isKeyDecision(proposal, policyWith(null))).toBe(false);
  });
});

describe('the 28-clear-day notice rule', () => {
  it('approves on the 28th clear day across the clock change, recording the notice relied on', () => {
    const events = given([...aReviewedSubmission(), notice('2027-02-28', 'n-1')]).when(
      decideAt(LONDON_29_MARCH),
    ).state;
    const decided = proposalDecider.decide(decideAt(LONDON_29_MARCH), events);
    expect(decided.map((event) => event.type)).toEqual(['ProposalApproved']);
    expect(snapshotOf(decided).keyDecision).toEqual({
      noticeId: 'n-1',
      clearDays: 28,
      procedure: 'notice',
    });
  });

  it('refuses on the 27th clear day, saying how many there were and what would do', () => {
    given([...aReviewedSubmission(), notice('2027-02-28', 'n-1')])
      .when(decideAt(LONDON_28_MARCH_LATE))
      .thenThrows<KeyDecisionNoticeRequired>(KeyDecisionNoticeRequired, (error) => {
        expect(error.code).toBe('key-decision-notice-required');
        expect(error.kind).toBe('governance');
        expect(error.clearDaysFound).toBe(27);
        expect(error.message).toContain('gives 27 clear days');
        expect(error.message).toContain('on or before 2027-02-27');
        expect(error.message).toContain('decide on or after 2027-03-29');
        expect(error.message).toContain('general-exception');
        expect(error.message).toContain('special-urgency');
      });
  });

  it('approves on the 29th clear day', () => {
    const state = fold([...aReviewedSubmission(), notice('2027-02-27', 'n-29')]);
    const decided = proposalDecider.decide(decideAt(LONDON_29_MARCH), state);
    expect(snapshotOf(decided).keyDecision).toMatchObject({ noticeId: 'n-29', clearDays: 29 });
  });

  it('counts the notice with the most clear days', () => {
    const state = fold([
      ...aReviewedSubmission(),
      notice('2027-03-20', 'late'),
      notice('2027-02-20', 'early'),
      notice('2027-03-01', 'middle'),
    ]);
    const decided = proposalDecider.decide(decideAt(LONDON_29_MARCH), state);
    expect(snapshotOf(decided).keyDecision).toMatchObject({ noticeId: 'early', clearDays: 36 });
  });

  it('refuses without any notice, saying none was published', () => {
    given(aReviewedSubmission())
      .when(decideAt(LONDON_29_MARCH))
      .thenThrows<KeyDecisionNoticeRequired>(KeyDecisionNoticeRequired, (error) => {
        expect(error.clearDaysFound).toBeNull();
        expect(error.message).toContain('No key decision notice has been published');
      });
  });

  it('applies to a rejection as well', () => {
    given(aReviewedSubmission())
      .when(decideAt(LONDON_29_MARCH, { outcome: 'rejected' }))
      .thenThrows(KeyDecisionNoticeRequired);
  });

  it('asks nothing of a deferral, and records no key decision for it', () => {
    const state = fold(aReviewedSubmission());
    const [deferred] = proposalDecider.decide(
      decideAt(LONDON_29_MARCH, { outcome: 'deferred', deferredUntil: '2027-05-01' }),
      state,
    );
    expect(deferred.type).toBe('ProposalDeferred');
    expect((deferred as ProposalApproved).data.snapshot.keyDecision).toBeUndefined();
  });

  it('refuses urgency on a deferral', () => {
    given(aReviewedSubmission())
      .when(
        decideAt(LONDON_29_MARCH, {
          outcome: 'deferred',
          deferredUntil: '2027-05-01',
          urgency: { procedure: 'special-urgency', agreedBy: 'Chair', reason: 'Now.' },
        }),
      )
      .thenThrows(InvalidField);
  });

  it('asks nothing a penny below the threshold, and refuses urgency there', () => {
    const below = policyWith('90000.01');
    const decided = proposalDecider.decide(
      decideAt(LONDON_29_MARCH, {}, below),
      fold(aReviewedSubmission()),
    );
    expect(snapshotOf(decided).keyDecision).toBeUndefined();
    given(aReviewedSubmission())
      .when(
        decideAt(
          LONDON_29_MARCH,
          { urgency: { procedure: 'special-urgency', agreedBy: 'Chair', reason: 'Now.' } },
          below,
        ),
      )
      .thenThrows(InvalidField);
  });

  it('records a snapshot exactly as v1 did when the policy has no threshold', () => {
    const decided = proposalDecider.decide(
      decideAt(LONDON_29_MARCH, {}, defaultPolicy()),
      fold(aReviewedSubmission()),
    );
    expect(Object.keys(snapshotOf(decided))).not.toContain('keyDecision');
  });
});

describe('the exceptions to the notice rule', () => {
  const generalException = (publishedOn: string): UrgencyInput => ({
    procedure: 'general-exception',
    scrutinyChairInformedOn: '2027-03-20',
    publishedOn,
  });

  it('accepts the general exception with 5 clear days and records it', () => {
    const decided = proposalDecider.decide(
      decideAt(LONDON_29_MARCH, { urgency: generalException('2027-03-23') }),
      fold([...aReviewedSubmission(), notice('2027-03-10', 'short')]),
    );
    expect(snapshotOf(decided).keyDecision).toEqual({
      noticeId: 'short',
      clearDays: 5,
      procedure: 'general-exception',
      urgency: {
        procedure: 'general-exception',
        scrutinyChairInformedOn: '2027-03-20',
        publishedOn: '2027-03-23',
      },
    });
  });

  it('refuses the general exception with 4 clear days', () => {
    given(aReviewedSubmission())
      .when(decideAt(LONDON_29_MARCH, { urgency: generalException('2027-03-24') }))
      .thenThrows<KeyDecisionNoticeRequired>(KeyDecisionNoticeRequired, (error) => {
        expect(error.clearDaysFound).toBe(4);
        expect(error.message).toContain('on or before 2027-03-23');
      });
  });

  it('refuses a scrutiny chair informed after the decision', () => {
    given(aReviewedSubmission())
      .when(
        decideAt(LONDON_29_MARCH, {
          urgency: { ...generalException('2027-03-20'), scrutinyChairInformedOn: '2027-03-30' },
        }),
      )
      .thenThrows(InvalidField);
  });

  it('accepts special urgency with who agreed and why, recording both', () => {
    const urgency = {
      procedure: 'special-urgency',
      agreedBy: 'Chair of Overview and Scrutiny',
      reason: 'Support ends on 1 April.',
    };
    const decided = proposalDecider.decide(
      decideAt(LONDON_29_MARCH, { outcome: 'rejected', urgency }),
      fold(aReviewedSubmission()),
    );
    expect(snapshotOf(decided).keyDecision).toEqual({
      noticeId: null,
      clearDays: null,
      procedure: 'special-urgency',
      urgency,
    });
  });

  it('reads fields given as undefined as absent, as a validated request class carries them', () => {
    const decided = proposalDecider.decide(
      decideAt(LONDON_29_MARCH, {
        urgency: {
          ...generalException('2027-03-20'),
          agreedBy: undefined,
          reason: undefined,
        },
      }),
      fold(aReviewedSubmission()),
    );
    expect(snapshotOf(decided).keyDecision?.procedure).toBe('general-exception');
  });

  it.each([
    [{ procedure: 'special-urgency', agreedBy: 'Chair' }],
    [{ procedure: 'special-urgency', agreedBy: 'Chair', reason: 'x', publishedOn: '2027-03-01' }],
    [{ procedure: 'general-exception', publishedOn: '2027-03-01' }],
    [{ procedure: 'whenever' }],
  ])('refuses an urgency that is not one of the procedures: %j', (urgency) => {
    given(aReviewedSubmission())
      .when(decideAt(LONDON_29_MARCH, { urgency: urgency as UrgencyInput }))
      .thenThrows(InvalidField);
  });
});

describe('publishing a key decision notice', () => {
  function publish(
    overrides: Partial<PublishKeyDecisionNotice['data']> = {},
    actor: Actor = aBoardMember(),
    now = '2027-02-28T10:00:00.000Z',
  ): PublishKeyDecisionNotice {
    return {
      type: 'PublishKeyDecisionNotice',
      data: {
        proposalId: PROPOSAL_ID,
        noticeId: 'n-1',
        publishedOn: '2027-02-28',
        decisionDue: '2027-03-29',
        decisionMaker: 'investment-board',
        summary: 'Replace the core network.',
        ...overrides,
      },
      policy: defaultPolicy(),
      metadata: by(actor, now),
    };
  }

  it('records the notice for a board member', () => {
    given(aReviewedSubmission())
      .when(publish())
      .then([
        {
          type: 'KeyDecisionNoticePublished',
          data: {
            noticeId: 'n-1',
            publishedOn: '2027-02-28',
            decisionDue: '2027-03-29',
            decisionMaker: 'investment-board',
            summary: 'Replace the core network.',
            publishedBy: { id: 'board-1', name: 'Bronwen Jones' },
            recordedAt: '2027-02-28T10:00:00.000Z',
          },
        },
      ]);
  });

  it('lets an admin record one, and folds it into the proposal', () => {
    const state = fold(aReviewedSubmission());
    const events = proposalDecider.decide(publish({}, anAdmin()), state);
    expect(events.reduce(evolveProposal, state)).toMatchObject({
      keyDecisionNotices: [{ noticeId: 'n-1', publishedOn: '2027-02-28' }],
    });
  });

  it('refuses a proposer', () => {
    given(aReviewedSubmission()).when(publish({}, aProposer())).thenThrows(RoleRequired);
  });

  it('refuses a decision maker that is not a tier of the policy', () => {
    given(aReviewedSubmission())
      .when(publish({ decisionMaker: 'full-council' }))
      .thenThrows(InvalidField);
  });

  it('refuses a publication date after today in London, and a due date not after it', () => {
    // 00:30 on 1 March BST would be tomorrow; in GMT (winter) 2027-02-28T23:30Z is still the 28th.
    given(aReviewedSubmission())
      .when(publish({ publishedOn: '2027-03-01' }, aBoardMember(), '2027-02-28T23:30:00.000Z'))
      .thenThrows(InvalidField);
    given(aReviewedSubmission())
      .when(publish({ decisionDue: '2027-02-28' }))
      .thenThrows(InvalidField);
    given(aReviewedSubmission())
      .when(publish({ publishedOn: '2027-02-30' }))
      .thenThrows(InvalidField);
  });

  it('refuses a notice on a proposal already decided', () => {
    given([...aReviewedSubmission(), proposalApproved()])
      .when(publish())
      .thenThrows(InvalidTransition);
  });
});

describe('readiness of a key decision', () => {
  it('is blocked without a qualifying notice, asking for urgency', () => {
    const readiness = proposalReadiness(
      fold([...aReviewedSubmission(), notice('2027-03-01')]),
      keyPolicy,
      aBudget(),
      LONDON_29_MARCH,
    );
    expect(readiness.blockers.map((blocker) => blocker.code)).toEqual([
      'key-decision-notice-required',
    ]);
    expect(readiness.blockers[0].message).toContain('gives 27 clear days');
    expect(readiness.reasonsRequired).toEqual(['urgency']);
  });

  it('is ready with one', () => {
    const readiness = proposalReadiness(
      fold([...aReviewedSubmission(), notice('2027-02-28')]),
      keyPolicy,
      aBudget(),
      LONDON_29_MARCH,
    );
    expect(readiness.blockers).toEqual([]);
    expect(readiness.reasonsRequired).toEqual([]);
  });
});
