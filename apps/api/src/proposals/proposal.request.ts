import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  BUSINESS_CASE_SECTION_MAX_LENGTH,
  CATEGORIES,
  RECOMMENDATIONS,
  REVIEW_KINDS,
} from '@ledger/domain';
import { PlannedBenefitRequest } from '../benefits/benefit.request';
import { IsFiscalYear, IsMoney, MONEY_PATTERN } from '../http/money.validation';

const section = (description: string, example: string) => ({
  description,
  example,
  maxLength: BUSINESS_CASE_SECTION_MAX_LENGTH,
});

/** HM Treasury's Five Case Model; each section optional until a submission's stage needs it. */
export class BusinessCaseRequest {
  @ApiPropertyOptional(
    section('The case for change and fit with strategy', 'The network is out of support.'),
  )
  @IsOptional()
  @IsString()
  @MaxLength(BUSINESS_CASE_SECTION_MAX_LENGTH)
  strategic?: string;

  @ApiPropertyOptional(
    section('The options appraisal: value for money', 'Do nothing, refresh or replace.'),
  )
  @IsOptional()
  @IsString()
  @MaxLength(BUSINESS_CASE_SECTION_MAX_LENGTH)
  economic?: string;

  @ApiPropertyOptional(section('The procurement route and deal', 'A framework call-off.'))
  @IsOptional()
  @IsString()
  @MaxLength(BUSINESS_CASE_SECTION_MAX_LENGTH)
  commercial?: string;

  @ApiPropertyOptional(section('Affordability and funding', 'Capital from the ICT reserve.'))
  @IsOptional()
  @IsString()
  @MaxLength(BUSINESS_CASE_SECTION_MAX_LENGTH)
  financial?: string;

  @ApiPropertyOptional(section('How delivery will be managed', 'A monthly programme board.'))
  @IsOptional()
  @IsString()
  @MaxLength(BUSINESS_CASE_SECTION_MAX_LENGTH)
  management?: string;
}

