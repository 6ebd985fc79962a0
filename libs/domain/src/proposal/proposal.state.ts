import { Person } from '../actor';
import { assertNever } from '../domain.errors';
import { Money } from '../money';
import { mergeBusinessCase } from './business-case';
import { BusinessCase, CaseStage } from './business-case.events';
import type { BenefitPlan } from './benefit-plan';
import { BenefitEvidence, evolveBenefitEvidence } from './benefit-evidence';
import type { ProposalCommand } from './proposal.commands';
import {
  Category,
  DecisionSnapshot,
  ProposalEvent,
  ProposalFieldsData,
  Recommendation,
  ReviewKind,
  Scores,
  StageReassessment,
} from './proposal.events';

export type ProposalStatus =
  | 'initial'
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'deferred'
  | 'withdrawn'
  | 'approved'
  | 'rejected';
export type ExistingStatus = Exclude<ProposalStatus, 'initial'>;

/** What a command may do to a proposal: the statuses it is allowed in and those it may lead to. */
export interface Transition {
  /** The verb a refusal uses: "Cannot submit a proposal that is approved". */
  readonly action: string;
  readonly from: readonly ProposalStatus[];
  /** Empty when the command keeps the status. */
  readonly to: readonly ProposalStatus[];
}

const EXISTING: readonly ExistingStatus[] = [
  'draft',
  'submitted',
  'returned',
  'deferred',
  'withdrawn',
  'approved',
  'rejected',
];

/**
 * The lifecycle API.md describes, and the decider's one source of which command is allowed in which
 * status: a command arriving in a status not listed in its `from` is refused.
 */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalCommand['type'], Transition>> = {
  DraftProposal: { action: 'draft', from: ['initial'], to: ['draft'] },
  AmendProposal: { action: 'amend', from: ['draft', 'returned'], to: [] },
  SubmitProposal: {
    action: 'submit',
    from: ['draft', 'returned', 'deferred'],
    to: ['submitted'],
  },
  RecordReview: { action: 'review', from: ['submitted'], to: [] },
  DeclareConflictOfInterest: {
    action: 'declare a conflict of interest on',
    from: EXISTING,
    to: [],
  },
  ReturnProposal: { action: 'return', from: ['submitted'], to: ['returned'] },
  WithdrawProposal: {
    action: 'withdraw',
    from: ['draft', 'submitted', 'returned', 'deferred'],
    to: ['withdrawn'],
  },
  DecideProposal: {
    action: 'decide on',
    from: ['submitted'],
    to: ['approved', 'rejected', 'deferred', 'draft'],
  },
  RecordBenefits: { action: 'record benefits of', from: ['approved'], to: [] },
  PublishKeyDecisionNotice: {
    action: 'publish a key decision notice on',
    from: ['draft', 'submitted', 'returned', 'deferred'],
    to: [],
  },
  RecordBenefitEvidence: { action: 'record benefit evidence on', from: ['approved'], to: [] },
  ValidateBenefitEvidence: { action: 'validate benefit evidence on', from: ['approved'], to: [] },
};

/** Whether some command may take a proposal from one status to the other (staying put is always allowed). */
export function isAllowedTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  return (
    from === to ||
    Object.values(PROPOSAL_TRANSITIONS).some(
      (transition) => transition.from.includes(from) && transition.to.includes(to),
    )
  );
}

export interface ProposalFields {
  readonly title: string;
  readonly summary: string;
  readonly department: string;
  readonly category: Category;
  readonly fiscalYear: string;
  readonly capitalCost: Money;
  readonly annualRevenueCost: Money;
  readonly annualCashableSaving: Money;
  readonly annualNonCashableBenefit: Money;
  readonly appraisalYears: number;
  readonly statutory: boolean;
  readonly risks: string | null;
  readonly strategicObjectives: readonly string[];
  readonly businessCase: BusinessCase;
  /** The programme that groups related proposals; null when none. */
  readonly programme: string | null;
}

export interface Review {
  readonly reviewId: string;
  readonly kind: ReviewKind;
  readonly reviewer: Person;
  readonly scores: Scores;
  readonly recommendation: Recommendation;
  readonly comments: string;
  readonly recordedAt: string;
  readonly proposalVersion: number;
  readonly caseStage: CaseStage;
  /** The reviewer declared a conflict of interest after recording it, so it no longer counts. */
  readonly withdrawnByConflict: boolean;
}

