/**
 * An exact 0/1 knapsack over whole hundredths of score, by dynamic programming: for every total
 * score it finds the least capital that reaches it, so the best total score within the budget, and
 * the cheapest selection among those that reach it, fall out without any floating-point tolerance.
 *
 * Weighted scores are always whole hundredths (0.00-100.00), so this is the solver for every
 * selection the ledger makes; it answers `null` (and the caller falls back to the MILP solver) only
 * for scores that are not whole hundredths, capital sums beyond 2^53 pence, or a table too large.
 *
 * Ties are broken the same way every time: among the selections with the highest total score, the
 * one that spends the least capital; among those, the one that takes the earliest proposals in the
 * order given (drafting order), earlier before later, lexicographically.
 */
export interface ScoredItem {
  /** Capital in pence. */
  readonly weight: bigint;
  /** Weighted score; > 0. */
  readonly value: number;
}

/** Cells (items × score hundredths) above which the table is not built: ~1 s and ~60 MB of choices. */
export const MAX_TABLE_CELLS = 500_000_000;

/** The score as a whole number of hundredths, or null when it is not exactly one. */
export function scoreHundredths(value: number): number | null {
  const hundredths = Math.round(value * 100);
  return Number.isSafeInteger(hundredths) && hundredths / 100 === value ? hundredths : null;
}

/**
 * The chosen items (in the order given), or null when this method does not apply (see above).
 * `items` must each weigh at most `capacity`.
 */
export function knapsackByScore<T extends ScoredItem>(
  items: readonly T[],
  capacity: bigint,
  maxCells = MAX_TABLE_CELLS,
): T[] | null {
  const count = items.length;
  const values = new Int32Array(count);
  const weights = new Float64Array(count);
  let totalValue = 0;
  let totalWeight = 0n;
  for (let i = 0; i < count; i += 1) {
    const hundredths = scoreHundredths(items[i].value);
    if (hundredths === null || hundredths <= 0 || hundredths > 2 ** 31 - 1) return null;
    values[i] = hundredths;
    weights[i] = Number(items[i].weight);
    totalValue += hundredths;
    totalWeight += items[i].weight;
  }
  // Capital sums are exact in doubles below 2^53 pence (about £90 trillion).
  if (totalWeight > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  if ((count + 1) * (totalValue + 1) > maxCells) return null;
  const room = Number(capacity < totalWeight ? capacity : totalWeight);

  // least[p]: the least capital reaching a total of exactly p hundredths with the items from i on
  // (built from the last item back); takes[i] marks each p where taking item i reaches that least.
  const least = new Float64Array(totalValue + 1).fill(Number.POSITIVE_INFINITY);
  least[0] = 0;
  const takes: Uint8Array[] = new Array<Uint8Array>(count);
  let reachable = 0;
  for (let i = count - 1; i >= 0; i -= 1) {
    const value = values[i];
    const weight = weights[i];
    const take = new Uint8Array((totalValue >> 3) + 1);
    reachable += value;
    for (let p = reachable; p >= value; p -= 1) {
      const withIt = least[p - value] + weight;
      // "<=": on equal capital, taking the earlier item is preferred.
      if (withIt <= least[p] && withIt <= room) {
        least[p] = withIt;
        take[p >> 3] |= 1 << (p & 7);
      }
    }
    takes[i] = take;
  }
  let best = 0;
  for (let p = totalValue; p > 0; p -= 1) {
    if (least[p] <= room) {
      best = p;
      break;
    }
  }
  const chosen: T[] = [];
  for (let i = 0, p = best; i < count && p > 0; i += 1) {
    if ((takes[i][p >> 3] & (1 << (p & 7))) === 0) continue;
    chosen.push(items[i]);
    p -= values[i];
  }
  return chosen;
}
