import { departsFromAdopted, scenarioStream, type AdoptedScenarioFact } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { adoptedScenarioOfYear, type ReadModelDatabase } from '@ledger/read-models';
import type { StreamReader } from '../command-handling/decider-command.handler';
import { loadStream } from '../event-streams';
import { scenarioFold } from './scenario.fold';

/**
 * The scenario adopted for a fiscal year, as a decision's fact: the register names it, and its own
 * stream (read as a fact) says whether it is still adopted and what it selected.
 */
export async function adoptedScenarioFact(
  readModels: ReadModelDatabase | null,
  fiscalYear: string,
  read: StreamReader,
): Promise<AdoptedScenarioFact | null> {
  if (!readModels) return null;
  const scenarioId = await adoptedScenarioOfYear(readModels, fiscalYear);
  if (scenarioId === null) return null;
  const scenario = await read(scenarioStream(scenarioId), scenarioFold);
  if (scenario.state.status !== 'adopted') return null;
  return { scenarioId, selected: scenario.state.selection.proposals };
}

/**
 * Whether approving this proposal now would need `departureReason`: a scenario is adopted for its
 * fiscal year and did not select it. For a proposal's readiness, read as of now.
 */
export async function departureReasonRequired(
  store: EventStore,
  readModels: ReadModelDatabase | null,
  fiscalYear: string,
  proposalId: string,
): Promise<boolean> {
  const adopted = await adoptedScenarioFact(readModels, fiscalYear, (streamId, fold) =>
    loadStream(store, streamId, fold),
  );
  return departsFromAdopted(adopted, proposalId);
}
