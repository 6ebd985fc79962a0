import { wholeLifeCost } from '../appraisal/appraisal';
import { assertCapitalAvailable, BudgetState, remainingCapital } from '../budget/budget.decider';
import { DomainError } from '../domain.errors';
import { Money } from '../money';
import { DelegationTier, Policy } from '../policy/policy.decider';
import { assertBusinessCaseComplete, nextStage, stageAtSubmission } from './business-case';
import { assertDecidable, assertTierCovers, missingReviewKinds } from './proposal.decider';
import { ReviewKindMissing } from './proposal.errors';
import { keyDecisionRefusal } from './key-decision';
import { CRITERIA, Criterion, ReviewKind, Scores } from './proposal.events';
import { Proposal } from './proposal.state';
import { needsSplitSpendReason, SplitSpend } from './split-spend';

/** The refusals an approval could meet now; each code is the problem type the decision would answer. */
export const BLOCKER_CODES = [
  'not-submitted',
  'review-kind-missing',
  'tier-limit-exceeded',
  'no-envelope',
  'envelope-exceeded',
  'business-case-incomplete',
  'key-decision-notice-required',
] as const;
export type BlockerCode = (typeof BLOCKER_CODES)[number];

export interface Blocker {
  readonly code: BlockerCode;
  readonly message: string;
}

/** Body fields a wave-2 approval may need (split spend, departures, urgency). */
export type ReasonField = 'splitSpendReason' | 'departureReason' | 'urgency';

export interface Readiness {
  readonly missingReviewKinds: readonly ReviewKind[];
  /** The lowest delegation tier whose limit covers the whole-life cost; null when none does. */
  readonly tierNeeded: string | null;
  /** What is left of the fiscal year's capital envelope; null when no envelope is set. */
  readonly envelopeRemaining: Money | null;
  readonly blockers: readonly Blocker[];
  readonly reasonsRequired: readonly ReasonField[];
}

const FINAL_STATUSES: readonly string[] = ['approved', 'rejected', 'withdrawn'];

/**
 * What would refuse an approval of the whole capital cost now, by a board member free of conflicts
 * who holds the tier needed. Each check is the decider's own, so a proposal read as ready is one the
 * decider approves.
 *
 * `budget` is the budget stream of the proposal's fiscal year; `now` the instant an approval would
 * be taken at (key-decision notice is counted in clear days before it), when the caller knows it;
 * `splitSpend` its related proposals (null while the policy's split-spend checks are off).
 */
export function proposalReadiness(
  proposal: Proposal,
  policy: Policy,
  budget: BudgetState,
  now?: string,
  splitSpend: SplitSpend | null = null,
): Readiness {
  const cost = wholeLifeCost(proposal);
  const tier = lowestSufficientTier(policy, cost);
  const missing = missingReviewKinds(proposal, policy);
  // The stage a submission now would be at; a gate (SOC, OBC) commits no funds, so neither the
  // envelope nor the key-decision rule applies to its approval.
  // A submitted proposal's stage is the one its submission fixed.
  const stage =
    proposal.status === 'submitted' && proposal.caseStage !== null
      ? proposal.caseStage
      : stageAtSubmission(proposal, policy);
  const gate = nextStage(stage) !== null;
  const keyDecision = now === undefined || gate ? null : keyDecisionRefusal(proposal, policy, now);
  const readiness = {
    missingReviewKinds: missing,
    tierNeeded: tier?.authority ?? null,
    envelopeRemaining: budget.status === 'set' ? remainingCapital(budget) : null,
    reasonsRequired: [
      ...(keyDecision ? (['urgency'] as const) : []),
      ...(needsSplitSpendReason(splitSpend) ? (['splitSpendReason'] as const) : []),
    ] as ReasonField[],
  };
  const notSubmitted = refusal('not-submitted', () => assertDecidable(proposal));
  // A closed proposal can never be approved, so the other checks would only be noise.
  if (FINAL_STATUSES.includes(proposal.status)) return { ...readiness, blockers: [notSubmitted!] };

  const blockers: (Blocker | null)[] = [
    notSubmitted,
    proposal.status === 'submitted'
      ? null
      : refusal('business-case-incomplete', () =>
          assertBusinessCaseComplete(proposal.businessCase, stage, policy),
        ),
    missing.length > 0
      ? refusal('review-kind-missing', () => {
          throw new ReviewKindMissing(missing);
        })
      : null,
    tier ? null : noTierCovers(policy, cost),
    gate
      ? null
      : refusal(budget.status === 'set' ? 'envelope-exceeded' : 'no-envelope', () =>
          assertCapitalAvailable(budget, proposal.fiscalYear, proposal.capitalCost),
        ),
    keyDecision ? { code: 'key-decision-notice-required', message: keyDecision.message } : null,
  ];
  return { ...readiness, blockers: blockers.filter((blocker) => blocker !== null) };
}

