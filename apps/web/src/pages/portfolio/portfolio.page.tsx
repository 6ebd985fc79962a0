import { DateInput } from '../../components/date-input';
import { FiscalYearSelect } from '../../components/fiscal-year-select';
import { useQuery } from '@tanstack/react-query';
import type { PortfolioFigures, PortfolioSummary } from '../../api/types';
import { CsvDownload } from '../../components/csv-download';
import { Loading, ProblemMessage, StatusTag, SummaryList } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { useYearAsOfChoice } from '../../components/year-as-of-choice';
import { pounds, ukDate, ukDateTime } from '../../format';
import { useApi } from '../../session/session';
import { GroupedBarChart, type ChartBar } from './portfolio-chart';

const CAPITAL_SERIES = ['Requested capital', 'Approved capital'] as const;
const CAPITAL_COLOURS = ['#1d70b8', '#00703c'] as const;
const SAVINGS_SERIES = ['Expected yearly savings', 'Realised savings'] as const;

function capitalBars(rows: readonly (PortfolioFigures & { readonly label: string })[]): ChartBar[] {
  return rows.flatMap((row) => [
    { group: row.label, series: CAPITAL_SERIES[0], pounds: Number(row.requestedCapital) },
    { group: row.label, series: CAPITAL_SERIES[1], pounds: Number(row.approvedCapital) },
  ]);
}

function savingsBars(rows: readonly (PortfolioFigures & { readonly label: string })[]): ChartBar[] {
  return rows.flatMap((row) => [
    { group: row.label, series: SAVINGS_SERIES[0], pounds: Number(row.expectedAnnualSavings) },
    { group: row.label, series: SAVINGS_SERIES[1], pounds: Number(row.realisedSavings) },
  ]);
}

export default function PortfolioPage() {
  usePageTitle('Portfolio');
  const api = useApi();
  const { fiscalYear, asOfDate, asOf, choice, setChoice, problem, show } =
    useYearAsOfChoice('/portfolio');
  const summary = useQuery({
    queryKey: ['portfolio', fiscalYear, asOf ?? 'now'],
    queryFn: () => api.portfolioSummary(fiscalYear, asOf),
  });
  return (
    <>
      <span className="govuk-caption-l">Fiscal year {fiscalYear}</span>
      <h1 className="govuk-heading-l">Portfolio</h1>
      <form className="app-actions" onSubmit={show} noValidate>
        <FiscalYearSelect
          id="portfolio-year"
          value={choice.fiscalYear}
          onChange={(fiscalYear) => setChoice({ ...choice, fiscalYear })}
        />
        <DateInput
          id="portfolio-as-of"
          legend="As it stood on (optional)"
          legendClassName=""
          value={choice.asOf}
          onChange={(asOf) => setChoice({ ...choice, asOf })}
          problem={problem}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Show
        </button>
      </form>
      {summary.isPending && <Loading what="the portfolio" />}
      {summary.isError && <ProblemMessage error={summary.error} />}
      {summary.data && (
        <CsvDownload
          label="Download this summary, by department and status"
          fetchFile={() => api.csvFile('/portfolio/summary', { fiscalYear, asOf })}
        />
      )}
      {summary.data && <Summary summary={summary.data} asOfDate={asOf ? asOfDate : null} />}
    </>
  );
}

function Summary({
  summary,
  asOfDate,
}: {
  readonly summary: PortfolioSummary;
  readonly asOfDate: string | null;
}) {
  const departments = summary.byDepartment.map((row) => ({ ...row, label: row.department }));
  const statuses = summary.byStatus.map((row) => ({ ...row, label: row.status }));
  return (
    <>
      <p className="govuk-body-s" data-testid="portfolio-ready">
        {asOfDate
          ? `As it stood at the end of ${ukDate(asOfDate)}, replayed from the log.`
          : `As of ${ukDateTime(summary.asOf)}.`}
      </p>
      <h2 className="govuk-heading-m">Capital envelope</h2>
      <SummaryList
        rows={[
          [
            'Capital envelope',
            summary.envelope.capital === null
              ? 'Not set for this year'
              : pounds(summary.envelope.capital),
          ],
          ['Approved capital', pounds(summary.approvedCapital)],
          [
            'Remaining capital',
            summary.remainingCapital === null ? '—' : pounds(summary.remainingCapital),
          ],
          [
            'Requested capital',
            `${pounds(summary.requestedCapital)} (put to the board: submitted, returned, deferred, approved or rejected)`,
          ],
          [
            'Revenue envelope',
            summary.envelope.revenue === null
              ? 'Not set for this year'
              : pounds(summary.envelope.revenue),
          ],
          [
            'Expected yearly savings',
            `${pounds(summary.expectedAnnualSavings)} (cashable, from approved proposals)`,
          ],
          ['Realised savings', pounds(summary.realisedSavings)],
          ['Proposals', String(summary.proposalCount)],
        ]}
      />

      <h2 className="govuk-heading-m">By department</h2>
      {departments.length === 0 ? (
        <p className="govuk-body">No proposals in {summary.fiscalYear}.</p>
      ) : (
        <>
          <Legend series={CAPITAL_SERIES} swatches={['requested', 'approved']} />
          <GroupedBarChart
            bars={capitalBars(departments)}
            series={CAPITAL_SERIES}
            colours={CAPITAL_COLOURS}
          />
          <FiguresTable
            caption="Capital and savings by department"
            rows={departments}
            labelHeader="Department"
          />
          <h3 className="govuk-heading-s">Expected against realised savings</h3>
          <Legend series={SAVINGS_SERIES} swatches={['expected', 'realised']} />
          <GroupedBarChart
            bars={savingsBars(departments)}
            series={SAVINGS_SERIES}
            colours={CAPITAL_COLOURS}
          />
        </>
      )}

      <h2 className="govuk-heading-m">By status</h2>
      {statuses.length > 0 && (
        <FiguresTable
          caption="Capital and savings by status"
          rows={statuses}
          labelHeader="Status"
          statusTags
        />
      )}
    </>
  );
}

function Legend({
  series,
  swatches,
}: {
  readonly series: readonly string[];
  readonly swatches: readonly string[];
}) {
  return (
    <ul className="app-legend govuk-body-s" aria-hidden="true">
      {series.map((name, index) => (
        <li key={name}>
          <span className={`app-legend__swatch app-swatch--${swatches[index]}`} />
          {name}
        </li>
      ))}
    </ul>
  );
}

function FiguresTable({
  caption,
  rows,
  labelHeader,
  statusTags = false,
}: {
  readonly caption: string;
  readonly rows: readonly (PortfolioFigures & { readonly label: string })[];
  readonly labelHeader: string;
  readonly statusTags?: boolean;
}) {
  return (
    <table className="govuk-table app-table">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            {labelHeader}
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Proposals
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Requested capital
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Approved capital
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Expected yearly savings
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Realised savings
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.label}>
            <th scope="row" className="govuk-table__header">
              {statusTags ? <StatusTag status={row.label} /> : row.label}
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{row.count}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {pounds(row.requestedCapital)}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {pounds(row.approvedCapital)}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {pounds(row.expectedAnnualSavings)}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {pounds(row.realisedSavings)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
