import { DomainEvent, Person } from '../actor';

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
/** Each criterion scored 0-5. */
export type Scores = Readonly<Record<Criterion, number>>;

export const RECOMMENDATIONS = ['support', 'support-with-conditions', 'oppose'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export function proposalStream(proposalId: string): string {
  return `proposal-${proposalId}`;
}

/** The business case as recorded in events: money as decimal strings ("125000.00"). */
export interface ProposalFieldsData {
  readonly title: string;
  readonly summary: string;
  readonly department: string;
  readonly category: Category;
  readonly fiscalYear: string;
  readonly capitalCost: string;
  readonly annualRevenueCost: string;
  readonly annualCashableSaving: string;
  readonly annualNonCashableBenefit: string;
  readonly appraisalYears: number;
  readonly statutory: boolean;
  readonly risks: string | null;
  readonly strategicObjectives: readonly string[];
}

/** What the board relied on when deciding, so the decision can be audited against exactly that. */
export interface DecisionSnapshot {
  /** The proposal's stream version the board saw. */
  readonly proposalVersion: number;
  readonly reviewIds: readonly string[];
  /** Global log position of the PolicyAdopted in force; 0 for the default policy. */
  readonly policyVersion: number;
  readonly authority: string;
  /** null when the tier has no limit. */
  readonly authorityUpTo: string | null;
  readonly wholeLifeCost: string;
}

interface DecisionData {
  readonly reason: string;
  readonly meetingRef: string | null;
  readonly decidedBy: Person;
  readonly decidedAt: string;
  readonly snapshot: DecisionSnapshot;
}

/** A proposer wrote a new business case; nothing is asked of anyone yet. */
export type ProposalDrafted = DomainEvent<
  'ProposalDrafted',
  ProposalFieldsData & {
    readonly proposalId: string;
    readonly proposer: Person;
    readonly draftedAt: string;
  }
>;
/** The proposer changed part of the business case before (re)submitting it; earlier reviews no longer count. */
export type ProposalAmended = DomainEvent<
  'ProposalAmended',
  { readonly changes: Partial<ProposalFieldsData>; readonly amendedAt: string }
>;
/** The proposer put the business case forward for review and a board decision. */
export type ProposalSubmitted = DomainEvent<'ProposalSubmitted', { readonly submittedAt: string }>;
/** A reviewer assessed the submitted business case from one professional angle. */
export type ReviewRecorded = DomainEvent<
  'ReviewRecorded',
  {
    readonly reviewId: string;
    readonly kind: ReviewKind;
    readonly reviewer: Person;
    readonly scores: Scores;
    readonly recommendation: Recommendation;
    readonly comments: string;
    /** The proposal version the reviewer read. */
    readonly proposalVersion: number;
    readonly recordedAt: string;
  }
>;
/** Someone stated an interest that bars them from reviewing or deciding on this proposal. */
export type ConflictOfInterestDeclared = DomainEvent<
  'ConflictOfInterestDeclared',
  { readonly person: Person; readonly statement: string; readonly declaredAt: string }
>;
/** The board sent the proposal back to its proposer for revision. */
export type ProposalReturned = DomainEvent<
  'ProposalReturned',
  { readonly reason: string; readonly returnedAt: string }
>;
/** The proposer abandoned the proposal. */
export type ProposalWithdrawn = DomainEvent<
  'ProposalWithdrawn',
  { readonly reason: string; readonly withdrawnAt: string }
>;
/** The board approved the investment and committed capital to it; final. */
export type ProposalApproved = DomainEvent<
  'ProposalApproved',
  DecisionData & { readonly approvedAmount: string; readonly conditions: readonly string[] }
>;
/** The board refused the investment; final. */
export type ProposalRejected = DomainEvent<'ProposalRejected', DecisionData>;
/** The board put the decision off until a later date; the proposer may resubmit. */
export type ProposalDeferred = DomainEvent<
  'ProposalDeferred',
  DecisionData & { readonly deferredUntil: string }
>;
/** Finance recorded the savings and benefits an approved investment actually delivered in a fiscal year. */
export type BenefitsRecorded = DomainEvent<
  'BenefitsRecorded',
  {
    readonly period: string;
    readonly cashableSaving: string;
    readonly nonCashableBenefit: string;
    readonly note: string;
    readonly recordedAt: string;
  }
>;

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
  | BenefitsRecorded;

export type ProposalEventType = ProposalEvent['type'];

export const PROPOSAL_EVENT_TYPES: readonly ProposalEventType[] = [
  'ProposalDrafted',
  'ProposalAmended',
  'ProposalSubmitted',
  'ReviewRecorded',
  'ConflictOfInterestDeclared',
  'ProposalReturned',
  'ProposalWithdrawn',
  'ProposalApproved',
  'ProposalRejected',
  'ProposalDeferred',
  'BenefitsRecorded',
];
