import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { ScenarioComparison as Comparison } from '../../api/types';
import { Loading, ProblemMessage } from '../../components/feedback';
import { decimal, fromPence, pounds, toPence } from '../../format';
import { useApi } from '../../session/session';

type Compared = Comparison['scenarios'][number];

/** "−£120,000.00" / "+£5.00" / "no change": a difference from the first scenario. */
function poundsChange(from: string, to: string): string {
  const change = toPence(to) - toPence(from);
  if (change === 0n) return 'no change';
  return `${change > 0n ? '+' : ''}${pounds(fromPence(change))}`;
}

function scoreChange(from: number, to: number): string {
  const change = Math.round((to - from) * 100) / 100;
  if (change === 0) return 'no change';
  return `${change > 0 ? '+' : '−'}${decimal(Math.abs(change))}`;
}

/**
 * Two to six scenarios side by side: their totals, each proposal's place in each, and, against the
 * first one chosen, what every other scenario loses and gains.
 */
export function ScenarioComparison({ ids }: { readonly ids: readonly string[] }) {
  const api = useApi();
  const comparison = useQuery({
    queryKey: ['scenario-comparison', ids.join(',')],
    queryFn: () => api.compareScenarios(ids),
  });
  if (comparison.isPending) return <Loading what="the comparison" />;
  if (comparison.isError) return <ProblemMessage error={comparison.error} />;
  const { scenarios, proposals } = comparison.data;
  const [first, ...others] = scenarios;
  const figures: readonly [string, (scenario: Compared) => string, ((s: Compared) => string)?][] = [
    ['Budget', (scenario) => pounds(scenario.budget)],
    [
      'Capital chosen',
      (scenario) => pounds(scenario.totalCapital),
      (scenario) => poundsChange(first.totalCapital, scenario.totalCapital),
    ],
    [
      'Total score',
      (scenario) => decimal(scenario.totalScore),
      (scenario) => scoreChange(first.totalScore, scenario.totalScore),
    ],
    [
      'Net present value of those chosen',
      (scenario) => pounds(scenario.totalNpv),
      (scenario) => poundsChange(first.totalNpv, scenario.totalNpv),
    ],
    [
      'Cashable savings forecast (undiscounted)',
      (scenario) => pounds(scenario.forecastCashableSavings),
      (scenario) => poundsChange(first.forecastCashableSavings, scenario.forecastCashableSavings),
    ],
  ];
  const titleOf = new Map(proposals.map((proposal) => [proposal.proposalId, proposal]));
  return (
    <section aria-labelledby="comparison-heading" data-testid="scenario-comparison">
      <h2 className="govuk-heading-m" id="comparison-heading">
        {scenarios.length} scenarios compared
      </h2>
      <div className="app-chart">
        <table className="govuk-table app-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            Totals, with each scenario’s change from “{first.name}”
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <td className="govuk-table__header" />
              {scenarios.map((scenario) => (
                <th
                  key={scenario.id}
                  scope="col"
                  className="govuk-table__header govuk-table__header--numeric"
                >
                  {scenario.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {figures.map(([label, value, change]) => (
              <tr className="govuk-table__row" key={label}>
                <th scope="row" className="govuk-table__header">
                  {label}
                </th>
                {scenarios.map((scenario, index) => (
                  <td key={scenario.id} className="govuk-table__cell govuk-table__cell--numeric">
                    {value(scenario)}
                    {change && index > 0 && (
                      <span className="govuk-body-s govuk-!-display-block app-change">
                        {change(scenario)}
                      </span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {others.map((scenario) => {
        const lost = proposals.filter(
          (proposal) =>
            proposal.selectedIn.includes(first.id) && !proposal.selectedIn.includes(scenario.id),
        );
        const gained = proposals.filter(
          (proposal) =>
            !proposal.selectedIn.includes(first.id) && proposal.selectedIn.includes(scenario.id),
        );
        return (
          <div className="govuk-inset-text" key={scenario.id} data-testid="scenario-difference">
            <p className="govuk-body govuk-!-font-weight-bold">
              “{scenario.name}” against “{first.name}”: budget{' '}
              {poundsChange(first.budget, scenario.budget)}, score{' '}
              {scoreChange(first.totalScore, scenario.totalScore)}, cashable savings{' '}
              {poundsChange(first.forecastCashableSavings, scenario.forecastCashableSavings)}.
            </p>
            {lost.length === 0 && gained.length === 0 ? (
              <p className="govuk-body">Both choose the same proposals.</p>
            ) : (
              <>
                {lost.length > 0 && (
                  <p className="govuk-body">
                    Leaves out:{' '}
                    {lost.map((proposal) => titleOf.get(proposal.proposalId)?.title).join('; ')}.
                  </p>
                )}
                {gained.length > 0 && (
                  <p className="govuk-body">
                    Adds:{' '}
                    {gained.map((proposal) => titleOf.get(proposal.proposalId)?.title).join('; ')}.
                  </p>
                )}
              </>
            )}
          </div>
        );
      })}

      <table className="govuk-table app-table">
        <caption className="govuk-table__caption govuk-table__caption--s">
          Which proposals each scenario chooses
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Proposal
            </th>
            {scenarios.map((scenario) => (
              <th key={scenario.id} scope="col" className="govuk-table__header">
                {scenario.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {proposals.map((proposal) => (
            <tr className="govuk-table__row" key={proposal.proposalId}>
              <th scope="row" className="govuk-table__header">
                <Link className="govuk-link" href={`/proposals/${proposal.proposalId}`}>
                  {proposal.title}
                </Link>
              </th>
              {scenarios.map((scenario) => (
                <td key={scenario.id} className="govuk-table__cell">
                  {proposal.selectedIn.includes(scenario.id) ? (
                    <strong className="govuk-tag govuk-tag--green">Chosen</strong>
                  ) : (
                    <strong className="govuk-tag govuk-tag--grey">Left out</strong>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
