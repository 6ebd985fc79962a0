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
import { businessCaseSchema, caseStageSchema } from './business-case.events';
import { parseIsoDate } from '../iso-date';
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
  /** Absent in proposals drafted before business cases had sections. */
  businessCase: businessCaseSchema.optional(),
  /** Groups related proposals for split-spend checks; trimmed, 1-200 characters; null clears it. */
  programme: z.string().min(1).max(200).nullable().optional(),
  /** Absent in proposals drafted before benefit plans existed: read as no plan. */
  benefitPlan: benefitPlanSchema.optional(),
});
export type ProposalFieldsData = Immutable<z.infer<typeof proposalFieldsSchema>>;

/** Calendar date "2027-03-29": a notice's dates are days, not instants. */
export const calendarDateSchema = z
  .string()
  .refine((value) => parseIsoDate(value) !== null, 'must be a date such as "2027-03-29"');

export const KEY_DECISION_PROCEDURES = ['notice', 'general-exception', 'special-urgency'] as const;
export type KeyDecisionProcedure = (typeof KEY_DECISION_PROCEDURES)[number];

/** The exception a board relied on to take a key decision without 28 clear days' notice. */
export const urgencySchema = z.discriminatedUnion('procedure', [
  z.strictObject({
    procedure: z.literal('general-exception'),
    scrutinyChairInformedOn: calendarDateSchema,
    publishedOn: calendarDateSchema,
  }),
  z.strictObject({
    procedure: z.literal('special-urgency'),
    agreedBy: textSchema,
    reason: textSchema,
  }),
]);
export type Urgency = Immutable<z.infer<typeof urgencySchema>>;

/** How a key decision met the notice rule: the notice with the most clear days, or an exception. */
const keyDecisionRecordSchema = z.strictObject({
  /** The notice relied on, or the best one found when an exception was used; null when none. */
  noticeId: textSchema.nullable(),
  /** Clear days of that notice (of the general exception's publication for that procedure). */
  clearDays: z.int().nullable(),
  procedure: z.enum(KEY_DECISION_PROCEDURES),
  urgency: urgencySchema.optional(),
});
export type KeyDecisionRecord = Immutable<z.infer<typeof keyDecisionRecordSchema>>;

/**
 * A submission that moved a proposal off the one-stage BJC path onto SOC → OBC → FBC, because its
 * whole-life cost (amended while it was returned, or under a threshold adopted since) now exceeds the
 * policy's `fullBusinessCaseAbove`.
 */
export const stageReassessmentSchema = z.strictObject({
  from: caseStageSchema,
  to: caseStageSchema,
  wholeLifeCost: computedAmountSchema,
  fullBusinessCaseAbove: moneySchema,
});
export type StageReassessment = Immutable<z.infer<typeof stageReassessmentSchema>>;

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
  /** The business case stage decided on; absent: BJC. */
  caseStage: caseStageSchema.optional(),
  /** Wave 2: how the key-decision rule was met; absent when the decision was not a key decision. */
  keyDecision: keyDecisionRecordSchema.optional(),
  /** Present when the policy had split-spend checks on: the related proposals the decision counted. */
  splitSpend: z
    .strictObject({
      related: z.array(textSchema),
      combinedWholeLifeCost: computedAmountSchema,
      crossesTier: textSchema.nullable(),
      crossesKeyDecision: z.boolean(),
      /** The board's reason for approving though the combined cost crosses a threshold. */
      reason: textSchema.nullable(),
    })
    .optional(),
  /** The scenario adopted for the fiscal year when an approval was taken (absent: none, or before wave 2). */
  adoptedScenarioId: textSchema.optional(),
  /** Why an approval departed from the adopted scenario's selection. */
  departureReason: textSchema.optional(),
  /** The proposal version that last set the benefit plan; absent when it had none. */
  benefitPlanVersion: z.int().min(1).optional(),
  /** When a resubmission moved the proposal off the BJC path: how, and at which submission. */
  stageReassessed: stageReassessmentSchema.extend({ submittedAt: instantSchema }).optional(),
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
  // caseStage is absent where stages were not in play: the stage already fixed, or else BJC.
  // stageReassessed (wave 2, after issue 17): this submission moved the proposal off the BJC path.
  z.strictObject({
    submittedAt: instantSchema,
    caseStage: caseStageSchema.optional(),
    stageReassessed: stageReassessmentSchema.optional(),
  }),
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
    /** The business case stage reviewed; absent: the proposal's stage then (BJC in older ledgers). */
    caseStage: caseStageSchema.optional(),
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
/** The board approved a strategic outline or outline business case: the proposal returns to draft at the next stage, with no funds committed. */
const stageGatePassed = defineEvent(
  'StageGatePassed',
  1,
  z.strictObject({
    from: caseStageSchema,
    to: caseStageSchema,
    conditions: z.array(textSchema),
    ...decisionFields,
  }),
);

/** The board put a forthcoming key decision on the forward plan: public notice of what and when. */
const keyDecisionNoticePublished = defineEvent(
  'KeyDecisionNoticePublished',
  1,
  z.strictObject({
    noticeId: textSchema,
    publishedOn: calendarDateSchema,
    decisionDue: calendarDateSchema,
    /** The delegation tier that will decide. */
    decisionMaker: textSchema,
    summary: textSchema,
    publishedBy: personSchema,
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
  stageGatePassed,
  keyDecisionNoticePublished,
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
export type StageGatePassed = EventOf<typeof stageGatePassed>;
export type KeyDecisionNoticePublished = EventOf<typeof keyDecisionNoticePublished>;

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
  | StageGatePassed
  | KeyDecisionNoticePublished
  | BenefitRealisationEvent;

export type ProposalEventType = ProposalEvent['type'];

export const PROPOSAL_EVENT_TYPES: readonly ProposalEventType[] = PROPOSAL_EVENTS.types;

/** A stored event of a proposal's stream, checked against its schema. */
export function parseProposalEvent(recorded: StoredEventRecord): ProposalEvent {
  return eventFromRecord(PROPOSAL_EVENTS, recorded);
}
