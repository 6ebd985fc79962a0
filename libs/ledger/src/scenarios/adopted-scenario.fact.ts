import { scenarioStream, type AdoptedScenarioFact } from '@ledger/domain';
import { adoptedScenarioOfYear, type ReadModelDatabase } from '@ledger/read-models';
import type { StreamReader } from '../command-handling/decider-command.handler';
import { scenarioFold } from './scenario.handlers';

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
