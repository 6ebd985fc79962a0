import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { appraise, FiscalYear, Money, weightedScore, type PolicyInForce } from '@ledger/domain';
import { EVENT_STORE, toRecordedTime, type EventStore } from '@ledger/event-store';
import {
  approvedRevenueOfYear,
  budgetOfYear,
  listProposals,
  proposalsOfYear,
  ReadModelDatabase,
  replayYearAsOf,
  summarisePortfolio,
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

/**
 * The exact selection within a budget. The application needs only this; the platform provides it
 * (a solver in a worker thread) under PRIORITY_SOLVER, so the ledger does not depend on the platform.
 */
export interface PrioritySolver {
  select(candidates: readonly PriorityCandidate[], budgetPence: bigint): Promise<PrioritySelection>;
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
  items: (ProposalSummary & ListedReadiness)[];
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
  readonly budgetSource: 'requested' | 'remaining-envelope';
  readonly policyVersion: number;
  readonly ranking: readonly (ProposalSummary & {
    readonly rank: number;
    readonly selected: boolean;
  })[];
  readonly selection: {
    readonly proposals: readonly string[];
    readonly totalCapital: string;
    readonly totalScore: number;
    readonly statutoryCapital: string;
    readonly optimal: true;
  };
  readonly excluded: readonly string[];
}

export class PrioritiesQuery extends Query<PrioritiesView> {
  constructor(
    readonly fiscalYear: string,
    readonly budget?: string,
  ) {
    super();
  }
}

/**
 * Submitted proposals ranked by weighted score, and the selection that maximises the total score
 * within the budget with statutory proposals always in: an exact optimum from the HiGHS MILP solver.
 */
@QueryHandler(PrioritiesQuery)
export class PrioritiesHandler implements IQueryHandler<PrioritiesQuery> {
  constructor(
    private readonly database: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PRIORITY_SOLVER) private readonly solver: PrioritySolver,
  ) {}

  async execute({ fiscalYear, budget }: PrioritiesQuery): Promise<PrioritiesView> {
    const year = FiscalYear.parse(fiscalYear).toString();
    const [rows, policy, envelope] = await Promise.all([
      proposalsOfYear(this.database, year, 'submitted'),
      loadPolicyInForce(this.store),
      budgetOfYear(this.database, year),
    ]);
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
    const summaries = rows.map((row) => toProposalSummary(row, policy));
    const selection = await this.solver.select(
      rows.map((row, index) => ({
        id: row.id,
        capitalPence: row.capitalCostPence,
        weightedScore: summaries[index].weightedScore,
        statutory: row.statutory,
      })),
      budgetPence,
    );
    const chosen = new Set(selection.selected);
    const ranked = [...summaries].sort(
      (a, b) =>
        (b.weightedScore ?? -1) - (a.weightedScore ?? -1) || a.draftedAt.localeCompare(b.draftedAt),
    );
    return {
      fiscalYear: year,
      budget: Money.fromPence(budgetPence).toString(),
      budgetSource,
      policyVersion: policy.version,
      ranking: ranked.map((summary, index) => ({
        ...summary,
        rank: index + 1,
        selected: chosen.has(summary.id),
      })),
      selection: {
        proposals: selection.selected,
        totalCapital: Money.fromPence(selection.totalCapitalPence).toString(),
        totalScore: selection.totalScore,
        statutoryCapital: Money.fromPence(selection.statutoryCapitalPence).toString(),
        optimal: true,
      },
      excluded: selection.excluded,
    };
  }
}

export const portfolioQueryHandlers = [
  ListProposalsHandler,
  PortfolioSummaryHandler,
  PrioritiesHandler,
];
