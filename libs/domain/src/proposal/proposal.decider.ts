import { Actor, personOf, requireRole } from '../actor';
import { departureRecord } from './adopted-scenario';
import { wholeLifeCost } from '../appraisal/appraisal';
import { assertCapitalAvailable, decideBudget } from '../budget/budget.decider';
import { BudgetEvent } from '../budget/budget.events';
import { assertRevenueAvailable } from '../budget/revenue-envelope';
import { assertNever, InvalidField, InvalidTransition } from '../domain.errors';
import { FiscalYear } from '../fiscal-year';
import { toEpochMs } from '../iso-date';
import { Money } from '../money';
import { DelegationTier, findTier, Policy } from '../policy/policy.decider';
import {
  fiscalYearField,
  moneyField,
  requireInteger,
  requireOneOf,
  requireString,
  requireStringList,
  requireText,
} from '../validation';
import { validBenefitPlan } from './benefit-plan';
import { recordBenefitEvidence, validateBenefitEvidence } from './benefit-realisation';
import { SelfValidation } from './benefit-realisation.errors';
import {
  assertBusinessCaseComplete,
  nextStage,
  passGate,
  stageAtSubmission,
  stageReassessment,
  stagesInPlay,
  validBusinessCase,
} from './business-case';
import {
  AmendProposal,
  DecideProposal,
  DeclareConflictOfInterest,
  DraftProposal,
  ProposalCommand,
  ProposalFieldsInput,
  RecordBenefits,
  RecordReview,
  ReturnProposal,
  SubmitProposal,
  WithdrawProposal,
  PublishKeyDecisionNotice,
} from './proposal.commands';
import {
  ApprovedAmountExceedsCost,
  AuthorityNotHeld,
  BenefitsBeforeInvestment,
  ConflictOfInterest,
  DeferralNotInFuture,
  DuplicateReview,
  NothingToAmend,
  NotOwnProposal,
  ProposalAlreadyExists,
  ProposalNotFound,
  ReviewKindMissing,
  SelfDecision,
  SelfReview,
  TierLimitExceeded,
  UnknownAuthority,
  ReviewerCannotDecide,
} from './proposal.errors';
import {
  CATEGORIES,
  CRITERIA,
  DecisionSnapshot,
  ProposalEvent,
  ProposalFieldsData,
  PROPOSAL_EVENTS,
  RECOMMENDATIONS,
  REVIEW_KINDS,
  ReviewKind,
  Scores,
} from './proposal.events';
import {
  currentReviews,
  evolveProposal,
  PROPOSAL_TRANSITIONS,
  hasDeclaredConflict,
  hasReviewed,
  initialProposalState,
  Proposal,
  ProposalRecord,
  ProposalState,
  Review,
} from './proposal.state';
import { keyDecisionMet, keyDecisionNoticePublished } from './key-decision';
import { assertSplitSpendExplained, programmeField, splitSpendAtDecision } from './split-spend';

export function decideProposal(command: ProposalCommand, state: ProposalState): ProposalEvent[] {
  switch (command.type) {
    case 'DraftProposal':
      return draft(command, state);
    case 'AmendProposal':
      return amend(command, state);
    case 'SubmitProposal':
      return submit(command, state);
    case 'RecordReview':
      return recordReview(command, state);
    case 'DeclareConflictOfInterest':
      return declareConflict(command, state);
    case 'ReturnProposal':
      return returnForRevision(command, state);
    case 'WithdrawProposal':
      return withdraw(command, state);
    case 'DecideProposal':
      return decide(command, state);
    case 'RecordBenefits':
      return recordBenefits(command, state);
    case 'PublishKeyDecisionNotice':
      return publishKeyDecisionNotice(command, state);
    case 'RecordBenefitEvidence':
    case 'ValidateBenefitEvidence': {
      const proposal = existing(state);
      requireStatus(proposal, command.type);
      return command.type === 'RecordBenefitEvidence'
        ? recordBenefitEvidence(command, proposal)
        : validateBenefitEvidence(command, proposal);
    }
    default:
      return assertNever(command);
  }
}

