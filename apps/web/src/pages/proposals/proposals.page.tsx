import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { CsvDownload } from '../../components/csv-download';
import { Loading, ProblemMessage, StatusTag } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { SortableTable } from '../../components/sortable-table';
import { decimal, fiscalYearsAround, pounds, ukDate, words } from '../../format';
import { hasRole, useApi, useSession } from '../../session/session';

const STATUSES = [
  'draft',
  'submitted',
  'returned',
  'deferred',
  'approved',
  'rejected',
  'withdrawn',
];
const CATEGORIES = ['infrastructure', 'digital-service', 'security', 'data', 'end-user', 'other'];

/** The register: every proposal, filtered (MoJ filter pattern), a page at a time. */
export function ProposalsPage() {
  usePageTitle('Proposals');
  const api = useApi();
  const { person } = useSession();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const filters = {
    status: params.get('status') ?? '',
    fiscalYear: params.get('fiscalYear') ?? '',
    department: params.get('department') ?? '',
    category: params.get('category') ?? '',
  };
  const mine = params.get('mine') === 'true';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ['proposals', 'register', filters, cursor],
    queryFn: () => api.proposals({ ...filters, limit: 50, cursor: cursor ?? undefined }),
  });
  const [draft, setDraft] = useState(filters);

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries(draft)) if (value) next.set(name, value);
    if (mine) next.set('mine', 'true');
    setCursors([null]);
    navigate(`/proposals${next.size > 0 ? `?${next}` : ''}`);
  }

  const rows = (page.data?.items ?? []).filter((item) => !mine || item.proposer.id === person?.id);

  return (
    <>
      <h1 className="govuk-heading-l">{mine ? 'Your proposals' : 'Proposals'}</h1>
      {hasRole(person, 'proposer') && (
        <Link className="govuk-button" href="/proposals/new">
          Start a new proposal
        </Link>
      )}
      <div className="moj-filter-layout">
        <div className="moj-filter-layout__filter">
          <div className="moj-filter">
            <div className="moj-filter__header">
              <div className="moj-filter__header-title">
                <h2 className="govuk-heading-m">Filter</h2>
              </div>
            </div>
            <div className="moj-filter__content">
              <form className="moj-filter__options" onSubmit={apply}>
                <Select
                  id="status"
                  label="Status"
                  value={draft.status}
                  options={STATUSES}
                  onChange={(status) => setDraft({ ...draft, status })}
                />
                <Select
                  id="fiscalYear"
                  label="Fiscal year"
                  value={draft.fiscalYear}
                  options={fiscalYearsAround(new Date())}
                  onChange={(fiscalYear) => setDraft({ ...draft, fiscalYear })}
                />
                <Select
                  id="category"
                  label="Category"
                  value={draft.category}
                  options={CATEGORIES}
                  onChange={(category) => setDraft({ ...draft, category })}
                />
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="filter-department">
                    Department
                  </label>
                  <input
                    className="govuk-input"
                    id="filter-department"
                    value={draft.department}
                    onChange={(event) => setDraft({ ...draft, department: event.target.value })}
                  />
                </div>
                <button type="submit" className="govuk-button">
                  Apply filters
                </button>
              </form>
            </div>
          </div>
        </div>
        <div className="moj-filter-layout__content">
          {page.isPending && <Loading what="proposals" />}
          {page.isError && <ProblemMessage error={page.error} />}
          {page.data && (
            <>
              {/* The API has no filter by proposer: "your proposals" are picked out in the page. */}
              {!mine && (
                <CsvDownload
                  label="Download every proposal these filters match"
                  fetchFile={() => api.csvFile('/proposals', filters)}
                />
              )}
              <SortableTable
                caption={
                  rows.length === 0 ? 'No proposals match' : `${rows.length} proposals on this page`
                }
                rows={rows}
                rowKey={(row) => row.id}
                columns={[
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
                          {row.department} · {words(row.category)} · {row.fiscalYear}
                        </span>
                      </>
                    ),
                  },
                  {
                    key: 'status',
                    header: 'Status',
                    sortValue: (row) => row.status,
                    render: (row) => <StatusTag status={row.status} />,
                  },
                  {
                    key: 'capital',
                    header: 'Capital',
                    numeric: true,
                    sortValue: (row) => Number(row.capitalCost),
                    render: (row) => pounds(row.capitalCost),
                  },
                  {
                    key: 'score',
                    header: 'Score',
                    numeric: true,
                    sortValue: (row) => row.weightedScore,
                    render: (row) => decimal(row.weightedScore, 1),
                  },
                  {
                    key: 'drafted',
                    header: 'Drafted',
                    sortValue: (row) => row.draftedAt,
                    render: (row) => ukDate(row.draftedAt),
                  },
                ]}
              />
              <nav
                className="govuk-pagination govuk-pagination--block"
                aria-label="Pages of proposals"
              >
                {cursors.length > 1 && (
                  <div className="govuk-pagination__prev">
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary"
                      onClick={() => setCursors(cursors.slice(0, -1))}
                    >
                      Previous page
                    </button>
                  </div>
                )}
                {page.data.nextCursor && (
                  <div className="govuk-pagination__next">
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary"
                      onClick={() => setCursors([...cursors, page.data.nextCursor])}
                    >
                      Next page
                    </button>
                  </div>
                )}
              </nav>
            </>
          )}
        </div>
      </div>
    </>
  );
}

function Select({
  id,
  label,
  value,
  options,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly string[];
  readonly onChange: (value: string) => void;
}) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={`filter-${id}`}>
        {label}
      </label>
      <select
        className="govuk-select"
        id={`filter-${id}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {id === 'fiscalYear' ? option : words(option)}
          </option>
        ))}
      </select>
    </div>
  );
}
