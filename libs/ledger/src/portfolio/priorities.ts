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
  /**
   * A selection recorded earlier for exactly this portfolio and definition (a scenario's, in its
   * `ScenarioCreated`). Kept when it is an optimum too: the same total score as the solver's, within
   * the budget, keeping the forced and statutory rules. A tie then reads as it was recorded, even where
   * a later version's tie-break would pick another of the equal selections.
   */
  readonly recordedSelection?: { readonly proposals: readonly string[]; readonly totalScore: number };
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
  const solved = await solver.select(candidates, input.budgetPence);
  const selection = keptRecordedSelection(solved, candidates, input) ?? solved;
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

/**
 * The recorded selection in the solver's shape, when it is as good as the solver's own: every
 * proposal a candidate, each first choice (statutory or forced in) in it, within the budget, and the
 * same total score (scores are whole hundredths, so a tolerance of half of one). Otherwise null.
 */
function keptRecordedSelection(
  solved: PrioritySelection,
  candidates: readonly PriorityCandidate[],
  input: PrioritiesInput,
): PrioritySelection | null {
  const recorded = input.recordedSelection;
  if (!recorded) return null;
  const ids = new Set(recorded.proposals);
  if (ids.size === solved.selected.length && solved.selected.every((id) => ids.has(id))) return null;
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  if (![...ids].every((id) => byId.has(id))) return null;
  const forcedOut = new Set((input.forceOut ?? []).map((forced) => forced.proposalId));
  const first = new Set([
    ...(input.forceIn ?? []).map((forced) => forced.proposalId),
    ...candidates.filter((c) => c.statutory && !forcedOut.has(c.id)).map((c) => c.id),
  ]);
  if (![...first].every((id) => !byId.has(id) || ids.has(id))) return null;
  let capital = 0n;
  let score = 0;
  for (const id of ids) {
    const candidate = byId.get(id)!;
    capital += candidate.capitalPence;
    score += candidate.weightedScore ?? 0;
  }
  if (capital > input.budgetPence) return null;
  if (Math.abs(score - solved.totalScore) >= 0.005) return null;
  if (Math.abs(recorded.totalScore - solved.totalScore) >= 0.005) return null;
  return {
    ...solved,
    selected: candidates.filter((c) => ids.has(c.id)).map((c) => c.id),
    excluded: candidates.filter((c) => !ids.has(c.id)).map((c) => c.id),
    totalCapitalPence: capital,
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
