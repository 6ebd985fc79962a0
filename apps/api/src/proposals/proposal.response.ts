import { BenefitEvidenceResponse, PlannedBenefitResponse } from '../benefits/benefit.response';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BLOCKER_CODES, CASE_STAGES, CRITERIA, REVIEW_KINDS } from '@ledger/domain';
import { BusinessCaseRequest } from './proposal.request';

class PersonResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class ReviewScoresResponse {
  @ApiProperty({ example: 4 }) strategicFit: number;
  @ApiProperty({ example: 3 }) valueForMoney: number;
  @ApiProperty({ example: 4 }) deliverability: number;
  @ApiProperty({ example: 2 }) riskReduction: number;
  @ApiProperty({ example: 5 }) serviceImpact: number;
}

class ReviewResponse {
  @ApiProperty() reviewId: string;
  @ApiProperty({ enum: ['financial', 'technical', 'security', 'legal', 'service'] }) kind: string;
  @ApiProperty({ type: PersonResponse }) reviewer: PersonResponse;
  @ApiProperty({ type: ReviewScoresResponse }) scores: ReviewScoresResponse;
  @ApiProperty({ enum: ['support', 'support-with-conditions', 'oppose'] }) recommendation: string;
  @ApiProperty() comments: string;
  @ApiProperty() recordedAt: string;
  @ApiProperty({ description: 'The proposal version reviewed' }) proposalVersion: number;
  @ApiProperty({ description: 'False once the business case was amended after this review' })
  current: boolean;
  @ApiProperty({ enum: CASE_STAGES, description: 'The business case stage reviewed' })
  caseStage: string;
  @ApiProperty({
    description:
      'True when the reviewer declared a conflict of interest after recording it: it no longer counts to the score or the required review kinds',
  })
  withdrawnByConflict: boolean;
}

class ConflictResponse {
  @ApiProperty({ type: PersonResponse }) person: PersonResponse;
  @ApiProperty() statement: string;
  @ApiProperty() declaredAt: string;
}

class UrgencyResponse {
  @ApiProperty({ enum: ['general-exception', 'special-urgency'] }) procedure: string;
  @ApiPropertyOptional({ example: '2027-03-20', description: 'general-exception' })
  scrutinyChairInformedOn?: string;
  @ApiPropertyOptional({ example: '2027-03-20', description: 'general-exception' })
  publishedOn?: string;
  @ApiPropertyOptional({
    example: 'Chair of Overview and Scrutiny',
    description: 'special-urgency',
  })
  agreedBy?: string;
  @ApiPropertyOptional({ description: 'special-urgency' }) reason?: string;
}

class KeyDecisionRecordResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The notice relied on (or the best found when an exception was used)',
  })
  noticeId: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 28,
    description:
      "Clear days before the decision's date (Europe/London) of that notice, or of the general exception's publication",
  })
  clearDays: number | null;
  @ApiProperty({ enum: ['notice', 'general-exception', 'special-urgency'] }) procedure: string;
  @ApiPropertyOptional({ type: UrgencyResponse }) urgency?: UrgencyResponse;
}

class SplitSpendResponse {
  @ApiProperty({
    type: [String],
    description:
      'Related proposals (same programme, or same department and category drafted within the window), not withdrawn or rejected',
  })
  related: string[];
  @ApiProperty({
    example: '180000.00',
    description: "This proposal's whole-life cost plus every related one's",
  })
  combinedWholeLifeCost: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'chief-officer',
    description:
      "The lowest delegation tier whose limit the combined cost exceeds while this proposal's own cost does not",
  })
  crossesTier: string | null;
  @ApiProperty({
    description:
      'The combined cost reaches the key-decision threshold while this proposal alone does not',
  })
  crossesKeyDecision: boolean;
}

class SplitSpendSnapshotResponse extends SplitSpendResponse {
  @ApiProperty({ type: String, nullable: true, description: 'The splitSpendReason given' })
  reason: string | null;
}

class StageReassessmentResponse {
  @ApiProperty({ enum: CASE_STAGES, example: 'BJC' }) from: string;
  @ApiProperty({ enum: CASE_STAGES, example: 'SOC' }) to: string;
  @ApiProperty({ example: '1250000.00', description: 'Whole-life cost at that submission' })
  wholeLifeCost: string;
  @ApiProperty({ example: '500000.00', description: "The policy's fullBusinessCaseAbove then" })
  fullBusinessCaseAbove: string;
}

class SnapshotStageReassessmentResponse extends StageReassessmentResponse {
  @ApiProperty({ description: 'The resubmission that moved the proposal onto the path' })
  submittedAt: string;
}

