import { InvalidField } from '../domain.errors';
import { Money } from '../money';
import {
  decidePolicy,
  defaultPolicy,
  evolvePolicy,
  initialPolicyState,
  policyInForce,
  PolicyInForce,
} from '../policy/policy.decider';
import { AdoptPolicy } from '../policy/policy.commands';
import { deciderSpecification, fold } from '../testing/decider-specification';
import {
  aBudget,
  aDecision,
  aDraft,
  aReviewedSubmission,
  anAdmin,
  aSnapshot,
  by,
  EARLIER,
  NOW,
  PROPOSAL_ID,
  proposalAmended,
  proposalApproved,
  proposalDrafted,
  proposalRejected,
} from '../testing/fixtures';
import { proposalDecider } from './proposal.decider';
import { SplitSpendUnexplained } from './proposal.errors';
import { proposalReadiness } from './proposal.readiness';
import { Proposal } from './proposal.state';
import { RelationFacts } from './relation-facts';
import {
  crossesTierOf,
  draftedWithin,
  isRelated,
  londonDayNumber,
  programmeField,
  splitSpendOf,
} from './split-spend';

const { given } = deciderSpecification(proposalDecider);

function facts(overrides: Partial<RelationFacts> = {}): RelationFacts {
  return {
    proposalId: 'other',
    programme: null,
    department: 'Digital Services',
    category: 'infrastructure',
    draftedAt: EARLIER,
    wholeLifeCost: Money.parse('50000.00'),
    status: 'submitted',
    ...overrides,
  };
}

const subject = facts({ proposalId: 'subject', wholeLifeCost: Money.parse('90000.00') });
const checksOn = (windowDays = 30, keyDecisionThreshold: string | null = null): PolicyInForce => ({
  ...defaultPolicy(),
  splitSpendWindowDays: windowDays,
  keyDecisionThreshold: keyDecisionThreshold === null ? null : Money.parse(keyDecisionThreshold),
});