export class DraftProposalRequest {
  @ApiProperty({ example: 'Replace the revenues and benefits system', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'The current system is out of support in March 2028.', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  summary: string;

  @ApiProperty({ example: 'Finance and Revenues', maxLength: 120 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  department: string;

  @ApiProperty({ enum: CATEGORIES, example: 'digital-service' })
  @IsIn(CATEGORIES)
  category: string;

  @IsFiscalYear('The fiscal year the capital is needed in')
  fiscalYear: string;

  @IsMoney('One-off capital cost')
  capitalCost: string;

  @IsMoney('Yearly running cost', '15000.00')
  annualRevenueCost: string;

  @IsMoney('Yearly cashable saving', '40000.00')
  annualCashableSaving: string;

  @IsMoney('Yearly non-cashable benefit, valued in pounds', '10000.00')
  annualNonCashableBenefit: string;

  @ApiProperty({ minimum: 1, maximum: 15, example: 5 })
  @IsInt()
  @Min(1)
  @Max(15)
  appraisalYears: number;

  @ApiProperty({
    description: 'Required by law or regulation: always funded first',
    example: false,
  })
  @IsBoolean()
  statutory: boolean;

  @ApiPropertyOptional({ example: 'Data migration may overrun.', maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  risks?: string;

  @ApiPropertyOptional({ type: [String], example: ['Digital by default'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  strategicObjectives?: string[];

  @ApiPropertyOptional({
    type: BusinessCaseRequest,
    description:
      'The five cases, each at most 20,000 characters. An amendment replaces the sections it gives and keeps the others; a section given as "" is cleared.',
  })
  @IsOptional()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => BusinessCaseRequest)
  businessCase?: BusinessCaseRequest;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    example: 'Customer access',
    description:
      'Groups related proposals: while the policy sets splitSpendWindowDays, proposals of one programme count together. Trimmed; null clears it on an amendment',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  programme?: string | null;

  @ApiPropertyOptional({
    type: [PlannedBenefitRequest],
    description:
      'The benefits the business case promises; amendable while draft or returned, fixed by the decision',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlannedBenefitRequest)
  benefitPlan?: PlannedBenefitRequest[];
}

export class AmendProposalRequest extends PartialType(DraftProposalRequest) {}

/** An amendment changes some fields; the draft's example values would change none (a 400). */
export const AMEND_EXAMPLES = {
  cost: {
    summary: 'Revise the costs',
    value: { capitalCost: '260000.00', annualRevenueCost: '16000.00' },
  },
};

const score = (example: number) => ({ type: 'integer' as const, minimum: 0, maximum: 5, example });

export class ReviewScoresRequest {
  @ApiProperty(score(4)) @IsInt() @Min(0) @Max(5) strategicFit: number;
  @ApiProperty(score(3)) @IsInt() @Min(0) @Max(5) valueForMoney: number;
  @ApiProperty(score(4)) @IsInt() @Min(0) @Max(5) deliverability: number;
  @ApiProperty(score(2)) @IsInt() @Min(0) @Max(5) riskReduction: number;
  @ApiProperty(score(5)) @IsInt() @Min(0) @Max(5) serviceImpact: number;
}

export class RecordReviewRequest {
  @ApiProperty({ enum: REVIEW_KINDS, example: 'financial' })
  @IsIn(REVIEW_KINDS)
  kind: string;

  @ApiProperty({ type: ReviewScoresRequest })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ReviewScoresRequest)
  scores: ReviewScoresRequest;

  @ApiProperty({ enum: RECOMMENDATIONS, example: 'support' })
  @IsIn(RECOMMENDATIONS)
  recommendation: string;

  @ApiProperty({
    example: 'Savings are credible; revenue costs checked with the supplier.',
    maxLength: 5000,
  })
  @IsString()
  @MaxLength(5000)
  comments: string;
}

export class DeclareConflictRequest {
  @ApiProperty({ example: 'My spouse works for a bidding supplier.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  statement: string;
}

export class ReasonRequest {
  @ApiProperty({ example: 'The options appraisal needs a do-minimum option.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date, "2027-03-29": key-decision notices count days, not instants. */
function IsCalendarDate(field: string) {
  return (target: object, property: string) => {
    IsISO8601({ strict: true }, { message: `${field} must be a date such as "2027-03-29"` })(
      target,
      property,
    );
    Matches(DATE_ONLY, { message: `${field} must be a date such as "2027-03-29"` })(
      target,
      property,
    );
  };
}

const URGENCY_PROCEDURES = ['general-exception', 'special-urgency'] as const;

/** The exception relied on to take a key decision without 28 clear days' notice. */
export class UrgencyRequest {
  @ApiProperty({ enum: URGENCY_PROCEDURES, example: 'general-exception' })
  @IsIn(URGENCY_PROCEDURES)
  procedure: (typeof URGENCY_PROCEDURES)[number];

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-03-20',
    description: 'general-exception: when the chair of the scrutiny committee was informed',
  })
  @ValidateIf((body: UrgencyRequest) => body.procedure === 'general-exception')
  @IsCalendarDate('urgency.scrutinyChairInformedOn')
  scrutinyChairInformedOn?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-03-20',
    description:
      'general-exception: when the notice was made public; at least 5 clear days before the decision',
  })
  @ValidateIf((body: UrgencyRequest) => body.procedure === 'general-exception')
  @IsCalendarDate('urgency.publishedOn')
  publishedOn?: string;

  @ApiPropertyOptional({
    example: 'Chair of Overview and Scrutiny Committee',
    maxLength: 200,
    description: 'special-urgency: who agreed the decision was urgent',
  })
  @ValidateIf((body: UrgencyRequest) => body.procedure === 'special-urgency')
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agreedBy?: string;

  @ApiPropertyOptional({
    example: 'The supplier withdraws support on 1 April.',
    maxLength: 2000,
    description: 'special-urgency: why the decision cannot wait',
  })
  @ValidateIf((body: UrgencyRequest) => body.procedure === 'special-urgency')
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

export class KeyDecisionNoticeRequest {
  @ApiProperty({ format: 'date', example: '2026-11-02', description: 'The day it was published' })
  @IsCalendarDate('publishedOn')
  publishedOn: string;

  @ApiProperty({ format: 'date', example: '2027-01-15', description: 'When the decision is due' })
  @IsCalendarDate('decisionDue')
  decisionDue: string;

  @ApiProperty({
    example: 'investment-board',
    maxLength: 100,
    description: 'The delegation tier of the policy in force that will decide',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  decisionMaker: string;

  @ApiProperty({
    example: 'Replacement of the revenues and benefits system, whole-life cost £325,000.',
    maxLength: 2000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  summary: string;
}

const OUTCOMES = ['approved', 'rejected', 'deferred'] as const;

/** Fields every decision carries, whatever its outcome. */
class DecisionFields {
  @ApiProperty({
    description: 'The delegation tier decided under; must be in your token',
    example: 'investment-board',
    maxLength: 100,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  authority: string;

  @ApiProperty({ example: 'Strong invest-to-save case.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ example: 'IB-2026-11', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  meetingRef?: string;

  @ApiPropertyOptional({
    type: UrgencyRequest,
    description:
      'Approving or rejecting a key decision without a notice 28 clear days before: the exception relied on',
  })
  @IsOptional()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => UrgencyRequest)
  urgency?: UrgencyRequest;
}

/** The body as validated: one class, with each outcome's own fields required for that outcome. */
export class DecideProposalRequest extends DecisionFields {
  @ApiProperty({ enum: OUTCOMES, example: 'approved' })
  @IsIn(OUTCOMES)
  outcome: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({ type: String, pattern: MONEY_PATTERN.source })
  // Required for an approval that commits funds; the decider refuses it at a SOC or OBC gate.
  @ValidateIf(
    (body: DecideProposalRequest) =>
      body.outcome === 'approved' && body.approvedAmount !== undefined,
  )
  @IsString({ message: 'approvedAmount is required for an approval: pounds, such as "250000.00"' })
  @Matches(MONEY_PATTERN, {
    message: 'approvedAmount must be pounds with at most two decimals, such as "250000.00"',
  })
  approvedAmount?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  conditions?: string[];

  @ApiPropertyOptional({ type: String, format: 'date' })
  @ValidateIf((body: DecideProposalRequest) => body.outcome === 'deferred')
  @IsISO8601(
    { strict: true },
    { message: 'deferredUntil is required for a deferral: a date such as "2027-01-15"' },
  )
  deferredUntil?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  splitSpendReason?: string;

  @ApiPropertyOptional({
    description:
      'Approval only: why it departs from the scenario adopted for the fiscal year, which did not select it',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  departureReason?: string;
}

/** The contract's view of the same body: one shape per outcome, so each shows what it requires. */
export class ApprovalRequest extends DecisionFields {
  @ApiProperty({ enum: ['approved'], example: 'approved' }) outcome: 'approved';

  @ApiPropertyOptional({
    type: String,
    description:
      'The capital approved, at most the capital cost (pounds, a decimal string). Required when the approval commits funds (BJC, FBC); omitted at a SOC or OBC gate, which commits none.',
    example: '250000.00',
    pattern: MONEY_PATTERN.source,
  })
  approvedAmount?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Conditions attached to the approval',
    example: ['Report progress to the board quarterly'],
  })
  conditions?: string[];

  @ApiPropertyOptional({
    maxLength: 2000,
    description:
      "Required (422 split-spend-unexplained) when the proposal's splitSpend.crossesTier or crossesKeyDecision is set: why it is a separate decision from its related proposals",
    example: 'A separate contract for a separate service; procured apart.',
  })
  splitSpendReason?: string;

  @ApiPropertyOptional({
    description:
      'Needed when a scenario is adopted for the fiscal year and it did not select this proposal (else 422 departs-from-adopted-scenario)',
    example: 'The data centre contract ends sooner than the plan assumed.',
  })
  departureReason?: string;
}

export class RejectionRequest extends DecisionFields {
  @ApiProperty({ enum: ['rejected'], example: 'rejected' }) outcome: 'rejected';
}

export class DeferralRequest extends DecisionFields {
  @ApiProperty({ enum: ['deferred'], example: 'deferred' }) outcome: 'deferred';

  @ApiProperty({
    type: String,
    format: 'date',
    description: 'The date to look at it again; after today',
    example: '2027-01-15',
  })
  deferredUntil: string;
}

const decision = {
  authority: 'investment-board',
  reason: 'Strong invest-to-save case.',
  meetingRef: 'IB-2026-11',
};

export const DECISION_EXAMPLES = {
  approve: {
    summary: 'Approve (needs approvedAmount)',
    value: {
      outcome: 'approved',
      ...decision,
      approvedAmount: '250000.00',
      conditions: ['Report progress to the board quarterly'],
    },
  },
  reject: {
    summary: 'Reject',
    value: { outcome: 'rejected', ...decision, reason: 'The savings are not evidenced.' },
  },
  defer: {
    summary: 'Defer (needs deferredUntil, a future date)',
    value: {
      outcome: 'deferred',
      ...decision,
      reason: 'Wait for the contract renewal terms.',
      deferredUntil: '2099-01-15',
    },
  },
};

export class RecordBenefitsRequest {
  @IsFiscalYear('The fiscal year the benefits were realised in')
  period: string;

  @IsMoney('Cashable saving realised in the period', '38000.00')
  cashableSaving: string;

  @IsMoney('Non-cashable benefit realised in the period', '9000.00')
  nonCashableBenefit: string;

  @ApiProperty({ example: 'Two posts released; licence costs down.', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  note: string;
}

export class ProposalPointInTimeQuery {
  @ApiPropertyOptional({
    description:
      'Show the proposal as it stood at this instant, ISO 8601 such as 2026-11-28T09:30:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({
    description: 'Show the proposal as it stood after this global log position',
    type: 'integer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  atPosition?: number;
}

export class ListProposalsRequest {
  @ApiPropertyOptional({
    enum: ['draft', 'submitted', 'returned', 'deferred', 'withdrawn', 'approved', 'rejected'],
  })
  @IsOptional()
  @IsIn(['draft', 'submitted', 'returned', 'deferred', 'withdrawn', 'approved', 'rejected'])
  status?: string;

  @ApiPropertyOptional({ description: 'Exact department name, such as Finance and Revenues' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  department?: string;

  @IsFiscalYear('Only proposals of this fiscal year', true)
  fiscalYear?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: only proposals that could be approved now (submitted, nothing blocking); false: all the others',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'ready must be true or false' })
  ready?: boolean;

  // 200: a board pack lists every proposal awaiting decision, with its readiness, in one request.
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
