import loadHighs, { type Highs } from 'highs';
import { knapsackByScore } from './knapsack-by-score';

export interface PriorityCandidate {
  id: string;
  capitalPence: bigint;
  weightedScore: number | null;
  statutory: boolean;
}

export interface PrioritySelection {
  /** Chosen ids, in input order. */
  selected: string[];
  /** The other ids, in input order. */
  excluded: string[];
  totalCapitalPence: bigint;
  totalScore: number;
  statutoryCapitalPence: bigint;
  optimal: true;
}

export interface SelectionOptions {
  /** Wall-clock allowance for the solver; past it the call throws rather than answer a guess. */
  timeLimitSeconds?: number;
}

export class StatutoryExceedsBudget extends Error {
  readonly code = 'statutory-exceeds-budget';
  readonly kind = 'governance';

  constructor(
    readonly statutoryCapitalPence: bigint,
    readonly budgetPence: bigint,
  ) {
    super(
      `The statutory proposals need ${formatPounds(statutoryCapitalPence)} of capital, ` +
        `more than the budget of ${formatPounds(budgetPence)}, so no selection can include them all.`,
    );
    this.name = new.target.name;
  }
}

/** The solver could not prove an optimum in time (or at all); a best guess is never returned in its place. */
export class PrioritySelectionNotProven extends Error {
  readonly code = 'priority-selection-not-proven';

  constructor(readonly solverStatus: string) {
    super(`The budget-optimal selection could not be proven (solver status: ${solverStatus}).`);
    this.name = new.target.name;
  }
}

const DEFAULT_TIME_LIMIT_SECONDS = 10;
// Each no-good cut removes one assignment that HiGHS accepted only within its float tolerance;
// more than a handful means the instance is numerically hostile, and guessing is not allowed.
const MAX_TOLERANCE_CUTS = 25;
// Row coefficients are divided by a power of two (exact in binary floating point) until the
// remaining budget is at most this, which keeps HiGHS away from its "huge bound" regime.
const TARGET_CAPACITY_BITS = 30n;
// The first guess at how many proposals sit close enough to the budget's margin to need search.
const FIRST_WINDOW = 64;
const SOLVER_OPTIONS = {
  output_flag: false,
  // HiGHS stops at a 0.01% gap by default; anything short of a closed gap is not an optimum.
  mip_rel_gap: 0,
  // On a one-row knapsack these sub-MIP searches took most of the solve time and added nothing.
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
} as const;

interface Item {
  readonly index: number;
  readonly weight: bigint;
  readonly value: number;
}

let solver: Promise<Highs> | undefined;

function highs(): Promise<Highs> {
  solver ??= loadHighs().catch((error: unknown) => {
    solver = undefined;
    throw error;
  });
  return solver;
}

/**
 * Loads HiGHS and runs one representative solve. V8 compiles the 3.5 MB solver lazily, so the
 * first real selection in a process costs a few extra seconds; calling this at start-up moves
 * that cost out of the first request. Optional: selections work without it.
 */
export async function preloadPrioritySolver(): Promise<void> {
  // Only a backlog with many proposals near the budget line walks the solver's hot paths.
  let state = 20_260_401;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  const backlog = Array.from({ length: 2_000 }, (_, i) => ({
    id: String(i),
    capitalPence: BigInt(1_000_000 + Math.floor(random() * 199_000_000)),
    weightedScore: Math.round(random() * 10_000) / 100,
    statutory: false,
  }));
  const total = backlog.reduce((sum, c) => sum + c.capitalPence, 0n);
  await selectWithinBudget(backlog, (total * 3n) / 10n, { timeLimitSeconds: 60 });
}

/**
 * Chooses the proposals that maximise the total weighted score within the budget, statutory
 * proposals always included. Feasibility is checked in exact pence; optimality is HiGHS's proof.
 */
