import type { Budget, Policy, Proposal } from '../../api/types';
import { fromPence, pounds, toPence, words } from '../../format';

export interface Check {
  readonly passed: boolean;
  readonly text: string;
}

export interface GovernanceChecks {
  /** 'ledger': the server's own readiness; 'page': worked out here from fields the page has. */
  readonly source: 'ledger' | 'page';
  readonly checks: readonly Check[];
  readonly tierNeeded: string | null;
}

function blockerText(blocker: string | { readonly code?: string; readonly message?: string }) {
  return typeof blocker === 'string' ? blocker : (blocker.message ?? blocker.code ?? '');
}

/**
 * The rules that would refuse an approval now. The ledger's `readiness` is used when the server
 * sends it; otherwise the page states the three it can check from the proposal, the policy in force
 * and the year's budget, and says that it did.
 */
export function governanceChecks(
  proposal: Proposal,
  policy: Policy | undefined,
  budget: Budget | undefined,
): GovernanceChecks {
  const readiness = proposal.readiness;
  if (readiness) {
    const checks: Check[] = [];
    checks.push(
      readiness.missingReviewKinds.length === 0
        ? { passed: true, text: 'Every required kind of review is recorded' }
        : {
            passed: false,
            text: `Missing reviews: ${readiness.missingReviewKinds.map(words).join(', ')}`,
          },
    );
    checks.push(
      readiness.tierNeeded
        ? {
            passed: true,
            text: `Needs a decision at ${words(readiness.tierNeeded)} level or above`,
          }
        : { passed: false, text: 'No delegation tier covers the whole-life cost' },
    );
    if (readiness.envelopeRemaining !== null) {
      const fits = toPence(readiness.envelopeRemaining) >= toPence(proposal.capitalCost);
      checks.push({
        passed: fits,
        text: `${pounds(readiness.envelopeRemaining)} of the ${proposal.fiscalYear} capital envelope remains`,
      });
    } else {
      checks.push({ passed: false, text: `No capital envelope is set for ${proposal.fiscalYear}` });
    }
    for (const blocker of readiness.blockers) {
      const text = blockerText(blocker);
      if (text && !checks.some((check) => check.text === text))
        checks.push({ passed: false, text });
    }
    for (const field of readiness.reasonsRequired ?? []) {
      checks.push({ passed: false, text: `An approval must give ${words(field)}` });
    }
    return { source: 'ledger', checks, tierNeeded: readiness.tierNeeded };
  }

  const checks: Check[] = [];
  const required = policy?.requiredReviewKinds ?? ['financial', 'technical'];
  const counted = new Set(
    proposal.reviews
      .filter((review) => review.current && !review.withdrawnByConflict)
      .map((review) => review.kind),
  );
  const missing = required.filter((kind) => !counted.has(kind));
  checks.push(
    missing.length === 0
      ? { passed: true, text: `Reviews recorded: ${required.map(words).join(', ')}` }
      : { passed: false, text: `Missing reviews: ${missing.map(words).join(', ')}` },
  );
  const cost = toPence(proposal.appraisal.wholeLifeCost);
  const tier =
    policy?.delegation.find((level) => level.upTo === null || toPence(level.upTo) >= cost) ?? null;
  checks.push(
    tier
      ? {
          passed: true,
          text: `Whole-life cost ${pounds(proposal.appraisal.wholeLifeCost)} needs ${words(tier.authority)} level or above`,
        }
      : { passed: false, text: 'No delegation tier covers the whole-life cost' },
  );
  const remaining = remainingOf(budget);
  if (remaining === null) {
    checks.push({ passed: false, text: `No capital envelope is set for ${proposal.fiscalYear}` });
  } else {
    const fits = remaining >= toPence(proposal.capitalCost);
    checks.push({
      passed: fits,
      text: `${pounds(fromPence(remaining))} of the ${proposal.fiscalYear} capital envelope remains${fits ? '' : `: not enough for ${pounds(proposal.capitalCost)}`}`,
    });
  }
  return { source: 'page', checks, tierNeeded: tier?.authority ?? null };
}

function remainingOf(budget: Budget | undefined): bigint | null {
  if (!budget) return null;
  if (typeof budget.remainingCapital === 'string') return toPence(budget.remainingCapital);
  if (budget.capitalEnvelope === null || budget.capitalEnvelope === undefined) return null;
  const committed =
    typeof budget.committedCapital === 'string' ? toPence(budget.committedCapital) : 0n;
  return toPence(budget.capitalEnvelope) - committed;
}
