import fc from 'fast-check';
import { knapsackByScore, scoreHundredths } from './knapsack-by-score';
import { selectWithinBudget, type PriorityCandidate } from './priority-selection';

/**
 * The tie rule, by brute force: the highest total score; then the least capital; then the earliest
 * proposals (input order), compared as the lexicographically smallest list of chosen indices.
 * Statutory proposals are always in, and no other proposal without a score is.
 */
function bruteForceWithTieRule(
  candidates: readonly PriorityCandidate[],
  budgetPence: bigint,
): string[] | null {
  let best: { score: number; capital: bigint; picked: number[] } | null = null;
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    let capital = 0n;
    let score = 0;
    let admissible = true;
    const picked: number[] = [];
    candidates.forEach((candidate, i) => {
      const chosen = (mask >> i) & 1;
      if (candidate.statutory && !chosen) admissible = false;
      if (!chosen) return;
      // A proposal that adds no score is never chosen unless it is statutory.
      if (!candidate.statutory && !((candidate.weightedScore ?? 0) > 0)) admissible = false;
      picked.push(i);
      capital += candidate.capitalPence;
      score += Math.round((candidate.weightedScore ?? 0) * 100);
    });
    if (!admissible || capital > budgetPence) continue;
    if (
      best === null ||
      score > best.score ||
      (score === best.score && capital < best.capital) ||
      (score === best.score && capital === best.capital && earlier(picked, best.picked))
    ) {
      best = { score, capital, picked };
    }
  }
  return best === null ? null : best.picked.map((i) => candidates[i].id);
}

/** Whether `a` comes first, taking the earliest index where the two differ. */
function earlier(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    if (a[k] !== b[k]) return a[k] < b[k];
  }
  return a.length > b.length;
}

/**
 * The same rule by another table: over capital in whole units rather than over score. best[i][c] is
 * the highest score the items from i on reach within c units; the least capital is the smallest c
 * reaching the optimum, and from the first item on each is taken whenever the optimum still holds.
 */
function byCapitalTable(
  candidates: readonly PriorityCandidate[],
  budgetPence: bigint,
  unit: bigint,
): string[] {
  const n = candidates.length;
  const capacity = Number(budgetPence / unit);
  const w = candidates.map((c) => Number(c.capitalPence / unit));
  const v = candidates.map((c) => Math.round((c.weightedScore ?? 0) * 100));
  const best: Int32Array[] = [];
  best[n] = new Int32Array(capacity + 1);
  for (let i = n - 1; i >= 0; i--) {
    const next = best[i + 1];
    const row = new Int32Array(capacity + 1);
    row.set(next);
    if (v[i] > 0) {
      for (let c = w[i]; c <= capacity; c++) {
        const withIt = next[c - w[i]] + v[i];
        if (withIt > row[c]) row[c] = withIt;
      }
    }
    best[i] = row;
  }
  const optimum = best[0][capacity];
  let c = 0;
  while (best[0][c] < optimum) c++;
  const picked: string[] = [];
  let target = optimum;
  for (let i = 0; i < n; i++) {
    if (v[i] <= 0 || w[i] > c || best[i + 1][c - w[i]] + v[i] < target) continue;
    picked.push(candidates[i].id);
    c -= w[i];
    target -= v[i];
  }
  return picked;
}

