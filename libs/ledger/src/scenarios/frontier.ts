import { InvalidField, Money } from '@ledger/domain';
import type { PriorityCandidate, PrioritySelection } from '@ledger/read-models';
import type { PrioritySolver } from '../portfolio/portfolio.queries';

export interface FrontierPoint {
  readonly budget: string;
  /** False when the statutory proposals alone exceed this budget. */
  readonly feasible: boolean;
  readonly totalScore: number | null;
  readonly totalCapital: string | null;
  readonly proposals: string[];
}

/**
 * The exact optimum at each of `steps` budgets evenly spaced in pence (rounded down) from `from`
 * (default: the statutory capital) to `to` (default: all the candidates' capital). A budget below
 * the statutory capital is a point that is not feasible. The candidates are handed to the solver
 * once (`selectAtBudgets`) where it can keep them.
 */
export async function frontierPoints(
  solver: PrioritySolver,
  candidates: readonly PriorityCandidate[],
  range: { readonly from?: bigint; readonly to?: bigint; readonly steps: number },
): Promise<FrontierPoint[]> {
  const statutory = candidates.reduce((sum, c) => (c.statutory ? sum + c.capitalPence : sum), 0n);
  const everything = candidates.reduce((sum, c) => sum + c.capitalPence, 0n);
  const low = range.from ?? statutory;
  const high = range.to ?? everything;
  if (low > high) throw new InvalidField('from', 'from must not be more than to.');
  const budgets = Array.from(
    { length: range.steps },
    (_, step) => low + ((high - low) * BigInt(step)) / BigInt(range.steps - 1),
  );
  const feasible = budgets.filter((budgetPence) => statutory <= budgetPence);
  const selections = solver.selectAtBudgets
    ? await solver.selectAtBudgets(candidates, feasible)
    : await selectEach(solver, candidates, feasible);
  return budgets.map((budgetPence) => {
    const budget = Money.fromPence(budgetPence).toString();
    if (statutory > budgetPence) {
      return { budget, feasible: false, totalScore: null, totalCapital: null, proposals: [] };
    }
    const selection = selections[feasible.indexOf(budgetPence)];
    return {
      budget,
      feasible: true,
      totalScore: selection.totalScore,
      totalCapital: Money.fromPence(selection.totalCapitalPence).toString(),
      proposals: selection.selected,
    };
  });
}

async function selectEach(
  solver: PrioritySolver,
  candidates: readonly PriorityCandidate[],
  budgets: readonly bigint[],
): Promise<PrioritySelection[]> {
  const selections: PrioritySelection[] = [];
  for (const budgetPence of budgets) selections.push(await solver.select(candidates, budgetPence));
  return selections;
}