/**
 * Decides a DecideProposal for both streams it touches, so the handler can append the
 * ProposalApproved and its FundsCommitted in one atomic multi-stream append.
 */
export function decideOnProposal(
  command: DecideProposal,
  state: ProposalState,
): { proposalEvents: ProposalEvent[]; budgetEvents: BudgetEvent[] } {
  const proposalEvents = decideProposal(command, state);
  const approval = proposalEvents.find((event) => event.type === 'ProposalApproved');
  if (!approval || state.status === 'initial') return { proposalEvents, budgetEvents: [] };
  const budgetEvents = decideBudget(
    {
      type: 'CommitFunds',
      data: {
        fiscalYear: state.fiscalYear,
        proposalId: state.id,
        amount: approval.data.approvedAmount,
        annualRevenueCost: state.annualRevenueCost.toString(),
        revenueYears: state.appraisalYears,
      },
      metadata: command.metadata,
    },
    command.budget,
  );
  return { proposalEvents, budgetEvents };
}

function existing(state: ProposalState): Proposal {
  if (state.status === 'initial') throw new ProposalNotFound();
  return state;
}

function requireStatus(state: Proposal, command: ProposalCommand['type']): void {
  const { action, from } = PROPOSAL_TRANSITIONS[command];
  if (!from.includes(state.status)) throw new InvalidTransition(action, state.status, from);
}

function requireProposer(state: Proposal, actor: Actor, action: string): void {
  if (state.proposer.id !== actor.id) throw new NotOwnProposal(action);
}

/** Only a submitted proposal can be decided on; the readiness of a proposal asks the same. */
export function assertDecidable(proposal: Proposal): void {
  requireStatus(proposal, 'DecideProposal');
}

/**
 * The reviews a decision relies on: of the business case as it now stands, not by its proposer, and
 * not withdrawn by a conflict its reviewer declared afterwards.
 */
export function reviewsReliedOn(proposal: ProposalRecord): readonly Review[] {
  return currentReviews(proposal).filter(
    (review) => review.reviewer.id !== proposal.proposer.id && !review.withdrawnByConflict,
  );
}

/** The kinds of review the policy requires for an approval that the reviews relied on lack. */
export function missingReviewKinds(proposal: ProposalRecord, policy: Policy): ReviewKind[] {
  const reviews = reviewsReliedOn(proposal);
  return policy.requiredReviewKinds.filter(
    (kind) => !reviews.some((review) => review.kind === kind),
  );
}

// The scheme of delegation bounds every decision of the tier, not only approvals.
export function assertTierCovers(tier: DelegationTier, wholeLifeCost: Money): void {
  if (tier.upTo !== null && wholeLifeCost.isGreaterThan(tier.upTo)) {
    throw new TierLimitExceeded(tier.authority, tier.upTo.toString(), wholeLifeCost.toString());
  }
}

/**
 * Duties of a board member: never on their own proposal, never where they declared an interest,
 * never on one they reviewed (any version: the assessor is not the judge).
 */
function requireImpartialBoardMember(state: Proposal, actor: Actor, action: string): void {
  if (state.proposer.id === actor.id) throw new SelfDecision(action);
  if (hasDeclaredConflict(state, actor.id)) throw new ConflictOfInterest(action);
  if (hasReviewed(state, actor.id)) throw new ReviewerCannotDecide(action);
}

