/** The shapes of the public HTTP API (API.md) that the app reads; money is always a decimal string. */

export interface PersonRef {
  readonly id: string;
  readonly name: string;
}

export interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly authorities: readonly string[];
  readonly description: string;
}

export interface OidcSignInConfig {
  readonly mode: 'oidc';
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: string;
}

export type SignInOptions =
  | { readonly mode: 'demo'; readonly demoPeople: readonly DemoPerson[] }
  | OidcSignInConfig
  | { readonly mode: 'unavailable'; readonly reason: string };

export interface DemoSession {
  readonly accessToken: string;
  readonly expiresAt: string;
  readonly person: DemoPerson;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
}

export interface WriteResult {
  readonly id: string;
  readonly version: number;
  readonly position: number;
}

export interface Appraisal {
  readonly wholeLifeCost: string;
  readonly npv: string;
  readonly benefitCostRatio: number | null;
  readonly paybackYears: number | null;
  readonly presentValueOfBenefits?: string;
  readonly presentValueOfCosts?: string;
  readonly discountRate?: string;
}

export type Criterion =
  'strategicFit' | 'valueForMoney' | 'deliverability' | 'riskReduction' | 'serviceImpact';

export interface Review {
  readonly reviewId: string;
  readonly kind: string;
  readonly reviewer: PersonRef;
  readonly scores: Record<Criterion, number>;
  readonly recommendation: string;
  readonly comments: string;
  readonly recordedAt: string;
  readonly proposalVersion: number;
  readonly current: boolean;
  readonly withdrawnByConflict?: boolean;
  readonly caseStage?: CaseStage | null;
}

export interface Conflict {
  readonly person: PersonRef;
  readonly statement: string;
  readonly declaredAt: string;
}

export interface DecisionSnapshot {
  readonly proposalVersion: number;
  readonly reviewIds: readonly string[];
  readonly policyVersion: number;
  readonly authority: string;
  readonly authorityUpTo: string | null;
  readonly wholeLifeCost: string;
  readonly [more: string]: unknown;
}

export interface Decision {
  readonly outcome: 'approved' | 'rejected' | 'deferred';
  readonly reason: string;
  readonly meetingRef: string | null;
  readonly decidedBy: PersonRef;
  readonly decidedAt: string;
  readonly snapshot: DecisionSnapshot;
  readonly approvedAmount?: string;
  readonly conditions?: readonly string[];
  readonly deferredUntil?: string;
}

export interface BenefitsRecord {
  readonly period: string;
  readonly cashableSaving: string;
  readonly nonCashableBenefit: string;
  readonly note: string;
  readonly recordedAt: string;
}

/** From the ledger's own governance checks, where the server has them (API.md wave 2). */
export interface Readiness {
  readonly missingReviewKinds: readonly string[];
  readonly tierNeeded: string | null;
  readonly envelopeRemaining: string | null;
  readonly blockers: readonly { readonly code: string; readonly message: string }[];
  readonly reasonsRequired: readonly string[];
}

export interface ScoreBreakdown {
  readonly reviewsCounted: number;
  readonly criteria: readonly {
    readonly criterion: string;
    /** Null until a review counts. */
    readonly meanScore: number | null;
    readonly weight: number;
    /** Points of the 0-100 weighted score; they add up to it exactly. */
    readonly contribution: number | null;
  }[];
}

export type ProposalStatus =
  'draft' | 'submitted' | 'returned' | 'deferred' | 'withdrawn' | 'approved' | 'rejected';

export interface DraftFields {
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
  readonly risks: string | null;
  readonly strategicObjectives: readonly string[];
}

export interface Proposal extends DraftFields, ProposalBenefitPlan {
  readonly id: string;
  readonly status: ProposalStatus;
  readonly proposer: PersonRef;
  readonly reviews: readonly Review[];
  readonly conflicts: readonly Conflict[];
  readonly decision: Decision | null;
  readonly decisions: readonly Decision[];
  readonly benefits: readonly BenefitsRecord[];
  readonly weightedScore: number | null;
  readonly appraisal: Appraisal;
  readonly policyVersion: number;
  readonly draftedAt: string;
  readonly submittedAt: string | null;
  readonly version: number;
  readonly position: number;
  readonly readiness: Readiness;
  readonly ready: boolean;
  readonly scoreBreakdown: ScoreBreakdown;
  /** Wave 2: absent from older answers, so every one is optional. */
  readonly caseStage?: CaseStage | null;
  readonly stageHistory?: readonly StageEntry[];
  readonly keyDecision?: KeyDecision | null;
  readonly splitSpend?: SplitSpend | null;
  readonly businessCase?: Partial<
    Record<'strategic' | 'economic' | 'commercial' | 'financial' | 'management', string | null>
  > | null;
}

