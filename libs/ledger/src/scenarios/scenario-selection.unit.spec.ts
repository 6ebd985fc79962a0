import fc from 'fast-check';
import {
  CRITERIA,
  defaultPolicy,
  ForcedExceedsBudget,
  Money,
  weightedScore,
  type Criterion,
  type PolicyInForce,
  type Scores,
} from '@ledger/domain';
import {
  selectWithinBudget,
  type PriorityCandidate,
  type ProposalRegisterRow,
} from '@ledger/read-models';
import { prioritise, type PrioritiesInput } from '../portfolio/priorities';
import { frontierPoints } from './frontier';

const solver = { select: selectWithinBudget };
const summarise = (row: ProposalRegisterRow, policy: PolicyInForce) => ({
  id: row.id,
  weightedScore: weightedScore(row.currentReviews, policy.criteriaWeights),
});

interface Drawn {
  readonly capitalPounds: number;
  readonly statutory: boolean;
  readonly scores: Scores | null;
  readonly forced: 'in' | 'out' | null;
}

function rowOf(drawn: Drawn, index: number): ProposalRegisterRow {
  return {
    id: `p-${index}`,
    seq: index + 1,
    statutory: drawn.statutory,
    capitalCostPence: BigInt(drawn.capitalPounds) * 100n,
    draftedAt: `2026-11-01T09:00:${String(index).padStart(2, '0')}.000Z`,
    currentReviews: drawn.scores ? [{ scores: drawn.scores }] : [],
  } as unknown as ProposalRegisterRow;
}

/** The best total score over every subset that keeps the scenario's rules; null when none does. */
function bruteForce(
  rows: readonly ProposalRegisterRow[],
  scores: readonly (number | null)[],
  input: Pick<PrioritiesInput, 'budgetPence' | 'forceIn' | 'forceOut'>,
): number | null {
  const forcedIn = new Set((input.forceIn ?? []).map((f) => f.proposalId));
  const forcedOut = new Set((input.forceOut ?? []).map((f) => f.proposalId));
  let best: number | null = null;
  for (let mask = 0; mask < 1 << rows.length; mask++) {
    let capital = 0n;
    let total = 0;
    let allowed = true;
    rows.forEach((row, i) => {
      const chosen = (mask & (1 << i)) !== 0;
      const first = forcedIn.has(row.id) || (row.statutory && !forcedOut.has(row.id));
      if ((first && !chosen) || (forcedOut.has(row.id) && chosen)) allowed = false;
      if (!chosen) return;
      capital += row.capitalCostPence;
      total += scores[i] ?? 0;
    });
    if (allowed && capital <= input.budgetPence && (best === null || total > best)) best = total;
  }
  return best;
}

const scoresArbitrary: fc.Arbitrary<Scores> = fc.record(
  Object.fromEntries(CRITERIA.map((c) => [c, fc.integer({ min: 0, max: 5 })])) as Record<
    Criterion,
    fc.Arbitrary<number>
  >,
);
const drawnArbitrary: fc.Arbitrary<Drawn> = fc.record({
  capitalPounds: fc.integer({ min: 0, max: 500 }),
  statutory: fc.integer({ min: 0, max: 99 }).map((n) => n < 15),
  scores: fc.option(scoresArbitrary, { nil: null, freq: 6 }),
  forced: fc.constantFrom<Drawn['forced']>(null, null, null, null, 'in', 'out'),
});
const weightsArbitrary = fc.record(
  Object.fromEntries(CRITERIA.map((c) => [c, fc.integer({ min: 0, max: 4 })])) as Record<
    Criterion,
    fc.Arbitrary<number>
  >,
  { requiredKeys: [] },
);