function draft(command: DraftProposal, state: ProposalState): ProposalEvent[] {
  requireRole(command.metadata.actor, 'draft a proposal', 'proposer');
  if (!PROPOSAL_TRANSITIONS.DraftProposal.from.includes(state.status)) {
    throw new ProposalAlreadyExists();
  }
  const { proposalId, ...input } = command.data;
  requireText(proposalId, 'proposalId');
  const fields = validFields(input);
  return [
    {
      type: 'ProposalDrafted',
      data: {
        proposalId,
        ...(fields as ProposalFieldsData),
        risks: fields.risks ?? null,
        strategicObjectives: fields.strategicObjectives ?? [],
        proposer: personOf(command.metadata.actor),
        draftedAt: command.metadata.now,
      },
    },
  ];
}

const REQUIRED_FIELDS: readonly (keyof ProposalFieldsInput)[] = [
  'title',
  'summary',
  'department',
  'category',
  'fiscalYear',
  'capitalCost',
  'annualRevenueCost',
  'annualCashableSaving',
  'annualNonCashableBenefit',
  'appraisalYears',
  'statutory',
];

/** Checks the meaning of each field given; absent fields stay absent so amendments carry only changes. */
function validFields(input: Partial<ProposalFieldsInput>, all = true): Partial<ProposalFieldsData> {
  if (all) {
    const missing = REQUIRED_FIELDS.find((field) => input[field] === undefined);
    if (missing) throw new InvalidField(missing, `${missing} is required.`);
  }
  const fields: { -readonly [K in keyof ProposalFieldsData]?: ProposalFieldsData[K] } = {};
  if (input.title !== undefined) fields.title = requireText(input.title, 'title');
  if (input.summary !== undefined) fields.summary = requireText(input.summary, 'summary');
  if (input.department !== undefined)
    fields.department = requireText(input.department, 'department');
  if (input.category !== undefined)
    fields.category = requireOneOf(input.category, CATEGORIES, 'category');
  if (input.fiscalYear !== undefined)
    fields.fiscalYear = fiscalYearField(input.fiscalYear, 'fiscalYear').toString();
  for (const field of [
    'capitalCost',
    'annualRevenueCost',
    'annualCashableSaving',
    'annualNonCashableBenefit',
  ] as const) {
    if (input[field] !== undefined) fields[field] = moneyField(input[field], field).toString();
  }
  if (input.appraisalYears !== undefined) {
    fields.appraisalYears = requireInteger(input.appraisalYears, 1, 15, 'appraisalYears');
  }
  if (input.statutory !== undefined) {
    if (typeof input.statutory !== 'boolean')
      throw new InvalidField('statutory', 'statutory must be true or false.');
    fields.statutory = input.statutory;
  }
  if (input.risks !== undefined)
    fields.risks = input.risks === null ? null : requireString(input.risks, 'risks');
  if (input.strategicObjectives !== undefined) {
    fields.strategicObjectives = requireStringList(
      input.strategicObjectives,
      'strategicObjectives',
    );
  }
  const businessCase = validBusinessCase(input.businessCase);
  if (businessCase !== undefined) fields.businessCase = businessCase;
  if (input.programme !== undefined) fields.programme = programmeField(input.programme);
  if (input.benefitPlan !== undefined) fields.benefitPlan = validBenefitPlan(input.benefitPlan);
  return fields;
}

function amend(command: AmendProposal, state: ProposalState): ProposalEvent[] {
  const proposal = existing(state);
  requireRole(command.metadata.actor, 'amend a proposal', 'proposer');
  requireStatus(proposal, command.type);
  requireProposer(proposal, command.metadata.actor, 'amend');
  const { proposalId: _, ...input } = command.data;
  const changes = validFields(input, false);
  if (Object.keys(changes).length === 0) throw new NothingToAmend();
  return [{ type: 'ProposalAmended', data: { changes, amendedAt: command.metadata.now } }];
}

