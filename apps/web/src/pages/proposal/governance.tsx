import { useQueries } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Proposal } from '../../api/types';
import { SummaryList } from '../../components/feedback';
import { pounds, ukDate, ukDateTime, words } from '../../format';
import { useApi } from '../../session/session';
import { STAGE_NAMES } from './stages';

/**
 * Wave 2's governance as the ledger answers it: the business case stage and its gates, whether the
 * decision is a key one (and its notices), and the proposals it may be split from. Each part shows
 * only when the ledger gives it, so a ledger before wave 2 reads as it did.
 */
export function Governance({ proposal }: { readonly proposal: Proposal }) {
  return (
    <>
      <CaseStage proposal={proposal} />
      <KeyDecision proposal={proposal} />
      <SplitSpend proposal={proposal} />
    </>
  );
}

function CaseStage({ proposal }: { readonly proposal: Proposal }) {
  const { caseStage, stageHistory = [] } = proposal;
  if (caseStage === undefined) return null;
  return (
    <section aria-labelledby="stage-heading">
      <h2 className="govuk-heading-m" id="stage-heading">
        Business case stage
      </h2>
      {caseStage === null ? (
        <p className="govuk-body">The stage is fixed when the proposal is first submitted.</p>
      ) : (
        <p className="govuk-body">
          <strong className="govuk-tag govuk-tag--blue">{caseStage}</strong>{' '}
          {capitalised(STAGE_NAMES[caseStage])}
        </p>
      )}
      <BusinessCaseSections proposal={proposal} />
      {stageHistory.length > 0 && (
        <div className="moj-timeline" data-testid="stage-history">
          {[...stageHistory].reverse().map((entry) => (
            <div className="moj-timeline__item" key={`${entry.stage}${entry.enteredAt}`}>
              <div className="moj-timeline__header">
                <h3 className="moj-timeline__title">
                  {entry.gate
                    ? `Passed the gate from ${entry.gate.from} to ${entry.stage}`
                    : `Entered at ${entry.stage}`}
                </h3>
                {entry.gate && (
                  <>
                    {' '}
                    <p className="moj-timeline__byline">by {entry.gate.decidedBy.name}</p>
                  </>
                )}
              </div>
              <p className="moj-timeline__date">
                <time dateTime={entry.enteredAt}>{ukDateTime(entry.enteredAt)}</time>
              </p>
              <div className="moj-timeline__description">
                {entry.gate ? (
                  <>
                    <p className="govuk-body app-pre-wrap">{entry.gate.reason}</p>
                    {entry.gate.meetingRef && (
                      <p className="govuk-body-s">Meeting {entry.gate.meetingRef}</p>
                    )}
                    {(entry.gate.conditions ?? []).length > 0 && (
                      <ul className="govuk-list govuk-list--bullet">
                        {entry.gate.conditions?.map((condition) => (
                          <li key={condition}>{condition}</li>
                        ))}
                      </ul>
                    )}
                  </>
                ) : (
                  <p className="govuk-body">
                    Fixed by the first submission, under the policy then in force.
                  </p>
                )}
              </div>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

const SECTIONS = ['strategic', 'economic', 'commercial', 'financial', 'management'] as const;

/** The five cases of the Green Book model, as the proposer wrote them; blank ones say so. */
function BusinessCaseSections({ proposal }: { readonly proposal: Proposal }) {
  const sections = proposal.businessCase;
  if (!sections || SECTIONS.every((name) => !sections[name]?.trim())) return null;
  return (
    <SummaryList
      rows={SECTIONS.map((name) => [
        `${capitalised(name)} case`,
        sections[name]?.trim() ? (
          <span className="app-pre-wrap">{sections[name]}</span>
        ) : (
          'Not written yet'
        ),
      ])}
    />
  );
}

function KeyDecision({ proposal }: { readonly proposal: Proposal }) {
  const key = proposal.keyDecision;
  if (!key) return null;
  return (
    <section aria-labelledby="key-decision-heading">
      <h2 className="govuk-heading-m" id="key-decision-heading">
        Key decision
      </h2>
      <p className="govuk-body">
        {key.required
          ? 'This is a key decision: approving or rejecting it needs a notice published 28 clear days before, or an urgency procedure.'
          : 'This is not a key decision: no notice is needed.'}
      </p>
      {key.notices.length === 0 ? (
        key.required && <p className="govuk-body">No notice has been published.</p>
      ) : (
        <table className="govuk-table app-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            Notices published
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Published
              </th>
              <th scope="col" className="govuk-table__header">
                Decision due
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Clear days
              </th>
              <th scope="col" className="govuk-table__header">
                Decision maker
              </th>
              <th scope="col" className="govuk-table__header">
                Summary
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {key.notices.map((notice) => (
              <tr className="govuk-table__row" key={notice.noticeId}>
                <td className="govuk-table__cell">{ukDate(notice.publishedOn)}</td>
                <td className="govuk-table__cell">{ukDate(notice.decisionDue)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {notice.clearDaysBeforeDue}
                </td>
                <td className="govuk-table__cell">{words(notice.decisionMaker)}</td>
                <td className="govuk-table__cell">
                  {notice.summary}
                  <span className="govuk-body-s govuk-!-display-block">
                    Published by {notice.publishedBy.name}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SplitSpend({ proposal }: { readonly proposal: Proposal }) {
  const api = useApi();
  const split = proposal.splitSpend;
  const related = useQueries({
    queries: (split?.related ?? []).map((id) => ({
      queryKey: ['proposal', id, 'now'],
      queryFn: () => api.proposal(id),
    })),
  });
  if (!split) return null;
  if (split.related.length === 0) {
    return (
      <section aria-labelledby="split-spend-heading">
        <h2 className="govuk-heading-m" id="split-spend-heading">
          Related spend
        </h2>
        <p className="govuk-body">
          No other proposal is related: none shares its programme, or its department and category
          within the policy&apos;s window.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="split-spend-heading">
      <h2 className="govuk-heading-m" id="split-spend-heading">
        Related spend
      </h2>
      <SummaryList
        rows={[
          [
            'Related proposals',
            <ul className="govuk-list">
              {split.related.map((id, index) => (
                <li key={id}>
                  <Link className="govuk-link" href={`/proposals/${id}`}>
                    {related[index]?.data?.title ?? `Proposal ${id}`}
                  </Link>
                  {related[index]?.data &&
                    ` (${pounds(related[index].data.appraisal.wholeLifeCost)})`}
                </li>
              ))}
            </ul>,
          ],
          ['Combined whole-life cost', pounds(split.combinedWholeLifeCost)],
          [
            'Crosses a delegation tier',
            split.crossesTier
              ? `Yes: together they exceed the ${words(split.crossesTier).toLowerCase()} limit`
              : 'No',
          ],
          [
            'Crosses the key-decision threshold',
            split.crossesKeyDecision ? 'Yes: together they make a key decision' : 'No',
          ],
        ]}
      />
    </section>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