export interface Conflict {
  readonly person: Person;
  readonly statement: string;
  readonly declaredAt: string;
}

interface DecisionBase {
  readonly reason: string;
  readonly meetingRef: string | null;
  readonly decidedBy: Person;
  readonly decidedAt: string;
  readonly snapshot: DecisionSnapshot;
}
export type Decision =
  | (DecisionBase & {
      readonly outcome: 'approved';
      readonly approvedAmount: Money;
      readonly conditions: readonly string[];
    })
  | (DecisionBase & { readonly outcome: 'rejected' })
  | (DecisionBase & { readonly outcome: 'deferred'; readonly deferredUntil: string });

/** A board decision that moved a proposal on to the next business case stage. */
export interface StageGate {
  /** The stream version of its StageGatePassed: where the history holds it. */
  readonly version: number;
  readonly from: CaseStage;
  readonly reason: string;
  readonly meetingRef: string | null;
  readonly decidedBy: Person;
  readonly decidedAt: string;
  readonly conditions: readonly string[];
  readonly snapshot: DecisionSnapshot;
}

export interface StageEntry {
  readonly stage: CaseStage;
  readonly enteredAt: string;
  /** null for the stage a submission fixed. */
  readonly gate: StageGate | null;
  /** Present when a resubmission moved the proposal off the BJC path onto this stage. */
  readonly reassessed?: StageReassessment;
}

export interface RealisedBenefits {
  readonly period: string;
  readonly cashableSaving: Money;
  readonly nonCashableBenefit: Money;
  readonly note: string;
  readonly recordedAt: string;
}

export interface ProposalRecord extends ProposalFields {
  readonly id: string;
  readonly proposer: Person;
  /** Number of events folded: the stream version. */
  readonly version: number;
  /** Version of the last event that changed the business case; reviews older than it are stale. */
  readonly contentVersion: number;
  readonly reviews: readonly Review[];
  readonly conflicts: readonly Conflict[];
  /** The latest decision, kept after a deferred proposal is resubmitted. */
  readonly decision: Decision | null;
  readonly decisions: readonly Decision[];
  readonly benefits: readonly RealisedBenefits[];
  readonly draftedAt: string;
  readonly amendedAt: string | null;
  readonly submittedAt: string | null;
  readonly returned: { readonly reason: string; readonly returnedAt: string } | null;
  readonly withdrawn: { readonly reason: string; readonly withdrawnAt: string } | null;
  /** Fixed by the first submission; null before it. */
  readonly caseStage: CaseStage | null;
  readonly stageHistory: readonly StageEntry[];
  readonly keyDecisionNotices: readonly KeyDecisionNotice[];
  /** The benefits the business case promises; empty when it names none. */
  readonly benefitPlan: BenefitPlan;
  /** Version of the event that last set the plan; null while there is none. */
  readonly benefitPlanVersion: number | null;
  readonly benefitEvidence: readonly BenefitEvidence[];
}

/** A notice of a forthcoming key decision, as the forward plan published it. */
export interface KeyDecisionNotice {
  readonly noticeId: string;
  readonly publishedOn: string;
  readonly decisionDue: string;
  readonly decisionMaker: string;
  readonly summary: string;
  readonly publishedBy: Person;
  readonly recordedAt: string;
}

export interface InitialProposal {
  readonly status: 'initial';
  readonly version: 0;
}
export type Proposal<S extends ExistingStatus = ExistingStatus> = S extends ExistingStatus
  ? ProposalRecord & { readonly status: S }
  : never;
export type ProposalState = InitialProposal | Proposal;

export function initialProposalState(): ProposalState {
  return { status: 'initial', version: 0 };
}

export function fieldsFromData(data: Partial<ProposalFieldsData>): Partial<ProposalFields> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    fields[key] = MONEY_FIELDS.includes(key as MoneyField) ? Money.parse(value as string) : value;
  }
  return fields as Partial<ProposalFields>;
}

export const MONEY_FIELDS = [
  'capitalCost',
  'annualRevenueCost',
  'annualCashableSaving',
  'annualNonCashableBenefit',
] as const;
type MoneyField = (typeof MONEY_FIELDS)[number];