function submit(command: SubmitProposal, state: ProposalState): ProposalEvent[] {
  const proposal = existing(state);
  requireRole(command.metadata.actor, 'submit a proposal', 'proposer');
  requireStatus(proposal, command.type);
  requireProposer(proposal, command.metadata.actor, 'submit');
  const policy = command.policy ?? {};
  const stage = stageAtSubmission(proposal, policy);
  assertBusinessCaseComplete(proposal.businessCase, stage, policy);
  const caseStage = stagesInPlay(policy, stage) ? { caseStage: stage } : {};
  const reassessed = stageReassessment(proposal, policy);
  return [
    {
      type: 'ProposalSubmitted',
      data: {
        submittedAt: command.metadata.now,
        ...caseStage,
        ...(reassessed ? { stageReassessed: reassessed } : {}),
      },
    },
  ];
}

function withdraw(command: WithdrawProposal, state: ProposalState): ProposalEvent[] {
  const proposal = existing(state);
  requireRole(command.metadata.actor, 'withdraw a proposal', 'proposer');
  requireStatus(proposal, command.type);
  requireProposer(proposal, command.metadata.actor, 'withdraw');
  const reason = requireText(command.data.reason, 'reason');
  return [{ type: 'ProposalWithdrawn', data: { reason, withdrawnAt: command.metadata.now } }];
}

function recordReview(command: RecordReview, state: ProposalState): ProposalEvent[] {
  const proposal = existing(state);
  const { actor } = command.metadata;
  requireRole(actor, 'review a proposal', 'reviewer');
  requireStatus(proposal, command.type);
  if (proposal.proposer.id === actor.id) throw new SelfReview();
  if (hasDeclaredConflict(proposal, actor.id)) throw new ConflictOfInterest('review');
  const kind = requireOneOf(command.data.kind, REVIEW_KINDS, 'kind');
  if (
    currentReviews(proposal).some(
      (review) => review.reviewer.id === actor.id && review.kind === kind,
    )
  ) {
    throw new DuplicateReview(kind);
  }
  return [
    {
      type: 'ReviewRecorded',
      data: {
        reviewId: requireText(command.data.reviewId, 'reviewId'),
        kind,
        reviewer: personOf(actor),
        scores: validScores(command.data.scores),
        recommendation: requireOneOf(
          command.data.recommendation,
          RECOMMENDATIONS,
          'recommendation',
        ),
        comments: requireString(command.data.comments, 'comments'),
        proposalVersion: proposal.version,
        recordedAt: command.metadata.now,
        ...(stagesInPlay({}, proposal.caseStage) ? { caseStage: proposal.caseStage! } : {}),
      },
    },
  ];
}

function validScores(scores: Readonly<Record<string, number>>): Scores {
  if (typeof scores !== 'object' || scores === null) {
    throw new InvalidField('scores', `scores must give ${CRITERIA.join(', ')}, each 0 to 5.`);
  }
  const unknown = Object.keys(scores).find((key) => !(CRITERIA as readonly string[]).includes(key));
  if (unknown !== undefined)
    throw new InvalidField(`scores.${unknown}`, `"${unknown}" is not a criterion.`);
  const valid = {} as Record<(typeof CRITERIA)[number], number>;
  for (const criterion of CRITERIA)
    valid[criterion] = requireInteger(scores[criterion], 0, 5, `scores.${criterion}`);
  return valid;
}

// Declaring twice records both statements: each is a fact the auditor may need, and neither replaces the other.
function declareConflict(
  command: DeclareConflictOfInterest,
  state: ProposalState,
): ProposalEvent[] {
  requireStatus(existing(state), command.type);
  return [
    {
      type: 'ConflictOfInterestDeclared',
      data: {
        person: personOf(command.metadata.actor),
        statement: requireText(command.data.statement, 'statement'),
        declaredAt: command.metadata.now,
      },
    },
  ];
}

function returnForRevision(command: ReturnProposal, state: ProposalState): ProposalEvent[] {
  const proposal = existing(state);
  requireRole(command.metadata.actor, 'return a proposal for revision', 'board');
  requireStatus(proposal, command.type);
  requireImpartialBoardMember(proposal, command.metadata.actor, 'return');
  const reason = requireText(command.data.reason, 'reason');
  return [{ type: 'ProposalReturned', data: { reason, returnedAt: command.metadata.now } }];
}