export async function selectWithinBudget(
  candidates: readonly PriorityCandidate[],
  budgetPence: bigint,
  options: SelectionOptions = {},
): Promise<PrioritySelection> {
  assertValidInput(candidates, budgetPence);
  const deadline = Date.now() + (options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS) * 1000;

  const chosen = new Set<number>();
  let statutoryCapitalPence = 0n;
  candidates.forEach((candidate, index) => {
    if (!candidate.statutory) return;
    chosen.add(index);
    statutoryCapitalPence += candidate.capitalPence;
  });
  if (statutoryCapitalPence > budgetPence)
    throw new StatutoryExceedsBudget(statutoryCapitalPence, budgetPence);

  const capacity = budgetPence - statutoryCapitalPence;
  const items: Item[] = [];
  candidates.forEach((candidate, index) => {
    const value = candidate.weightedScore ?? 0;
    // A proposal that adds no score only spends money, so it is never worth choosing.
    if (candidate.statutory || value <= 0 || candidate.capitalPence > capacity) return;
    if (candidate.capitalPence === 0n) chosen.add(index);
    else items.push({ index, weight: candidate.capitalPence, value });
  });

  for (const item of await bestSubset(items, capacity, deadline)) chosen.add(item.index);
  return describe(candidates, chosen, statutoryCapitalPence, budgetPence);
}

async function bestSubset(
  items: readonly Item[],
  capacity: bigint,
  deadline: number,
): Promise<Item[]> {
  if (sumWeights(items) <= capacity) return [...items];
  const bound = dualBound(items, capacity);
  let window = new Set(
    [...items]
      .sort(
        (a, b) =>
          Math.abs(bound.reduced.get(a)!) - Math.abs(bound.reduced.get(b)!) || a.index - b.index,
      )
      .slice(0, FIRST_WINDOW),
  );
  for (;;) {
    const outsideIn = items.filter((item) => !window.has(item) && bound.reduced.get(item)! > 0);
    const room = capacity - sumWeights(outsideIn);
    if (room < 0) {
      window = new Set(items);
      continue;
    }
    const inside = items.filter((item) => window.has(item) && item.weight <= room);
    const picked =
      sumWeights(inside) <= room
        ? inside
        : (knapsackByScore(inside, room) ??
          (await solveKnapsack(await highs(), inside, room, deadline)));
    const solution = [...outsideIn, ...picked];
    const undecided = bound.undecidedGiven(solution.reduce((sum, item) => sum + item.value, 0));
    if (undecided.every((item) => window.has(item))) return solution;
    window = new Set([...window, ...undecided]);
  }
}

interface DualBound {
  readonly reduced: ReadonlyMap<Item, number>;
  /** The items that some set scoring at least `score` might still take against the sign of their reduced cost. */
  undecidedGiven(score: number): Item[];
}

/**
 * With any dual price λ ≥ 0 every feasible set scores at most U = λ·C + Σ max(0, rᵢ), where
 * rᵢ = vᵢ − λ·wᵢ, and at most U − |rⱼ| if it takes item j against the sign of rⱼ. So once a set
 * scoring S is known, every item with U − |rⱼ| < S is decided in all optimal sets: the solver only
 * has to search the rest, which for a real portfolio is a few dozen items near the budget's
 * margin. The bound holds for every λ, so float error in choosing λ cannot make it unsafe; the
 * margin absorbs the rounding of the sums themselves.
 */
function dualBound(items: readonly Item[], capacity: bigint): DualBound {
  const byDensity = [...items].sort(
    (a, b) => b.value / Number(b.weight) - a.value / Number(a.weight) || a.index - b.index,
  );
  let used = 0n;
  const critical = byDensity.find((item) => (used += item.weight) > capacity)!;
  const price = critical.value / Number(critical.weight);
  const reduced = new Map(items.map((item) => [item, item.value - price * Number(item.weight)]));
  let upper = price * Number(capacity);
  for (const r of reduced.values()) upper += Math.max(0, r);
  return {
    reduced,
    undecidedGiven(score) {
      const margin = 1e-9 * Math.max(1, Math.abs(upper), Math.abs(score));
      return items.filter((item) => upper - Math.abs(reduced.get(item)!) >= score - margin);
    },
  };
}

