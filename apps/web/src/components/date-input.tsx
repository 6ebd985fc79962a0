import type { DateParts, DateProblem } from '../date-parts';

export { NO_DATE, partsOf, readDate, type DateParts, type DateProblem } from '../date-parts';

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The GOV.UK date input: Day, Month and Year fields in a fieldset, so every browser asks for the
 * date the same way (a native date picker shows mm/dd/yyyy in some), with the error on the fields
 * it concerns.
 */
export function DateInput({
  id,
  legend,
  hint = 'For example, 27 3 2027',
  value,
  onChange,
  problem,
  legendClassName = 'govuk-fieldset__legend--s',
}: {
  readonly id: string;
  readonly legend: string;
  readonly hint?: string;
  readonly value: DateParts;
  readonly onChange: (value: DateParts) => void;
  readonly problem?: DateProblem | null;
  readonly legendClassName?: string;
}) {
  const describedBy = [`${id}-hint`, problem ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group${problem ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className={`govuk-fieldset__legend ${legendClassName}`}>{legend}</legend>
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        {problem && (
          <p className="govuk-error-message" id={`${id}-error`}>
            <span className="govuk-visually-hidden">Error:</span> {problem.message}
          </p>
        )}
        <div className="govuk-date-input" id={id}>
          {(['day', 'month', 'year'] as const).map((part) => (
            <div className="govuk-date-input__item" key={part}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${part}`}>
                  {capital(part)}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${part === 'year' ? 4 : 2}${
                    problem?.parts.includes(part) ? ' govuk-input--error' : ''
                  }`}
                  id={`${id}-${part}`}
                  name={`${id}-${part}`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  value={value[part]}
                  onChange={(event) => onChange({ ...value, [part]: event.target.value })}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
