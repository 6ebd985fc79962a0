import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  appraise,
  FiscalYear,
  Money,
  partialWeights,
  weightedScore,
  type Criterion,
  type PolicyInForce,
} from '@ledger/domain';
import { EVENT_STORE, toRecordedTime, type EventStore } from '@ledger/event-store';
import {
  approvedRevenueOfYear,
  budgetOfYear,
  listProposals,
  proposalsOfYear,
  ReadModelDatabase,
  replayYearAsOf,
  summarisePortfolio,
  type BudgetSummaryRow,
  type PortfolioSummary,
  type PriorityCandidate,
  type PrioritySelection,
  type ProposalRegisterRow,
} from '@ledger/read-models';
import { NoBudgetForPriorities } from '../ledger.errors';
import { loadPolicyInForce } from '../policy/policy.handlers';
import {
  listWithReadiness,
  type ListedReadiness,
  type ProposalListFilter,
} from '../proposals/proposal-readiness.query';
import { portfolioAt } from '../scenarios/portfolio-at';
import { parseWeights, prioritise, type PrioritiesOutcome } from './priorities';

/**
 * The exact selection within a budget. The application needs only this; the platform provides it
 * (a solver in a worker thread) under PRIORITY_SOLVER, so the ledger does not depend on the platform.
 */
export interface PrioritySolver {
  select(candidates: readonly PriorityCandidate[], budgetPence: bigint): Promise<PrioritySelection>;
  /** The selection at each budget in turn, the candidates handed over once (the frontier). */
  selectAtBudgets?(
    candidates: readonly PriorityCandidate[],
    budgets: readonly bigint[],
  ): Promise<PrioritySelection[]>;
}

export const PRIORITY_SOLVER = Symbol('PrioritySolver');

/** A line of the register: enough to scan a list and sort it, without the reviews' detail. */
export function toProposalSummary(row: ProposalRegisterRow, policy: PolicyInForce) {
  const appraisal = appraise(
    {
      capitalCost: Money.fromPence(row.capitalCostPence),
      annualRevenueCost: Money.fromPence(row.annualRevenueCostPence),
      annualCashableSaving: Money.fromPence(row.annualCashableSavingPence),
      annualNonCashableBenefit: Money.fromPence(row.annualNonCashableBenefitPence),
      appraisalYears: row.appraisalYears,
    },
    policy.discountRate,
  );
  return {
    id: row.id,
    title: row.title,
    department: row.department,
    category: row.category,
    fiscalYear: row.fiscalYear,
    status: row.status,
    statutory: row.statutory,
    proposer: { id: row.proposerId, name: row.proposerName },
    capitalCost: Money.fromPence(row.capitalCostPence).toString(),
    approvedAmount:
      row.approvedAmountPence === null ? null : Money.fromPence(row.approvedAmountPence).toString(),
    reviewCount: row.reviewCount,
    weightedScore: weightedScore(row.currentReviews, policy.criteriaWeights),
    appraisal: {
      wholeLifeCost: appraisal.wholeLifeCost.toString(),
      npv: appraisal.npv.toString(),
      benefitCostRatio: appraisal.benefitCostRatio,
      paybackYears: appraisal.paybackYears,
    },
    draftedAt: row.draftedAt,
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
    version: row.version,
  };
}

export type ProposalSummary = ReturnType<typeof toProposalSummary>;

export class ListProposalsQuery extends Query<{
  items: (ProposalSummary & ListedReadiness & { readonly caseStage: string | null })[];
  nextCursor: string | null;
}> {
  constructor(readonly filter: ProposalListFilter) {
    super();
  }
}

@QueryHandler(ListProposalsQuery)
export class ListProposalsHandler implements IQueryHandler<ListProposalsQuery> {
  constructor(
    private readonly database: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ filter }: ListProposalsQuery) {
    const policy = await loadPolicyInForce(this.store);
    const page = await listWithReadiness(this.store, policy, filter, (registerFilter) =>
      listProposals(this.database, registerFilter),
    );
    return {
      items: page.rows.map(({ row, readiness }) => ({
        ...toProposalSummary(row, policy),
        ...readiness,
        caseStage: row.caseStage,
      })),
      nextCursor: page.nextCursor,
    };
  }
}

