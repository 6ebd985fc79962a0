import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProposalSummary } from '../../api/types';
import { Loading, ProblemMessage } from '../../components/feedback';
import { words } from '../../format';
import { useApi } from '../../session/session';
import { governanceChecks } from '../proposal/governance-checks';

/**
 * A proposal's reviews, declared conflicts and approval checks, read when the board member opens
 * them: the pack itself stays one request per hundred proposals however long the agenda.
 */
export function PackDetails({ summary }: { readonly summary: ProposalSummary }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const proposal = useQuery({
    queryKey: ['proposal', summary.id, 'now'],
    queryFn: () => api.proposal(summary.id),
    enabled: open,
  });
  const policy = useQuery({ queryKey: ['policy'], queryFn: api.policy, enabled: open });
  const budget = useQuery({
    queryKey: ['budget', summary.fiscalYear],
    queryFn: () => api.budget(summary.fiscalYear),
    enabled: open,
  });
  return (
    <details
      className="govuk-details govuk-!-margin-bottom-0 govuk-!-margin-top-2"
      onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}
    >
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Reviews, conflicts and checks</span>
      </summary>
      <div className="govuk-details__text">
        {proposal.isPending && open && <Loading what="the reviews" />}
        {proposal.isError && <ProblemMessage error={proposal.error} />}
        {proposal.data && (
          <>
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Reviews</h3>
            {proposal.data.reviews.length === 0 ? (
              <p className="govuk-body-s">None yet.</p>
            ) : (
              <ul className="govuk-list govuk-body-s">
                {proposal.data.reviews.map((review) => (
                  <li key={review.reviewId}>
                    {words(review.kind)}, {review.reviewer.name}:{' '}
                    <strong>{words(review.recommendation)}</strong>
                    {(!review.current || review.withdrawnByConflict) && ' (no longer counts)'}
                  </li>
                ))}
              </ul>
            )}
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Conflicts of interest</h3>
            <p className="govuk-body-s">
              {proposal.data.conflicts.length === 0
                ? 'None declared.'
                : proposal.data.conflicts.map((conflict) => conflict.person.name).join(', ')}
            </p>
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Checks for an approval</h3>
            <ul className="govuk-list govuk-body-s">
              {governanceChecks(proposal.data, policy.data, budget.data).checks.map((check) => (
                <li key={check.text}>
                  {check.passed ? 'Met' : 'Not met'}: {check.text}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </details>
  );
}
