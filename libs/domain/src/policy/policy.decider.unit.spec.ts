import { InvalidField, InvalidMoney, RoleRequired } from '../domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import { aBoardMember, anAdmin, by, NOW } from '../testing/fixtures';
import { AdoptPolicy } from './policy.commands';
import {
  defaultPolicy,
  evolvePolicy,
  initialPolicyState,
  policyDecider,
  policyInForce,
} from './policy.decider';
import { PolicyAdopted, policyStream } from './policy.events';

const { given } = deciderSpecification(policyDecider);
const weights = {
  strategicFit: 2,
  valueForMoney: 3,
  deliverability: 1,
  riskReduction: 1,
  serviceImpact: 0,
};

function adopt(overrides: Partial<AdoptPolicy['data']> = {}, actor = anAdmin()): AdoptPolicy {
  return {
    type: 'AdoptPolicy',
    data: {
      delegation: [
        { authority: 'chief-officer', upTo: '50000' },
        { authority: 'cabinet', upTo: null },
      ],
      requiredReviewKinds: ['financial', 'technical', 'security'],
      criteriaWeights: weights,
      discountRate: '0.0350',
      ...overrides,
    },
    metadata: by(actor),
  };
}

const adopted: PolicyAdopted = {
  type: 'PolicyAdopted',
  data: {
    delegation: [
      { authority: 'chief-officer', upTo: '50000.00' },
      { authority: 'cabinet', upTo: null },
    ],
    requiredReviewKinds: ['financial', 'technical', 'security'],
    criteriaWeights: weights,
    discountRate: '0.035',
    adoptedAt: NOW,
  },
};

describe('the default policy', () => {
  it('is the Green Book rate, three tiers, financial and technical reviews and equal weights, at version 0', () => {
    const policy = defaultPolicy();
    expect(policy.version).toBe(0);
    expect(policy.delegation.map((t) => [t.authority, t.upTo?.toString() ?? null])).toEqual([
      ['chief-officer', '100000.00'],
      ['investment-board', '1000000.00'],
      ['cabinet', null],
    ]);
    expect(policy.requiredReviewKinds).toEqual(['financial', 'technical']);
    expect(Object.values(policy.criteriaWeights)).toEqual([1, 1, 1, 1, 1]);
    expect(policy.discountRate).toBe('0.035');
  });

  it('is in force until a policy is adopted', () => {
    expect(policyInForce(initialPolicyState(), 0)).toEqual(defaultPolicy());
  });
});

describe('adopting a policy', () => {
  it('records the policy in canonical form', () => {
    given([]).when(adopt()).then([adopted]);
  });

  it('takes the Green Book rate when none is given', () => {
    given([])
      .when(adopt({ discountRate: undefined }))
      .then([{ ...adopted, data: { ...adopted.data, discountRate: '0.035' } }]);
  });

  it('replaces the policy in force, identified by the log position of its adoption', () => {
    const state = evolvePolicy(initialPolicyState(), adopted);
    const inForce = policyInForce(state, 17);
    expect(inForce.version).toBe(17);
    expect(inForce.delegation[0].upTo?.toString()).toBe('50000.00');
    expect(inForce.requiredReviewKinds).toContain('security');
    expect(inForce.adoptedAt).toBe(NOW);
  });

  it('refuses someone without the admin role', () => {
    given([]).when(adopt({}, aBoardMember())).thenThrows(RoleRequired);
  });

  it.each([
    [{ delegation: [] }, 'delegation'],
    [
      {
        delegation: [
          { authority: 'cabinet', upTo: null },
          { authority: 'cabinet', upTo: '1' },
        ],
      },
      'delegation',
    ],
    [{ delegation: [{ authority: ' ', upTo: null }] }, 'delegation[0].authority'],
    [{ requiredReviewKinds: ['financial', 'astrological'] }, 'requiredReviewKinds[1]'],
    [{ requiredReviewKinds: ['financial', 'financial'] }, 'requiredReviewKinds'],
    [{ criteriaWeights: { ...weights, valueForMoney: -1 } }, 'criteriaWeights.valueForMoney'],
    [{ criteriaWeights: { ...weights, vibes: 1 } }, 'criteriaWeights.vibes'],
    [{ criteriaWeights: { strategicFit: 1 } }, 'criteriaWeights.valueForMoney'],
    [
      {
        criteriaWeights: {
          strategicFit: 0,
          valueForMoney: 0,
          deliverability: 0,
          riskReduction: 0,
          serviceImpact: 0,
        },
      },
      'criteriaWeights',
    ],
    [{ discountRate: '1' }, 'discountRate'],
    [{ discountRate: '-0.01' }, 'discountRate'],
    [{ discountRate: '3.5%' }, 'discountRate'],
  ])('refuses the invalid policy %j', (override, field) => {
    given([])
      .when(adopt(override as never))
      .thenThrows(InvalidField, (e) => expect(e.field).toBe(field));
  });

  it('refuses a tier limit that is not money', () => {
    given([])
      .when(adopt({ delegation: [{ authority: 'cabinet', upTo: '1.5e6' }] }))
      .thenThrows(InvalidMoney, (e) => expect(e.field).toBe('delegation[0].upTo'));
  });

  it('lives in one global stream', () => {
    expect(policyStream()).toBe('policy');
  });
});
