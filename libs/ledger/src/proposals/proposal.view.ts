import { Inject, Optional } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  appraise,
  budgetStream,
  clearDaysBetween,
  isKeyDecision,
  currentReviews,
  isReady,
  proposalReadiness,
  ProposalNotFound,
  proposalStream,
  reviewsReliedOn,
  scoreBreakdown,
  weightedScore,
  type BudgetState,
  type PolicyInForce,
  type Proposal,
  type SplitSpend,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore, type ReadStreamOptions } from '@ledger/event-store';
import { Projector, ReadModelDatabase } from '@ledger/read-models';
import { loadStream } from '../event-streams';
import { loadPolicyInForce } from '../policy/policy.handlers';
import { budgetFold } from '../budgets/budget.handlers';
import { departureReasonRequired } from '../scenarios/adopted-scenario.fact';
import { proposalFold } from './proposal.handlers';
import { ProposalViewCache } from './proposal-view.cache';
import { splitSpendAt } from './split-spend.query';

/** A proposal as clients read it: money as decimal strings, with its appraisal and weighted score. */
export type ProposalView = ReturnType<typeof toProposalView>;

export interface PointInLog {
  /** ISO 8601 instant: the state as it stood then. */
  readonly asOf?: string;
  /** Global log position: the state after that event. */
  readonly atPosition?: number;
}

export class GetProposalQuery extends Query<ProposalView> {
  constructor(
    readonly proposalId: string,
    readonly at: PointInLog = {},
  ) {
    super();
  }
}

/**
 * Folds the proposal's own events with the decider's evolve, up to the point asked for, and appraises
 * it under the policy in force at that same point, with its readiness against the budget as it then
 * stood, so a past read shows what the board saw then.
 */
@QueryHandler(GetProposalQuery)
export class GetProposalHandler implements IQueryHandler<GetProposalQuery> {
  private readonly current = new ProposalViewCache<ProposalView>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly readModels?: ReadModelDatabase,
    @Optional() private readonly projector?: Projector,
  ) {}

  async execute({ proposalId, at }: GetProposalQuery): Promise<ProposalView> {
    if (at.asOf !== undefined || at.atPosition !== undefined) return this.fold(proposalId, at);
    // A current read: answered from memory while the log's head and the London date are unchanged
    // (ProposalViewCache says why that is enough).
    const head = await this.store.readHead();
    const key = this.current.keyOf(head);
    const kept = this.current.get(proposalId, key);
    if (kept !== undefined) return kept;
    const view = await this.fold(proposalId, at);
    if (await this.readModelsReached(head.position)) this.current.set(proposalId, key, view);
    return view;
  }

  /** Whether the read models the view consulted had projected the log up to `position`. */
  private async readModelsReached(position: number): Promise<boolean> {
    if (!this.readModels) return true;
    if (!this.projector) return false;
    return this.projector.waitFor(position, 0);
  }

  private async fold(proposalId: string, at: PointInLog): Promise<ProposalView> {
    const bound: ReadStreamOptions = {
      ...(at.asOf !== undefined ? { asOf: at.asOf } : {}),
      ...(at.atPosition !== undefined ? { toPosition: at.atPosition } : {}),
    };
    const [proposal, policy] = await Promise.all([
      loadStream(this.store, proposalStream(proposalId), proposalFold, bound),
      loadPolicyInForce(this.store, bound),
    ]);
    if (proposal.state.status === 'initial') throw new ProposalNotFound();
    const budget = await loadBudget(this.store, proposal.state.fiscalYear, bound);
    // Key-decision notice counts clear days before the day an approval would be taken: now, or asOf.
    const now = at.asOf ?? new Date().toISOString();
    const split = await splitSpendAt(this.store, this.readModels, proposal.state, policy, bound);
    const view = toProposalView(proposal.state, policy, proposal.position, budget, now, split);
    const current = at.asOf === undefined && at.atPosition === undefined;
    const departs =
      current &&
      view.status === 'submitted' &&
      (await departureReasonRequired(
        this.store,
        this.readModels ?? null,
        view.fiscalYear,
        view.id,
      ));
    if (!departs) return view;
    const reasonsRequired = [...view.readiness.reasonsRequired, 'departureReason' as const];
    return { ...view, readiness: { ...view.readiness, reasonsRequired } };
  }
}

