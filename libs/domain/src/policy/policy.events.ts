import { z } from 'zod';
import { discountRateSchema, instantSchema, moneySchema, textSchema } from '../event-fields';
import {
  defineEvent,
  eventFromRecord,
  eventRegistry,
  EventOf,
  StoredEventRecord,
} from '../event-registry';
import { perCriterion, REVIEW_KINDS } from '../proposal/proposal.events';

/** The one stream that holds the governance policy. */
export const POLICY_STREAM = 'policy';

export function policyStream(): string {
  return POLICY_STREAM;
}

export function isPolicyStream(streamId: string): boolean {
  return streamId === POLICY_STREAM;
}

const delegationTierSchema = z.strictObject({
  authority: textSchema,
  /** null: no limit. */
  upTo: moneySchema.nullable(),
});

/** An admin adopted new governance rules; every later decision is taken under them. */
const policyAdopted = defineEvent(
  'PolicyAdopted',
  1,
  z.strictObject({
    delegation: z.array(delegationTierSchema).min(1),
    requiredReviewKinds: z.array(z.enum(REVIEW_KINDS)),
    criteriaWeights: perCriterion(z.number().min(0)),
    /** A decimal string, "0.035"; never a float. */
    discountRate: discountRateSchema,
    adoptedAt: instantSchema,
    /** Absent in policies adopted before business case stages: off. */
    fullBusinessCaseAbove: moneySchema.nullable().optional(),
    /** Wave 2: whole-life cost at or above which a decision is a key decision; absent or null: off. */
    keyDecisionThreshold: moneySchema.nullable().optional(),
    /** Days within which same-department, same-category drafts count as one spend; absent or null: off. */
    splitSpendWindowDays: z.int().min(1).max(730).nullable().optional(),
    /** Absent in policies adopted before the switch existed: read as false. */
    enforceRevenueEnvelope: z.boolean().optional(),
  }),
);

/** Every event the policy stream holds, with the schema version the current code writes. */
export const POLICY_EVENTS = eventRegistry(policyAdopted);

export type PolicyAdopted = EventOf<typeof policyAdopted>;
export type PolicyEvent = PolicyAdopted;
export type PolicyEventType = PolicyEvent['type'];
export const POLICY_EVENT_TYPES: readonly PolicyEventType[] = POLICY_EVENTS.types;

/** A stored event of the policy stream, checked against its schema. */
export function parsePolicyEvent(recorded: StoredEventRecord): PolicyEvent {
  return eventFromRecord(POLICY_EVENTS, recorded);
}
