import { Command } from '../actor';
import { Criterion } from '../proposal/proposal.events';

export interface ForcedProposal {
  readonly proposalId: string;
  readonly reason: string;
}

export interface ScenarioDefinition {
  readonly scenarioId: string;
  readonly fiscalYear: string;
  readonly name: string;
  readonly budget: string;
  readonly weights?: Readonly<Partial<Record<Criterion, number>>>;
  readonly forceIn?: readonly ForcedProposal[];
  readonly forceOut?: readonly ForcedProposal[];
  readonly asOf?: string;
}

/** What the handler found at the evaluation point and the exact optimum it solved for. */
export interface ScenarioEvaluation {
  readonly position: number;
  readonly policyVersion: number;
  readonly selection: {
    readonly proposals: readonly string[];
    readonly totalCapital: string;
    readonly totalScore: number;
  };
}

export type CreateScenario = Command<'CreateScenario', ScenarioDefinition> &
  Readonly<{ evaluation: ScenarioEvaluation }>;

export type AdoptScenario = Command<
  'AdoptScenario',
  { readonly scenarioId: string; readonly reason: string; readonly meetingRef?: string }
> &
  Readonly<{
    /** Loaded by the handler: the scenario adopted for the same fiscal year now, if any. */
    adopted: { readonly scenarioId: string } | null;
  }>;

export type ScenarioCommand = CreateScenario | AdoptScenario;
