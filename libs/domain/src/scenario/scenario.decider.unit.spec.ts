import { InvalidField, RoleRequired } from '../domain.errors';
import { departureRecord } from '../proposal/adopted-scenario';
import { deciderSpecification } from '../testing/decider-specification';
import { aBoardMember, aFinanceOfficer, aProposer, by, NOW } from '../testing/fixtures';
import { AdoptScenario, CreateScenario, ScenarioDefinition } from './scenario.commands';
import { decideAdoption, scenarioDecider } from './scenario.decider';
import {
  AsOfInFuture,
  DepartsFromAdoptedScenario,
  ForcedExceedsBudget,
  ForcedInAndOut,
  ForcedTwice,
  NotACandidate,
  ScenarioAlreadyAdopted,
  ScenarioNotFound,
} from './scenario.errors';
import { ScenarioCreated, ScenarioEvent } from './scenario.events';
import {
  effectiveWeights,
  scenarioCandidates,
  validScenarioDefinition,
} from './scenario.selection';

const spec = deciderSpecification(scenarioDecider);
const POUND = 100n;

function create(
  overrides: Partial<ScenarioDefinition> = {},
  actor = aFinanceOfficer(),
): CreateScenario {
  return {
    type: 'CreateScenario',
    data: {
      scenarioId: 's-1',
      fiscalYear: '2026-27',
      name: 'Cut by 15%',
      budget: '850000',
      ...overrides,
    },
    metadata: by(actor),
    evaluation: {
      position: 42,
      policyVersion: 0,
      selection: { proposals: ['p-1'], totalCapital: '250000.00', totalScore: 70 },
    },
  };
}

function created(scenarioId = 's-1'): ScenarioCreated {
  return {
    type: 'ScenarioCreated',
    data: {
      scenarioId,
      fiscalYear: '2026-27',
      name: 'Cut by 15%',
      budget: '850000.00',
      weights: {},
      forceIn: [],
      forceOut: [],
      asOf: null,
      evaluationPosition: 42,
      policyVersion: 0,
      selection: { proposals: ['p-1'], totalCapital: '250000.00', totalScore: 70 },
      createdBy: { id: 'finance-1', name: 'Fergus Hall' },
      createdAt: NOW,
    },
  };
}

function adopt(
  adopted: { scenarioId: string } | null = null,
  actor = aBoardMember(),
): AdoptScenario {
  return {
    type: 'AdoptScenario',
    data: { scenarioId: 's-1', reason: 'Agreed at the board' },
    metadata: by(actor),
    adopted,
  };
}

const adoptedEvent = (supersedes: string | null = null): ScenarioEvent => ({
  type: 'ScenarioAdopted',
  data: {
    scenarioId: 's-1',
    fiscalYear: '2026-27',
    reason: 'Agreed at the board',
    meetingRef: null,
    supersedes,
    adoptedBy: { id: aBoardMember().id, name: aBoardMember().name },
    adoptedAt: NOW,
  },
});

describe('creating a scenario', () => {
  it('records the definition and the selection the handler evaluated', () => {
    spec.given([]).when(create()).then([created()]);
  });

  it('is for finance and the board only', () => {
    spec.given([]).when(create({}, aProposer())).thenThrows(RoleRequired);
    spec
      .given([])
      .when(create({}, aBoardMember()))
      .then([
        {
          ...created(),
          data: {
            ...created().data,
            createdBy: { id: aBoardMember().id, name: aBoardMember().name },
          },
        },
      ]);
  });

  it('refuses a proposal forced both in and out', () => {
    const forced = [{ proposalId: 'p-1', reason: 'because' }];
    spec
      .given([])
      .when(create({ forceIn: forced, forceOut: forced }))
      .thenThrows(ForcedInAndOut);
  });

  it('refuses a proposal forced in twice', () => {
    const forced = { proposalId: 'p-1', reason: 'because' };
    spec
      .given([])
      .when(create({ forceIn: [forced, forced] }))
      .thenThrows(ForcedTwice);
  });

  it('refuses an evaluation point in the future', () => {
    spec
      .given([])
      .when(create({ asOf: '2999-01-01T00:00:00.000Z' }))
      .thenThrows(AsOfInFuture);
  });

  it('refuses weights for criteria that do not exist, or below zero', () => {
    const unknown = { beauty: 2 } as unknown as ScenarioDefinition['weights'];
    spec
      .given([])
      .when(create({ weights: unknown }))
      .thenThrows(InvalidField);
    spec
      .given([])
      .when(create({ weights: { riskReduction: -1 } }))
      .thenThrows(InvalidField);
  });

  // Found by the HTTP fuzzer: a weight of 1e308 made the sum of weights Infinity, and the API 500.
  it('refuses a weight above 1,000, and takes one of exactly 1,000', () => {
    spec
      .given([])
      .when(create({ weights: { riskReduction: 1e308 } }))
      .thenThrows(InvalidField);
    spec
      .given([])
      .when(create({ weights: { riskReduction: 1000.5 } }))
      .thenThrows(InvalidField);
    expect(() =>
      spec
        .given([])
        .when(create({ weights: { riskReduction: 1000 } }))
        .thenThrows(InvalidField),
    ).toThrow();
  });
});

