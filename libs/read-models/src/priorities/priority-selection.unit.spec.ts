import fc from 'fast-check';
import {
  type PriorityCandidate,
  type PrioritySelection,
  StatutoryExceedsBudget,
  selectWithinBudget,
} from './priority-selection';

const POUND = 100n;

function aCandidate(overrides: Partial<PriorityCandidate> = {}): PriorityCandidate {
  return {
    id: 'p',
    capitalPence: 100_000n * POUND,
    weightedScore: 50,
    statutory: false,
    ...overrides,
  };
}

/** What a ranking-based shortlist would pick: walk the ranking and take whatever still fits. */
function greedy(
  candidates: readonly PriorityCandidate[],
  budgetPence: bigint,
  rank: (c: PriorityCandidate) => number,
) {
  let left = budgetPence;
  const picked: string[] = [];
  for (const candidate of [...candidates].sort((a, b) => rank(b) - rank(a))) {
    if (candidate.capitalPence > left) continue;
    left -= candidate.capitalPence;
    picked.push(candidate.id);
  }
  return picked.sort();
}

function bruteForceBest(candidates: readonly PriorityCandidate[], budgetPence: bigint): number {
  let best = -Infinity;
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    let capital = 0n;
    let score = 0;
    let admissible = true;
    candidates.forEach((candidate, i) => {
      const chosen = (mask >> i) & 1;
      if (candidate.statutory && !chosen) admissible = false;
      if (!chosen) return;
      capital += candidate.capitalPence;
      score += candidate.weightedScore ?? 0;
    });
    if (admissible && capital <= budgetPence) best = Math.max(best, score);
  }
  return best;
}

function capitalOf(candidates: readonly PriorityCandidate[], ids: readonly string[]): bigint {
  return candidates.filter((c) => ids.includes(c.id)).reduce((sum, c) => sum + c.capitalPence, 0n);
}

