import {
  CRITERIA,
  effectiveWeights,
  InvalidField,
  Money,
  scenarioCandidates,
  scoreBreakdown,
  weightedScore,
  type Criterion,
  type ForcedProposal,
  type PolicyInForce,
  type ScoreBreakdown,
} from '@ledger/domain';
import type {
  PriorityCandidate,
  PrioritySelection,
  ProposalRegisterRow,
} from '@ledger/read-models';

/** The exact selection (PRIORITY_SOLVER), as the priorities and scenarios use it. */
interface Solver {
  select(candidates: readonly PriorityCandidate[], budgetPence: bigint): Promise<PrioritySelection>;
}

/** A register row as a ranking line (`toProposalSummary`), under the weights given. */
type Summarise<Summary> = (row: ProposalRegisterRow, policy: PolicyInForce) => Summary;

/** Why a proposal is ranked where it is, and why it is in or out of the selection. */
export interface RankingExplanation {
  readonly scoreBreakdown: ScoreBreakdown;
  /** Its rank under the policy's own weights (the same as `rank` when no weights were given). */
  readonly rankUnderPolicy: number;
  readonly reason: string;
}

export interface PrioritiesInput {
  readonly fiscalYear: string;
  /** Submitted proposals of the year, in drafting order: the order the solver sees them in. */
  readonly submitted: readonly ProposalRegisterRow[];
  readonly policy: PolicyInForce;
  readonly weights?: Partial<Record<Criterion, number>>;
  readonly budgetPence: bigint;
  readonly forceIn?: readonly ForcedProposal[];
  readonly forceOut?: readonly ForcedProposal[];
}

export interface PrioritiesOutcome<Summary> {
  readonly weights: Record<Criterion, number>;
  readonly ranking: (Summary & {
    readonly rank: number;
    readonly selected: boolean;
    readonly explanation: RankingExplanation;
  })[];
  readonly selection: {
    readonly proposals: string[];
    readonly totalCapital: string;
    readonly totalScore: number;
    readonly statutoryCapital: string;
    readonly optimal: true;
  };
  readonly excluded: string[];
}

/**
 * Ranks the submitted proposals and finds the exact optimum within the budget: statutory and
 * forced-in proposals first, forced-out ones left out. Deterministic: the solver always sees the
 * proposals in drafting order, and ranks tie on score by drafting time, then id.
 */
export async function prioritise<Summary extends { readonly weightedScore: number | null }>(
  solver: Solver,
  summarise: Summarise<Summary>,
  input: PrioritiesInput,
): Promise<PrioritiesOutcome<Summary>> {
  const weights = effectiveWeights(input.policy.criteriaWeights, input.weights ?? {});
  const forced = input.forceIn !== undefined || input.forceOut !== undefined;
  const forceIn = input.forceIn ?? [];
  const forceOut = input.forceOut ?? [];
  const rows = [...input.submitted].sort((a, b) => a.seq - b.seq);
  const summaries = rows.map((row) =>
    summarise(row, { ...input.policy, criteriaWeights: weights }),
  );
  const all = rows.map((row, index) => ({
    id: row.id,
    capitalPence: row.capitalCostPence,
    weightedScore: summaries[index].weightedScore,
    statutory: row.statutory,
  }));
  // Scenarios name their first choices (422 forced-exceeds-budget); priorities keep v1's refusal.
  const candidates = !forced
    ? all
    : scenarioCandidates(
        {
          fiscalYear: input.fiscalYear,
          budget: Money.fromPence(input.budgetPence),
          forceIn,
          forceOut,
        },
        all,
      );
  const selection = await solver.select(candidates, input.budgetPence);
  const chosen = new Set(selection.selected);
  const remaining = input.budgetPence - selection.totalCapitalPence;
  const inReasons = new Map(forceIn.map((forced) => [forced.proposalId, forced.reason]));
  const outReasons = new Map(forceOut.map((forced) => [forced.proposalId, forced.reason]));

  const order = (score: (index: number) => number | null) =>
    rows
      .map((_, index) => index)
      .sort(
        (a, b) =>
          (score(b) ?? -1) - (score(a) ?? -1) ||
          rows[a].draftedAt.localeCompare(rows[b].draftedAt) ||
          rows[a].id.localeCompare(rows[b].id),
      );
  const policyScores = rows.map((row) =>
    weightedScore(row.currentReviews, input.policy.criteriaWeights),
  );
  const rankUnderPolicy = new Map(order((i) => policyScores[i]).map((i, rank) => [i, rank + 1]));

  const reasonFor = (index: number): string => {
    const row = rows[index];
    const score = summaries[index].weightedScore;
    if (chosen.has(row.id)) {
      if (inReasons.has(row.id)) return `forced in: ${inReasons.get(row.id)}`;
      if (row.statutory) return 'statutory, so chosen first';
      return 'part of the highest total score that fits the budget';
    }
    if (outReasons.has(row.id)) return `forced out: ${outReasons.get(row.id)}`;
    if (score === null || score <= 0) return 'it has no weighted score, so it adds nothing';
    if (row.capitalCostPence > remaining) {
      return `needs ${grouped(row.capitalCostPence)}; ${grouped(remaining)} remains`;
    }
    return 'a higher total score fits without it';
  };

  return {
    weights,
    ranking: order((i) => summaries[i].weightedScore).map((index, rank) => ({
      ...summaries[index],
      rank: rank + 1,
      selected: chosen.has(rows[index].id),
      explanation: {
        scoreBreakdown: scoreBreakdown(rows[index].currentReviews, weights),
        rankUnderPolicy: rankUnderPolicy.get(index)!,
        reason: reasonFor(index),
      },
    })),
    selection: {
      proposals: rows.filter((row) => chosen.has(row.id)).map((row) => row.id),
      totalCapital: Money.fromPence(selection.totalCapitalPence).toString(),
      totalScore: selection.totalScore,
      statutoryCapital: Money.fromPence(selection.statutoryCapitalPence).toString(),
      optimal: true,
    },
    excluded: rows.filter((row) => !chosen.has(row.id)).map((row) => row.id),
  };
}

/** "250,000.00": pounds with thousands separators, as a reason reads to a person. */
function grouped(pence: bigint): string {
  const [pounds, decimals] = Money.fromPence(pence).toString().split('.');
  return `${pounds.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${decimals}`;
}

/** Parses `criterion:weight,…` from a query string. */
export function parseWeights(text: string): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [criterion, weight, extra] = part.split(':').map((piece) => piece.trim());
    if (
      !criterion ||
      weight === undefined ||
      extra !== undefined ||
      !/^\d+(\.\d+)?$/.test(weight)
    ) {
      throw new InvalidField(
        'weights',
        `weights must read criterion:weight,… with criteria among ${CRITERIA.join(', ')}, not "${text}".`,
      );
    }
    weights[criterion] = Number(weight);
  }
  return weights;
}
