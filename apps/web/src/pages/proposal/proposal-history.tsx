import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import type { LogEvent } from '../../api/types';
import { Loading, ProblemMessage } from '../../components/feedback';
import { pounds, ukDate, ukDateTime, words } from '../../format';
import { useApi } from '../../session/session';

/** What each kind of event is called in the users' words; other kinds keep their type name. */
export const EVENT_TITLES: Record<string, string> = {
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
  BudgetEnvelopeSet: 'Budget envelope set',
  FundsCommitted: 'Capital committed from the envelope',
  PolicyAdopted: 'Policy adopted',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A list as people write it: "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What happened, in a sentence, from the event's own data. */
function describe(event: LogEvent): string {
  const data = event.data;
  const text = (name: string) => (typeof data[name] === 'string' ? (data[name] as string) : '');
  const reason = text('reason') ? `Reason: ${sentence(text('reason'))}` : '';
  switch (event.type) {
    case 'ProposalDrafted':
      return `“${text('title')}”, with a capital cost of ${pounds(text('capitalCost'))}.`;
    case 'ProposalAmended':
      return `Changed the ${listed(
        Object.keys((data.changes as object | undefined) ?? data)
          .filter((key) => key !== 'proposalId')
          .map((key) => lower(words(key))),
      )}.`;
    case 'ReviewRecorded':
      return `A ${lower(words(text('kind')))} review, recommending “${lower(words(text('recommendation')))}”.`;
    case 'ConflictOfInterestDeclared':
      return `Statement: ${sentence(text('statement'))}`;
    case 'ProposalApproved': {
      const snapshot = (data.snapshot ?? {}) as Record<string, unknown>;
      const tier =
        typeof snapshot.authority === 'string'
          ? ` under ${words(snapshot.authority)} authority`
          : '';
      return `Approved ${pounds(text('approvedAmount'))}${tier}. ${reason}`.trim();
    }
    case 'ProposalDeferred':
      return `${text('deferredUntil') ? `Deferred until ${ukDate(text('deferredUntil'))}. ` : ''}${reason}`.trim();
    case 'ProposalRejected':
    case 'ProposalReturned':
    case 'ProposalWithdrawn':
      return reason;
    case 'BenefitsRecorded':
      return `For ${text('period')}: a cashable saving of ${pounds(text('cashableSaving'))}.`;
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
                  <h3 className="moj-timeline__title">{EVENT_TITLES[event.type] ?? event.type}</h3>{' '}
                  <p className="moj-timeline__byline">by {event.actor.name}</p>
                </div>
                <p className="moj-timeline__date">
                  <time dateTime={event.recordedAt}>{ukDateTime(event.recordedAt)}</time>
                </p>
                <div className="moj-timeline__description">
                  {describe(event) && <p className="govuk-body">{describe(event)}</p>}
                  <p className="govuk-body-s">
                    This made version {event.version} of the proposal, at position{' '}
                    {event.position.toLocaleString('en-GB')} in the log, with the hash{' '}
                    <span className="app-hash">{event.hash}</span>.
                  </p>
                </div>
              </div>
            ))}
        </div>
      )}
    </section>
  );
}