/** A fiscal year's budget stream, folded now or up to a point in the log. */
export async function loadBudget(
  store: EventStore,
  fiscalYear: string,
  bound: ReadStreamOptions = {},
): Promise<BudgetState> {
  return (await loadStream(store, budgetStream(fiscalYear), budgetFold, bound)).state;
}

/**
 * `budget` is the budget stream of the proposal's fiscal year, at the same point as the proposal;
 * `now` the instant readiness is judged at (key-decision notice), when known; `splitSpend` its
 * related proposals (null while the checks are off), at the same point.
 */
export function toProposalView(
  state: Proposal,
  policy: PolicyInForce,
  position: number,
  budget: BudgetState,
  now?: string,
  splitSpend: SplitSpend | null = null,
) {
  const reviews = currentReviews(state);
  const appraisal = appraise(state, policy.discountRate);
  const readiness = proposalReadiness(state, policy, budget, now, splitSpend);
  return {
    id: state.id,
    status: state.status,
    title: state.title,
    summary: state.summary,
    department: state.department,
    category: state.category,
    fiscalYear: state.fiscalYear,
    capitalCost: state.capitalCost.toString(),
    annualRevenueCost: state.annualRevenueCost.toString(),
    annualCashableSaving: state.annualCashableSaving.toString(),
    annualNonCashableBenefit: state.annualNonCashableBenefit.toString(),
    appraisalYears: state.appraisalYears,
    statutory: state.statutory,
    risks: state.risks,
    strategicObjectives: [...state.strategicObjectives],
    proposer: state.proposer,
    reviews: state.reviews.map((review) => ({
      ...review,
      current: reviews.includes(review),
    })),
    conflicts: state.conflicts,
    decision: state.decision ? JSON.parse(JSON.stringify(state.decision)) : null,
    decisions: JSON.parse(JSON.stringify(state.decisions)),
    benefits: JSON.parse(JSON.stringify(state.benefits)),
    weightedScore: weightedScore(reviewsReliedOn(state), policy.criteriaWeights),
    scoreBreakdown: scoreBreakdown(reviewsReliedOn(state), policy.criteriaWeights),
    ready: isReady(state, readiness),
    readiness: {
      missingReviewKinds: [...readiness.missingReviewKinds],
      tierNeeded: readiness.tierNeeded,
      envelopeRemaining: readiness.envelopeRemaining?.toString() ?? null,
      blockers: readiness.blockers.map((blocker) => ({ ...blocker })),
      reasonsRequired: [...readiness.reasonsRequired],
    },
    appraisal: {
      wholeLifeCost: appraisal.wholeLifeCost.toString(),
      presentValueOfBenefits: appraisal.presentValueOfBenefits.toString(),
      presentValueOfCosts: appraisal.presentValueOfCosts.toString(),
      npv: appraisal.npv.toString(),
      benefitCostRatio: appraisal.benefitCostRatio,
      paybackYears: appraisal.paybackYears,
      discountRate: policy.discountRate,
    },
    policyVersion: policy.version,
    draftedAt: state.draftedAt,
    submittedAt: state.submittedAt,
    returned: state.returned,
    withdrawn: state.withdrawn,
    version: state.version,
    position,
    businessCase: { ...state.businessCase },
    caseStage: state.caseStage,
    stageHistory: JSON.parse(JSON.stringify(state.stageHistory)),
    keyDecision: {
      required: isKeyDecision(state, policy),
      notices: state.keyDecisionNotices.map((notice) => ({
        ...notice,
        clearDaysBeforeDue: clearDaysBetween(notice.publishedOn, notice.decisionDue),
      })),
    },
    programme: state.programme,
    splitSpend: splitSpend && {
      related: [...splitSpend.related],
      combinedWholeLifeCost: splitSpend.combinedWholeLifeCost.toString(),
      crossesTier: splitSpend.crossesTier,
      crossesKeyDecision: splitSpend.crossesKeyDecision,
    },
    benefitPlan: JSON.parse(JSON.stringify(state.benefitPlan)),
    benefitPlanVersion: state.benefitPlanVersion,
    benefitEvidence: JSON.parse(JSON.stringify(state.benefitEvidence)),
  };
}
