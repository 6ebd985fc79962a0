import type { Proposal, Readiness } from '../../api/types';
import { pounds, words } from '../../format';

export interface Check {
  readonly passed: boolean;
  readonly text: string;
}

type Blocker = Readiness['blockers'][number];

/**
 * The ledger's own readiness, in sentences. Whether a check passes is never worked out here: it
 * fails exactly when the ledger names a blocker for it, and the blocker's message is what it says,
 * so the page cannot disagree with what the decision would answer.
 */
export function readinessChecks(proposal: Proposal): Check[] {
  const { readiness } = proposal;
  const blockers = [...readiness.blockers];
  const take = (...codes: string[]): Blocker[] => {
    const taken = blockers.filter((blocker) => codes.includes(blocker.code));
    for (const blocker of taken) blockers.splice(blockers.indexOf(blocker), 1);
    return taken;
  };
  const failed = (taken: Blocker[]): Check[] =>
    taken.map((blocker) => ({ passed: false, text: blocker.message }));
  const checks: Check[] = [...failed(take('not-submitted'))];

  const reviews = take('review-kind-missing');
  checks.push(
    ...(reviews.length > 0
      ? failed(reviews)
      : [{ passed: true, text: 'Every kind of review the policy requires is recorded' }]),
  );
  const tier = take('tier-limit-exceeded');
  checks.push(
    ...(tier.length > 0 || readiness.tierNeeded === null
      ? failed(tier)
      : [
          {
            passed: true,
            text: `The whole-life cost, ${pounds(proposal.appraisal.wholeLifeCost)}, needs a decision at ${words(readiness.tierNeeded)} level or above`,
          },
        ]),
  );
  const envelope = take('envelope-exceeded', 'no-envelope');
  checks.push(
    ...(envelope.length > 0 || readiness.envelopeRemaining === null
      ? failed(envelope)
      : [
          {
            passed: true,
            text: `${pounds(readiness.envelopeRemaining)} of the ${proposal.fiscalYear} capital envelope remains, enough for the capital cost of ${pounds(proposal.capitalCost)}`,
          },
        ]),
  );
  // Codes this page does not know yet still refuse an approval: say so in the ledger's words.
  checks.push(...failed(blockers));
  for (const field of readiness.reasonsRequired) {
    checks.push({ passed: false, text: `An approval must give ${words(field)}` });
  }
  return checks;
}
