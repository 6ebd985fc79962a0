import { personOf, requireRole } from '../actor';
import { assertNever, InvalidField } from '../domain.errors';
import { Criterion } from '../proposal/proposal.events';
import { requireText } from '../validation';
import {
  AdoptScenario,
  CreateScenario,
  ForcedProposal,
  ScenarioCommand,
} from './scenario.commands';
import { ScenarioAlreadyAdopted, ScenarioNotFound } from './scenario.errors';
import { SCENARIO_EVENTS, ScenarioEvent } from './scenario.events';
import { validScenarioDefinition } from './scenario.selection';

export interface Scenario {
  readonly status: 'created' | 'adopted' | 'superseded';
  readonly version: number;
  readonly id: string;
  readonly fiscalYear: string;
  readonly name: string;
  readonly budget: string;
  readonly weights: Readonly<Partial<Record<Criterion, number>>>;
  readonly forceIn: readonly ForcedProposal[];
  readonly forceOut: readonly ForcedProposal[];
  readonly asOf: string | null;
  readonly evaluationPosition: number;
  readonly policyVersion: number;
  readonly selection: {
    readonly proposals: readonly string[];
    readonly totalCapital: string;
    readonly totalScore: number;
  };
  readonly createdBy: { readonly id: string; readonly name: string };
  readonly createdAt: string;
  readonly adoptions: readonly {
    readonly reason: string;
    readonly meetingRef: string | null;
    readonly adoptedBy: { readonly id: string; readonly name: string };
    readonly adoptedAt: string;
    readonly supersededAt: string | null;
    readonly supersededBy: string | null;
  }[];
}

export type ScenarioState = { readonly status: 'initial'; readonly version: 0 } | Scenario;

function initialScenarioState(): ScenarioState {
  return { status: 'initial', version: 0 };
}

export function decideScenario(command: ScenarioCommand, state: ScenarioState): ScenarioEvent[] {
  switch (command.type) {
    case 'CreateScenario':
      return create(command, state);
    case 'AdoptScenario':
      return adopt(command, state);
    default:
      return assertNever(command);
  }
}

function create(command: CreateScenario, state: ScenarioState): ScenarioEvent[] {
  const { actor, now } = command.metadata;
  requireRole(actor, 'create a scenario', 'finance', 'board');
  if (state.status !== 'initial') {
    throw new InvalidField('scenarioId', `Scenario ${state.id} already exists.`);
  }
  const definition = validScenarioDefinition(command.data, now);
  const { evaluation } = command;
  return [
    {
      type: 'ScenarioCreated',
      data: {
        scenarioId: requireText(command.data.scenarioId, 'scenarioId'),
        fiscalYear: definition.fiscalYear,
        name: definition.name,
        budget: definition.budget.toString(),
        weights: { ...definition.weights },
        forceIn: definition.forceIn.map((forced) => ({ ...forced })),
        forceOut: definition.forceOut.map((forced) => ({ ...forced })),
        asOf: definition.asOf,
        evaluationPosition: evaluation.position,
        policyVersion: evaluation.policyVersion,
        selection: {
          proposals: [...evaluation.selection.proposals],
          totalCapital: evaluation.selection.totalCapital,
          totalScore: evaluation.selection.totalScore,
        },
        createdBy: personOf(actor),
        createdAt: now,
      },
    },
  ];
}

/**
 * Adopting a scenario names the one it supersedes; the handler appends that one's
 * ScenarioSuperseded in the same atomic append (see `supersededBy`).
 */
function adopt(command: AdoptScenario, state: ScenarioState): ScenarioEvent[] {
  const { actor, now } = command.metadata;
  requireRole(actor, 'adopt a scenario', 'board');
  if (state.status === 'initial') throw new ScenarioNotFound();
  if (state.status === 'adopted') throw new ScenarioAlreadyAdopted(state.id);
  const reason = requireText(command.data.reason, 'reason');
  const meetingRef =
    command.data.meetingRef === undefined
      ? null
      : requireText(command.data.meetingRef, 'meetingRef');
  const previous = command.adopted?.scenarioId ?? null;
  return [
    {
      type: 'ScenarioAdopted',
      data: {
        scenarioId: state.id,
        fiscalYear: state.fiscalYear,
        reason,
        meetingRef,
        supersedes: previous === state.id ? null : previous,
        adoptedBy: personOf(actor),
        adoptedAt: now,
      },
    },
  ];
}

/**
 * An adoption for both streams it touches: the ScenarioAdopted, and the ScenarioSuperseded of the
 * scenario adopted before it for the same year, which the handler appends atomically with it.
 */
export function decideAdoption(
  command: AdoptScenario,
  state: ScenarioState,
): { events: ScenarioEvent[]; superseded: { scenarioId: string; events: ScenarioEvent[] } | null } {
  const events = decideScenario(command, state);
  const adoption = events[0];
  if (adoption?.type !== 'ScenarioAdopted' || adoption.data.supersedes === null) {
    return { events, superseded: null };
  }
  const scenarioId = adoption.data.supersedes;
  return {
    events,
    superseded: {
      scenarioId,
      events: [
        {
          type: 'ScenarioSuperseded',
          data: {
            scenarioId,
            fiscalYear: adoption.data.fiscalYear,
            supersededBy: adoption.data.scenarioId,
            supersededAt: adoption.data.adoptedAt,
          },
        },
      ],
    },
  };
}

export function evolveScenario(state: ScenarioState, event: ScenarioEvent): ScenarioState {
  const version = state.version + 1;
  switch (event.type) {
    case 'ScenarioCreated': {
      const { data } = event;
      return {
        status: 'created',
        version,
        id: data.scenarioId,
        fiscalYear: data.fiscalYear,
        name: data.name,
        budget: data.budget,
        weights: data.weights,
        forceIn: data.forceIn,
        forceOut: data.forceOut,
        asOf: data.asOf,
        evaluationPosition: data.evaluationPosition,
        policyVersion: data.policyVersion,
        selection: data.selection,
        createdBy: data.createdBy,
        createdAt: data.createdAt,
        adoptions: [],
      };
    }
    case 'ScenarioAdopted': {
      if (state.status === 'initial') throw new Error('ScenarioAdopted before ScenarioCreated');
      const { reason, meetingRef, adoptedBy, adoptedAt } = event.data;
      return {
        ...state,
        status: 'adopted',
        version,
        adoptions: [
          ...state.adoptions,
          { reason, meetingRef, adoptedBy, adoptedAt, supersededAt: null, supersededBy: null },
        ],
      };
    }
    case 'ScenarioSuperseded': {
      if (state.status === 'initial') throw new Error('ScenarioSuperseded before ScenarioCreated');
      const last = state.adoptions[state.adoptions.length - 1];
      return {
        ...state,
        status: 'superseded',
        version,
        adoptions: [
          ...state.adoptions.slice(0, -1),
          ...(last
            ? [
                {
                  ...last,
                  supersededAt: event.data.supersededAt,
                  supersededBy: event.data.supersededBy,
                },
              ]
            : []),
        ],
      };
    }
    default:
      return assertNever(event);
  }
}

export const scenarioDecider = {
  decide: decideScenario,
  evolve: evolveScenario,
  initialState: initialScenarioState,
  events: SCENARIO_EVENTS,
};
