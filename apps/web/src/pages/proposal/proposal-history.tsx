import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import type { LogEvent } from '../../api/types';
import { Loading, ProblemMessage } from '../../components/feedback';
import { pounds, ukDateTime, words } from '../../format';
import { useApi } from '../../session/session';

const TITLES: Record<string, string> = {
  ProposalDrafted: 'Drafted',
  ProposalAmended: 'Business case amended',
  ProposalSubmitted: 'Submitted to the board',
  ReviewRecorded: 'Review recorded',
  ConflictOfInterestDeclared: 'Conflict of interest declared',
  ProposalReturned: 'Returned for revision',
  ProposalWithdrawn: 'Withdrawn',
  ProposalApproved: 'Approved',
  ProposalRejected: 'Rejected',
  ProposalDeferred: 'Deferred',
  BenefitsRecorded: 'Benefits recorded',
};

/** What happened, in a sentence, from the event's own data. */
function describe(event: LogEvent): string {
  const data = event.data;
  const text = (name: string) => (typeof data[name] === 'string' ? (data[name] as string) : '');
  switch (event.type) {
    case 'ProposalDrafted':
      return `${text('title')}: capital ${pounds(text('capitalCost'))}`;
    case 'ProposalAmended':
      return `Changed: ${Object.keys((data.changes as object | undefined) ?? data)
        .filter((key) => key !== 'proposalId')
        .map(words)
        .join(', ')}`;
    case 'ReviewRecorded':
      return `${words(text('kind'))} review: ${words(text('recommendation'))}`;
    case 'ConflictOfInterestDeclared':
      return text('statement');
    case 'ProposalApproved': {
      const snapshot = (data.snapshot ?? {}) as Record<string, unknown>;
      const tier =
        typeof snapshot.authority === 'string' ? ` under ${words(snapshot.authority)}` : '';
      return `${pounds(text('approvedAmount'))}${tier}: ${text('reason')}`;
    }
    case 'ProposalRejected':
    case 'ProposalDeferred':
    case 'ProposalReturned':
    case 'ProposalWithdrawn':
      return text('reason');
    case 'BenefitsRecorded':
      return `${text('period')}: cashable ${pounds(text('cashableSaving'))}`;
    default:
      return '';
  }
}

/** MoJ timeline of the proposal's events: who, when, what, and where each sits in the hash chain. */
export function ProposalHistory({
  id,
  upToVersion,
}: {
  readonly id: string;
  readonly upToVersion?: number;
}) {
  const api = useApi();
  const history = useQuery({ queryKey: ['history', id], queryFn: () => api.history(id) });
  return (
    <section aria-labelledby="history-heading">
      <h2 className="govuk-heading-m" id="history-heading">
        History
      </h2>
      {history.isPending && <Loading what="the history" />}
      {history.isError &&
        (history.error instanceof ApiError && history.error.status === 403 ? (
          <p className="govuk-body">Your role cannot read the history.</p>
        ) : (
          <ProblemMessage error={history.error} />
        ))}
      {history.data && (
        <div className="moj-timeline">
          {[...history.data.events]
            .filter((event) => upToVersion === undefined || event.version <= upToVersion)
            .reverse()
            .map((event) => (
              <div className="moj-timeline__item" key={event.eventId}>
                <div className="moj-timeline__header">
                  <h3 className="moj-timeline__title">{TITLES[event.type] ?? event.type}</h3>
                  <p className="moj-timeline__byline">by {event.actor.name}</p>
                </div>
                <p className="moj-timeline__date">
                  <time dateTime={event.recordedAt}>{ukDateTime(event.recordedAt)}</time>
                </p>
                <div className="moj-timeline__description">
                  {describe(event) && <p className="govuk-body">{describe(event)}</p>}
                  <p className="govuk-body-s">
                    Version {event.version}, log position {event.position}. Hash{' '}
                    <span className="app-hash">{event.hash}</span>
                  </p>
                </div>
              </div>
            ))}
        </div>
      )}
    </section>
  );
}