async function solveKnapsack(
  solverInstance: Highs,
  items: readonly Item[],
  capacity: bigint,
  deadline: number,
): Promise<Item[]> {
  const shift =
    bitLength(capacity) > TARGET_CAPACITY_BITS ? bitLength(capacity) - TARGET_CAPACITY_BITS : 0n;
  const scale = 2 ** -Number(shift);
  const cuts: string[] = [];

  for (;;) {
    const secondsLeft = (deadline - Date.now()) / 1000;
    if (secondsLeft <= 0) throw new PrioritySelectionNotProven('Time limit reached');
    const result = solverInstance.solve(knapsackLp(items, capacity, scale, cuts), {
      ...SOLVER_OPTIONS,
      time_limit: secondsLeft,
    });
    if (result.Status !== 'Optimal') throw new PrioritySelectionNotProven(result.Status);

    const picked = items.filter((_, i) => (result.Columns[`x${i}`]?.Primal ?? 0) > 0.5);
    if (sumWeights(picked) <= capacity) return picked;
    // HiGHS accepted this set within its tolerance, but in exact pence it overspends: exclude
    // exactly this assignment and prove again, so no feasible set is ever cut away.
    if (cuts.length >= MAX_TOLERANCE_CUTS)
      throw new PrioritySelectionNotProven('Numerically unstable');
    const inSet = new Set(picked);
    const terms = items.map((item, i) => `${inSet.has(item) ? '+' : '-'} x${i}`).join(' ');
    cuts.push(` c${cuts.length}: ${terms} <= ${picked.length - 1}`);
  }
}

/** Variables are named x0..xn by position, so nothing from an id ever reaches the LP text. */
function knapsackLp(
  items: readonly Item[],
  capacity: bigint,
  scale: number,
  cuts: readonly string[],
): string {
  const objective = items.map((item, i) => `+ ${lpNumber(item.value)} x${i}`).join(' ');
  const budget = items
    .map((item, i) => `+ ${lpNumber(Number(item.weight) * scale)} x${i}`)
    .join(' ');
  return [
    'Maximize',
    ` score: ${objective}`,
    'Subject To',
    ` budget: ${budget} <= ${lpNumber(Number(capacity) * scale)}`,
    ...cuts,
    'Binary',
    ` ${items.map((_, i) => `x${i}`).join(' ')}`,
    'End',
  ].join('\n');
}

/** Shortest round-trip decimal, so HiGHS parses back the very double that was meant. */
function lpNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} into an LP model.`);
  return String(value);
}

function describe(
  candidates: readonly PriorityCandidate[],
  chosen: ReadonlySet<number>,
  statutoryCapitalPence: bigint,
  budgetPence: bigint,
): PrioritySelection {
  const selected: string[] = [];
  const excluded: string[] = [];
  let totalCapitalPence = 0n;
  let totalScore = 0;
  candidates.forEach((candidate, index) => {
    if (!chosen.has(index)) {
      excluded.push(candidate.id);
      return;
    }
    selected.push(candidate.id);
    totalCapitalPence += candidate.capitalPence;
    totalScore += candidate.weightedScore ?? 0;
  });
  if (totalCapitalPence > budgetPence) {
    throw new Error(
      `Selection overspends: ${totalCapitalPence} > ${budgetPence} pence; this is a defect.`,
    );
  }
  return {
    selected,
    excluded,
    totalCapitalPence,
    totalScore,
    statutoryCapitalPence,
    optimal: true,
  };
}

function assertValidInput(candidates: readonly PriorityCandidate[], budgetPence: bigint): void {
  if (typeof budgetPence !== 'bigint' || budgetPence < 0n) {
    throw new RangeError(
      `The budget must be a non-negative whole number of pence, not ${String(budgetPence)}.`,
    );
  }
  for (const candidate of candidates) {
    if (typeof candidate.capitalPence !== 'bigint' || candidate.capitalPence < 0n) {
      throw new RangeError(
        `Proposal ${candidate.id} has an invalid capital cost: ${String(candidate.capitalPence)}.`,
      );
    }
    if (candidate.weightedScore !== null && !Number.isFinite(candidate.weightedScore)) {
      throw new RangeError(
        `Proposal ${candidate.id} has an invalid weighted score: ${candidate.weightedScore}.`,
      );
    }
  }
}

function sumWeights(items: readonly Item[]): bigint {
  return items.reduce((sum, item) => sum + item.weight, 0n);
}

function bitLength(value: bigint): bigint {
  return BigInt(value.toString(2).length);
}

function formatPounds(pence: bigint): string {
  const sign = pence < 0n ? '-' : '';
  const abs = pence < 0n ? -pence : pence;
  return `${sign}£${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
