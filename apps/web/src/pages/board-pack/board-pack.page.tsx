import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { ApiClient } from '../../api/client';
import type { ProposalSummary } from '../../api/types';
import { Loading, ProblemMessage } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { SortableTable, type Column } from '../../components/sortable-table';
import { decimal, fromPence, pounds, toPence, ukDate, years } from '../../format';
import { useApi } from '../../session/session';
import { PackDetails } from './pack-details';

/** Pages of the register until its end: the board sees every proposal awaiting decision. */
async function everyPage(
  api: ApiClient,
  query: Record<string, string>,
): Promise<ProposalSummary[]> {
  const items: ProposalSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const answer = await api.proposals({ ...query, limit: 100, cursor: cursor ?? undefined });
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** The ledger's blocker codes, as short as a table cell needs; the details give its own words. */
const BLOCKED_BY: Record<string, string> = {
  'not-submitted': 'not submitted',
  'review-kind-missing': 'reviews missing',
  'tier-limit-exceeded': 'no tier may approve it',
  'no-envelope': 'no capital envelope set',
  'envelope-exceeded': 'not enough left in the envelope',
};

export function BoardPackPage() {
  usePageTitle('Board pack');
  const api = useApi();
  const awaiting = useQuery({
    queryKey: ['proposals', 'board-pack'],
    queryFn: () => everyPage(api, { status: 'submitted' }),
  });

  const columns: Column<ProposalSummary>[] = [
    {
      key: 'title',
      header: 'Proposal',
      sortValue: (row) => row.title.toLowerCase(),
      render: (row) => (
        <>
          <Link className="govuk-link" href={`/proposals/${row.id}`}>
            {row.title}
          </Link>
          <br />
          <span className="govuk-body-s">
            {row.department} · {row.fiscalYear} · submitted {ukDate(row.submittedAt)}
          </span>
          {row.statutory && (
            <>
              {' '}
              <strong className="moj-badge moj-badge--purple">Statutory</strong>
            </>
          )}
        </>
      ),
    },
    {
      key: 'capital',
      header: 'Capital',
      numeric: true,
      sortValue: (row) => Number(row.capitalCost),
      render: (row) => pounds(row.capitalCost),
    },
    {
      key: 'wlc',
      header: 'Whole-life cost',
      numeric: true,
      sortValue: (row) => Number(row.appraisal.wholeLifeCost),
      render: (row) => pounds(row.appraisal.wholeLifeCost),
    },
    {
      key: 'npv',
      header: 'NPV',
      numeric: true,
      sortValue: (row) => Number(row.appraisal.npv),
      render: (row) => pounds(row.appraisal.npv),
    },
    {
      key: 'bcr',
      header: 'Benefit-cost ratio',
      numeric: true,
      sortValue: (row) => row.appraisal.benefitCostRatio,
      render: (row) => decimal(row.appraisal.benefitCostRatio),
    },
    {
      key: 'payback',
      header: 'Payback',
      numeric: true,
      sortValue: (row) => row.appraisal.paybackYears,
      render: (row) =>
        row.appraisal.paybackYears === null ? 'Never' : years(row.appraisal.paybackYears),
    },
    {
      key: 'score',
      header: 'Weighted score',
      numeric: true,
      sortValue: (row) => row.weightedScore,
      render: (row) => (row.weightedScore === null ? 'Not scored' : decimal(row.weightedScore, 1)),
    },
    {
      key: 'reviews',
      header: 'Reviews',
      numeric: true,
      sortValue: (row) => row.reviewCount,
      render: (row) => String(row.reviewCount),
    },
  ];
  columns.push({
    key: 'ready',
    header: 'Can be approved now',
    sortValue: (row) => (row.ready ? 0 : 1),
    render: (row) =>
      row.ready ? (
        <strong className="govuk-tag govuk-tag--green">Ready</strong>
      ) : (
        <>
          <strong className="govuk-tag govuk-tag--red">Blocked</strong>
          <span className="govuk-body-s app-blocked-by">
            {row.blockers.map((code) => BLOCKED_BY[code] ?? code).join('; ')}
          </span>
        </>
      ),
  });

  const items = awaiting.data ?? [];
  const requested = fromPence(items.reduce((sum, item) => sum + toPence(item.capitalCost), 0n));
  const readyCount = items.filter((item) => item.ready).length;

  return (
    <>
      <h1 className="govuk-heading-l">Board pack</h1>
      <p className="govuk-body-l">
        Proposals awaiting the board&apos;s decision, with their appraisal and scores.
      </p>
      {awaiting.isPending && <Loading what="the proposals awaiting decision" />}
      {awaiting.isError && <ProblemMessage error={awaiting.error} />}
      {awaiting.data && (
        <>
          <div className="govuk-grid-row" data-testid="board-pack-ready">
            <div className="govuk-grid-column-one-third">
              <p className="govuk-body">
                <span className="govuk-heading-xl govuk-!-margin-bottom-0">{items.length}</span>
                awaiting decision
              </p>
            </div>
            <div className="govuk-grid-column-one-third">
              <p className="govuk-body">
                <span className="govuk-heading-l govuk-!-margin-bottom-0">{pounds(requested)}</span>
                capital requested
              </p>
            </div>
            <div className="govuk-grid-column-one-third">
              <p className="govuk-body">
                <span className="govuk-heading-xl govuk-!-margin-bottom-0">{readyCount}</span>
                ready to approve now
              </p>
            </div>
          </div>
          <p className="govuk-inset-text">
            Open “Reviews, conflicts and checks” under a proposal to see who reviewed it, who
            declared a conflict and what would refuse an approval now (missing reviews, the
            delegation tier, the capital envelope); open the proposal itself to decide.
          </p>
          {items.length === 0 ? (
            <p className="govuk-body">Nothing is awaiting a decision.</p>
          ) : (
            <SortableTable
              caption={`${items.length} proposals awaiting decision`}
              columns={columns}
              rows={items}
              rowKey={(row) => row.id}
              initialSort={{ key: 'score', direction: 'descending' }}
              className="app-pack"
              details={(row) => <PackDetails summary={row} />}
            />
          )}
        </>
      )}
    </>
  );
}
