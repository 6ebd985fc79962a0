import { Command } from '../actor';

export type AdoptPolicy = Command<
  'AdoptPolicy',
  {
    readonly delegation: readonly { readonly authority: string; readonly upTo: string | null }[];
    readonly requiredReviewKinds: readonly string[];
    readonly criteriaWeights: Readonly<Record<string, number>>;
    /** A decimal string; "0.035" when absent. The HTTP layer turns a JSON number into its string. */
    readonly discountRate?: string;
    /** Whole-life cost above which proposals go through SOC, OBC and FBC; null or absent: off. */
    readonly fullBusinessCaseAbove?: string | null;
    /** Money, or null (the default) for no key decisions. */
    readonly keyDecisionThreshold?: string | null;
    /** 1-730 or null (split-spend checks off); absent reads as null. */
    readonly splitSpendWindowDays?: number | null;
    /** False when absent: revenue costs are committed but never refuse an approval. */
    readonly enforceRevenueEnvelope?: boolean;
  }
>;

export type PolicyCommand = AdoptPolicy;
