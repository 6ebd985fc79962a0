import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  DomainError,
  FiscalYear,
  InvalidField,
  Money,
  ScenarioNotFound,
  scenarioStream,
  weightedScore,
  type Criterion,
  type Scenario,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import {
  proposalsOfYear,
  ReadModelDatabase,
  scenariosOfYear,
  type ProposalRegisterRow,
} from '@ledger/read-models';
import { loadStream } from '../event-streams';
import { loadPolicyInForce } from '../policy/policy.handlers';
import {
  PRIORITY_SOLVER,
  toProposalSummary,
  type PrioritiesView,
  type PrioritySolver,
} from '../portfolio/portfolio.queries';
import { prioritise } from '../portfolio/priorities';
import { frontierPoints } from './frontier';
import { portfolioAt } from './portfolio-at';
import { scenarioFold } from './scenario.fold';

async function loadScenario(store: EventStore, scenarioId: string): Promise<Scenario> {
  const stream = await loadStream(store, scenarioStream(scenarioId), scenarioFold);
  if (stream.state.status === 'initial') throw new ScenarioNotFound();
  return stream.state;
}

function definitionOf(scenario: Scenario) {
  return {
    id: scenario.id,
    fiscalYear: scenario.fiscalYear,
    name: scenario.name,
    budget: scenario.budget,
    weights: { ...scenario.weights },
    forceIn: scenario.forceIn.map((forced) => ({ ...forced })),
    forceOut: scenario.forceOut.map((forced) => ({ ...forced })),
    asOf: scenario.asOf,
    evaluationPosition: scenario.evaluationPosition,
    policyVersion: scenario.policyVersion,
    status: scenario.status,
    createdBy: { ...scenario.createdBy },
    createdAt: scenario.createdAt,
    adoptions: scenario.adoptions.map((adoption) => ({ ...adoption })),
    version: scenario.version,
  };
}

/** The scenario evaluated on given rows and policy, in the priorities' shape. */
async function evaluate(
  solver: PrioritySolver,
  scenario: Scenario,
  rows: readonly ProposalRegisterRow[],
  policy: Awaited<ReturnType<typeof loadPolicyInForce>>,
  asOf: string | null,
  keepForcedTo?: ReadonlySet<string>,
  recordedSelection?: Scenario['selection'],
): Promise<PrioritiesView> {
  const keep = (forced: Scenario['forceIn']) =>
    keepForcedTo ? forced.filter((f) => keepForcedTo.has(f.proposalId)) : forced;
  const outcome = await prioritise(solver, toProposalSummary, {
    fiscalYear: scenario.fiscalYear,
    submitted: rows,
    policy,
    weights: scenario.weights as Partial<Record<Criterion, number>>,
    budgetPence: Money.parse(scenario.budget).pence,
    forceIn: keep(scenario.forceIn),
    forceOut: keep(scenario.forceOut),
    recordedSelection,
  });
  return {
    fiscalYear: scenario.fiscalYear,
    budget: scenario.budget,
    budgetSource: 'scenario',
    policyVersion: policy.version,
    ranking: outcome.ranking,
    selection: outcome.selection,
    excluded: outcome.excluded,
    asOf,
    weights: outcome.weights,
  };
}

/**
 * The scenario's result at its evaluation point: replayed from the log, so it never changes. Where
 * several selections tie for the best score, it is the one recorded when the scenario was created.
 */
async function resultOf(
  store: EventStore,
  database: ReadModelDatabase,
  solver: PrioritySolver,
  scenario: Scenario,
) {
  const past = await portfolioAt(store, scenario.fiscalYear, scenario.evaluationPosition, database);
  return {
    view: await evaluate(
      solver,
      scenario,
      past.submitted,
      past.policy,
      scenario.asOf,
      undefined,
      scenario.selection,
    ),
    past,
  };
}

export type ScenarioView = ReturnType<typeof definitionOf> & {
  readonly result: PrioritiesView;
  readonly currentResult: PrioritiesView | null;
  /** Why there is no current result (the forced-in proposals no longer fit the budget). */
  readonly currentResultProblem: string | null;
  readonly changedSince: readonly string[];
};

