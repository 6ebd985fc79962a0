import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProposalSummary } from '../../api/types';
import { Loading, ProblemMessage } from '../../components/feedback';
import { words } from '../../format';
import { useApi } from '../../session/session';
import { readinessChecks } from '../proposal/readiness';

/**
 * A proposal's reviews, declared conflicts and the ledger's approval checks, read when the board
 * member opens them: the pack itself stays one request per hundred proposals however long the agenda.
 */
export function PackDetails({ summary }: { readonly summary: ProposalSummary }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const proposal = useQuery({
    queryKey: ['proposal', summary.id, 'now'],
    queryFn: () => api.proposal(summary.id),
    enabled: open,
  });
  return (
    <details
      className="govuk-details govuk-!-margin-bottom-0"
      onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}
    >
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Reviews, conflicts and checks
          <span className="govuk-visually-hidden"> for {summary.title}</span>
        </span>
      </summary>
      <div className="govuk-details__text">
        {proposal.isPending && open && <Loading what="the reviews" />}
        {proposal.isError && <ProblemMessage error={proposal.error} />}
        {proposal.data && (
          <div className="app-pack-details">
            <div>
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
            </div>
            <div>
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Conflicts of interest</h3>
              <p className="govuk-body-s">
                {proposal.data.conflicts.length === 0
                  ? 'None declared.'
                  : proposal.data.conflicts.map((conflict) => conflict.person.name).join(', ')}
              </p>
            </div>
            <div>
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Checks for an approval</h3>
              <ul className="govuk-list govuk-body-s">
                {readinessChecks(proposal.data).map((check) => (
                  <li key={check.text}>
                    <strong
                      className={`govuk-tag govuk-tag--${check.passed ? 'green' : 'red'} app-tag-s`}
                    >
                      {check.passed ? 'Met' : 'Not met'}
                    </strong>{' '}
                    {check.text}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
      </div>
    </details>
  );
}
