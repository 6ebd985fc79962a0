import fc from 'fast-check';
import { budgetStream, parseBudgetEvent, parseBudgetStream } from './budget/budget.events';
import { StoredEventInvalid, type StoredEventRecord } from './event-registry';
import { LEDGER_EVENTS, parseLedgerEvent, parseStream } from './ledger-events';
import { parsePolicyEvent, policyStream } from './policy/policy.events';
import { scenarioAdoptionsStream } from './scenario/scenario-adoptions';
import {
  parseScenarioStream,
  SCENARIO_EVENT_TYPES,
  scenarioStream,
} from './scenario/scenario.events';
import {
  parseProposalEvent,
  parseProposalStream,
  PROPOSAL_EVENT_TYPES,
  proposalStream,
} from './proposal/proposal.events';
import {
  envelopeSet,
  PROPOSAL_ID,
  proposalApproved,
  proposalDeferred,
  proposalDrafted,
} from './testing/fixtures';

function stored(
  event: { type: string; data: unknown },
  overrides: Partial<StoredEventRecord> = {},
): StoredEventRecord {
  return {
    position: 42,
    streamId: proposalStream(PROPOSAL_ID),
    schemaVersion: 1,
    type: event.type,
    data: JSON.parse(JSON.stringify(event.data)),
    ...overrides,
  };
}

function refusal(read: () => unknown): StoredEventInvalid {
  try {
    read();
  } catch (error) {
    if (error instanceof StoredEventInvalid) return error;
    throw error;
  }
  throw new Error('The event was expected to fail its schema');
}

describe('reading a stored event against its schema', () => {
  it('answers the event as recorded, with null risks and no strategic objectives', () => {
    const drafted = proposalDrafted({ risks: null, strategicObjectives: [] });
    expect(parseProposalEvent(stored(drafted))).toEqual(drafted);
  });

  it('answers decisions with their snapshot, and deferrals to a date', () => {
    expect(parseProposalEvent(stored(proposalApproved()))).toEqual(proposalApproved());
    expect(parseProposalEvent(stored(proposalDeferred()))).toEqual(proposalDeferred());
  });

  it('names the position, stream, type, schema version and the failing field', () => {
    const approved = proposalApproved();
    const error = refusal(() =>
      parseProposalEvent(
        stored({
          ...approved,
          data: { ...approved.data, snapshot: { ...approved.data.snapshot, wholeLifeCost: 9 } },
        }),
      ),
    );
    expect(error).toMatchObject({
      code: 'stored-event-invalid',
      position: 42,
      streamId: proposalStream(PROPOSAL_ID),
      type: 'ProposalApproved',
      schemaVersion: 1,
      path: 'data.snapshot.wholeLifeCost',
    });
    expect(error.message).toContain('position 42');
    expect(error.message).toContain('ProposalApproved, schema version 1');
    expect(error.message).toContain('data.snapshot.wholeLifeCost');
  });

  it('refuses a missing field and a field of the wrong kind', () => {
    const { title: _, ...withoutTitle } = proposalDrafted().data;
    expect(
      refusal(() => parseProposalEvent(stored({ type: 'ProposalDrafted', data: withoutTitle })))
        .path,
    ).toBe('data.title');
    const drafted = proposalDrafted();
    const wrongMoney = { ...drafted, data: { ...drafted.data, capitalCost: '12.345' } };
    expect(refusal(() => parseProposalEvent(stored(wrongMoney))).path).toBe('data.capitalCost');
    const wrongCategory = { ...drafted, data: { ...drafted.data, category: 'furniture' } };
    expect(refusal(() => parseProposalEvent(stored(wrongCategory))).path).toBe('data.category');
  });

  // Strict, not stripping: a field the schema does not know is either a writer that disagrees with
  // its schema or a newer version's event, and folding it without that field would lose its meaning.
  it('refuses a field the schema does not declare', () => {
    const drafted = proposalDrafted();
    const error = refusal(() =>
      parseProposalEvent(stored({ ...drafted, data: { ...drafted.data, sponsorNotes: {} } })),
    );
    expect(error.path).toBe('data');
    expect(error.message).toContain('sponsorNotes');
  });

  it('refuses an event type that does not belong on the stream', () => {
    const error = refusal(() => parseProposalEvent(stored(envelopeSet())));
    expect(error.path).toBe('type');
    expect(parseBudgetEvent(stored(envelopeSet(), { streamId: budgetStream('2026-27') }))).toEqual(
      envelopeSet(),
    );
    expect(
      refusal(() => parseLedgerEvent(stored({ type: 'SomethingHappened', data: {} }))).path,
    ).toBe('type');
  });

  it('refuses a schema version no upcaster brought up to the current one', () => {
    const error = refusal(() =>
      parseProposalEvent(stored(proposalDrafted(), { schemaVersion: 2 })),
    );
    expect(error.path).toBe('schemaVersion');
    expect(error.message).toContain('schema version 2');
  });

  it('refuses a policy without a delegation tier', () => {
    expect(
      refusal(() =>
        parsePolicyEvent(
          stored(
            {
              type: 'PolicyAdopted',
              data: {
                delegation: [],
                requiredReviewKinds: [],
                criteriaWeights: {
                  strategicFit: 1,
                  valueForMoney: 1,
                  deliverability: 1,
                  riskReduction: 1,
                  serviceImpact: 1,
                },
                discountRate: '0.035',
                adoptedAt: '2026-11-01T09:00:00.000Z',
              },
            },
            { streamId: policyStream() },
          ),
        ),
      ).path,
    ).toBe('data.delegation');
  });

  it('knows the current schema version of every event type the ledger writes', () => {
    for (const type of [
      ...PROPOSAL_EVENT_TYPES,
      'BudgetEnvelopeSet',
      'FundsCommitted',
      'PolicyAdopted',
      ...SCENARIO_EVENT_TYPES,
      'AdoptedScenarioRecorded',
    ]) {
      expect(LEDGER_EVENTS.schemaVersionOf(type as never)).toBe(1);
    }
    expect(LEDGER_EVENTS.types).toHaveLength(
      PROPOSAL_EVENT_TYPES.length + 3 + SCENARIO_EVENT_TYPES.length + 1,
    );
  });
});

describe('stream ids', () => {
  it('format and parse back, for every stream type', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (id) => {
        expect(parseProposalStream(proposalStream(id))).toBe(id);
        expect(parseStream(proposalStream(id))).toEqual({ kind: 'proposal', proposalId: id });
        expect(parseBudgetStream(budgetStream(id))).toBe(id);
        expect(parseStream(budgetStream(id))).toEqual({ kind: 'budget', fiscalYear: id });
        expect(parseScenarioStream(scenarioStream(id))).toBe(id);
        expect(parseStream(scenarioStream(id))).toEqual({ kind: 'scenario', scenarioId: id });
        expect(parseStream(scenarioAdoptionsStream(id))).toEqual({
          kind: 'scenario-adoptions',
          fiscalYear: id,
        });
        expect(parseScenarioStream(scenarioAdoptionsStream(id))).toBeNull();
      }),
    );
    expect(parseStream(policyStream())).toEqual({ kind: 'policy' });
  });

  it('answer null for a stream of another kind', () => {
    expect(parseProposalStream(budgetStream('2026-27'))).toBeNull();
    expect(parseBudgetStream(proposalStream(PROPOSAL_ID))).toBeNull();
    expect(parseProposalStream('proposal-')).toBeNull();
    expect(parseStream('forecast-1')).toBeNull();
    expect(parseScenarioStream('scenario-')).toBeNull();
  });
});