describe('the split-spend relation rule', () => {
  it('relates proposals of one programme whatever their department, category or dates', () => {
    const other = facts({
      programme: 'Customer portal',
      department: 'Housing',
      category: 'data',
      draftedAt: '2020-01-01T00:00:00.000Z',
    });
    expect(isRelated({ ...subject, programme: 'Customer portal' }, other, 30)).toBe(true);
    expect(isRelated({ ...subject, programme: 'Another programme' }, other, 30)).toBe(false);
  });

  it('relates same department and category drafted on London dates N days apart, not N + 1', () => {
    const drafted = '2026-11-01T09:00:00.000Z';
    expect(isRelated(subject, facts({ draftedAt: '2026-12-01T23:59:59.999Z' }), 30)).toBe(true);
    expect(isRelated(subject, facts({ draftedAt: '2026-12-02T00:00:00.000Z' }), 30)).toBe(false);
    expect(
      isRelated(
        { ...subject, draftedAt: drafted },
        facts({ draftedAt: '2026-10-02T00:00:00.000Z' }),
        30,
      ),
    ).toBe(true);
    expect(
      isRelated(
        { ...subject, draftedAt: drafted },
        facts({ draftedAt: '2026-10-01T22:59:59.999Z' }),
        30,
      ),
    ).toBe(false);
  });

  it('counts days in Europe/London dates: 23:30 UTC in summer is the next day', () => {
    expect(londonDayNumber('2026-07-01T23:30:00.000Z')).toBe(
      londonDayNumber('2026-07-02T12:00:00.000Z'),
    );
    expect(londonDayNumber('2026-12-01T23:30:00.000Z')).toBe(
      londonDayNumber('2026-12-01T00:00:00.000Z'),
    );
    // The clocks went forward at 01:00 UTC on 2027-03-28 and back at 01:00 UTC on 2027-10-31.
    expect(londonDayNumber('2027-03-28T23:00:00.000Z')).toBe(
      londonDayNumber('2027-03-29T00:30:00.000Z'),
    );
    expect(londonDayNumber('2027-10-31T23:30:00.000Z')).toBe(
      londonDayNumber('2027-10-31T00:30:00.000Z'),
    );
    expect(draftedWithin('2027-03-27T12:00:00.000Z', '2027-03-28T23:30:00.000Z', 1)).toBe(false);
  });

  it('leaves out other departments, other categories, withdrawn and rejected proposals, and itself', () => {
    expect(isRelated(subject, facts({ department: 'Housing' }), 30)).toBe(false);
    expect(isRelated(subject, facts({ category: 'data' }), 30)).toBe(false);
    expect(isRelated(subject, facts({ status: 'withdrawn' }), 30)).toBe(false);
    expect(isRelated(subject, facts({ status: 'rejected' }), 30)).toBe(false);
    expect(isRelated(subject, { ...subject }, 30)).toBe(false);
    for (const status of ['draft', 'submitted', 'returned', 'deferred', 'approved']) {
      expect(isRelated(subject, facts({ status }), 30)).toBe(true);
    }
  });

  it('is null while the policy leaves the checks off', () => {
    expect(splitSpendOf(subject, [facts()], defaultPolicy())).toBeNull();
  });

  it('sums the whole-life costs of the proposal and its related ones, oldest draft first', () => {
    const split = splitSpendOf(
      subject,
      [
        facts({ proposalId: 'b', draftedAt: '2026-11-02T09:00:00.000Z' }),
        facts({ proposalId: 'a', draftedAt: '2026-10-30T09:00:00.000Z' }),
        facts({ proposalId: 'gone', status: 'withdrawn' }),
        facts({ proposalId: 'elsewhere', department: 'Housing' }),
      ],
      checksOn(),
    );
    expect(split).toEqual({
      related: ['a', 'b'],
      combinedWholeLifeCost: Money.parse('190000.00'),
      crossesTier: 'chief-officer',
      crossesKeyDecision: false,
    });
  });
});

describe('crossesTier', () => {
  const policy = defaultPolicy();
  const money = Money.parse;

  it('is null when the combined cost is exactly at a tier limit: reaching it is not exceeding it', () => {
    expect(crossesTierOf(policy, money('90000'), money('100000.00'))).toBeNull();
    expect(crossesTierOf(policy, money('90000'), money('100000.01'))).toBe('chief-officer');
  });

  it('is a tier the proposal alone stays within, the lowest of them', () => {
    expect(crossesTierOf(policy, money('90000'), money('2000000'))).toBe('chief-officer');
    expect(crossesTierOf(policy, money('150000'), money('2000000'))).toBe('investment-board');
    expect(crossesTierOf(policy, money('100000'), money('100000.01'))).toBe('chief-officer');
    expect(crossesTierOf(policy, money('100000.01'), money('200000'))).toBeNull();
  });

  it('never names a tier without a limit', () => {
    expect(crossesTierOf(policy, money('1500000'), money('999999999'))).toBeNull();
  });
});

describe('crossesKeyDecision', () => {
  it('holds when the combined cost reaches the threshold and the proposal alone does not', () => {
    const at = (combinedOther: string, own = '90000.00') =>
      splitSpendOf(
        facts({ proposalId: 'subject', wholeLifeCost: Money.parse(own) }),
        [facts({ wholeLifeCost: Money.parse(combinedOther) })],
        checksOn(30, '250000.00'),
      )!.crossesKeyDecision;
    expect(at('159999.99')).toBe(false);
    expect(at('160000.00')).toBe(true);
    // A proposal that is a key decision on its own is not split into one.
    expect(at('160000.00', '250000.00')).toBe(false);
  });
});

