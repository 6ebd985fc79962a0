import { z } from 'zod';
import { personSchema } from '../actor';
import {
  computedAmountSchema,
  dateOrInstantSchema,
  fiscalYearSchema,
  Immutable,
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
import { benefitPlanSchema } from './benefit-plan';
import {
  benefitEvidenced,
  benefitEvidenceRejected,
  benefitValidated,
  BenefitRealisationEvent,
} from './benefit-realisation.events';

export const CATEGORIES = [
  'infrastructure',
  'digital-service',
  'security',
  'data',
  'end-user',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const REVIEW_KINDS = ['financial', 'technical', 'security', 'legal', 'service'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const CRITERIA = [
  'strategicFit',
  'valueForMoney',
  'deliverability',
  'riskReduction',
  'serviceImpact',
] as const;
export type Criterion = (typeof CRITERIA)[number];

/** One schema per criterion, so a criterion added to CRITERIA is asked for everywhere at once. */
export function perCriterion<S extends z.ZodType>(schema: S) {
  return z.strictObject(
    Object.fromEntries(CRITERIA.map((criterion) => [criterion, schema])) as Record<Criterion, S>,
  );
}

/** Each criterion scored 0-5. */
// One check over the five scores: int, min and max on each would be fifteen, and a proposal
// carries about 25 scores, which made scores most of the cost of reading a log.
export const scoresSchema = perCriterion(z.number()).superRefine((scores, context) => {
  for (const criterion of CRITERIA) {
    const score = scores[criterion];
    if (!Number.isInteger(score) || score < 0 || score > 5) {
      context.addIssue({
        code: 'custom',
        path: [criterion],
        message: 'must be a whole number from 0 to 5',
      });
    }
  }
});
export type Scores = Immutable<z.infer<typeof scoresSchema>>;

export const RECOMMENDATIONS = ['support', 'support-with-conditions', 'oppose'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

const PROPOSAL_STREAM_PREFIX = 'proposal-';

export function proposalStream(proposalId: string): string {
  return `${PROPOSAL_STREAM_PREFIX}${proposalId}`;
}

/** The proposal id a stream id names, or null when it is not a proposal's stream. */
export function parseProposalStream(streamId: string): string | null {
  return streamId.startsWith(PROPOSAL_STREAM_PREFIX) &&
    streamId.length > PROPOSAL_STREAM_PREFIX.length
    ? streamId.slice(PROPOSAL_STREAM_PREFIX.length)
    : null;
}

/** The business case as recorded in events: money as decimal strings ("125000.00"). */
export const proposalFieldsSchema = z.strictObject({
  title: textSchema,
  summary: textSchema,
  department: textSchema,
  category: z.enum(CATEGORIES),
  fiscalYear: fiscalYearSchema,
  capitalCost: moneySchema,
  annualRevenueCost: moneySchema,
  annualCashableSaving: moneySchema,
  annualNonCashableBenefit: moneySchema,
  appraisalYears: z.int().min(1).max(15),
  statutory: z.boolean(),
  risks: z.string().nullable(),
  strategicObjectives: z.array(textSchema),
  /** Absent in proposals drafted before benefit plans existed: read as no plan. */
  benefitPlan: benefitPlanSchema.optional(),
});
export type ProposalFieldsData = Immutable<z.infer<typeof proposalFieldsSchema>>;

/** What the board relied on when deciding, so the decision can be audited against exactly that. */
export const decisionSnapshotSchema = z.strictObject({
  /** The proposal's stream version the board saw. */
  proposalVersion: z.int().min(1),
  reviewIds: z.array(textSchema),
  /** Global log position of the PolicyAdopted in force; 0 for the default policy. */
  policyVersion: z.int().min(0),
  authority: textSchema,
  /** null when the tier has no limit. */
  authorityUpTo: moneySchema.nullable(),
  wholeLifeCost: computedAmountSchema,
  /** The proposal version that last set the benefit plan; absent when it had none. */
  benefitPlanVersion: z.int().min(1).optional(),
});
export type DecisionSnapshot = Immutable<z.infer<typeof decisionSnapshotSchema>>;

const decisionFields = {
  reason: textSchema,
  meetingRef: textSchema.nullable(),
  decidedBy: personSchema,
  decidedAt: instantSchema,
  snapshot: decisionSnapshotSchema,
};

/** A proposer wrote a new business case; nothing is asked of anyone yet. */
const proposalDrafted = defineEvent(
  'ProposalDrafted',
  1,
  proposalFieldsSchema.extend({
    proposalId: textSchema,
    proposer: personSchema,
    draftedAt: instantSchema,
  }),
);
/** The proposer changed part of the business case before (re)submitting it; earlier reviews no longer count. */
const proposalAmended = defineEvent(
  'ProposalAmended',
  1,
  z.strictObject({ changes: proposalFieldsSchema.partial(), amendedAt: instantSchema }),
);
/** The proposer put the business case forward for review and a board decision. */
const proposalSubmitted = defineEvent(
  'ProposalSubmitted',
  1,
  z.strictObject({ submittedAt: instantSchema }),
);
/** A reviewer assessed the submitted business case from one professional angle. */
const reviewRecorded = defineEvent(
  'ReviewRecorded',
  1,
  z.strictObject({
    reviewId: textSchema,
    kind: z.enum(REVIEW_KINDS),
    reviewer: personSchema,
    scores: scoresSchema,
    recommendation: z.enum(RECOMMENDATIONS),
    comments: z.string(),
    /** The proposal version the reviewer read. */
    proposalVersion: z.int().min(1),
    recordedAt: instantSchema,
  }),
);
/** Someone stated an interest that bars them from reviewing or deciding on this proposal. */
const conflictOfInterestDeclared = defineEvent(
  'ConflictOfInterestDeclared',
  1,
  z.strictObject({ person: personSchema, statement: textSchema, declaredAt: instantSchema }),
);
/** The board sent the proposal back to its proposer for revision. */
const proposalReturned = defineEvent(
  'ProposalReturned',
  1,
  z.strictObject({ reason: textSchema, returnedAt: instantSchema }),
);
/** The proposer abandoned the proposal. */
const proposalWithdrawn = defineEvent(
  'ProposalWithdrawn',
  1,
  z.strictObject({ reason: textSchema, withdrawnAt: instantSchema }),
);
/** The board approved the investment and committed capital to it; final. */
const proposalApproved = defineEvent(
  'ProposalApproved',
  1,
  z.strictObject({
    ...decisionFields,
    approvedAmount: moneySchema,
    conditions: z.array(textSchema),
  }),
);
/** The board refused the investment; final. */
const proposalRejected = defineEvent('ProposalRejected', 1, z.strictObject(decisionFields));
/** The board put the decision off until a later date; the proposer may resubmit. */
const proposalDeferred = defineEvent(
  'ProposalDeferred',
  1,
  z.strictObject({ ...decisionFields, deferredUntil: dateOrInstantSchema }),
);
/** Finance recorded the savings and benefits an approved investment actually delivered in a fiscal year. */
const benefitsRecorded = defineEvent(
  'BenefitsRecorded',
  1,
  z.strictObject({
    period: fiscalYearSchema,
    cashableSaving: moneySchema,
    nonCashableBenefit: moneySchema,
    note: z.string(),
    recordedAt: instantSchema,
  }),
);

/** Every event a proposal's stream holds, with the schema version the current code writes. */
export const PROPOSAL_EVENTS = eventRegistry(
  proposalDrafted,
  proposalAmended,
  proposalSubmitted,
  reviewRecorded,
  conflictOfInterestDeclared,
  proposalReturned,
  proposalWithdrawn,
  proposalApproved,
  proposalRejected,
  proposalDeferred,
  benefitsRecorded,
  benefitEvidenced,
  benefitValidated,
  benefitEvidenceRejected,
);

export type ProposalDrafted = EventOf<typeof proposalDrafted>;
export type ProposalAmended = EventOf<typeof proposalAmended>;
export type ProposalSubmitted = EventOf<typeof proposalSubmitted>;
export type ReviewRecorded = EventOf<typeof reviewRecorded>;
export type ConflictOfInterestDeclared = EventOf<typeof conflictOfInterestDeclared>;
export type ProposalReturned = EventOf<typeof proposalReturned>;
export type ProposalWithdrawn = EventOf<typeof proposalWithdrawn>;
export type ProposalApproved = EventOf<typeof proposalApproved>;
export type ProposalRejected = EventOf<typeof proposalRejected>;
export type ProposalDeferred = EventOf<typeof proposalDeferred>;
export type BenefitsRecorded = EventOf<typeof benefitsRecorded>;

export type ProposalEvent =
  | ProposalDrafted
  | ProposalAmended
  | ProposalSubmitted
  | ReviewRecorded
  | ConflictOfInterestDeclared
  | ProposalReturned
  | ProposalWithdrawn
  | ProposalApproved
  | ProposalRejected
  | ProposalDeferred
  | BenefitsRecorded
  | BenefitRealisationEvent;

export type ProposalEventType = ProposalEvent['type'];

export const PROPOSAL_EVENT_TYPES: readonly ProposalEventType[] = PROPOSAL_EVENTS.types;

/** A stored event of a proposal's stream, checked against its schema. */
export function parseProposalEvent(recorded: StoredEventRecord): ProposalEvent {
  return eventFromRecord(PROPOSAL_EVENTS, recorded);
}
