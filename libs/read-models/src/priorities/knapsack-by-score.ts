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
 * `items` must each weigh at most `capacity`. The table runs over whichever is smaller: hundredths
 * of score, or capital in units of the greatest common divisor of the costs (costs in whole
 * thousands of pounds make that unit £1,000); `by` forces one (the tests compare both).
 */
export function knapsackByScore<T extends ScoredItem>(
  items: readonly T[],
  capacity: bigint,
  maxCells = MAX_TABLE_CELLS,
  by?: 'score' | 'capital',
): T[] | null {
  const count = items.length;
  const values = new Int32Array(count);
  let totalValue = 0;
  let totalWeight = 0n;
  let unit = 0n;
  for (let i = 0; i < count; i += 1) {
    const hundredths = scoreHundredths(items[i].value);
    if (hundredths === null || hundredths <= 0 || hundredths > 2 ** 31 - 1) return null;
    values[i] = hundredths;
    totalValue += hundredths;
    totalWeight += items[i].weight;
    unit = gcd(unit, items[i].weight);
  }
  // Capital sums are exact in doubles below 2^53 pence (about £90 trillion).
  if (totalWeight > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const room = capacity < totalWeight ? capacity : totalWeight;
  const roomUnits = unit === 0n ? 0 : Number(room / unit);
  const byScore = (count + 1) * (totalValue + 1);
  const byCapital = (count + 1) * (roomUnits + 1);
  const choice = by ?? (byCapital < byScore ? 'capital' : 'score');
  if ((choice === 'score' ? byScore : byCapital) > maxCells) return null;
  const chosen =
    choice === 'score'
      ? tableOverScore(items, values, totalValue, Number(room))
      : tableOverCapital(items, values, unit === 0n ? 1n : unit, roomUnits);
  return chosen.map((index) => items[index]);
}

/**
 * least[p]: the least capital reaching a total of exactly p hundredths with the items from i on
 * (built from the last item back); takes[i] marks each p where taking item i reaches that least.
 */
function tableOverScore(
  items: readonly ScoredItem[],
  values: Int32Array,
  totalValue: number,
  room: number,
): number[] {
  const count = items.length;
  const weights = items.map((item) => Number(item.weight));
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
  const chosen: number[] = [];
  for (let i = 0, p = best; i < count && p > 0; i += 1) {
    if ((takes[i][p >> 3] & (1 << (p & 7))) === 0) continue;
    chosen.push(i);
    p -= values[i];
  }
  return chosen;
}

/**
 * most[c]: the highest total score (hundredths) of a set from the items from i on costing exactly c
 * units (built from the last item back); takes[i] marks each c where taking item i reaches it. The
 * best score's least c is the least capital; from the first item on, each is taken when it can be.
 */
function tableOverCapital(
  items: readonly ScoredItem[],
  values: Int32Array,
  unit: bigint,
  roomUnits: number,
): number[] {
  const count = items.length;
  const weights = items.map((item) => Number(item.weight / unit));
  const most = new Float64Array(roomUnits + 1).fill(Number.NEGATIVE_INFINITY);
  most[0] = 0;
  const takes: Uint8Array[] = new Array<Uint8Array>(count);
  let reachable = 0;
  for (let i = count - 1; i >= 0; i -= 1) {
    const value = values[i];
    const weight = weights[i];
    const take = new Uint8Array((roomUnits >> 3) + 1);
    reachable = Math.min(roomUnits, reachable + weight);
    for (let c = reachable; c >= weight; c -= 1) {
      const withIt = most[c - weight] + value;
      // ">=": on an equal score at equal capital, taking the earlier item is preferred.
      if (withIt >= most[c] && withIt > Number.NEGATIVE_INFINITY) {
        most[c] = withIt;
        take[c >> 3] |= 1 << (c & 7);
      }
    }
    takes[i] = take;
  }
  let spent = 0;
  for (let c = 1; c <= roomUnits; c += 1) if (most[c] > most[spent]) spent = c;
  const chosen: number[] = [];
  for (let i = 0, c = spent; i < count && c > 0; i += 1) {
    if ((takes[i][c >> 3] & (1 << (c & 7))) === 0) continue;
    chosen.push(i);
    c -= weights[i];
  }
  return chosen;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
