import fc from 'fast-check';
import { evolveProposal, initialProposalState, Money, type ProposalEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { RebuildRowCache } from '../projector/projection';
import { evolveRegisterRow, foldRegisterRow } from './proposal-register.projection';
import {
  decodeProposalState,
  encodeProposalState,
  encodeProposalStates,
} from './proposal-state.codec';

const ID = '0190a6f4-0000-7000-8000-000000000001';
const AT = '2026-11-01T09:00:00.000Z';
const KINDS = ['financial', 'technical', 'security'];

function recorded(position: number, type: string, data: Record<string, unknown>): RecordedEvent {
  return {
    position,
    streamId: `proposal-${ID}`,
    version: position,
    eventId: `e-${position}`,
    type,
    schemaVersion: 1,
    data: data as RecordedEvent['data'],
    metadata: { actor: { id: 'a', name: 'A' }, roles: [], correlationId: 'c', causationId: null },
    recordedAt: AT,
    dataHash: '',
    prevHash: '',
    hash: '',
  } as RecordedEvent;
}

/** A proposal's life: drafted, submitted, reviewed, approved, two years of benefits. */
const LIFE: RecordedEvent[] = [
  recorded(3, 'ProposalDrafted', {
    proposalId: ID,
    title: 'Replace network segment',
    summary: 'Core switches are out of support.',
    department: 'Digital Services',
    category: 'infrastructure',
    fiscalYear: '2026-27',
    capitalCost: '12000.00',
    annualRevenueCost: '2000.00',
    annualCashableSaving: '30000.00',
    annualNonCashableBenefit: '5000.00',
    appraisalYears: 5,
    statutory: false,
    risks: null,
    strategicObjectives: [],
    proposer: { id: 'p1', name: 'Priya Patel' },
    draftedAt: AT,
  }),
  recorded(5, 'ProposalSubmitted', { submittedAt: AT }),
  ...KINDS.map((kind, i) =>
    recorded(8 + i, 'ReviewRecorded', {
      reviewId: `r-${kind}`,
      kind,
      reviewer: { id: `rev-${kind}`, name: 'Rhys Evans' },
      scores: {
        strategicFit: 4,
        valueForMoney: 3,
        deliverability: 4,
        riskReduction: 5,
        serviceImpact: 2,
      },
      recommendation: 'support',
      comments: 'Sound case.',
      proposalVersion: 2,
      recordedAt: AT,
    }),
  ),
  recorded(20, 'ProposalApproved', {
    approvedAmount: '12000.00',
    conditions: [],
    reason: 'Strong case.',
    meetingRef: null,
    decidedBy: { id: 'board-1', name: 'Bronwen Jones' },
    decidedAt: AT,
    snapshot: {
      proposalVersion: 5,
      reviewIds: KINDS.map((kind) => `r-${kind}`),
      policyVersion: 0,
      authority: 'investment-board',
      authorityUpTo: null,
      wholeLifeCost: '22000.00',
    },
  }),
  recorded(30, 'BenefitsRecorded', {
    period: '2027-28',
    cashableSaving: '28000.00',
    nonCashableBenefit: '4000.00',
    note: 'First full year.',
    recordedAt: AT,
  }),
  recorded(31, 'BenefitsRecorded', {
    period: '2028-29',
    cashableSaving: '31000.00',
    nonCashableBenefit: '5000.00',
    note: 'Second year.',
    recordedAt: AT,
  }),
];

/** The encoding as it was first written: a replacer that turns Money into exact pence. */
function replacerEncoding(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key, inner) {
    const raw = this[key];
    return raw instanceof Money ? { $pence: raw.pence.toString() } : inner;
  });
}

describe('the proposal register projection', () => {
  it('folds any split of a proposal into the same row as evolving its events one at a time', () => {
    const oneByOne = LIFE.reduce(evolveRegisterRow, null);
    expect(oneByOne?.seq).toBe(3);
    expect(oneByOne?.lastPosition).toBe(31);
    expect(oneByOne?.realisedCashablePence).toBe(5_900_000n);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: LIFE.length - 1 })), (cuts) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), LIFE.length];
        let row = null as ReturnType<typeof foldRegisterRow>;
        for (let i = 0; i + 1 < bounds.length; i++)
          row = foldRegisterRow(row, LIFE.slice(bounds[i], bounds[i + 1]));
        expect(row).toEqual(oneByOne);
      }),
    );
  });

  it('leaves the row as it was when no event makes a proposal', () => {
    expect(foldRegisterRow(null, [])).toBeNull();
    const drafted = foldRegisterRow(null, LIFE.slice(0, 1));
    expect(foldRegisterRow(drafted, [])).toBe(drafted);
  });
});