export type CaseStage = 'SOC' | 'OBC' | 'FBC' | 'BJC';

export interface StageEntry {
  readonly stage: CaseStage;
  readonly enteredAt: string;
  readonly gate: {
    readonly from: CaseStage;
    readonly reason: string;
    readonly meetingRef: string | null;
    readonly decidedBy: PersonRef;
    readonly decidedAt: string;
    readonly conditions?: readonly string[];
  } | null;
}

export interface KeyDecisionNotice {
  readonly noticeId: string;
  readonly publishedOn: string;
  readonly decisionDue: string;
  readonly decisionMaker: string;
  readonly summary: string;
  readonly publishedBy: PersonRef;
  readonly recordedAt: string;
  readonly clearDaysBeforeDue: number;
}

export interface KeyDecision {
  readonly required: boolean;
  readonly notices: readonly KeyDecisionNotice[];
}

export interface SplitSpend {
  readonly related: readonly string[];
  readonly combinedWholeLifeCost: string;
  readonly crossesTier: string | null;
  readonly crossesKeyDecision: boolean;
}

export interface ScenarioSummary {
  readonly id: string;
  readonly fiscalYear: string;
  readonly name: string;
  readonly budget: string;
  readonly status: 'created' | 'adopted' | 'superseded';
  readonly createdBy: PersonRef;
  readonly createdAt: string;
  readonly evaluationPosition: number;
  readonly adoptedAt: string | null;
  readonly version: number;
}

export interface ForwardPlan {
  readonly from: string | null;
  readonly to: string | null;
  readonly items: readonly {
    readonly decisionDue: string;
    readonly noticeId: string;
    readonly publishedOn: string;
    readonly decisionMaker: string;
    readonly summary: string;
    readonly proposalId: string;
    readonly title: string;
    readonly department: string;
    readonly wholeLifeCost: string;
    readonly status: ProposalStatus;
  }[];
}

export interface ProposalSummary {
  readonly id: string;
  readonly title: string;
  readonly department: string;
  readonly category: string;
  readonly fiscalYear: string;
  readonly status: ProposalStatus;
  readonly statutory: boolean;
  readonly proposer: PersonRef;
  readonly capitalCost: string;
  readonly approvedAmount: string | null;
  readonly reviewCount: number;
  readonly weightedScore: number | null;
  readonly appraisal: Appraisal;
  readonly draftedAt: string;
  readonly submittedAt: string | null;
  readonly decidedAt: string | null;
  readonly version: number;
  /** Submitted, and nothing the ledger checks would refuse an approval now. */
  readonly ready: boolean;
  readonly blockers: readonly string[];
}

export interface ProposalPage {
  readonly items: readonly ProposalSummary[];
  readonly nextCursor: string | null;
}

export interface Policy {
  readonly delegation: readonly { readonly authority: string; readonly upTo: string | null }[];
  readonly requiredReviewKinds: readonly string[];
  readonly criteriaWeights: Record<string, number>;
  readonly discountRate: string;
  readonly version: number;
}

export interface Budget {
  readonly fiscalYear: string;
  readonly capitalEnvelope: string | null;
  readonly revenueEnvelope: string | null;
  readonly committedCapital?: string;
  readonly remainingCapital?: string | null;
  readonly version: number;
  readonly [more: string]: unknown;
}

export interface PortfolioFigures {
  readonly count: number;
  readonly requestedCapital: string;
  readonly approvedCapital: string;
  readonly expectedAnnualSavings: string;
  readonly expectedAnnualNonCashableBenefits: string;
  readonly realisedSavings: string;
  readonly realisedNonCashableBenefits: string;
}

export interface PortfolioSummary {
  readonly fiscalYear: string;
  readonly asOf: string;
  readonly envelope: { readonly capital: string | null; readonly revenue: string | null };
  readonly approvedCapital: string;
  readonly remainingCapital: string | null;
  readonly requestedCapital: string;
  readonly expectedAnnualSavings: string;
  readonly realisedSavings: string;
  readonly proposalCount: number;
  readonly byDepartment: readonly (PortfolioFigures & { readonly department: string })[];
  readonly byStatus: readonly (PortfolioFigures & { readonly status: string })[];
}

export interface RankedProposal extends ProposalSummary {
  readonly rank: number;
  readonly selected: boolean;
  readonly explanation?: { readonly reason?: string | null };
}