/** Reviews that still speak to the business case as it now stands. */
export function currentReviews(state: ProposalRecord): readonly Review[] {
  return state.reviews.filter((review) => review.proposalVersion >= state.contentVersion);
}

export function hasDeclaredConflict(state: ProposalRecord, personId: string): boolean {
  return state.conflicts.some((conflict) => conflict.person.id === personId);
}

/** Whether the person recorded a review of any version of the proposal, withdrawn or not. */
export function hasReviewed(state: ProposalRecord, personId: string): boolean {
  return state.reviews.some((review) => review.reviewer.id === personId);
}

export function evolveProposal(state: ProposalState, event: ProposalEvent): ProposalState {
  const version = state.version + 1;
  if (event.type === 'ProposalDrafted') {
    if (state.status !== 'initial')
      throw new Error('ProposalDrafted on a proposal that already exists');
    const { proposalId, proposer, draftedAt, ...data } = event.data;
    const fields = fieldsFromData(data) as ProposalFields;
    return {
      status: 'draft',
      id: proposalId,
      title: fields.title,
      summary: fields.summary,
      department: fields.department,
      category: fields.category,
      fiscalYear: fields.fiscalYear,
      capitalCost: fields.capitalCost,
      annualRevenueCost: fields.annualRevenueCost,
      annualCashableSaving: fields.annualCashableSaving,
      annualNonCashableBenefit: fields.annualNonCashableBenefit,
      appraisalYears: fields.appraisalYears,
      statutory: fields.statutory,
      risks: fields.risks,
      strategicObjectives: fields.strategicObjectives,
      proposer,
      version,
      contentVersion: version,
      reviews: [],
      conflicts: [],
      decision: null,
      decisions: [],
      benefits: [],
      draftedAt,
      amendedAt: null,
      submittedAt: null,
      returned: null,
      withdrawn: null,
      businessCase: fields.businessCase ?? {},
      caseStage: null,
      stageHistory: [],
      keyDecisionNotices: [],
      programme: fields.programme ?? null,
      benefitPlan: data.benefitPlan ?? [],
      benefitPlanVersion: data.benefitPlan === undefined ? null : version,
      benefitEvidence: [],
    };
  }
  if (state.status === 'initial')
    throw new Error(`${event.type} on a proposal that was never drafted`);
  const next = copyOf(state);
  next.version = version;
  switch (event.type) {
    case 'ProposalAmended':
      Object.assign(next, fieldsFromData(event.data.changes));
      if (event.data.changes.businessCase)
        next.businessCase = mergeBusinessCase(state.businessCase, event.data.changes.businessCase);
      if (event.data.changes.benefitPlan !== undefined) next.benefitPlanVersion = version;
      next.contentVersion = version;
      next.amendedAt = event.data.amendedAt;
      return next;
    case 'ProposalSubmitted': {
      const { submittedAt, stageReassessed } = event.data;
      next.status = 'submitted';
      next.submittedAt = submittedAt;
      next.caseStage = event.data.caseStage ?? state.caseStage ?? 'BJC';
      if (state.caseStage === null)
        next.stageHistory = [{ stage: next.caseStage, enteredAt: submittedAt, gate: null }];
      if (stageReassessed !== undefined) {
        next.stageHistory = [
          ...state.stageHistory,
          {
            stage: next.caseStage,
            enteredAt: submittedAt,
            gate: null,
            reassessed: stageReassessed,
          },
        ];
        // A new path: reviews of the business justification case do not speak to the outline case.
        next.contentVersion = version;
      }
      return next;
    }
    case 'ReviewRecorded': {
      const {
        reviewId,
        kind,
        reviewer,
        scores,
        recommendation,
        comments,
        recordedAt,
        proposalVersion,
      } = event.data;
      const review: Review = {
        reviewId,
        kind,
        reviewer,
        scores,
        recommendation,
        comments,
        recordedAt,
        proposalVersion,
        caseStage: event.data.caseStage ?? state.caseStage ?? 'BJC',
        withdrawnByConflict: false,
      };
      next.reviews = [...state.reviews, review];
      return next;
    }
    case 'ConflictOfInterestDeclared':
      next.conflicts = [...state.conflicts, { ...event.data }];
      next.reviews = withdrawnBy(state.reviews, event.data.person.id);
      return next;
    case 'ProposalReturned':
      next.status = 'returned';
      next.returned = { ...event.data };
      return next;
    case 'ProposalWithdrawn':
      next.status = 'withdrawn';
      next.withdrawn = { ...event.data };
      return next;
    case 'ProposalApproved': {
      const { approvedAmount, ...rest } = event.data;
      const decision: Decision = {
        ...rest,
        outcome: 'approved',
        approvedAmount: Money.parse(approvedAmount),
      };
      return decided(next, 'approved', decision);
    }
    case 'ProposalRejected':
      return decided(next, 'rejected', { ...event.data, outcome: 'rejected' });
    case 'ProposalDeferred':
      return decided(next, 'deferred', { ...event.data, outcome: 'deferred' });
    case 'BenefitsRecorded': {
      const { period, cashableSaving, nonCashableBenefit, note, recordedAt } = event.data;
      const benefits: RealisedBenefits = {
        period,
        cashableSaving: Money.parse(cashableSaving),
        nonCashableBenefit: Money.parse(nonCashableBenefit),
        note,
        recordedAt,
      };
      next.benefits = [...state.benefits, benefits];
      return next;
    }
    case 'StageGatePassed': {
      const { to, ...gate } = event.data;
      next.status = 'draft';
      next.caseStage = to;
      // The next stage is a fuller business case: reviews of the last one no longer speak to it.
      next.contentVersion = version;
      next.stageHistory = [
        ...state.stageHistory,
        { stage: to, enteredAt: gate.decidedAt, gate: { version, ...gate } },
      ];
      return next;
    }
    case 'KeyDecisionNoticePublished':
      next.keyDecisionNotices = [...state.keyDecisionNotices, { ...event.data }];
      return next;
    case 'BenefitEvidenced':
    case 'BenefitValidated':
    case 'BenefitEvidenceRejected':
      next.benefitEvidence = evolveBenefitEvidence(state.benefitEvidence, event);
      return next;
    default:
      return assertNever(event);
  }
}

