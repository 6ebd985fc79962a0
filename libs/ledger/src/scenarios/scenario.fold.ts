import { scenarioDecider, type ScenarioEvent, type ScenarioState } from '@ledger/domain';
import type { Fold } from '../event-streams';

export const scenarioFold: Fold<ScenarioState, ScenarioEvent> = scenarioDecider;
