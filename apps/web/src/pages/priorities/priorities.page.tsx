import { useQuery } from '@tanstack/react-query';
import { FiscalYearSelect } from '../../components/fiscal-year-select';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { Priorities, RankedProposal } from '../../api/types';
import { CsvDownload } from '../../components/csv-download';
import { Loading, ProblemMessage, SummaryList } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { decimal, fiscalYearOf, fromPence, pounds, toPence } from '../../format';
import { useApi } from '../../session/session';

/**
 * Why a proposal is out of an exact optimum: either it does not fit in what the selection leaves,
 * or adding it would not raise the total score (a scenario's forced choice gives its own reason).
 */
function exclusionReason(proposal: RankedProposal, priorities: Priorities): string {
  // The ledger's own words for a scenario's forced choice; the rest read the same in the page's words.
  const given = proposal.explanation?.reason;
  if (given?.startsWith('forced ')) return given.charAt(0).toUpperCase() + given.slice(1);
  const left = toPence(priorities.budget) - toPence(priorities.selection.totalCapital);
  const needs = toPence(proposal.capitalCost);
  if (needs > left) {
    return `Needs ${pounds(proposal.capitalCost)}; ${pounds(fromPence(left > 0n ? left : 0n))} of the budget is left after the selection.`;
  }
  if (!proposal.weightedScore)
    return 'Has no score yet (no current reviews), so it adds nothing to the total.';
  return 'A higher total score fits without it.';
}

export function PrioritiesPage() {
  usePageTitle('Priorities');
  const api = useApi();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const fiscalYear = params.get('fiscalYear') ?? fiscalYearOf(new Date());
  const budget = params.get('budget') ?? undefined;
  const priorities = useQuery({
    queryKey: ['priorities', fiscalYear, budget ?? 'envelope'],
    queryFn: () => api.priorities(fiscalYear, budget),
  });
  const [choice, setChoice] = useState({ fiscalYear, budget: budget ?? '' });
  const [budgetError, setBudgetError] = useState<string | null>(null);

  function show(event: FormEvent) {
    event.preventDefault();
    // The field holds a plain number; pounds signs and commas pasted in are dropped, not kept.
    const typed = choice.budget.replace(/[£,\s]/g, '');
    if (typed && !/^\d+(\.\d{1,2})?$/.test(typed)) {
      setBudgetError('Enter the budget as a number of pounds, such as 450000');
      return;
    }
    setBudgetError(null);
    setChoice({ ...choice, budget: typed });
    const next = new URLSearchParams({ fiscalYear: choice.fiscalYear });
    if (typed) next.set('budget', typed);
    navigate(`/priorities?${next}`);
  }

  const data = priorities.data;
  const selected = data?.ranking.filter((row) => row.selected) ?? [];
  const excluded = data?.ranking.filter((row) => !row.selected) ?? [];

  return (
    <>
      <span className="govuk-caption-l">Fiscal year {fiscalYear}</span>
      <h1 className="govuk-heading-l">Priorities</h1>
      <p className="govuk-body">
        The proposals awaiting decision, ranked by weighted score, and the set with the highest
        total score whose capital fits the budget, statutory proposals first. The selection is an
        exact optimum from a solver, not a greedy ranking: a lower-ranked proposal can be in it when
        it fits and a higher one does not.
      </p>
      <form className="app-actions" onSubmit={show} noValidate>
        <FiscalYearSelect
          id="priorities-year"
          value={choice.fiscalYear}
          onChange={(fiscalYear) => setChoice({ ...choice, fiscalYear })}
        />
        <div className={`govuk-form-group${budgetError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="priorities-budget">
            Budget in pounds
          </label>
          <div className="govuk-hint" id="priorities-budget-hint">
            A number of pounds, such as 450000. Leave empty to use what remains of the capital
            envelope
          </div>
          {budgetError && (
            <p className="govuk-error-message" id="priorities-budget-error">
              <span className="govuk-visually-hidden">Error:</span> {budgetError}
            </p>
          )}
          <div className="govuk-input__wrapper">
            <div className="govuk-input__prefix" aria-hidden="true">
              £
            </div>
            <input
              className={`govuk-input govuk-input--width-10${budgetError ? ' govuk-input--error' : ''}`}
              id="priorities-budget"
              inputMode="decimal"
              spellCheck={false}
              aria-describedby={`priorities-budget-hint${budgetError ? ' priorities-budget-error' : ''}`}
              value={choice.budget}
              onChange={(event) => setChoice({ ...choice, budget: event.target.value })}
            />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Select within this budget
        </button>
      </form>
      {priorities.isPending && <Loading what="the priorities" />}
      {priorities.isError && <ProblemMessage error={priorities.error} />}
      {data && (
        <>
          <h2 className="govuk-heading-m">Selection</h2>
          <SummaryList
            rows={[
              [
                'Budget',
                `${pounds(data.budget)}${data.budgetSource === 'remaining-envelope' ? ' (what remains of the capital envelope)' : ''}`,
              ],
              ['Selected', `${selected.length} of ${data.ranking.length} proposals`],
              ['Capital of the selection', pounds(data.selection.totalCapital)],
              ['Of which statutory', pounds(data.selection.statutoryCapital)],
              ['Total weighted score', decimal(data.selection.totalScore, 1)],
              [
                'Left unallocated',
                pounds(fromPence(toPence(data.budget) - toPence(data.selection.totalCapital))),
              ],
            ]}
          />
          <CsvDownload
            label="Download the ranking, with the selection"
            fetchFile={() => api.csvFile('/portfolio/priorities', { fiscalYear, budget })}
          />
          <RankingTable
            caption="Ranking, with the selection"
            rows={data.ranking}
            priorities={data}
          />
          {excluded.length > 0 && (
            <>
              <h2 className="govuk-heading-m">Not selected, and why</h2>
              <ul className="govuk-list govuk-list--bullet">
                {excluded.map((row) => (
                  <li key={row.id}>
                    <Link className="govuk-link" href={`/proposals/${row.id}`}>
                      {row.title}
                    </Link>{' '}
                    ({pounds(row.capitalCost)}, score {decimal(row.weightedScore, 1)}):{' '}
                    {exclusionReason(row, data)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}

function RankingTable({
  caption,
  rows,
  priorities,
}: {
  readonly caption: string;
  readonly rows: readonly RankedProposal[];
  readonly priorities: Priorities;
}) {
  return (
    <table className="govuk-table app-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Rank
          </th>
          <th scope="col" className="govuk-table__header">
            Proposal
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Weighted score
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Capital
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            NPV
          </th>
          <th scope="col" className="govuk-table__header">
            In the selection
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.id}>
            <td className="govuk-table__cell govuk-table__cell--numeric">{row.rank}</td>
            <td className="govuk-table__cell">
              <Link className="govuk-link" href={`/proposals/${row.id}`}>
                {row.title}
              </Link>
              <br />
              <span className="govuk-body-s">{row.department}</span>
              {row.statutory && (
                <>
                  {' '}
                  <strong className="moj-badge moj-badge--purple">Statutory</strong>
                </>
              )}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {decimal(row.weightedScore, 1)}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {pounds(row.capitalCost)}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {pounds(row.appraisal.npv)}
            </td>
            <td className="govuk-table__cell">
              {row.selected ? (
                <strong className="govuk-tag govuk-tag--green">Selected</strong>
              ) : (
                <>
                  <strong className="govuk-tag govuk-tag--grey">Not selected</strong>
                  <br />
                  <span className="govuk-body-s">{exclusionReason(row, priorities)}</span>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
