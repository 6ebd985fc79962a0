import { Command } from '../actor';
import { BudgetState } from '../budget/budget.decider';
import { Money } from '../money';
import { PolicyInForce } from '../policy/policy.decider';
import { StagePolicy } from './business-case';
import { BusinessCaseSection } from './business-case.events';
import type { RelationFacts } from './relation-facts';
import { AdoptedScenarioFact } from './adopted-scenario';
import { PlannedBenefitInput } from './benefit-plan';

/** The draft fields as clients send them; money as decimal strings, checked by the decider. */
export interface ProposalFieldsInput {
  readonly title: string;
  readonly summary: string;
  readonly department: string;
  readonly category: string;
  readonly fiscalYear: string;
  readonly capitalCost: string;
  readonly annualRevenueCost: string;
  readonly annualCashableSaving: string;
  readonly annualNonCashableBenefit: string;
  readonly appraisalYears: number;
  readonly statutory: boolean;
  readonly risks?: string | null;
  readonly strategicObjectives?: readonly string[];
  /** Sections of the Five Case Model; an amendment replaces only the sections it gives. */
  readonly businessCase?: { readonly [K in BusinessCaseSection]?: string };
  /** Groups related proposals; null clears it on an amendment. */
  readonly programme?: string | null;
  readonly benefitPlan?: readonly PlannedBenefitInput[];
}

export type DraftProposal = Command<
  'DraftProposal',
  ProposalFieldsInput & { readonly proposalId: string }
>;
export type AmendProposal = Command<
  'AmendProposal',
  Partial<ProposalFieldsInput> & { readonly proposalId: string }
>;
export type SubmitProposal = Command<'SubmitProposal', { readonly proposalId: string }> &
  Readonly<{
    /** Loaded by the handler: the policy in force now, which fixes the stage; absent reads as v1 (no stages). */
    policy?: StagePolicy;
  }>;
export type RecordReview = Command<
  'RecordReview',
  {
    readonly proposalId: string;
    readonly reviewId: string;
    readonly kind: string;
    readonly scores: Readonly<Record<string, number>>;
    readonly recommendation: string;
    readonly comments: string;
  }
>;
export type DeclareConflictOfInterest = Command<
  'DeclareConflictOfInterest',
  { readonly proposalId: string; readonly statement: string }
>;
export type ReturnProposal = Command<
  'ReturnProposal',
  { readonly proposalId: string; readonly reason: string }
>;
export type WithdrawProposal = Command<
  'WithdrawProposal',
  { readonly proposalId: string; readonly reason: string }
>;
export type DecideProposal = Command<
  'DecideProposal',
  {
    readonly proposalId: string;
    readonly outcome: 'approved' | 'rejected' | 'deferred';
    /** The delegation tier the board member decides under. */
    readonly authority: string;
    readonly reason: string;
    /** Approval only; at most the capital cost. */
    readonly approvedAmount?: string;
    /** Approval only. */
    readonly conditions?: readonly string[];
    /** Deferral only; an ISO date or instant after `now`. */
    readonly deferredUntil?: string;
    readonly meetingRef?: string;
    /** Approval or rejection of a key decision without 28 clear days' notice: the exception relied on. */
    readonly urgency?: UrgencyInput;
    /** Approval only: why the board approves though related proposals together cross a threshold. */
    readonly splitSpendReason?: string;
    /** Approval only: why it departs from the adopted scenario. */
    readonly departureReason?: string;
  }
> &
  Readonly<{
    /** Loaded by the handler: the policy in force now. */
    policy: PolicyInForce;
    /** Loaded by the handler: the budget stream of the proposal's fiscal year. */
    budget: BudgetState;
    /**
     * Loaded by the handler when the policy has split-spend checks on: proposals that may be related
     * (a superset; the decider applies the rule), each as the log stood when the decision was read.
     */
    relatedProposals?: readonly RelationFacts[];
    /** Loaded by the handler: the scenario adopted for the proposal's fiscal year, if any. */
    adoptedScenario?: AdoptedScenarioFact | null;
    /** Loaded by the handler while the policy enforces the revenue envelope: running costs already committed in the year. */
    revenueCommitted?: Money;
  }>;
export type RecordBenefits = Command<
  'RecordBenefits',
  {
    readonly proposalId: string;
    readonly period: string;
    readonly cashableSaving: string;
    readonly nonCashableBenefit: string;
    readonly note: string;
  }
>;

/** The exception procedure as a client gives it; the decider checks it. */
export type UrgencyInput = Readonly<{
  procedure: string;
  scrutinyChairInformedOn?: string;
  publishedOn?: string;
  agreedBy?: string;
  reason?: string;
}>;

export type PublishKeyDecisionNotice = Command<
  'PublishKeyDecisionNotice',
  {
    readonly proposalId: string;
    readonly noticeId: string;
    readonly publishedOn: string;
    readonly decisionDue: string;
    readonly decisionMaker: string;
    readonly summary: string;
  }
> &
  Readonly<{
    /** Loaded by the handler: the policy in force now, whose tiers may be named as decision maker. */
    policy: PolicyInForce;
  }>;

export type RecordBenefitEvidence = Command<
  'RecordBenefitEvidence',
  {
    readonly proposalId: string;
    readonly benefitKey: string;
    readonly evidenceId: string;
    readonly period: string;
    readonly amount: string;
    readonly evidence: string;
  }
>;
export type ValidateBenefitEvidence = Command<
  'ValidateBenefitEvidence',
  {
    readonly proposalId: string;
    readonly benefitKey: string;
    readonly evidenceId: string;
    readonly outcome: string;
    readonly note: string;
  }
>;

export type ProposalCommand =
  | DraftProposal
  | AmendProposal
  | SubmitProposal
  | RecordReview
  | DeclareConflictOfInterest
  | ReturnProposal
  | WithdrawProposal
  | DecideProposal
  | RecordBenefits
  | PublishKeyDecisionNotice
  | RecordBenefitEvidence
  | ValidateBenefitEvidence;
