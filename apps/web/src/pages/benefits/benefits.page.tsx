import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { BenefitFigures, PortfolioBenefits } from '../../api/types';
import { CsvDownload } from '../../components/csv-download';
import { DateInput } from '../../components/date-input';
import { Loading, ProblemMessage } from '../../components/feedback';
import { FiscalYearSelect } from '../../components/fiscal-year-select';
import { usePageTitle } from '../../components/layout';
import { useYearAsOfChoice } from '../../components/year-as-of-choice';
import { SortableTable, type Column } from '../../components/sortable-table';
import { pounds, ukDate, ukDateTime } from '../../format';
import { useApi } from '../../session/session';
import { BENEFIT_TYPES, rate, RealisationBadge } from './benefit-figures';

/**
 * The benefits register for finance: what approved proposals forecast for a benefit period, what
 * was evidenced and what finance validated, with the realisation rate (validated ÷ forecast
 * cash-releasing) and those below 80% flagged at risk; now or as it stood on a date.
 */
export default function BenefitsPage() {
  usePageTitle('Benefits realisation');
  const api = useApi();
  const { fiscalYear, asOfDate, asOf, choice, setChoice, problem, show } =
    useYearAsOfChoice('/benefits');
  const benefits = useQuery({
    queryKey: ['benefits', fiscalYear, asOf ?? 'now'],
    queryFn: () => api.portfolioBenefits(fiscalYear, asOf),
  });
  return (
    <>
      <span className="govuk-caption-l">Benefit period {fiscalYear}</span>
      <h1 className="govuk-heading-l">Benefits realisation</h1>
      <p className="govuk-body">
        What approved proposals said they would deliver in the year, what has been evidenced, and
        what finance has validated. The realisation rate is validated cash-releasing benefit ÷
        forecast cash-releasing benefit; below 80% a proposal is at risk.
      </p>
      <form className="app-actions" onSubmit={show} noValidate>
        <FiscalYearSelect
          id="benefits-year"
          value={choice.fiscalYear}
          onChange={(fiscalYear) => setChoice({ ...choice, fiscalYear })}
        />
        <DateInput
          id="benefits-as-of"
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
      {benefits.isPending && <Loading what="the benefits register" />}
      {benefits.isError && <ProblemMessage error={benefits.error} />}
      {benefits.data && (
        <CsvDownload
          label="Download the benefits register, one row a proposal"
          fetchFile={async () => {
            const file = await api.csvFile('/portfolio/benefits', { fiscalYear, asOf });
            // The ledger names the file after the instant read; people chose a day.
            return asOf && asOfDate
              ? { ...file, name: `benefits-${fiscalYear}-as-of-${asOfDate}.csv` }
              : file;
          }}
        />
      )}
      {benefits.data && <Register benefits={benefits.data} asOfDate={asOf ? asOfDate : null} />}
    </>
  );
}

type ProposalRow = PortfolioBenefits['byProposal'][number];
type DepartmentRow = PortfolioBenefits['byDepartment'][number];

function figureColumns<Row extends BenefitFigures>(): Column<Row>[] {
  return [
    {
      key: 'forecast',
      header: 'Forecast cash-releasing',
      numeric: true,
      render: (row) => pounds(row.forecast.cashReleasing),
      sortValue: (row) => Number(row.forecast.cashReleasing),
    },
    {
      key: 'evidenced',
      header: 'Evidenced',
      numeric: true,
      render: (row) => pounds(row.evidenced.cashReleasing),
      sortValue: (row) => Number(row.evidenced.cashReleasing),
    },
    {
      key: 'validated',
      header: 'Validated',
      numeric: true,
      render: (row) => pounds(row.validated.cashReleasing),
      sortValue: (row) => Number(row.validated.cashReleasing),
    },
    {
      key: 'rate',
      header: 'Realisation rate',
      numeric: true,
      render: (row) => rate(row.realisationRate),
      sortValue: (row) => row.realisationRate,
    },
    {
      key: 'status',
      header: 'Status',
      render: (row) => <RealisationBadge figures={row} />,
      sortValue: (row) => (row.atRisk ? 0 : row.realisationRate === null ? 2 : 1),
    },
  ];
}

function Register({
  benefits,
  asOfDate,
}: {
  readonly benefits: PortfolioBenefits;
  readonly asOfDate: string | null;
}) {
  const atRisk = benefits.byProposal.filter((row) => row.atRisk).length;
  const proposalColumns: Column<ProposalRow>[] = [
    {
      key: 'title',
      header: 'Proposal',
      render: (row) => (
        <Link className="govuk-link" href={`/proposals/${row.proposalId}`}>
          {row.title}
        </Link>
      ),
      sortValue: (row) => row.title.toLowerCase(),
    },
    {
      key: 'department',
      header: 'Department',
      render: (row) => row.department,
      sortValue: (row) => row.department.toLowerCase(),
    },
    ...figureColumns<ProposalRow>(),
  ];
  const departmentColumns: Column<DepartmentRow>[] = [
    {
      key: 'department',
      header: 'Department',
      render: (row) => row.department,
      sortValue: (row) => row.department.toLowerCase(),
    },
    ...figureColumns<DepartmentRow>(),
  ];
  return (
    <>
      <p className="govuk-body-s" data-testid="benefits-ready">
        {asOfDate
          ? `As it stood at the end of ${ukDate(asOfDate)}, replayed from the log.`
          : `As of ${ukDateTime(benefits.asOf)}.`}
      </p>
      <table className="govuk-table app-table">
        <caption className="govuk-table__caption govuk-table__caption--m">
          Totals for {benefits.fiscalYear}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Benefit type
            </th>
            {(['Forecast', 'Evidenced', 'Validated'] as const).map((stage) => (
              <th
                key={stage}
                scope="col"
                className="govuk-table__header govuk-table__header--numeric"
              >
                {stage}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {BENEFIT_TYPES.map(([field, , label]) => (
            <tr className="govuk-table__row" key={field}>
              <th scope="row" className="govuk-table__header">
                {label}
              </th>
              {(['forecast', 'evidenced', 'validated'] as const).map((stage) => (
                <td key={stage} className="govuk-table__cell govuk-table__cell--numeric">
                  {pounds(benefits.totals[stage][field])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="govuk-summary-list" data-testid="benefits-rate">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Realisation rate</dt>
          <dd className="govuk-summary-list__value">
            {rate(benefits.totals.realisationRate)} <RealisationBadge figures={benefits.totals} />
            <span className="govuk-hint govuk-!-margin-bottom-0 govuk-!-display-block">
              Validated {pounds(benefits.totals.validated.cashReleasing)} of{' '}
              {pounds(benefits.totals.forecast.cashReleasing)} forecast cash-releasing
            </span>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Proposals at risk</dt>
          <dd className="govuk-summary-list__value">
            {atRisk} of {benefits.byProposal.length}
          </dd>
        </div>
      </dl>
      {benefits.byProposal.length === 0 ? (
        <p className="govuk-body">
          No approved proposal has a benefit forecast or evidence for {benefits.fiscalYear}.
        </p>
      ) : (
        <>
          <SortableTable
            caption="Benefits by proposal"
            columns={proposalColumns}
            rows={benefits.byProposal}
            rowKey={(row) => row.proposalId}
            initialSort={{ key: 'rate', direction: 'ascending' }}
          />
          <SortableTable
            caption="Benefits by department"
            columns={departmentColumns}
            rows={benefits.byDepartment}
            rowKey={(row) => row.department}
            initialSort={{ key: 'department', direction: 'ascending' }}
          />
        </>
      )}
    </>
  );
}