export class GetScenarioQuery extends Query<ScenarioView> {
  constructor(readonly scenarioId: string) {
    super();
  }
}

@QueryHandler(GetScenarioQuery)
export class GetScenarioHandler implements IQueryHandler<GetScenarioQuery> {
  constructor(
    private readonly database: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PRIORITY_SOLVER) private readonly solver: PrioritySolver,
  ) {}

  async execute({ scenarioId }: GetScenarioQuery): Promise<ScenarioView> {
    const scenario = await loadScenario(this.store, scenarioId);
    const [{ view: result }, rows, policy] = await Promise.all([
      resultOf(this.store, this.database, this.solver, scenario),
      proposalsOfYear(this.database, scenario.fiscalYear, 'submitted'),
      loadPolicyInForce(this.store),
    ]);
    let currentResult: PrioritiesView | null = null;
    let currentResultProblem: string | null = null;
    try {
      // A forced proposal decided since then is no longer a candidate; the rest of the definition holds.
      const now = new Set(rows.map((row) => row.id));
      currentResult = await evaluate(this.solver, scenario, rows, policy, null, now);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      currentResultProblem = error.message;
    }
    const was = new Set(result.selection.proposals);
    const is = new Set(currentResult?.selection.proposals ?? []);
    const ids = [...result.ranking, ...(currentResult?.ranking ?? [])].map((entry) => entry.id);
    const changedSince = [...new Set(ids)].filter((id) => was.has(id) !== is.has(id));
    return {
      ...definitionOf(scenario),
      result,
      currentResult,
      currentResultProblem,
      changedSince,
    };
  }
}

export interface ScenarioListItem {
  readonly id: string;
  readonly fiscalYear: string;
  readonly name: string;
  readonly budget: string;
  readonly status: string;
  readonly createdBy: { readonly id: string; readonly name: string };
  readonly createdAt: string;
  readonly evaluationPosition: number;
  readonly adoptedAt: string | null;
  readonly version: number;
}

export class ListScenariosQuery extends Query<{ items: ScenarioListItem[] }> {
  constructor(readonly fiscalYear?: string) {
    super();
  }
}

@QueryHandler(ListScenariosQuery)
export class ListScenariosHandler implements IQueryHandler<ListScenariosQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ fiscalYear }: ListScenariosQuery) {
    const year = fiscalYear === undefined ? undefined : FiscalYear.parse(fiscalYear).toString();
    const rows = await scenariosOfYear(this.database, year);
    return {
      items: rows.map((row) => ({
        id: row.id,
        fiscalYear: row.fiscalYear,
        name: row.name,
        budget: Money.fromPence(row.budgetPence).toString(),
        status: row.status,
        createdBy: { id: row.createdById, name: row.createdByName },
        createdAt: row.createdAt,
        evaluationPosition: row.evaluationPosition,
        adoptedAt: row.adoptedAt,
        version: row.version,
      })),
    };
  }
}

export interface ScenarioComparison {
  readonly scenarios: {
    readonly id: string;
    readonly name: string;
    readonly fiscalYear: string;
    readonly budget: string;
    readonly totalCapital: string;
    readonly totalScore: number;
    readonly totalNpv: string;
    /** Cashable savings over each selected proposal's appraisal period, undiscounted. */
    readonly forecastCashableSavings: string;
  }[];
  readonly proposals: {
    readonly proposalId: string;
    readonly title: string;
    selectedIn: string[];
  }[];
}

export class CompareScenariosQuery extends Query<ScenarioComparison> {
  constructor(readonly scenarioIds: readonly string[]) {
    super();
  }
}