describe('the proposal state codec', () => {
  const states = LIFE.map((_, i) =>
    LIFE.slice(0, i + 1).reduce(
      (state, event) =>
        evolveProposal(state, { type: event.type, data: event.data } as ProposalEvent),
      initialProposalState(),
    ),
  );

  it('writes exactly what the replacer wrote, and reads it back with exact pence', () => {
    expect(encodeProposalStates(states)).toEqual(states.map(replacerEncoding));
    for (const state of states) {
      expect(encodeProposalState(state)).toBe(replacerEncoding(state));
      expect(decodeProposalState(encodeProposalState(state))).toEqual(state);
    }
  });

  // Every event a proposal can record, money in each place it can sit, in any order: the encoder
  // swaps Money where it knows it is, so a state with Money anywhere else would fail here.
  const person = { id: 'x-1', name: 'Alex Example' };
  const decision = {
    reason: 'Board minute 12.',
    meetingRef: 'IB-2026-11',
    decidedBy: person,
    decidedAt: AT,
    snapshot: LIFE[6].data.snapshot,
  };
  const anyEvent = fc.constantFrom<ProposalEvent>(
    ...([
      {
        type: 'ProposalAmended',
        data: { changes: { capitalCost: '999.99', title: 'New' }, amendedAt: AT },
      },
      {
        type: 'ProposalAmended',
        data: { changes: { annualNonCashableBenefit: '0.00' }, amendedAt: AT },
      },
      { type: 'ProposalSubmitted', data: { submittedAt: AT } },
      { type: 'ReviewRecorded', data: LIFE[2].data },
      {
        type: 'ConflictOfInterestDeclared',
        data: { person, statement: 'Related.', declaredAt: AT },
      },
      { type: 'ProposalReturned', data: { reason: 'More detail.', returnedAt: AT } },
      { type: 'ProposalWithdrawn', data: { reason: 'Superseded.', withdrawnAt: AT } },
      {
        type: 'ProposalApproved',
        data: { ...decision, approvedAmount: '0.01', conditions: ['Quarterly report'] },
      },
      { type: 'ProposalRejected', data: decision },
      { type: 'ProposalDeferred', data: { ...decision, deferredUntil: '2027-04-01' } },
      {
        type: 'BenefitsRecorded',
        data: {
          period: '2027-28',
          cashableSaving: '1.50',
          nonCashableBenefit: '0.00',
          note: '',
          recordedAt: AT,
        },
      },
    ] as unknown as ProposalEvent[]),
  );

  it('writes what the replacer wrote for a proposal at any point of any life', () => {
    const drafted = { type: LIFE[0].type, data: LIFE[0].data } as ProposalEvent;
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 12 }), (events) => {
        let state = evolveProposal(initialProposalState(), drafted);
        for (const event of events) {
          state = evolveProposal(state, event);
          expect(encodeProposalState(state)).toBe(replacerEncoding(state));
          expect(decodeProposalState(encodeProposalState(state))).toEqual(state);
        }
      }),
    );
  });
});

describe('a rebuild row cache', () => {
  it('knows fresh tables are empty, remembers saved rows, and forgets rows it evicts', () => {
    const cache = new RebuildRowCache(2);
    expect(cache.get('p', 'a')).toBeNull();
    cache.remember(
      'p',
      new Map([
        ['a', { n: 1 }],
        ['b', { n: 2 }],
      ]),
    );
    expect(cache.get('p', 'a')).toEqual({ n: 1 });
    cache.remember('p', new Map([['c', { n: 3 }]]));
    // Evicted: saved but no longer held, so it must be loaded again.
    expect(cache.get('p', 'a')).toBeUndefined();
    expect(cache.get('p', 'c')).toEqual({ n: 3 });
    expect(cache.get('p', 'never')).toBeNull();
    expect(cache.get('other', 'a')).toBeNull();
  });

  it('does not claim a key absent once it holds too many to track', () => {
    const cache = new RebuildRowCache(1, 2);
    cache.remember(
      'p',
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    expect(cache.get('p', 'never')).toBeUndefined();
    expect(cache.get('p', 'c')).toBe(3);
  });

  it('forgets a key whose row became null, since saving skips it', () => {
    const cache = new RebuildRowCache();
    cache.remember('p', new Map([['a', { n: 1 }]]));
    cache.remember('p', new Map([['a', null]]));
    expect(cache.get('p', 'a')).toBeUndefined();
  });
});