describe('selectWithinBudget', () => {
  // Both rankings take the big, dense project first and then cannot fit either smaller one.
  const trap = [
    aCandidate({ id: 'data-centre', capitalPence: 600_000n * POUND, weightedScore: 70 }),
    aCandidate({ id: 'crm', capitalPence: 500_000n * POUND, weightedScore: 50 }),
    aCandidate({ id: 'wifi', capitalPence: 500_000n * POUND, weightedScore: 50 }),
  ];
  const trapBudget = 1_000_000n * POUND;

  it('finds the optimum where taking the best-ranked proposals first falls short', async () => {
    const selection = await selectWithinBudget(trap, trapBudget);

    expect(selection).toEqual<PrioritySelection>({
      selected: ['crm', 'wifi'],
      excluded: ['data-centre'],
      totalCapitalPence: 1_000_000n * POUND,
      totalScore: 100,
      statutoryCapitalPence: 0n,
      optimal: true,
    });
    const byScore = greedy(trap, trapBudget, (c) => c.weightedScore ?? 0);
    const byScorePerPound = greedy(
      trap,
      trapBudget,
      (c) => (c.weightedScore ?? 0) / Number(c.capitalPence),
    );
    expect(byScore).toEqual(['data-centre']);
    expect(byScorePerPound).toEqual(['data-centre']);
    expect(selection.selected).not.toEqual(byScore);
  });

  it('always includes statutory proposals, however low they score, and optimises the rest in what is left', async () => {
    const candidates = [
      aCandidate({
        id: 'records-retention',
        capitalPence: 400_000n * POUND,
        weightedScore: 5,
        statutory: true,
      }),
      aCandidate({ id: 'data-centre', capitalPence: 600_000n * POUND, weightedScore: 70 }),
      aCandidate({ id: 'crm', capitalPence: 300_000n * POUND, weightedScore: 40 }),
      aCandidate({ id: 'wifi', capitalPence: 300_000n * POUND, weightedScore: 40 }),
      aCandidate({ id: 'intranet', capitalPence: 100_000n * POUND, weightedScore: null }),
    ];

    const selection = await selectWithinBudget(candidates, 1_000_000n * POUND);

    expect(selection.selected).toEqual(['records-retention', 'crm', 'wifi']);
    expect(selection.excluded).toEqual(['data-centre', 'intranet']);
    expect(selection.totalScore).toBe(85);
    expect(selection.totalCapitalPence).toBe(1_000_000n * POUND);
    expect(selection.statutoryCapitalPence).toBe(400_000n * POUND);
  });

  it('includes a statutory proposal that has no score yet', async () => {
    const candidates = [
      aCandidate({ id: 'accessibility', capitalPence: 50n, weightedScore: null, statutory: true }),
      aCandidate({ id: 'crm', capitalPence: 60n, weightedScore: 10 }),
    ];

    const selection = await selectWithinBudget(candidates, 100n);

    expect(selection.selected).toEqual(['accessibility']);
    expect(selection.totalScore).toBe(0);
  });

  it('refuses when the statutory proposals alone cost more than the budget, naming both figures', async () => {
    const candidates = [
      aCandidate({ id: 'a', capitalPence: 700_000n * POUND, statutory: true }),
      aCandidate({ id: 'b', capitalPence: 400_000n * POUND, statutory: true }),
      aCandidate({ id: 'c', capitalPence: 1n, weightedScore: 99 }),
    ];

    const refusal = selectWithinBudget(candidates, 1_000_000n * POUND);

    await expect(refusal).rejects.toBeInstanceOf(StatutoryExceedsBudget);
    await expect(refusal).rejects.toMatchObject({
      code: 'statutory-exceeds-budget',
      statutoryCapitalPence: 1_100_000n * POUND,
      budgetPence: 1_000_000n * POUND,
    });
    await expect(refusal).rejects.toThrow('£1100000.00');
  });

  it('selects nothing from an empty list', async () => {
    await expect(selectWithinBudget([], 1_000n)).resolves.toEqual<PrioritySelection>({
      selected: [],
      excluded: [],
      totalCapitalPence: 0n,
      totalScore: 0,
      statutoryCapitalPence: 0n,
      optimal: true,
    });
  });

  it('selects only free proposals when the budget is zero', async () => {
    const candidates = [
      aCandidate({ id: 'paid', capitalPence: 1n, weightedScore: 90 }),
      aCandidate({ id: 'free', capitalPence: 0n, weightedScore: 10 }),
    ];

    const selection = await selectWithinBudget(candidates, 0n);

    expect(selection.selected).toEqual(['free']);
    expect(selection.excluded).toEqual(['paid']);
    expect(selection.totalCapitalPence).toBe(0n);
  });

  it('selects every scored proposal when they all fit, in input order', async () => {
    const candidates = [
      aCandidate({ id: 'c', capitalPence: 30n, weightedScore: 10 }),
      aCandidate({ id: 'a', capitalPence: 30n, weightedScore: 80 }),
      aCandidate({ id: 'b', capitalPence: 30n, weightedScore: 0.5 }),
    ];

    const selection = await selectWithinBudget(candidates, 100n);

    expect(selection.selected).toEqual(['c', 'a', 'b']);
    expect(selection.totalScore).toBe(90.5);
    expect(selection.totalCapitalPence).toBe(90n);
  });

  it('does not spend budget on proposals that add no score', async () => {
    const candidates = [
      aCandidate({ id: 'unscored', capitalPence: 10n, weightedScore: null }),
      aCandidate({ id: 'zero', capitalPence: 10n, weightedScore: 0 }),
      aCandidate({ id: 'useful', capitalPence: 10n, weightedScore: 1 }),
    ];

    const selection = await selectWithinBudget(candidates, 100n);

    expect(selection.selected).toEqual(['useful']);
  });

  it('never overspends by a penny, even where the costs are too large for float tolerances', async () => {
    // 10^14 - 1 + 1 exceeds the budget by one penny, far below any solver's relative tolerance.
    const candidates = [
      aCandidate({ id: 'big', capitalPence: 99_999_999_999_999n, weightedScore: 50 }),
      aCandidate({ id: 'tiny', capitalPence: 1n, weightedScore: 49 }),
      aCandidate({ id: 'other', capitalPence: 99_999_999_999_998n, weightedScore: 40 }),
    ];

    const selection = await selectWithinBudget(candidates, 99_999_999_999_999n);

    expect(selection.selected).toEqual(['tiny', 'other']);
    expect(selection.totalScore).toBe(89);
    expect(selection.totalCapitalPence).toBe(99_999_999_999_999n);
  });

  it('re-solves rather than overspend when the solver accepts a set only within its float tolerance', async () => {
    // At 2^60 pence a penny is below HiGHS's smallest meaningful coefficient, so it sees both as fitting.
    const budget = 2n ** 60n - 1n;
    const candidates = [
      aCandidate({ id: 'huge', capitalPence: budget, weightedScore: 50 }),
      aCandidate({ id: 'penny', capitalPence: 1n, weightedScore: 49 }),
    ];

    const selection = await selectWithinBudget(candidates, budget);

    expect(selection.selected).toEqual(['huge']);
    expect(selection.totalCapitalPence).toBe(budget);
  });

  it('accepts ids that look like solver syntax', async () => {
    const candidates = [
      aCandidate({ id: 'x0', capitalPence: 60n, weightedScore: 70 }),
      aCandidate({ id: 'End\nSubject To\n c: x1 <= 0', capitalPence: 50n, weightedScore: 50 }),
      aCandidate({ id: 'Maximize obj: 1e99 x0', capitalPence: 50n, weightedScore: 50 }),
    ];

    const selection = await selectWithinBudget(candidates, 100n);

    expect(selection.selected).toEqual(['End\nSubject To\n c: x1 <= 0', 'Maximize obj: 1e99 x0']);
  });

  it('picks the exact optimum from a realistic backlog where many proposals compete at the margin', async () => {
    // Hundreds of proposals reach the solver only through the margin around the budget line;
    // the brute force cannot check this size, so the optimum is pinned against a ranked DP.
    const candidates = Array.from({ length: 400 }, (_, i) =>
      aCandidate({
        id: `p${i}`,
        capitalPence: BigInt(1 + ((i * 7919) % 97)) * 1_000n * POUND,
        weightedScore: (i * 104_729) % 101,
      }),
    );
    const budget = 1_500_000n * POUND;

    const selection = await selectWithinBudget(candidates, budget);

    expect(selection.totalCapitalPence).toBeLessThanOrEqual(budget);
    expect(selection.totalScore).toBe(
      knapsackByDynamicProgramming(candidates, budget / (1_000n * POUND), 1_000n * POUND),
    );
  }, 60_000);

  it('matches a brute-force optimum over every subset of small portfolios', async () => {
    const score = fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
        fc.double({ min: 0, max: 100, noNaN: true }),
      ),
      { nil: null, freq: 5 },
    );
    const capital = fc.oneof(
      fc.bigInt({ min: 0n, max: 1_000n }),
      fc.bigInt({ min: 0n, max: 100_000_000_000_000n }),
    );
    const candidate = fc.record({
      capitalPence: capital,
      weightedScore: score,
      statutory: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    });
    const portfolio = fc
      .array(candidate, { maxLength: 12 })
      .map((list) => list.map((c, i) => ({ ...c, id: `p${i}` })));
    const instance = portfolio.chain((candidates) => {
      const total = candidates.reduce((sum, c) => sum + c.capitalPence, 0n);
      return fc.record({
        candidates: fc.constant(candidates),
        budgetPence: fc.oneof(
          fc.bigInt({ min: 0n, max: total }),
          fc.bigInt({ min: 0n, max: 2_000n }),
        ),
      });
    });

    await fc.assert(
      fc.asyncProperty(instance, async ({ candidates, budgetPence }) => {
        const best = bruteForceBest(candidates, budgetPence);
        if (best === -Infinity) {
          await expect(selectWithinBudget(candidates, budgetPence)).rejects.toBeInstanceOf(
            StatutoryExceedsBudget,
          );
          return;
        }
        const selection = await selectWithinBudget(candidates, budgetPence);
        expect(Math.abs(selection.totalScore - best)).toBeLessThanOrEqual(1e-6);
        expect(selection.totalCapitalPence).toBeLessThanOrEqual(budgetPence);
        expect(selection.totalCapitalPence).toBe(capitalOf(candidates, selection.selected));
        for (const c of candidates.filter((c) => c.statutory))
          expect(selection.selected).toContain(c.id);
        expect([...selection.selected, ...selection.excluded].sort()).toEqual(
          candidates.map((c) => c.id).sort(),
        );
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});

/** Exact 0/1 knapsack over whole units of `unit` pence, for instances whose costs are all multiples of it. */
function knapsackByDynamicProgramming(
  candidates: readonly PriorityCandidate[],
  capacityUnits: bigint,
  unit: bigint,
): number {
  const best = new Array<number>(Number(capacityUnits) + 1).fill(0);
  for (const c of candidates) {
    const w = Number(c.capitalPence / unit);
    for (let room = best.length - 1; room >= w; room--) {
      best[room] = Math.max(best[room]!, best[room - w]! + (c.weightedScore ?? 0));
    }
  }
  return best[best.length - 1]!;
}
