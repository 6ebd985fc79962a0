import { z } from 'zod';
import { fiscalYearSchema, instantSchema, textSchema } from '../event-fields';
import { defineEvent, eventRegistry, EventOf } from '../event-registry';

/**
 * A fiscal year's adoptions, one stream per year: every adoption appends to it with the version it
 * read, so of two boards adopting at once for the same year exactly one lands, the first adoption
 * of a year included (when there is no adopted scenario whose stream could carry the conflict).
 * Not `scenario-…`: that prefix names a scenario's own stream.
 */
const ADOPTIONS_STREAM_PREFIX = 'adopted-scenario-';

export function scenarioAdoptionsStream(fiscalYear: string): string {
  return `${ADOPTIONS_STREAM_PREFIX}${fiscalYear}`;
}

/** The fiscal year an adoptions stream is for, or null when the stream is not one. */
export function parseScenarioAdoptionsStream(streamId: string): string | null {
  return streamId.startsWith(ADOPTIONS_STREAM_PREFIX) &&
    streamId.length > ADOPTIONS_STREAM_PREFIX.length
    ? streamId.slice(ADOPTIONS_STREAM_PREFIX.length)
    : null;
}

/**
 * The year's adopted scenario is now this one (recorded with its `ScenarioAdopted`, in the same
 * atomic append). Ledgers from before it have no such stream; their adopted scenario is found in the
 * scenario register, as it was.
 */
const adoptedScenarioRecorded = defineEvent(
  'AdoptedScenarioRecorded',
  1,
  z.strictObject({
    fiscalYear: fiscalYearSchema,
    scenarioId: textSchema,
    /** The scenario it replaced as the year's plan, if any. */
    supersedes: textSchema.nullable(),
    adoptedAt: instantSchema,
  }),
);

export const SCENARIO_ADOPTION_EVENTS = eventRegistry(adoptedScenarioRecorded);

export type AdoptedScenarioRecorded = EventOf<typeof adoptedScenarioRecorded>;
export type ScenarioAdoptionEvent = AdoptedScenarioRecorded;

/** The year's adopted scenario as its adoptions stream says; null before the first adoption. */
export interface ScenarioAdoptionsState {
  readonly adoptedScenarioId: string | null;
}

export const scenarioAdoptionsFold = {
  initialState: (): ScenarioAdoptionsState => ({ adoptedScenarioId: null }),
  evolve: (
    _state: ScenarioAdoptionsState,
    event: ScenarioAdoptionEvent,
  ): ScenarioAdoptionsState => ({
    adoptedScenarioId: event.data.scenarioId,
  }),
  events: SCENARIO_ADOPTION_EVENTS,
};

/** What an adoption appends to its year's stream. */
export function adoptionRecorded(
  adopted: { readonly scenarioId: string; readonly fiscalYear: string; readonly adoptedAt: string },
  supersedes: string | null,
): AdoptedScenarioRecorded {
  return {
    type: 'AdoptedScenarioRecorded',
    data: {
      fiscalYear: adopted.fiscalYear,
      scenarioId: adopted.scenarioId,
      supersedes,
      adoptedAt: adopted.adoptedAt,
    },
  };
}
