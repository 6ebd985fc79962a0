import { AccessTokens, type LedgerConfig } from '@ledger/platform';

export interface Person {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly authorities?: readonly string[];
}

/** The cast of a council's investment governance; each duty is held by someone different. */
export const people = {
  finance: { sub: 'finance-1', name: 'Fiona Finch', roles: ['finance'] },
  admin: { sub: 'admin-1', name: 'Adam Admin', roles: ['admin'] },
  proposer: { sub: 'proposer-1', name: 'Priya Patel', roles: ['proposer'] },
  otherProposer: { sub: 'proposer-2', name: 'Oliver Owen', roles: ['proposer'] },
  financialReviewer: { sub: 'reviewer-1', name: 'Rhys Rowlands', roles: ['reviewer'] },
  technicalReviewer: { sub: 'reviewer-2', name: 'Tara Teague', roles: ['reviewer'] },
  board: {
    sub: 'board-1',
    name: 'Beatrice Bell',
    roles: ['board'],
    authorities: ['investment-board'],
  },
  chiefOfficer: {
    sub: 'board-2',
    name: 'Charles Chen',
    roles: ['board'],
    authorities: ['chief-officer'],
  },
  proposingReviewer: { sub: 'dual-1', name: 'Dana Dual', roles: ['proposer', 'reviewer'] },
  proposingBoardMember: {
    sub: 'dual-2',
    name: 'Dev Double',
    roles: ['proposer', 'board'],
    authorities: ['investment-board'],
  },
  auditor: { sub: 'auditor-1', name: 'Audrey Auld', roles: ['auditor'] },
  /** A board member who holds every tier's authority, for suites about something other than tiers. */
  boardAtEveryTier: {
    sub: 'board-all',
    name: 'Bea Board',
    roles: ['board'],
    authorities: ['chief-officer', 'investment-board', 'cabinet'],
  },
} as const satisfies Record<string, Person>;

export function aBoardMember(
  index: number,
  authorities: readonly string[] = ['investment-board'],
): Person {
  return {
    sub: `board-member-${index}`,
    name: `Board Member ${index}`,
    roles: ['board'],
    authorities,
  };
}

/** Mints bearer tokens the app under test accepts, signed with its own secret. */
export function tokenMinter(config: LedgerConfig) {
  const tokens = new AccessTokens(config);
  return {
    /** `expiresIn` as jose reads it: '8h', or '-1h' for a token that has already expired. */
    async tokenFor(person: Person, expiresIn = '1h'): Promise<string> {
      return tokens.mint(
        {
          sub: person.sub,
          name: person.name,
          roles: person.roles,
          authorities: person.authorities ?? [],
        },
        expiresIn,
      );
    },
    async bearer(person: Person, expiresIn = '1h'): Promise<string> {
      return `Bearer ${await this.tokenFor(person, expiresIn)}`;
    },
  };
}

export type DraftBody = Record<string, unknown>;

export function aDraftBody(overrides: DraftBody = {}): DraftBody {
  return {
    title: 'Replace the revenues and benefits system',
    summary: 'The current system is out of support in March 2028.',
    department: 'Finance and Revenues',
    category: 'digital-service',
    fiscalYear: '2026-27',
    capitalCost: '250000.00',
    annualRevenueCost: '15000.00',
    annualCashableSaving: '40000.00',
    annualNonCashableBenefit: '10000.00',
    appraisalYears: 5,
    statutory: false,
    risks: 'Data migration may overrun.',
    strategicObjectives: ['Digital by default'],
    ...overrides,
  };
}

export function aReviewBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'financial',
    scores: {
      strategicFit: 4,
      valueForMoney: 3,
      deliverability: 4,
      riskReduction: 2,
      serviceImpact: 5,
    },
    recommendation: 'support',
    comments: 'Savings are credible; revenue costs checked with the supplier.',
    ...overrides,
  };
}

export function anApprovalBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    outcome: 'approved',
    authority: 'investment-board',
    reason: 'Strong invest-to-save case.',
    approvedAmount: '250000.00',
    conditions: ['Report progress quarterly'],
    meetingRef: 'IB-2026-11',
    ...overrides,
  };
}

export function aBudgetBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { capitalEnvelope: '2000000.00', revenueEnvelope: '500000.00', ...overrides };
}

/**
 * A policy as PUT /policy takes it: the three-tier delegation, both review kinds required, equal
 * weights. The discount rate, key-decision threshold and other switches are left to `overrides`, so a
 * body without them adopts what the API defaults them to.
 */
export function aPolicyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    delegation: [
      { authority: 'chief-officer', upTo: '100000.00' },
      { authority: 'investment-board', upTo: '1000000.00' },
      { authority: 'cabinet', upTo: null },
    ],
    requiredReviewKinds: ['financial', 'technical'],
    criteriaWeights: {
      strategicFit: 1,
      valueForMoney: 1,
      deliverability: 1,
      riskReduction: 1,
      serviceImpact: 1,
    },
    ...overrides,
  };
}
