import { fiscalYearsAround } from '../format';

/** The fiscal year a page reads, chosen from the years around today (2026-27 style). */
export function FiscalYearSelect({
  id,
  value,
  onChange,
}: {
  readonly id: string;
  readonly value: string;
  readonly onChange: (fiscalYear: string) => void;
}) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={id}>
        Fiscal year
      </label>
      <select
        className="govuk-select"
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {fiscalYearsAround(new Date()).map((year) => (
          <option key={year}>{year}</option>
        ))}
      </select>
    </div>
  );
}