class DecisionSnapshotResponse {
  @ApiProperty({ description: 'The proposal version the board decided on' })
  proposalVersion: number;
  @ApiProperty({ type: [String], description: 'Reviews the decision relied on' })
  reviewIds: string[];
  @ApiProperty({ description: 'Log position of the policy in force (0 = the default policy)' })
  policyVersion: number;
  @ApiProperty({ example: 'investment-board' }) authority: string;
  @ApiProperty({ type: String, nullable: true, example: '1000000.00' }) authorityUpTo:
    string | null;
  @ApiProperty({ example: '325000.00' }) wholeLifeCost: string;
  @ApiPropertyOptional({
    enum: CASE_STAGES,
    description: 'The business case stage decided on; absent where stages were not in play (BJC)',
  })
  caseStage?: string;
  @ApiPropertyOptional({
    type: KeyDecisionRecordResponse,
    description: 'How the key-decision notice rule was met; absent when it was not a key decision',
  })
  keyDecision?: KeyDecisionRecordResponse;
  @ApiPropertyOptional({
    type: SplitSpendSnapshotResponse,
    description: 'Present when the policy had split-spend checks on',
  })
  splitSpend?: SplitSpendSnapshotResponse;
  @ApiPropertyOptional({
    description: 'Approvals: the scenario adopted for the fiscal year when it was approved',
  })
  adoptedScenarioId?: string;
  @ApiPropertyOptional({ description: 'Why the approval departed from the adopted scenario' })
  departureReason?: string;
  @ApiPropertyOptional({
    description: 'The proposal version that last set the benefit plan; absent without a plan',
  })
  benefitPlanVersion?: number;
  @ApiPropertyOptional({
    type: SnapshotStageReassessmentResponse,
    description:
      'Present when a resubmission moved the proposal off the BJC path onto SOC → OBC → FBC: every decision along that path records it',
  })
  stageReassessed?: SnapshotStageReassessmentResponse;
}

class DecisionResponse {
  @ApiProperty({ enum: ['approved', 'rejected', 'deferred'] }) outcome: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true }) meetingRef: string | null;
  @ApiProperty({ type: PersonResponse }) decidedBy: PersonResponse;
  @ApiProperty() decidedAt: string;
  @ApiProperty({ type: DecisionSnapshotResponse }) snapshot: DecisionSnapshotResponse;
  @ApiPropertyOptional({ example: '250000.00' }) approvedAmount?: string;
  @ApiPropertyOptional({ type: [String] }) conditions?: string[];
  @ApiPropertyOptional({ example: '2027-01-15' }) deferredUntil?: string;
}

class BenefitsResponse {
  @ApiProperty({ example: '2027-28' }) period: string;
  @ApiProperty({ example: '38000.00' }) cashableSaving: string;
  @ApiProperty({ example: '9000.00' }) nonCashableBenefit: string;
  @ApiProperty() note: string;
  @ApiProperty() recordedAt: string;
}

class AppraisalResponse {
  @ApiProperty({
    example: '325000.00',
    description: 'capital + annual revenue cost x appraisal years',
  })
  wholeLifeCost: string;
  @ApiProperty({ example: '225745.50' }) presentValueOfBenefits: string;
  @ApiProperty({ example: '317725.78' }) presentValueOfCosts: string;
  @ApiProperty({ example: '-91980.28', description: 'PV of benefits - PV of costs, to the penny' })
  npv: string;
  @ApiProperty({ type: Number, nullable: true, example: 0.7105 }) benefitCostRatio: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 7.1429,
    description: 'Undiscounted; null when the yearly net benefit is not positive',
  })
  paybackYears: number | null;
  @ApiProperty({ example: '0.035' }) discountRate: string;
}

class BlockerResponse {
  @ApiProperty({
    enum: BLOCKER_CODES,
    description: 'The problem type an approval would be refused with now',
  })
  code: string;
  @ApiProperty({
    example:
      'The proposal cannot be approved without a current technical review by someone other than its proposer.',
  })
  message: string;
}

/** What would stand in the way of approving the proposal's whole capital cost now. */
class ReadinessResponse {
  @ApiProperty({ enum: REVIEW_KINDS, isArray: true, example: ['technical'] })
  missingReviewKinds: string[];
  @ApiProperty({
    nullable: true,
    example: 'investment-board',
    description:
      'The lowest delegation tier whose limit covers the whole-life cost; null when none does',
  })
  tierNeeded: string | null;
  @ApiProperty({
    nullable: true,
    example: '1250000.00',
    description: "What is left of the fiscal year's capital envelope; null when none is set",
  })
  envelopeRemaining: string | null;
  @ApiProperty({ type: [BlockerResponse], description: 'Empty when an approval would pass' })
  blockers: BlockerResponse[];
  @ApiProperty({
    type: [String],
    example: [],
    description:
      'Body fields an approval would need (splitSpendReason, departureReason, urgency): urgency when a key decision has no qualifying notice',
  })
  reasonsRequired: string[];
}

