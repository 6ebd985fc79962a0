import { z } from 'zod';
import { personSchema } from '../actor';
import {
  computedAmountSchema,
  fiscalYearSchema,
  instantSchema,
  moneySchema,
  textSchema,
} from '../event-fields';
import {
  defineEvent,
  eventFromRecord,
  eventRegistry,
  EventOf,
  StoredEventRecord,
} from '../event-registry';
import { CRITERIA, Criterion } from '../proposal/proposal.events';

const SCENARIO_STREAM_PREFIX = 'scenario-';

export function scenarioStream(scenarioId: string): string {
  return `${SCENARIO_STREAM_PREFIX}${scenarioId}`;
}

/** The scenario id a stream id names, or null when it is not a scenario's stream. */
export function parseScenarioStream(streamId: string): string | null {
  return streamId.startsWith(SCENARIO_STREAM_PREFIX) &&
    streamId.length > SCENARIO_STREAM_PREFIX.length
    ? streamId.slice(SCENARIO_STREAM_PREFIX.length)
    : null;
}

const weightSchema = z.number().min(0);

/** Some or all criteria, each with the weight the scenario gives it instead of the policy's. */
const scenarioWeightsSchema = z.strictObject(
  Object.fromEntries(CRITERIA.map((criterion) => [criterion, weightSchema.optional()])) as Record<
    Criterion,
    z.ZodOptional<typeof weightSchema>
  >,
);

const forcedSchema = z.strictObject({ proposalId: textSchema, reason: textSchema });

/**
 * Finance or the board asked "what if": a budget, weights and proposals forced in or out, evaluated
 * on the portfolio as the log stood at `evaluationPosition`; `selection` is the exact optimum found.
 */
const scenarioCreated = defineEvent(
  'ScenarioCreated',
  1,
  z.strictObject({
    scenarioId: textSchema,
    fiscalYear: fiscalYearSchema,
    name: textSchema,
    budget: moneySchema,
    weights: scenarioWeightsSchema,
    forceIn: z.array(forcedSchema),
    forceOut: z.array(forcedSchema),
    /** The moment asked for; null when the scenario was evaluated on the log as it stood at creation. */
    asOf: instantSchema.nullable(),
    /** Global log position the portfolio was read at: the result is a pure function of the log up to it. */
    evaluationPosition: z.int().min(0),
    /** Global log position of the PolicyAdopted in force at the evaluation point; 0 for the default. */
    policyVersion: z.int().min(0),
    selection: z.strictObject({
      proposals: z.array(textSchema),
      totalCapital: computedAmountSchema,
      totalScore: z.number(),
    }),
    createdBy: personSchema,
    createdAt: instantSchema,
  }),
);

/** The board adopted the scenario as its plan for the fiscal year; approvals outside it must say why. */
const scenarioAdopted = defineEvent(
  'ScenarioAdopted',
  1,
  z.strictObject({
    scenarioId: textSchema,
    fiscalYear: fiscalYearSchema,
    reason: textSchema,
    meetingRef: textSchema.nullable(),
    /** The scenario this one replaced as the year's plan, if any. */
    supersedes: textSchema.nullable(),
    adoptedBy: personSchema,
    adoptedAt: instantSchema,
  }),
);

/** The board adopted another scenario for the same fiscal year, so this one is no longer the plan. */
const scenarioSuperseded = defineEvent(
  'ScenarioSuperseded',
  1,
  z.strictObject({
    scenarioId: textSchema,
    fiscalYear: fiscalYearSchema,
    supersededBy: textSchema,
    supersededAt: instantSchema,
  }),
);

/** Every event a scenario's stream holds, with the schema version the current code writes. */
export const SCENARIO_EVENTS = eventRegistry(scenarioCreated, scenarioAdopted, scenarioSuperseded);

export type ScenarioCreated = EventOf<typeof scenarioCreated>;
export type ScenarioAdopted = EventOf<typeof scenarioAdopted>;
export type ScenarioSuperseded = EventOf<typeof scenarioSuperseded>;
export type ScenarioEvent = ScenarioCreated | ScenarioAdopted | ScenarioSuperseded;
export type ScenarioEventType = ScenarioEvent['type'];
export const SCENARIO_EVENT_TYPES: readonly ScenarioEventType[] = SCENARIO_EVENTS.types;

/** A stored event of a scenario's stream, checked against its schema. */
export function parseScenarioEvent(recorded: StoredEventRecord): ScenarioEvent {
  return eventFromRecord(SCENARIO_EVENTS, recorded);
}