describe('adopting a scenario', () => {
  it('records the adoption', () => {
    spec.given([created()]).when(adopt()).then([adoptedEvent()]);
  });

  it('names the scenario it supersedes, which gets its own ScenarioSuperseded', () => {
    const decided = decideAdoption(
      adopt({ scenarioId: 's-0' }),
      spec.given([created()]).when(adopt()).state,
    );
    expect(decided.events).toEqual([adoptedEvent('s-0')]);
    expect(decided.superseded).toEqual({
      scenarioId: 's-0',
      events: [
        {
          type: 'ScenarioSuperseded',
          data: {
            scenarioId: 's-0',
            fiscalYear: '2026-27',
            supersededBy: 's-1',
            supersededAt: NOW,
          },
        },
      ],
    });
  });

  it('is for the board only', () => {
    spec.given([created()]).when(adopt(null, aFinanceOfficer())).thenThrows(RoleRequired);
  });

  it('refuses an unknown scenario, and one already adopted', () => {
    spec.given([]).when(adopt()).thenThrows(ScenarioNotFound);
    spec.given([created(), adoptedEvent()]).when(adopt()).thenThrows(ScenarioAlreadyAdopted);
  });

  it('may adopt a superseded scenario again', () => {
    const superseded: ScenarioEvent = {
      type: 'ScenarioSuperseded',
      data: { scenarioId: 's-1', fiscalYear: '2026-27', supersededBy: 's-2', supersededAt: NOW },
    };
    spec
      .given([created(), adoptedEvent(), superseded])
      .when(adopt({ scenarioId: 's-2' }))
      .then([adoptedEvent('s-2')]);
  });
});

describe('the candidates a scenario selects from', () => {
  const definition = validScenarioDefinition(
    { scenarioId: 's', fiscalYear: '2026-27', name: 'n', budget: '300' },
    NOW,
  );
  const candidates = [
    { id: 'a', capitalPence: 100n * POUND, weightedScore: 50, statutory: true },
    { id: 'b', capitalPence: 150n * POUND, weightedScore: 60, statutory: false },
    { id: 'c', capitalPence: 200n * POUND, weightedScore: 70, statutory: false },
  ];

  it('chooses forced-in proposals first, like statutory ones', () => {
    const result = scenarioCandidates(
      { ...definition, forceIn: [{ proposalId: 'c', reason: 'r' }] },
      candidates,
    );
    expect(result.filter((c) => c.statutory).map((c) => c.id)).toEqual(['a', 'c']);
  });

  it('leaves out forced-out proposals, statutory ones too', () => {
    const result = scenarioCandidates(
      { ...definition, forceOut: [{ proposalId: 'a', reason: 'grant-funded' }] },
      candidates,
    );
    expect(result.map((c) => c.id)).toEqual(['b', 'c']);
  });

  it('refuses first choices that exceed the budget', () => {
    expect(() =>
      scenarioCandidates(
        {
          ...definition,
          forceIn: [
            { proposalId: 'b', reason: 'r' },
            { proposalId: 'c', reason: 'r' },
          ],
        },
        candidates,
      ),
    ).toThrow(ForcedExceedsBudget);
  });

  it('refuses a forced proposal that is not a candidate', () => {
    expect(() =>
      scenarioCandidates(
        { ...definition, forceOut: [{ proposalId: 'z', reason: 'r' }] },
        candidates,
      ),
    ).toThrow(NotACandidate);
  });

  it('answers an empty portfolio with no candidates', () => {
    expect(scenarioCandidates(definition, [])).toEqual([]);
  });

  it("keeps the policy's weights for criteria the scenario does not name", () => {
    const policy = {
      strategicFit: 1,
      valueForMoney: 1,
      deliverability: 1,
      riskReduction: 1,
      serviceImpact: 1,
    };
    expect(effectiveWeights(policy, { riskReduction: 3 })).toEqual({ ...policy, riskReduction: 3 });
    expect(() =>
      effectiveWeights(policy, {
        strategicFit: 0,
        valueForMoney: 0,
        deliverability: 0,
        riskReduction: 0,
        serviceImpact: 0,
      }),
    ).toThrow(InvalidField);
  });
});

describe('departing from the adopted scenario', () => {
  const adopted = { scenarioId: 's-1', selected: ['p-1'] };

  it('needs nothing while no scenario is adopted', () => {
    expect(departureRecord(null, 'p-2', undefined)).toBeNull();
  });

  it('records the adopted scenario for a proposal it selected', () => {
    expect(departureRecord(adopted, 'p-1', undefined)).toEqual({ adoptedScenarioId: 's-1' });
  });

  it('refuses a proposal it did not select without a departure reason', () => {
    expect(() => departureRecord(adopted, 'p-2', undefined)).toThrow(DepartsFromAdoptedScenario);
    expect(departureRecord(adopted, 'p-2', 'Urgent')).toEqual({
      adoptedScenarioId: 's-1',
      departureReason: 'Urgent',
    });
  });
});