describe('the programme draft field', () => {
  it('is trimmed and refused when empty or longer than 200 characters', () => {
    expect(programmeField('  Customer portal ')).toBe('Customer portal');
    expect(programmeField(null)).toBeNull();
    expect(() => programmeField('   ')).toThrow(InvalidField);
    expect(() => programmeField('x'.repeat(201))).toThrow(InvalidField);
    expect(programmeField('x'.repeat(200))).toHaveLength(200);
  });

  it('is recorded on the draft only when given, and an amendment may clear it', () => {
    given([])
      .when(aDraft({ programme: ' Portal ' }))
      .then([{ ...proposalDrafted(), data: { ...proposalDrafted().data, programme: 'Portal' } }]);
    given([]).when(aDraft()).then([proposalDrafted()]);
    const state = fold(proposalDecider, [
      proposalDrafted({ programme: 'Portal' }),
      proposalAmended({ programme: null }),
    ]) as Proposal;
    expect(state.programme).toBeNull();
    expect((fold(proposalDecider, [proposalDrafted()]) as Proposal).programme).toBeNull();
  });
});

describe('deciding with split-spend checks on', () => {
  const reviewed = aReviewedSubmission();
  const sibling = facts({ proposalId: 'sibling', wholeLifeCost: Money.parse('20000.00') });
  const decision = (
    overrides: Parameters<typeof aDecision>[0] = {},
    policy = checksOn(),
    relatedProposals: readonly RelationFacts[] | undefined = [sibling],
  ) => ({ ...aDecision(overrides, { policy }), relatedProposals });
  const splitRecord = {
    related: ['sibling'],
    combinedWholeLifeCost: '110000.00',
    crossesTier: 'chief-officer',
    crossesKeyDecision: false,
  };

  it('refuses an approval without splitSpendReason when the combined cost crosses a tier limit', () => {
    given(reviewed)
      .when(decision())
      .thenThrows(SplitSpendUnexplained, (error) => {
        expect(error.code).toBe('split-spend-unexplained');
        expect(error.kind).toBe('governance');
        expect(error.message).toContain('sibling');
        expect(error.message).toContain('£110000.00');
        expect(error.message).toContain('"chief-officer"');
      });
  });

  it('approves with a reason, and the snapshot records it with the related ids and the combined cost', () => {
    given(reviewed)
      .when(decision({ splitSpendReason: ' Separate contracts, separate services. ' }))
      .then([
        proposalApproved({
          reason: 'Strong case with sound reviews.',
          decidedAt: NOW,
          snapshot: aSnapshot({
            splitSpend: { ...splitRecord, reason: 'Separate contracts, separate services.' },
          }),
        }),
      ]);
  });

  it('approves without a reason when the combined cost crosses nothing, and still records what it counted', () => {
    const small = facts({ proposalId: 'sibling', wholeLifeCost: Money.parse('10000.00') });
    given(reviewed)
      .when(decision({}, checksOn(), [small]))
      .then([
        proposalApproved({
          reason: 'Strong case with sound reviews.',
          decidedAt: NOW,
          snapshot: aSnapshot({
            splitSpend: {
              related: ['sibling'],
              combinedWholeLifeCost: '100000.00',
              crossesTier: null,
              crossesKeyDecision: false,
              reason: null,
            },
          }),
        }),
      ]);
  });

  it('refuses an approval that crosses the key-decision threshold only together', () => {
    given(reviewed)
      .when(decision({ authority: 'cabinet' }, checksOn(30, '100000.00'), [sibling]))
      .thenThrows(SplitSpendUnexplained, (error) =>
        expect(error.message).toContain('key-decision threshold'),
      );
  });

  it('rejects without a reason, and refuses splitSpendReason on anything but an approval', () => {
    given(reviewed)
      .when(decision({ outcome: 'rejected' }))
      .then([
        proposalRejected({
          reason: 'Strong case with sound reviews.',
          decidedAt: NOW,
          snapshot: aSnapshot({ splitSpend: { ...splitRecord, reason: null } }),
        }),
      ]);
    given(reviewed)
      .when(decision({ outcome: 'rejected', splitSpendReason: 'Not needed.' }))
      .thenThrows(InvalidField, (error) => expect(error.field).toBe('splitSpendReason'));
  });

  it('decides as v1 did while the policy leaves the checks off, whatever the candidates', () => {
    given(reviewed)
      .when(decision({}, defaultPolicy(), [sibling]))
      .then([
        proposalApproved({
          reason: 'Strong case with sound reviews.',
          decidedAt: NOW,
          snapshot: aSnapshot(),
        }),
      ]);
  });

  it('never decides under the checks without the related proposals as facts', () => {
    const withoutFacts = aDecision({}, { policy: checksOn() });
    expect(() => proposalDecider.decide(withoutFacts, fold(proposalDecider, reviewed))).toThrow(
      /related proposals/,
    );
  });

  it('makes readiness ask for splitSpendReason when a threshold is crossed', () => {
    const state = fold(proposalDecider, reviewed) as Proposal;
    const policy = checksOn();
    const split = splitSpendOf({ ...subject, proposalId: PROPOSAL_ID }, [sibling], policy);
    expect(proposalReadiness(state, policy, aBudget(), undefined, split).reasonsRequired).toEqual([
      'splitSpendReason',
    ]);
    expect(proposalReadiness(state, policy, aBudget(), undefined, null).reasonsRequired).toEqual(
      [],
    );
    expect(proposalReadiness(state, policy, aBudget()).blockers).toEqual([]);
  });
});