/** A proposal being evolved: a fresh copy, changed before it is returned and never after. */
type ProposalDraft = { -readonly [K in keyof ProposalRecord]: ProposalRecord[K] } & {
  status: ExistingStatus;
};

function decided(next: ProposalDraft, status: ExistingStatus, decision: Decision): Proposal {
  next.status = status;
  next.decision = decision;
  next.decisions = [...next.decisions, decision];
  return next as Proposal;
}

/**
 * A copy of the proposal with every field written out in one order, so every state of every
 * proposal has one object shape: a fold evolves thousands of events a second, and this is several
 * times faster than spreading the state with overrides.
 */
function copyOf(state: Proposal): ProposalDraft {
  return {
    status: state.status,
    id: state.id,
    title: state.title,
    summary: state.summary,
    department: state.department,
    category: state.category,
    fiscalYear: state.fiscalYear,
    capitalCost: state.capitalCost,
    annualRevenueCost: state.annualRevenueCost,
    annualCashableSaving: state.annualCashableSaving,
    annualNonCashableBenefit: state.annualNonCashableBenefit,
    appraisalYears: state.appraisalYears,
    statutory: state.statutory,
    risks: state.risks,
    strategicObjectives: state.strategicObjectives,
    proposer: state.proposer,
    version: state.version,
    contentVersion: state.contentVersion,
    reviews: state.reviews,
    conflicts: state.conflicts,
    decision: state.decision,
    decisions: state.decisions,
    benefits: state.benefits,
    draftedAt: state.draftedAt,
    amendedAt: state.amendedAt,
    submittedAt: state.submittedAt,
    returned: state.returned,
    withdrawn: state.withdrawn,
    businessCase: state.businessCase,
    caseStage: state.caseStage,
    stageHistory: state.stageHistory,
    keyDecisionNotices: state.keyDecisionNotices,
    programme: state.programme,
    benefitPlan: state.benefitPlan,
    benefitPlanVersion: state.benefitPlanVersion,
    benefitEvidence: state.benefitEvidence,
  };
}

/** A conflict declared after a review taints it: the reviews that person recorded stop counting. */
function withdrawnBy(reviews: readonly Review[], personId: string): readonly Review[] {
  if (!reviews.some((review) => review.reviewer.id === personId)) return reviews;
  return reviews.map((review) =>
    review.reviewer.id === personId && !review.withdrawnByConflict
      ? { ...review, withdrawnByConflict: true }
      : review,
  );
}