function decide(command: DecideProposal, state: ProposalState): ProposalEvent[] {
  const proposal = existing(state);
  const { actor, now } = command.metadata;
  const { data, policy } = command;
  requireRole(actor, 'decide on a proposal', 'board');
  assertDecidable(proposal);
  requireImpartialBoardMember(proposal, actor, 'decide on');
  const outcome = requireOneOf(
    data.outcome,
    ['approved', 'rejected', 'deferred'] as const,
    'outcome',
  );
  const reason = requireText(data.reason, 'reason');
  const meetingRef =
    data.meetingRef === undefined ? null : requireText(data.meetingRef, 'meetingRef');
  refuseFieldsOfOtherOutcomes(command);

  if (!actor.authorities.includes(data.authority)) throw new AuthorityNotHeld(data.authority);
  const tier = findTier(policy, data.authority);
  if (!tier)
    throw new UnknownAuthority(
      data.authority,
      policy.delegation.map((t) => t.authority),
    );
  const cost = wholeLifeCost(proposal);
  assertTierCovers(tier, cost);
  // A gate (approving at SOC or OBC) commits no funds: the key-decision rule binds the approval
  // that does, and any rejection.
  const atGate =
    outcome === 'approved' && proposal.caseStage !== null && nextStage(proposal.caseStage) !== null;
  const keyDecision =
    outcome === 'deferred' || atGate
      ? refuseUrgencyOnDeferral(data.urgency)
      : keyDecisionMet(proposal, policy, now, data.urgency);

  const reviews = reviewsReliedOn(proposal);
  const splitSpend = splitSpendAtDecision(
    proposal,
    policy,
    command.relatedProposals,
    data.splitSpendReason,
  );
  const snapshot: DecisionSnapshot = {
    proposalVersion: proposal.version,
    reviewIds: reviews.map((review) => review.reviewId),
    policyVersion: policy.version,
    authority: tier.authority,
    authorityUpTo: tier.upTo === null ? null : tier.upTo.toString(),
    wholeLifeCost: cost.toString(),
    ...(stagesInPlay(policy, proposal.caseStage) ? { caseStage: proposal.caseStage ?? 'BJC' } : {}),
    ...(keyDecision ? { keyDecision } : {}),
    ...(splitSpend ? { splitSpend } : {}),
    ...(proposal.benefitPlanVersion === null
      ? {}
      : { benefitPlanVersion: proposal.benefitPlanVersion }),
    ...stageReassessedOf(proposal),
  };
  const decision = { reason, meetingRef, decidedBy: personOf(actor), decidedAt: now, snapshot };

  switch (outcome) {
    case 'approved': {
      const missing = missingReviewKinds(proposal, policy);
      if (missing.length > 0) throw new ReviewKindMissing(missing);
      const gate = passGate(proposal.caseStage, data, decision);
      if (gate) return [gate];
      if (data.approvedAmount === undefined) {
        throw new InvalidField('approvedAmount', 'An approval must state the approved amount.');
      }
      const approvedAmount = moneyField(data.approvedAmount, 'approvedAmount');
      if (approvedAmount.isGreaterThan(proposal.capitalCost)) {
        throw new ApprovedAmountExceedsCost(
          approvedAmount.toString(),
          proposal.capitalCost.toString(),
        );
      }
      assertCapitalAvailable(command.budget, proposal.fiscalYear, approvedAmount);
      assertSplitSpendExplained(splitSpend);
      const departure = departureRecord(command.adoptedScenario, proposal.id, data.departureReason);
      if (policy.enforceRevenueEnvelope === true) {
        const committed = command.revenueCommitted ?? Money.ZERO;
        assertRevenueAvailable(
          command.budget,
          proposal.fiscalYear,
          committed,
          proposal.annualRevenueCost,
        );
      }
      const conditions =
        data.conditions === undefined ? [] : requireStringList(data.conditions, 'conditions');
      return [
        {
          type: 'ProposalApproved',
          data: {
            approvedAmount: approvedAmount.toString(),
            conditions,
            ...decision,
            snapshot: { ...snapshot, ...departure },
          },
        },
      ];
    }
    case 'rejected':
      return [{ type: 'ProposalRejected', data: decision }];
    case 'deferred': {
      const deferredUntil = requireText(data.deferredUntil, 'deferredUntil');
      const until = toEpochMs(deferredUntil);
      if (until === null) {
        throw new InvalidField(
          'deferredUntil',
          'deferredUntil must be an ISO 8601 date such as "2027-01-15".',
        );
      }
      if (until <= (toEpochMs(now) ?? Number.NaN)) throw new DeferralNotInFuture(deferredUntil);
      return [{ type: 'ProposalDeferred', data: { deferredUntil, ...decision } }];
    }
    default:
      return assertNever(outcome);
  }
}

