import { DepartsFromAdoptedScenario } from '../scenario/scenario.errors';
import { requireText } from '../validation';

/** The scenario adopted for a fiscal year, as the decision handler passes it in: its id and selection. */
export interface AdoptedScenarioFact {
  readonly scenarioId: string;
  readonly selected: readonly string[];
}

/** What an approval's snapshot records about the adopted plan. */
export interface DepartureRecord {
  readonly adoptedScenarioId: string;
  readonly departureReason?: string;
}

/** True when approving this proposal now would depart from the adopted scenario. */
export function departsFromAdopted(
  adopted: AdoptedScenarioFact | null | undefined,
  proposalId: string,
): boolean {
  return !!adopted && !adopted.selected.includes(proposalId);
}

/**
 * While a scenario is adopted for the proposal's fiscal year, approving a proposal it did not
 * select needs a departure reason. Null when no scenario is adopted.
 */
export function departureRecord(
  adopted: AdoptedScenarioFact | null | undefined,
  proposalId: string,
  departureReason: string | undefined,
): DepartureRecord | null {
  if (!adopted) return null;
  const reason =
    departureReason === undefined ? null : requireText(departureReason, 'departureReason');
  if (departsFromAdopted(adopted, proposalId) && reason === null) {
    throw new DepartsFromAdoptedScenario(adopted.scenarioId);
  }
  return reason === null
    ? { adoptedScenarioId: adopted.scenarioId }
    : { adoptedScenarioId: adopted.scenarioId, departureReason: reason };
}