describe('knapsackByScore', () => {
  it('reads a score as whole hundredths only when it is exactly one', () => {
    expect(scoreHundredths(37.33)).toBe(3733);
    expect(scoreHundredths(100)).toBe(10_000);
    expect(scoreHundredths(0.001)).toBeNull();
    expect(scoreHundredths(1 / 3)).toBeNull();
  });

  it('declines what it cannot solve exactly, so the caller falls back to the MILP solver', () => {
    expect(knapsackByScore([{ weight: 5n, value: 1 / 3 }], 10n)).toBeNull();
    expect(knapsackByScore([{ weight: 2n ** 60n, value: 1 }], 2n ** 61n)).toBeNull();
    const many = Array.from({ length: 100 }, () => ({ weight: 3n, value: 100 }));
    expect(knapsackByScore(many, 150n, 1_000)).toBeNull();
  });

  it('among equal scores takes the cheaper selection, then the earlier proposals', () => {
    const items = [
      { id: 'a', weight: 70n, value: 10 },
      { id: 'b', weight: 30n, value: 5 },
      { id: 'c', weight: 25n, value: 5 },
      { id: 'd', weight: 30n, value: 5 },
      { id: 'e', weight: 30n, value: 5 },
    ];
    // 15.00 is the best within 100: {a, c} costs 95, and c with any two of b, d, e costs 85;
    // of those, {b, c, d} takes the earliest.
    expect(knapsackByScore(items, 100n)!.map((item) => item.id)).toEqual(['b', 'c', 'd']);
  });

  it('selects exactly what the tie rule names, by brute force over every subset', async () => {
    const candidate = fc.record({
      // Few distinct costs and scores, so ties are the rule rather than the exception.
      capitalPence: fc.integer({ min: 0, max: 6 }).map((n) => BigInt(n) * 1_000n),
      weightedScore: fc.option(
        fc.oneof(
          fc.constantFrom(0, 12.5, 25, 37.33, 50),
          fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
        ),
        { nil: null, freq: 6 },
      ),
      statutory: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
    });
    const instance = fc
      .array(candidate, { maxLength: 12 })
      .map((list) => list.map((c, i) => ({ ...c, id: `p${i}` })))
      .chain((candidates) => {
        const total = candidates.reduce((sum, c) => sum + c.capitalPence, 0n);
        return fc.record({
          candidates: fc.constant(candidates),
          budgetPence: fc.bigInt({ min: 0n, max: total }),
        });
      });
    await fc.assert(
      fc.asyncProperty(instance, async ({ candidates, budgetPence }) => {
        const expected = bruteForceWithTieRule(candidates, budgetPence);
        if (expected === null) {
          await expect(selectWithinBudget(candidates, budgetPence)).rejects.toThrow();
          return;
        }
        const selection = await selectWithinBudget(candidates, budgetPence);
        expect(selection.selected).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('answers the same over score as over capital, both by the tie rule', () => {
    const item = fc.record({
      weight: fc.integer({ min: 1, max: 9 }).map((n) => BigInt(n) * 250n),
      value: fc.oneof(
        fc.constantFrom(10, 12.5, 37.33),
        fc.integer({ min: 1, max: 5_000 }).map((n) => n / 100),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 11 }),
        fc.integer({ min: 0, max: 30 }),
        (drawn, share) => {
          const items = drawn.map((it, i) => ({ ...it, id: `p${i}` }));
          const total = items.reduce((sum, it) => sum + it.weight, 0n);
          const capacity = (total * BigInt(share)) / 30n;
          const fitting = items.filter((it) => it.weight <= capacity);
          const expected = bruteForceWithTieRule(
            fitting.map((it) => ({
              id: it.id,
              capitalPence: it.weight,
              weightedScore: it.value,
              statutory: false,
            })),
            capacity,
          );
          for (const by of ['score', 'capital'] as const) {
            const chosen = knapsackByScore(fitting, capacity, 1e9, by)!;
            expect(chosen.map((it) => it.id)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the tie rule on a backlog of 250 with many equal scores and costs, where only some proposals are searched', async () => {
    // Seven distinct scores and costs in whole thousands of pounds, like the benchmark's ledger.
    const scores = [37.33, 66.67, 60, 49.33, 42.67, 44, 46.67];
    const candidates = Array.from({ length: 250 }, (_, n) => ({
      id: `p${n}`,
      capitalPence: BigInt(10 + ((n * 37) % 90)) * 100_000n,
      weightedScore: scores[(n * 5) % 7],
      statutory: n % 41 === 0,
    }));
    const total = candidates.reduce((sum, c) => sum + c.capitalPence, 0n);
    for (const share of [10n, 30n, 55n, 80n]) {
      const budget = (total * share) / 100n;
      const selection = await selectWithinBudget(candidates, budget);
      const free = candidates.filter((c) => !c.statutory);
      const statutory = candidates.filter((c) => c.statutory);
      const statutoryCapital = statutory.reduce((sum, c) => sum + c.capitalPence, 0n);
      const expected = new Set([
        ...statutory.map((c) => c.id),
        ...byCapitalTable(free, budget - statutoryCapital, 100_000n),
      ]);
      expect(selection.selected).toEqual(
        candidates.map((c) => c.id).filter((id) => expected.has(id)),
      );
    }
  }, 120_000);
});
