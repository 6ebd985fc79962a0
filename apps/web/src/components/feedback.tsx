import { useEffect, useRef } from 'react';
import { ApiError } from '../api/client';
import type { FieldError } from '../api/types';

/** GOV.UK error summary: focused when it appears, each error linking to the field it names. */
export function ErrorSummary({
  title = 'There is a problem',
  errors,
  detail,
}: {
  readonly title?: string;
  readonly errors: readonly { readonly href?: string; readonly text: string }[];
  readonly detail?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const signature = errors.map((error) => error.text).join('|') + (detail ?? '');
  useEffect(() => {
    box.current?.focus();
  }, [signature]);
  return (
    <div className="govuk-error-summary" ref={box} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          {detail && <p className="govuk-body">{detail}</p>}
          {errors.length > 0 && (
            <ul className="govuk-list govuk-error-summary__list">
              {errors.map((error) => (
                <li key={`${error.href ?? ''}${error.text}`}>
                  {error.href ? <a href={error.href}>{error.text}</a> : error.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}

/** An error from the ledger, in its own words, for any page. */
export function ProblemMessage({ error }: { readonly error: unknown }) {
  if (error instanceof ApiError) {
    const fields: readonly FieldError[] = error.problem.errors ?? [];
    return (
      <ErrorSummary
        title={error.problem.title}
        detail={error.problem.detail}
        errors={fields.map((field) => ({ text: `${field.field}: ${field.message}` }))}
      />
    );
  }
  return (
    <ErrorSummary
      title="The ledger could not be reached"
      detail={error instanceof Error ? error.message : String(error)}
      errors={[]}
    />
  );
}

export function Loading({ what }: { readonly what: string }) {
  return (
    <p className="govuk-body" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

const STATUS_COLOURS: Record<string, string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  returned: 'govuk-tag--orange',
  deferred: 'govuk-tag--yellow',
  withdrawn: 'govuk-tag--grey',
  approved: 'govuk-tag--green',
  rejected: 'govuk-tag--red',
};

const STATUS_WORDS: Record<string, string> = {
  submitted: 'Awaiting decision',
  returned: 'Returned for revision',
};

export function StatusTag({ status }: { readonly status: string }) {
  const text = STATUS_WORDS[status] ?? status.charAt(0).toUpperCase() + status.slice(1);
  return <strong className={`govuk-tag ${STATUS_COLOURS[status] ?? ''}`}>{text}</strong>;
}

export function SummaryList({
  rows,
}: {
  readonly rows: readonly (readonly [string, React.ReactNode] | null | false)[];
}) {
  return (
    <dl className="govuk-summary-list">
      {rows
        .filter((row): row is readonly [string, React.ReactNode] => Boolean(row))
        .map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
    </dl>
  );
}