/** Ready: submitted, and nothing would refuse its approval now. */
export function isReady(proposal: Proposal, readiness: Readiness): boolean {
  return proposal.status === 'submitted' && readiness.blockers.length === 0;
}

export function lowestSufficientTier(policy: Policy, cost: Money): DelegationTier | null {
  const covering = policy.delegation.filter(
    (tier) => tier.upTo === null || !cost.isGreaterThan(tier.upTo),
  );
  if (covering.length === 0) return null;
  return covering.reduce((lowest, tier) =>
    lowest.upTo === null || (tier.upTo !== null && tier.upTo.isLessThan(lowest.upTo))
      ? tier
      : lowest,
  );
}

function noTierCovers(policy: Policy, cost: Money): Blocker {
  // With no tier covering the cost every tier has a limit, so the highest one says how far they go.
  const highest = policy.delegation.reduce((a, b) => (b.upTo!.isGreaterThan(a.upTo!) ? b : a));
  const error = refusal('tier-limit-exceeded', () => assertTierCovers(highest, cost));
  return {
    code: 'tier-limit-exceeded',
    message: `No delegation tier of the policy in force may approve it. ${error!.message}`,
  };
}

function refusal(code: BlockerCode, check: () => void): Blocker | null {
  // Only the refusal's message is kept, so V8 need not capture a stack for it: that capture was the
  // largest single cost of reading a proposal (issue 20). A fault that is not a refusal is re-run
  // with stacks on, so it still propagates with its own.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return { code, message: error.message };
    Error.stackTraceLimit = limit;
    check();
    throw error;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export interface CriterionScore {
  readonly criterion: Criterion;
  /** Mean of the counted reviews' scores, 0-5, to 4 decimals; null without reviews. */
  readonly meanScore: number | null;
  readonly weight: number;
  /** Points of the 0-100 weighted score this criterion gives; they sum to it exactly. */
  readonly contribution: number | null;
}

export interface ScoreBreakdown {
  readonly reviewsCounted: number;
  readonly criteria: readonly CriterionScore[];
}

/**
 * How `weightedScore` (0-100, 2 decimals) is made: each criterion's mean, weighted by the policy and
 * scaled from 0-5. Contributions are rounded to hundredths and the rounding is given to the largest
 * remainders, so a reader adding them up gets the weighted score, not a penny's worth off.
 */
export function scoreBreakdown(
  reviews: readonly { readonly scores: Scores }[],
  weights: Readonly<Record<Criterion, number>>,
): ScoreBreakdown {
  const totalWeight = CRITERIA.reduce((sum, criterion) => sum + weights[criterion], 0);
  const means = CRITERIA.map((criterion) =>
    reviews.length === 0
      ? null
      : reviews.reduce((total, review) => total + review.scores[criterion], 0) / reviews.length,
  );
  if (reviews.length === 0 || totalWeight <= 0) {
    return {
      reviewsCounted: reviews.length,
      criteria: CRITERIA.map((criterion, index) => ({
        criterion,
        meanScore: means[index] === null ? null : round(means[index]!, 4),
        weight: weights[criterion],
        contribution: null,
      })),
    };
  }
  const raw = CRITERIA.map(
    (criterion, index) => ((weights[criterion] * means[index]!) / totalWeight) * 20 * 100,
  );
  const weighted = CRITERIA.reduce(
    (sum, criterion, index) => sum + weights[criterion] * means[index]!,
    0,
  );
  // The same arithmetic as weightedScore, so the target is exactly its hundredths.
  const target = Math.round((weighted / totalWeight) * 20 * 100);
  const hundredths = raw.map((value) => Math.round(value));
  let shortfall = target - hundredths.reduce((sum, value) => sum + value, 0);
  while (shortfall !== 0) {
    const step = Math.sign(shortfall);
    let pick = 0;
    for (let index = 1; index < raw.length; index += 1) {
      const error = (raw[index] - hundredths[index]) * step;
      if (error > (raw[pick] - hundredths[pick]) * step) pick = index;
    }
    hundredths[pick] += step;
    shortfall -= step;
  }
  return {
    reviewsCounted: reviews.length,
    criteria: CRITERIA.map((criterion, index) => ({
      criterion,
      meanScore: round(means[index]!, 4),
      weight: weights[criterion],
      contribution: hundredths[index] / 100,
    })),
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