describe('the policy switches', () => {
  const adopt = (switches: Partial<AdoptPolicy['data']>): AdoptPolicy => ({
    type: 'AdoptPolicy',
    data: {
      delegation: [{ authority: 'cabinet', upTo: null }],
      requiredReviewKinds: [],
      criteriaWeights: defaultPolicy().criteriaWeights,
      ...switches,
    },
    metadata: by(anAdmin()),
  });
  const adoptedPolicyOf = (switches: Partial<AdoptPolicy['data']>) => {
    const [event] = decidePolicy(adopt(switches), initialPolicyState());
    return { event, policy: policyInForce(evolvePolicy(initialPolicyState(), event), 7) };
  };

  it('reads splitSpendWindowDays and keyDecisionThreshold from the adopted policy', () => {
    const { event, policy } = adoptedPolicyOf({
      splitSpendWindowDays: 45,
      keyDecisionThreshold: '250000',
    });
    expect(event.data).toMatchObject({
      splitSpendWindowDays: 45,
      keyDecisionThreshold: '250000.00',
    });
    expect(policy.splitSpendWindowDays).toBe(45);
    expect(policy.keyDecisionThreshold).toEqual(Money.parse('250000'));
  });

  it('reads them as off from a policy adopted without them, which records nothing new', () => {
    const { event, policy } = adoptedPolicyOf({});
    expect(Object.keys(event.data)).not.toContain('splitSpendWindowDays');
    expect(Object.keys(event.data)).not.toContain('keyDecisionThreshold');
    expect(policy.splitSpendWindowDays).toBeNull();
    expect(policy.keyDecisionThreshold).toBeNull();
    expect(adoptedPolicyOf({ splitSpendWindowDays: null }).policy.splitSpendWindowDays).toBeNull();
  });

  it.each([0, 731, 1.5, '30'])('refuses a window of %p days', (days) => {
    expect(() => adoptedPolicyOf({ splitSpendWindowDays: days as number })).toThrow(InvalidField);
  });

  it('accepts windows of 1 and 730 days', () => {
    expect(adoptedPolicyOf({ splitSpendWindowDays: 1 }).policy.splitSpendWindowDays).toBe(1);
    expect(adoptedPolicyOf({ splitSpendWindowDays: 730 }).policy.splitSpendWindowDays).toBe(730);
  });
});