class KeyDecisionNoticeResponse {
  @ApiProperty() noticeId: string;
  @ApiProperty({ example: '2027-02-28' }) publishedOn: string;
  @ApiProperty({ example: '2027-03-29' }) decisionDue: string;
  @ApiProperty({ example: 'cabinet', description: 'The delegation tier that will decide' })
  decisionMaker: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: PersonResponse }) publishedBy: PersonResponse;
  @ApiProperty() recordedAt: string;
  @ApiProperty({
    example: 28,
    description: 'Clear days between publication and the due date (28 or more qualifies)',
  })
  clearDaysBeforeDue: number;
}

class KeyDecisionResponse {
  @ApiProperty({
    description:
      "Deciding on it is a key decision: the policy's keyDecisionThreshold is set and the whole-life cost is at or above it",
  })
  required: boolean;
  @ApiProperty({ type: [KeyDecisionNoticeResponse] }) notices: KeyDecisionNoticeResponse[];
}

class CriterionScoreResponse {
  @ApiProperty({ enum: CRITERIA }) criterion: string;
  @ApiProperty({ nullable: true, example: 3.5, description: 'Mean of the counted reviews, 0-5' })
  meanScore: number | null;
  @ApiProperty({ example: 1, description: "The policy's weight" }) weight: number;
  @ApiProperty({
    nullable: true,
    example: 14,
    description: 'Points of the weighted score; the contributions sum to it to 2 decimals',
  })
  contribution: number | null;
}

export class ScoreBreakdownResponse {
  @ApiProperty({ example: 2, description: 'Current reviews counted in the weighted score' })
  reviewsCounted: number;
  @ApiProperty({ type: [CriterionScoreResponse] }) criteria: CriterionScoreResponse[];
}

class StageGateResponse {
  @ApiProperty({ description: 'Stream version of the StageGatePassed event (see its history)' })
  version: number;
  @ApiProperty({ enum: CASE_STAGES, example: 'SOC' }) from: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true }) meetingRef: string | null;
  @ApiProperty({ type: PersonResponse }) decidedBy: PersonResponse;
  @ApiProperty() decidedAt: string;
  @ApiProperty({ type: [String] }) conditions: string[];
  @ApiProperty({ type: DecisionSnapshotResponse }) snapshot: DecisionSnapshotResponse;
}

class StageEntryResponse {
  @ApiProperty({ enum: CASE_STAGES, example: 'OBC' }) stage: string;
  @ApiProperty() enteredAt: string;
  @ApiProperty({
    type: StageGateResponse,
    nullable: true,
    description: 'The gate decision that led here; null for the stage the first submission fixed',
  })
  gate: StageGateResponse | null;
  @ApiPropertyOptional({
    type: StageReassessmentResponse,
    description:
      'Present when a resubmission moved the proposal off the BJC path onto this stage, its whole-life cost then exceeding fullBusinessCaseAbove',
  })
  reassessed?: StageReassessmentResponse;
}