export class PortfolioSummaryQuery extends Query<PortfolioSummary> {
  constructor(
    readonly fiscalYear: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(PortfolioSummaryQuery)
export class PortfolioSummaryHandler implements IQueryHandler<PortfolioSummaryQuery> {
  constructor(
    private readonly database: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ fiscalYear, asOf }: PortfolioSummaryQuery): Promise<PortfolioSummary> {
    const year = FiscalYear.parse(fiscalYear).toString();
    if (asOf !== undefined) {
      const at = toRecordedTime(asOf);
      const past = await replayYearAsOf(this.store, year, at);
      return summarisePortfolio(year, at, past.proposals, past.budget, past.approvedRevenuePence);
    }
    const [proposals, budget, approvedRevenue] = await Promise.all([
      proposalsOfYear(this.database, year),
      budgetOfYear(this.database, year),
      approvedRevenueOfYear(this.database, year),
    ]);
    return summarisePortfolio(year, new Date().toISOString(), proposals, budget, approvedRevenue);
  }
}

export interface PrioritiesView {
  readonly fiscalYear: string;
  readonly budget: string;
  readonly budgetSource: 'requested' | 'remaining-envelope' | 'scenario';
  readonly policyVersion: number;
  readonly ranking: PrioritiesOutcome<ProposalSummary>['ranking'];
  readonly selection: PrioritiesOutcome<ProposalSummary>['selection'];
  readonly excluded: readonly string[];
  /** The moment asked for; null when the view is of now. */
  readonly asOf: string | null;
  /** The criteria weights the scores were computed with: the policy's, with any given in their place. */
  readonly weights: Readonly<Record<Criterion, number>>;
}

export class PrioritiesQuery extends Query<PrioritiesView> {
  constructor(
    readonly fiscalYear: string,
    readonly budget?: string,
    readonly asOf?: string,
    /** `criterion:weight,…` */
    readonly weights?: string,
  ) {
    super();
  }
}

/**
 * Submitted proposals ranked by weighted score, and the selection that maximises the total score
 * within the budget with statutory proposals always in: an exact optimum from the HiGHS MILP solver.
 * With `asOf`, the portfolio, the policy and the envelope are replayed from the log as they stood.
 */
@QueryHandler(PrioritiesQuery)
export class PrioritiesHandler implements IQueryHandler<PrioritiesQuery> {
  constructor(
    private readonly database: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PRIORITY_SOLVER) private readonly solver: PrioritySolver,
  ) {}

  async execute({ fiscalYear, budget, asOf, weights }: PrioritiesQuery): Promise<PrioritiesView> {
    const year = FiscalYear.parse(fiscalYear).toString();
    const overrides = weights === undefined ? {} : partialWeights(parseWeights(weights));
    let at: string | null = null;
    let rows: readonly ProposalRegisterRow[];
    let policy: PolicyInForce;
    let envelope: Pick<BudgetSummaryRow, 'capitalEnvelopePence' | 'committedPence'> | null;
    if (asOf !== undefined) {
      at = toRecordedTime(asOf);
      const past = await portfolioAt(
        this.store,
        year,
        await this.store.positionAt(at),
        this.database,
      );
      ({ submitted: rows, policy, budget: envelope } = past);
    } else {
      [rows, policy, envelope] = await Promise.all([
        proposalsOfYear(this.database, year, 'submitted'),
        loadPolicyInForce(this.store),
        budgetOfYear(this.database, year),
      ]);
    }
    let budgetPence: bigint;
    let budgetSource: PrioritiesView['budgetSource'];
    if (budget !== undefined) {
      budgetPence = Money.parse(budget).pence;
      budgetSource = 'requested';
    } else if (envelope) {
      budgetPence = envelope.capitalEnvelopePence - envelope.committedPence;
      budgetSource = 'remaining-envelope';
    } else {
      throw new NoBudgetForPriorities(year);
    }
    const outcome = await prioritise(this.solver, toProposalSummary, {
      fiscalYear: year,
      submitted: rows,
      policy,
      weights: overrides,
      budgetPence,
    });
    return {
      fiscalYear: year,
      budget: Money.fromPence(budgetPence).toString(),
      budgetSource,
      policyVersion: policy.version,
      ranking: outcome.ranking,
      selection: outcome.selection,
      excluded: outcome.excluded,
      asOf: at,
      weights: outcome.weights,
    };
  }
}

export const portfolioQueryHandlers = [
  ListProposalsHandler,
  PortfolioSummaryHandler,
  PrioritiesHandler,
];