@QueryHandler(CompareScenariosQuery)
export class CompareScenariosHandler implements IQueryHandler<CompareScenariosQuery> {
  constructor(
    private readonly database: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PRIORITY_SOLVER) private readonly solver: PrioritySolver,
  ) {}

  async execute({ scenarioIds }: CompareScenariosQuery): Promise<ScenarioComparison> {
    const ids = [...new Set(scenarioIds)];
    if (ids.length < 2 || ids.length > 6) {
      throw new InvalidField('ids', 'Compare 2 to 6 different scenarios: ids=a,b,…');
    }
    const scenarios = [];
    const proposals = new Map<
      string,
      { proposalId: string; title: string; selectedIn: string[] }
    >();
    for (const id of ids) {
      const scenario = await loadScenario(this.store, id);
      const { view, past } = await resultOf(this.store, this.database, this.solver, scenario);
      const selected = new Set(view.selection.proposals);
      let npv = 0n;
      let savings = 0n;
      for (const row of past.submitted) {
        const entry = proposals.get(row.id) ?? {
          proposalId: row.id,
          title: row.title,
          selectedIn: [],
        };
        proposals.set(row.id, entry);
        if (!selected.has(row.id)) continue;
        entry.selectedIn.push(scenario.id);
        savings += row.annualCashableSavingPence * BigInt(row.appraisalYears);
      }
      for (const entry of view.ranking) {
        if (selected.has(entry.id)) npv += signedPence(entry.appraisal.npv);
      }
      scenarios.push({
        id: scenario.id,
        name: scenario.name,
        fiscalYear: scenario.fiscalYear,
        budget: scenario.budget,
        totalCapital: view.selection.totalCapital,
        totalScore: view.selection.totalScore,
        totalNpv: Money.fromPence(npv).toString(),
        forecastCashableSavings: Money.fromPence(savings).toString(),
      });
    }
    return { scenarios, proposals: [...proposals.values()] };
  }
}

export interface FrontierView {
  readonly fiscalYear: string;
  readonly policyVersion: number;
  readonly points: {
    readonly budget: string;
    /** False when the statutory proposals alone exceed this budget. */
    readonly feasible: boolean;
    readonly totalScore: number | null;
    readonly totalCapital: string | null;
    readonly proposals: string[];
  }[];
}

export class FrontierQuery extends Query<FrontierView> {
  constructor(
    readonly fiscalYear: string,
    readonly from?: string,
    readonly to?: string,
    readonly steps = 20,
  ) {
    super();
  }
}

/**
 * The efficient frontier: an exact optimum at each of `steps` budgets evenly spaced from `from` to
 * `to`. Each point is one request to the solver's worker, so other selections are answered between
 * points; one frontier is solved at a time, so a burst of them queues instead of filling the worker.
 */
@QueryHandler(FrontierQuery)
export class FrontierHandler implements IQueryHandler<FrontierQuery> {
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly database: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PRIORITY_SOLVER) private readonly solver: PrioritySolver,
  ) {}

  execute(query: FrontierQuery): Promise<FrontierView> {
    const turn = this.running.then(() => this.solve(query));
    this.running = turn.catch(() => undefined);
    return turn;
  }

  private async solve({ fiscalYear, from, to, steps }: FrontierQuery): Promise<FrontierView> {
    const year = FiscalYear.parse(fiscalYear).toString();
    if (!Number.isInteger(steps) || steps < 2 || steps > 100) {
      throw new InvalidField('steps', 'steps must be a whole number from 2 to 100.');
    }
    const [rows, policy] = await Promise.all([
      proposalsOfYear(this.database, year, 'submitted'),
      loadPolicyInForce(this.store),
    ]);
    // The score alone, as toProposalSummary computes it, without the appraisal it also works out.
    const candidates = rows.map((row) => ({
      id: row.id,
      capitalPence: row.capitalCostPence,
      weightedScore: weightedScore(row.currentReviews, policy.criteriaWeights),
      statutory: row.statutory,
    }));
    const points = await frontierPoints(this.solver, candidates, {
      from: from === undefined ? undefined : Money.parse(from).pence,
      to: to === undefined ? undefined : Money.parse(to).pence,
      steps,
    });
    return { fiscalYear: year, policyVersion: policy.version, points };
  }
}

export const scenarioQueryHandlers = [
  GetScenarioHandler,
  ListScenariosHandler,
  CompareScenariosHandler,
  FrontierHandler,
];

/** An NPV may be negative, which Money.parse (for amounts people enter) refuses. */
function signedPence(amount: string): bigint {
  return amount.startsWith('-') ? -Money.parse(amount.slice(1)).pence : Money.parse(amount).pence;
}
