import { z } from 'zod';
import { fiscalYearSchema, instantSchema, moneySchema, textSchema } from '../event-fields';
import {
  defineEvent,
  eventFromRecord,
  eventRegistry,
  EventOf,
  StoredEventRecord,
} from '../event-registry';

const BUDGET_STREAM_PREFIX = 'budget-';

export function budgetStream(fiscalYear: string): string {
  return `${BUDGET_STREAM_PREFIX}${fiscalYear}`;
}

/** The fiscal year a stream id names, or null when it is not a budget's stream. */
export function parseBudgetStream(streamId: string): string | null {
  return streamId.startsWith(BUDGET_STREAM_PREFIX) && streamId.length > BUDGET_STREAM_PREFIX.length
    ? streamId.slice(BUDGET_STREAM_PREFIX.length)
    : null;
}

/** Finance set (or replaced) the capital and revenue envelopes available for ICT investment in a fiscal year. */
const budgetEnvelopeSet = defineEvent(
  'BudgetEnvelopeSet',
  1,
  z.strictObject({
    fiscalYear: fiscalYearSchema,
    capitalEnvelope: moneySchema,
    revenueEnvelope: moneySchema,
    setAt: instantSchema,
  }),
);
/** Capital from the year's envelope was committed to an approved proposal. */
const fundsCommitted = defineEvent(
  'FundsCommitted',
  1,
  z.strictObject({
    fiscalYear: fiscalYearSchema,
    proposalId: textSchema,
    amount: moneySchema,
    committedAt: instantSchema,
    /** The approved proposal's yearly running cost, committed for `revenueYears` years from this one; absent before revenue was committed. */
    annualRevenueCost: moneySchema.optional(),
    revenueYears: z.int().min(1).max(15).optional(),
  }),
);

/** Every event a budget's stream holds, with the schema version the current code writes. */
export const BUDGET_EVENTS = eventRegistry(budgetEnvelopeSet, fundsCommitted);

export type BudgetEnvelopeSet = EventOf<typeof budgetEnvelopeSet>;
export type FundsCommitted = EventOf<typeof fundsCommitted>;
export type BudgetEvent = BudgetEnvelopeSet | FundsCommitted;
export type BudgetEventType = BudgetEvent['type'];
export const BUDGET_EVENT_TYPES: readonly BudgetEventType[] = BUDGET_EVENTS.types;

/** A stored event of a budget's stream, checked against its schema. */
export function parseBudgetEvent(recorded: StoredEventRecord): BudgetEvent {
  return eventFromRecord(BUDGET_EVENTS, recorded);
}