export interface Priorities {
  readonly fiscalYear: string;
  readonly budget: string;
  readonly budgetSource?: 'requested' | 'remaining-envelope';
  readonly ranking: readonly RankedProposal[];
  readonly selection: {
    readonly proposals: readonly string[];
    readonly totalCapital: string;
    readonly totalScore: number;
    readonly statutoryCapital: string;
  };
  readonly excluded: readonly string[];
}

export interface LogEvent {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor: PersonRef;
  readonly recordedAt: string;
  readonly dataHash: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface LogPage {
  readonly events: readonly LogEvent[];
  readonly nextAfter: number | null;
}

export interface History {
  readonly proposalId: string;
  readonly events: readonly LogEvent[];
}

export type Verification =
  | {
      readonly ok: true;
      readonly checked: number;
      readonly headPosition: number;
      readonly headHash: string;
    }
  | {
      readonly ok: false;
      readonly checked: number;
      readonly firstInvalidPosition: number;
      readonly reason: string;
    };

/** How far a verification has walked: one line of the verify stream. */
export interface VerifyProgress {
  readonly checked: number;
  readonly headPosition: number;
}

export interface Digest {
  readonly position: number;
  readonly hash: string;
  readonly recordedAt: string | null;
}

export type DigestCheck =
  | { readonly ok: true; readonly position: number; readonly hash: string }
  | {
      readonly ok: false;
      readonly position: number;
      readonly hash: string;
      readonly reason: 'beyond-head' | 'hash-differs' | 'position-missing';
      readonly headPosition?: number;
      readonly heldHash?: string;
    };

/** Wave 2 benefits realisation: amounts by benefit type. */
export interface BenefitTypeAmounts {
  readonly cashReleasing: string;
  readonly nonCashReleasing: string;
  readonly societal: string;
}

export type BenefitType = 'cash-releasing' | 'non-cash-releasing' | 'societal';

export interface BenefitFigures {
  readonly forecast: BenefitTypeAmounts;
  /** Evidence recorded and not rejected (pending or validated). */
  readonly evidenced: BenefitTypeAmounts;
  /** Validated evidence, plus v1's recorded benefits. */
  readonly validated: BenefitTypeAmounts;
  /** Validated ÷ forecast cash-releasing; null without a cash-releasing forecast. */
  readonly realisationRate: number | null;
  readonly atRisk: boolean;
}

export interface PortfolioBenefits {
  readonly fiscalYear: string;
  readonly asOf: string;
  readonly totals: BenefitFigures;
  readonly byProposal: readonly (BenefitFigures & {
    readonly proposalId: string;
    readonly title: string;
    readonly department: string;
  })[];
  readonly byDepartment: readonly (BenefitFigures & { readonly department: string })[];
}

export interface PlannedBenefit {
  readonly key: string;
  readonly description: string;
  readonly type: BenefitType;
  readonly owner: string;
  readonly measure: string;
  readonly forecast: readonly { readonly fiscalYear: string; readonly amount: string }[];
}

export interface BenefitEvidence {
  readonly evidenceId: string;
  readonly benefitKey: string;
  readonly benefitType: BenefitType;
  readonly period: string;
  readonly amount: string;
  readonly evidence: string;
  readonly recordedBy: PersonRef;
  readonly recordedAt: string;
  readonly status: 'pending' | 'validated' | 'rejected';
  readonly outcome: { readonly note: string; readonly by: PersonRef; readonly at: string } | null;
}

/** The wave-2 benefit fields of a proposal's read; absent from older answers. */
export interface ProposalBenefitPlan {
  readonly benefitPlan?: readonly PlannedBenefit[] | null;
  readonly benefitEvidence?: readonly BenefitEvidence[] | null;
}

export interface ScenarioComparison {
  readonly scenarios: readonly {
    readonly id: string;
    readonly name: string;
    readonly fiscalYear: string;
    readonly budget: string;
    readonly totalCapital: string;
    readonly totalScore: number;
    readonly totalNpv: string;
    readonly forecastCashableSavings: string;
  }[];
  readonly proposals: readonly {
    readonly proposalId: string;
    readonly title: string;
    readonly selectedIn: readonly string[];
  }[];
}

export interface Frontier {
  readonly fiscalYear: string;
  readonly policyVersion: number;
  readonly points: readonly {
    readonly budget: string;
    /** False when the statutory proposals alone exceed this budget. */
    readonly feasible: boolean;
    readonly totalScore: number | null;
    readonly totalCapital: string | null;
    readonly proposals: readonly string[];
  }[];
}