describe('a scenario selection', () => {
  it('scores exactly as well as the best subset that keeps its rules', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(drawnArbitrary, { maxLength: 15 }),
        fc.integer({ min: 0, max: 3000 }),
        weightsArbitrary,
        async (drawn, budgetPounds, weights) => {
          const rows = drawn.map(rowOf);
          const policy = defaultPolicy();
          const merged = { ...policy.criteriaWeights, ...weights };
          if (CRITERIA.every((c) => merged[c] === 0)) return;
          const scores = rows.map((row) => weightedScore(row.currentReviews, merged));
          const forced = (kind: 'in' | 'out') =>
            drawn
              .map((d, i) => (d.forced === kind ? { proposalId: `p-${i}`, reason: kind } : null))
              .filter((f) => f !== null);
          const input = {
            fiscalYear: '2026-27',
            submitted: rows,
            policy,
            weights,
            budgetPence: BigInt(budgetPounds) * 100n,
            forceIn: forced('in'),
            forceOut: forced('out'),
          };
          const best = bruteForce(rows, scores, input);
          if (best === null) {
            await expect(prioritise(solver, summarise, input)).rejects.toThrow(ForcedExceedsBudget);
            return;
          }
          const outcome = await prioritise(solver, summarise, input);
          expect(outcome.selection.totalScore).toBeCloseTo(best, 6);
          const chosen = new Set(outcome.selection.proposals);
          for (const f of input.forceIn) expect(chosen.has(f.proposalId)).toBe(true);
          for (const f of input.forceOut) expect(chosen.has(f.proposalId)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives an exact optimum at every point of a frontier', async () => {
    // The solver's own path when it runs in this thread: one selection per budget, in order.
    const frontierSolver = {
      select: selectWithinBudget,
      selectAtBudgets: async (
        candidates: readonly PriorityCandidate[],
        budgets: readonly bigint[],
      ) => {
        const selections = [];
        for (const budget of budgets) selections.push(await selectWithinBudget(candidates, budget));
        return selections;
      },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(drawnArbitrary, { maxLength: 12 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 2, max: 7 }),
        fc.boolean(),
        async (drawn, a, b, steps, withSolverKeeping) => {
          const rows = drawn.map(rowOf);
          const policy = defaultPolicy();
          const scores = rows.map((row) =>
            weightedScore(row.currentReviews, policy.criteriaWeights),
          );
          const candidates = rows.map((row, i) => ({
            id: row.id,
            capitalPence: row.capitalCostPence,
            weightedScore: scores[i],
            statutory: row.statutory,
          }));
          const from = BigInt(Math.min(a, b)) * 100n;
          const to = BigInt(Math.max(a, b)) * 100n;
          const points = await frontierPoints(
            withSolverKeeping ? frontierSolver : { select: selectWithinBudget },
            candidates,
            { from, to, steps },
          );
          expect(points).toHaveLength(steps);
          points.forEach((point, step) => {
            const budgetPence = from + ((to - from) * BigInt(step)) / BigInt(steps - 1);
            expect(point.budget).toBe(Money.fromPence(budgetPence).toString());
            const best = bruteForce(rows, scores, { budgetPence });
            if (best === null) {
              expect(point).toMatchObject({ feasible: false, totalScore: null, proposals: [] });
              return;
            }
            expect(point.feasible).toBe(true);
            expect(point.totalScore).toBeCloseTo(best, 6);
            const chosen = new Set(point.proposals);
            const capital = rows
              .filter((row) => chosen.has(row.id))
              .reduce((sum, row) => sum + row.capitalCostPence, 0n);
            expect(Money.parse(point.totalCapital!).pence).toBe(capital);
            expect(capital).toBeLessThanOrEqual(budgetPence);
            for (const row of rows.filter((row) => row.statutory)) expect(chosen).toContain(row.id);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  const aRow = (index: number, capitalPounds: number, statutory = false) =>
    rowOf(
      {
        capitalPounds,
        statutory,
        forced: null,
        scores: {
          strategicFit: 4,
          valueForMoney: 4,
          deliverability: 4,
          riskReduction: 4,
          serviceImpact: 4,
        },
      },
      index,
    );
  const run = (rows: ProposalRegisterRow[], budgetPounds: number) =>
    prioritise(solver, summarise, {
      fiscalYear: '2026-27',
      submitted: rows,
      policy: defaultPolicy(),
      budgetPence: BigInt(budgetPounds) * 100n,
      forceIn: [],
      forceOut: [],
    });

  it('breaks ties the same way every time', async () => {
    const rows = [aRow(0, 100), aRow(1, 100), aRow(2, 100)];
    const first = await run(rows, 200);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await run([...rows].reverse(), 200)).selection).toEqual(first.selection);
    }
    expect(first.ranking.map((entry) => entry.id)).toEqual(['p-0', 'p-1', 'p-2']);
  });

  it('selects nothing from an empty portfolio or with a budget of zero', async () => {
    expect((await run([], 1000)).selection.proposals).toEqual([]);
    const zero = await run([aRow(0, 100)], 0);
    expect(zero.selection.proposals).toEqual([]);
    expect(zero.ranking[0].explanation.reason).toBe('needs 100.00; 0.00 remains');
  });

  it('selects everything when the budget is larger than all of it', async () => {
    const all = await run([aRow(0, 100), aRow(1, 200, true), aRow(2, 300)], 1_000_000);
    expect(all.selection.proposals).toEqual(['p-0', 'p-1', 'p-2']);
    expect(all.excluded).toEqual([]);
  });

  it('chooses statutory proposals first and says so', async () => {
    const outcome = await run([aRow(0, 100), aRow(1, 200, true)], 250);
    expect(outcome.selection.proposals).toEqual(['p-1']);
    const reasons = Object.fromEntries(outcome.ranking.map((e) => [e.id, e.explanation.reason]));
    expect(reasons['p-1']).toBe('statutory, so chosen first');
    expect(reasons['p-0']).toBe('needs 100.00; 50.00 remains');
  });
  describe('a selection recorded at creation', () => {
    const rows = [aRow(0, 100), aRow(1, 100), aRow(2, 100), aRow(3, 150, true)];
    const withRecorded = (proposals: string[], totalScore: number, budgetPounds = 350) =>
      prioritise(solver, summarise, {
        fiscalYear: '2026-27',
        submitted: rows,
        policy: defaultPolicy(),
        budgetPence: BigInt(budgetPounds) * 100n,
        forceIn: [],
        forceOut: [],
        recordedSelection: { proposals, totalScore },
      });

    it('is kept where it ties with the solver, reasons and totals following it', async () => {
      const solved = await run(rows, 350);
      expect(solved.selection.proposals).toEqual(['p-0', 'p-1', 'p-3']);
      const kept = await withRecorded(['p-1', 'p-2', 'p-3'], solved.selection.totalScore);
      expect(kept.selection).toEqual({ ...solved.selection, proposals: ['p-1', 'p-2', 'p-3'] });
      expect(kept.excluded).toEqual(['p-0']);
      const reasons = Object.fromEntries(kept.ranking.map((e) => [e.id, e.explanation.reason]));
      expect(reasons['p-0']).toBe('needs 100.00; 0.00 remains');
      expect(reasons['p-2']).toBe('part of the highest total score that fits the budget');
      expect(kept.ranking.filter((e) => e.selected).map((e) => e.id).sort()).toEqual([
        'p-1',
        'p-2',
        'p-3',
      ]);
    });

    it('gives way to the solver when it scores less, leaves out a statutory proposal, or overspends', async () => {
      const solved = (await run(rows, 350)).selection;
      const worse = await withRecorded(['p-1', 'p-3'], solved.totalScore);
      expect(worse.selection).toEqual(solved);
      const withoutStatutory = await withRecorded(['p-0', 'p-1', 'p-2'], solved.totalScore);
      expect(withoutStatutory.selection).toEqual(solved);
      const overspent = await withRecorded(['p-0', 'p-1', 'p-2', 'p-3'], solved.totalScore);
      expect(overspent.selection).toEqual(solved);
      const unknown = await withRecorded(['p-1', 'p-9', 'p-3'], solved.totalScore);
      expect(unknown.selection).toEqual(solved);
    });
  });
});