/** The resubmission that put the proposal on the SOC → FBC path, for every decision along it. */
function stageReassessedOf(proposal: Proposal): Pick<DecisionSnapshot, 'stageReassessed'> {
  const entry = proposal.stageHistory.find((stage) => stage.reassessed !== undefined);
  return entry?.reassessed === undefined
    ? {}
    : { stageReassessed: { ...entry.reassessed, submittedAt: entry.enteredAt } };
}

function refuseFieldsOfOtherOutcomes({ data }: DecideProposal): void {
  const onlyWith: Record<string, string> = {
    approvedAmount: 'approved',
    conditions: 'approved',
    deferredUntil: 'deferred',
    splitSpendReason: 'approved',
    departureReason: 'approved',
  };
  for (const [field, outcome] of Object.entries(onlyWith)) {
    if (data[field as keyof typeof data] !== undefined && data.outcome !== outcome) {
      throw new InvalidField(field, `${field} is given only when the outcome is ${outcome}.`);
    }
  }
}

function refuseUrgencyOnDeferral(urgency: unknown): null {
  if (urgency !== undefined) {
    throw new InvalidField(
      'urgency',
      'urgency is given only when approving (not at a stage gate) or rejecting a key decision.',
    );
  }
  return null;
}

function publishKeyDecisionNotice(
  command: PublishKeyDecisionNotice,
  state: ProposalState,
): ProposalEvent[] {
  const proposal = existing(state);
  requireRole(command.metadata.actor, 'publish a key decision notice', 'board', 'admin');
  requireStatus(proposal, command.type);
  return [keyDecisionNoticePublished(command, command.metadata.actor)];
}

function recordBenefits(command: RecordBenefits, state: ProposalState): ProposalEvent[] {
  const proposal = existing(state);
  requireRole(command.metadata.actor, 'record realised benefits', 'finance');
  requireStatus(proposal, command.type);
  if (proposal.proposer.id === command.metadata.actor.id) {
    throw new SelfValidation('record realised benefits of your own proposal');
  }
  const period = fiscalYearField(command.data.period, 'period');
  if (period.compare(FiscalYear.parse(proposal.fiscalYear)) < 0) {
    throw new BenefitsBeforeInvestment(period.toString(), proposal.fiscalYear);
  }
  return [
    {
      type: 'BenefitsRecorded',
      data: {
        period: period.toString(),
        cashableSaving: moneyField(command.data.cashableSaving, 'cashableSaving').toString(),
        nonCashableBenefit: moneyField(
          command.data.nonCashableBenefit,
          'nonCashableBenefit',
        ).toString(),
        note: requireString(command.data.note, 'note'),
        recordedAt: command.metadata.now,
      },
    },
  ];
}

export const proposalDecider = {
  decide: decideProposal,
  evolve: evolveProposal,
  initialState: initialProposalState,
  events: PROPOSAL_EVENTS,
};
