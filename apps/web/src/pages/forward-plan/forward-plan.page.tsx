import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import {
  DateInput,
  partsOf,
  readDate,
  type DateParts,
  type DateProblem,
} from '../../components/date-input';
import { ErrorSummary, Loading, ProblemMessage, StatusTag } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { pounds, todayIso, ukDate, words } from '../../format';
import { useApi } from '../../session/session';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Four calendar months on from a date, the span a council's forward plan usually covers. */
function fourMonthsOn(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1 + 4, day));
  // 31 October + 4 months is 31 February: keep to the last day of the month instead.
  if (date.getUTCDate() !== day) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** The key decisions the council has given notice of, by the date each is due. */
export function ForwardPlanPage() {
  usePageTitle('Forward plan');
  const api = useApi();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from = fromParam && ISO_DATE.test(fromParam) ? fromParam : todayIso();
  const to = toParam && ISO_DATE.test(toParam) ? toParam : fourMonthsOn(from);
  const plan = useQuery({
    queryKey: ['forward-plan', from, to],
    queryFn: () => api.forwardPlan(from, to),
  });
  const [range, setRange] = useState<{ from: DateParts; to: DateParts }>(() => ({
    from: partsOf(from),
    to: partsOf(to),
  }));
  const [problems, setProblems] = useState<{ from?: DateProblem; to?: DateProblem }>({});

  function show(event: FormEvent) {
    event.preventDefault();
    const readFrom = readDate(range.from, 'the first date');
    const readTo = readDate(range.to, 'the last date');
    const found: { from?: DateProblem; to?: DateProblem } = {};
    if ('empty' in readFrom)
      found.from = { parts: ['day', 'month', 'year'], message: 'Enter the first date' };
    else if ('problem' in readFrom) found.from = readFrom.problem;
    if ('empty' in readTo)
      found.to = { parts: ['day', 'month', 'year'], message: 'Enter the last date' };
    else if ('problem' in readTo) found.to = readTo.problem;
    else if ('date' in readFrom && readTo.date < readFrom.date)
      found.to = {
        parts: ['day', 'month', 'year'],
        message: 'The last date must be the same as or after the first date',
      };
    setProblems(found);
    if (found.from || found.to || !('date' in readFrom) || !('date' in readTo)) return;
    navigate(`/forward-plan?${new URLSearchParams({ from: readFrom.date, to: readTo.date })}`);
  }

  const summaryErrors = (['from', 'to'] as const).flatMap((field) => {
    const problem = problems[field];
    return problem
      ? [{ href: `#forward-plan-${field}-${problem.parts[0]}`, text: problem.message }]
      : [];
  });
  const items = plan.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">Forward plan</h1>
      <p className="govuk-body">
        Key decisions the council has given notice of, by the date each is due. A key decision needs
        a notice published at least 28 clear days before it is taken.
      </p>
      {summaryErrors.length > 0 && <ErrorSummary errors={summaryErrors} />}
      <form className="app-actions" onSubmit={show} noValidate>
        <DateInput
          id="forward-plan-from"
          legend="Decisions due from"
          value={range.from}
          onChange={(value) => setRange({ ...range, from: value })}
          problem={problems.from}
        />
        <DateInput
          id="forward-plan-to"
          legend="Up to and including"
          value={range.to}
          onChange={(value) => setRange({ ...range, to: value })}
          problem={problems.to}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Show
        </button>
      </form>

      {plan.isPending ? (
        <Loading what="the forward plan" />
      ) : plan.isError ? (
        <ProblemMessage error={plan.error} />
      ) : items.length === 0 ? (
        <p className="govuk-body" data-testid="forward-plan-empty">
          No key decision is due between {ukDate(from)} and {ukDate(to)}.
        </p>
      ) : (
        <table className="govuk-table app-table" data-testid="forward-plan">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {items.length} key {items.length === 1 ? 'decision' : 'decisions'} due from{' '}
            {ukDate(from)} to {ukDate(to)}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Decision due
              </th>
              <th scope="col" className="govuk-table__header">
                Proposal
              </th>
              <th scope="col" className="govuk-table__header">
                Decision maker
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Whole-life cost
              </th>
              <th scope="col" className="govuk-table__header">
                Notice published
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {items.map((item) => (
              <tr className="govuk-table__row" key={item.noticeId}>
                <td className="govuk-table__cell">{ukDate(item.decisionDue)}</td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" href={`/proposals/${item.proposalId}`}>
                    {item.title}
                  </Link>
                  <span className="govuk-body-s govuk-!-display-block">{item.department}</span>
                  <span className="govuk-body-s govuk-!-display-block">{item.summary}</span>
                </td>
                <td className="govuk-table__cell">{words(item.decisionMaker)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {pounds(item.wholeLifeCost)}
                </td>
                <td className="govuk-table__cell">{ukDate(item.publishedOn)}</td>
                <td className="govuk-table__cell">
                  <StatusTag status={item.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