/** A proposal as stored in the ledger: its business case, where it stands, and what was decided. */
export class ProposalResponse {
  @ApiProperty() id: string;
  @ApiProperty({
    enum: ['draft', 'submitted', 'returned', 'deferred', 'withdrawn', 'approved', 'rejected'],
  })
  status: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() department: string;
  @ApiProperty() category: string;
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({ example: '250000.00' }) capitalCost: string;
  @ApiProperty({ example: '15000.00' }) annualRevenueCost: string;
  @ApiProperty({ example: '40000.00' }) annualCashableSaving: string;
  @ApiProperty({ example: '10000.00' }) annualNonCashableBenefit: string;
  @ApiProperty() appraisalYears: number;
  @ApiProperty() statutory: boolean;
  @ApiProperty({ type: String, nullable: true }) risks: string | null;
  @ApiProperty({ type: [String] }) strategicObjectives: string[];
  @ApiProperty({ type: PersonResponse }) proposer: PersonResponse;
  @ApiProperty({ type: [ReviewResponse] }) reviews: ReviewResponse[];
  @ApiProperty({ type: [ConflictResponse] }) conflicts: ConflictResponse[];
  @ApiProperty({ type: DecisionResponse, nullable: true }) decision: DecisionResponse | null;
  @ApiProperty({
    type: [DecisionResponse],
    description: 'Every decision, e.g. a deferral before an approval',
  })
  decisions: DecisionResponse[];
  @ApiProperty({ type: [BenefitsResponse] }) benefits: BenefitsResponse[];
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 72.5,
    description: '0-100, from the current reviews and the policy weights',
  })
  weightedScore: number | null;
  @ApiProperty({ type: ScoreBreakdownResponse }) scoreBreakdown: ScoreBreakdownResponse;
  @ApiProperty({ description: 'Submitted, and nothing would refuse an approval now' })
  ready: boolean;
  @ApiProperty({ type: ReadinessResponse }) readiness: ReadinessResponse;
  @ApiProperty({ type: AppraisalResponse }) appraisal: AppraisalResponse;
  @ApiProperty({ description: 'Log position of the policy the appraisal used' })
  policyVersion: number;
  @ApiProperty() draftedAt: string;
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty({ description: 'Stream version: send it as If-Match' }) version: number;
  @ApiProperty({ description: 'Global log position of the last event folded' }) position: number;
  @ApiProperty({ type: BusinessCaseRequest, description: 'The sections written so far' })
  businessCase: BusinessCaseRequest;
  @ApiProperty({
    enum: CASE_STAGES,
    nullable: true,
    description:
      'SOC, OBC, FBC (whole-life cost above the policy threshold when first submitted) or BJC; null before the first submission',
  })
  caseStage: string | null;
  @ApiProperty({ type: [StageEntryResponse], description: 'The stages entered, in order' })
  stageHistory: StageEntryResponse[];
  @ApiProperty({ type: KeyDecisionResponse }) keyDecision: KeyDecisionResponse;
  @ApiProperty({ type: String, nullable: true, example: 'Customer access' })
  programme: string | null;
  @ApiProperty({
    type: SplitSpendResponse,
    nullable: true,
    description: "Null while the policy's splitSpendWindowDays is null",
  })
  splitSpend: SplitSpendResponse | null;
  @ApiProperty({ type: [PlannedBenefitResponse] }) benefitPlan: PlannedBenefitResponse[];
  @ApiProperty({ type: Number, nullable: true, description: 'Version that last set the plan' })
  benefitPlanVersion: number | null;
  @ApiProperty({ type: [BenefitEvidenceResponse] }) benefitEvidence: BenefitEvidenceResponse[];
}

class AppraisalSummaryResponse {
  @ApiProperty({ example: '325000.00' }) wholeLifeCost: string;
  @ApiProperty({ example: '-91980.28' }) npv: string;
  @ApiProperty({ type: Number, nullable: true, example: 0.7105 }) benefitCostRatio: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 7.1429 }) paybackYears: number | null;
}

/** A line of the register: enough to scan a list and sort it, without the reviews' detail. */
export class ProposalSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() department: string;
  @ApiProperty({ example: 'digital-service' }) category: string;
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({
    enum: ['draft', 'submitted', 'returned', 'deferred', 'withdrawn', 'approved', 'rejected'],
  })
  status: string;
  @ApiProperty() statutory: boolean;
  @ApiProperty({ type: PersonResponse }) proposer: PersonResponse;
  @ApiProperty({ example: '250000.00' }) capitalCost: string;
  @ApiProperty({ type: String, nullable: true, example: '250000.00' }) approvedAmount:
    string | null;
  @ApiProperty({ example: 2 }) reviewCount: number;
  @ApiProperty({ type: Number, nullable: true, example: 72.5 }) weightedScore: number | null;
  @ApiProperty({ type: AppraisalSummaryResponse }) appraisal: AppraisalSummaryResponse;
  @ApiProperty({ example: '2026-11-28T09:30:00.123Z' }) draftedAt: string;
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
  @ApiProperty({ description: 'Stream version: send it as If-Match' }) version: number;
  @ApiProperty({
    description: 'Submitted, and nothing would refuse an approval of its capital cost now',
  })
  ready: boolean;
  @ApiProperty({
    type: [String],
    example: ['review-kind-missing'],
    description: 'The codes of what would refuse an approval now (see readiness on the proposal)',
  })
  blockers: string[];
  @ApiPropertyOptional({
    enum: CASE_STAGES,
    nullable: true,
    description:
      'The business case stage (in GET /proposals items); null before the first submission',
  })
  caseStage?: string | null;
}

export class ProposalPageResponse {
  @ApiProperty({ type: [ProposalSummaryResponse] }) items: ProposalSummaryResponse[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last page',
  })
  nextCursor: string | null;
}
