import { Person } from '../actor';
import { assertNever } from '../domain.errors';
import { Money } from '../money';
import {
  Category,
  DecisionSnapshot,
  ProposalEvent,
  ProposalFieldsData,
  Recommendation,
  ReviewKind,
  Scores,
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

/** The edges API.md allows between statuses; events that keep the status are not listed. */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = {
  initial: ['draft'],
  draft: ['submitted', 'withdrawn'],
  submitted: ['returned', 'approved', 'rejected', 'deferred', 'withdrawn'],
  returned: ['submitted', 'withdrawn'],
  deferred: ['submitted', 'withdrawn'],
  withdrawn: [],
  approved: [],
  rejected: [],
};

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

export function evolveProposal(state: ProposalState, event: ProposalEvent): ProposalState {
  const version = state.version + 1;
  if (event.type === 'ProposalDrafted') {
    if (state.status !== 'initial')
      throw new Error('ProposalDrafted on a proposal that already exists');
    const { proposalId, proposer, draftedAt, ...fields } = event.data;
    return {
      ...(fieldsFromData(fields) as ProposalFields),
      status: 'draft',
      id: proposalId,
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
    };
  }
  if (state.status === 'initial')
    throw new Error(`${event.type} on a proposal that was never drafted`);
  const next = { ...state, version };
  switch (event.type) {
    case 'ProposalAmended':
      return {
        ...next,
        ...fieldsFromData(event.data.changes),
        contentVersion: version,
        amendedAt: event.data.amendedAt,
      };
    case 'ProposalSubmitted':
      return { ...next, status: 'submitted', submittedAt: event.data.submittedAt };
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
      };
      return { ...next, reviews: [...state.reviews, review] };
    }
    case 'ConflictOfInterestDeclared':
      return { ...next, conflicts: [...state.conflicts, { ...event.data }] };
    case 'ProposalReturned':
      return { ...next, status: 'returned', returned: { ...event.data } };
    case 'ProposalWithdrawn':
      return { ...next, status: 'withdrawn', withdrawn: { ...event.data } };
    case 'ProposalApproved': {
      const { approvedAmount, ...rest } = event.data;
      const decision: Decision = {
        ...rest,
        outcome: 'approved',
        approvedAmount: Money.parse(approvedAmount),
      };
      return { ...next, status: 'approved', decision, decisions: [...state.decisions, decision] };
    }
    case 'ProposalRejected': {
      const decision: Decision = { ...event.data, outcome: 'rejected' };
      return { ...next, status: 'rejected', decision, decisions: [...state.decisions, decision] };
    }
    case 'ProposalDeferred': {
      const decision: Decision = { ...event.data, outcome: 'deferred' };
      return { ...next, status: 'deferred', decision, decisions: [...state.decisions, decision] };
    }
    case 'BenefitsRecorded': {
      const { period, cashableSaving, nonCashableBenefit, note, recordedAt } = event.data;
      const benefits: RealisedBenefits = {
        period,
        cashableSaving: Money.parse(cashableSaving),
        nonCashableBenefit: Money.parse(nonCashableBenefit),
        note,
        recordedAt,
      };
      return { ...next, benefits: [...state.benefits, benefits] };
    }
    default:
      return assertNever(event);
  }
}
