import { fromPence, toPence } from '../../format';

/**
 * The budget cut by a percentage (up to two decimals), to the penny below: exact in pence, so a cut
 * of 15% from £760,000.00 is £646,000.00, never £645,999.99 from a float.
 */
export function cutBudget(budget: string, percent: number): string {
  return fromPence((toPence(budget) * BigInt(Math.round((100 - percent) * 100))) / 10000n);
}
