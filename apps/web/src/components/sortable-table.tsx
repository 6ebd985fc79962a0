import { Fragment, useState, type ReactNode } from 'react';

export interface Column<Row> {
  readonly key: string;
  readonly header: string;
  readonly render: (row: Row) => ReactNode;
  /** What the column sorts by; absent means it does not sort. */
  readonly sortValue?: (row: Row) => number | string | null;
  readonly numeric?: boolean;
}

type Direction = 'ascending' | 'descending';

/**
 * MoJ sortable table: the header buttons sort, and aria-sort says how, so it works by keyboard and
 * with a screen reader. Nulls always sort last.
 */
export function SortableTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort,
  className = '',
  details,
}: {
  readonly caption: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly initialSort?: { readonly key: string; readonly direction: Direction };
  readonly className?: string;
  /** More about a row, across the table's full width under it, so it keeps its row when sorted. */
  readonly details?: (row: Row) => ReactNode;
}) {
  const [sort, setSort] = useState(initialSort ?? null);
  const column = columns.find((candidate) => candidate.key === sort?.key);
  const sorted =
    sort && column?.sortValue
      ? [...rows].sort((a, b) => {
          const left = column.sortValue!(a);
          const right = column.sortValue!(b);
          if (left === null && right === null) return 0;
          if (left === null) return 1;
          if (right === null) return -1;
          const order = left < right ? -1 : left > right ? 1 : 0;
          return sort.direction === 'ascending' ? order : -order;
        })
      : rows;
  return (
    <table className={`govuk-table app-table ${className}`} data-module="moj-sortable-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((candidate) => {
            const direction = sort?.key === candidate.key ? sort.direction : undefined;
            return (
              <th
                key={candidate.key}
                scope="col"
                className={`govuk-table__header${candidate.numeric ? ' govuk-table__header--numeric' : ''}`}
                aria-sort={candidate.sortValue ? (direction ?? 'none') : undefined}
              >
                {candidate.sortValue ? (
                  <button
                    type="button"
                    onClick={() =>
                      setSort({
                        key: candidate.key,
                        direction: direction === 'ascending' ? 'descending' : 'ascending',
                      })
                    }
                  >
                    {candidate.header}
                  </button>
                ) : (
                  candidate.header
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {sorted.map((row) => (
          <Fragment key={rowKey(row)}>
            <tr className={`govuk-table__row${details ? ' app-row--with-details' : ''}`}>
              {columns.map((candidate) => (
                <td
                  key={candidate.key}
                  className={`govuk-table__cell${candidate.numeric ? ' govuk-table__cell--numeric' : ''}`}
                >
                  {candidate.render(row)}
                </td>
              ))}
            </tr>
            {details && (
              <tr className="govuk-table__row app-row-details">
                <td className="govuk-table__cell" colSpan={columns.length}>
                  {details(row)}
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
