import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { ApiError } from '../../api/client';
import type { FieldError, ScenarioSummary } from '../../api/types';
import { ErrorSummary, Loading, ProblemMessage } from '../../components/feedback';
import { FiscalYearSelect } from '../../components/fiscal-year-select';
import { usePageTitle } from '../../components/layout';
import { fiscalYearOf, pounds, ukDateTime } from '../../format';
import { hasRole, useApi, useSession } from '../../session/session';
import { FrontierSection } from './frontier';
import { ScenarioComparison } from './scenario-comparison';

const STATUS_TAGS: Record<ScenarioSummary['status'], [string, string]> = {
  created: ['Not adopted', 'govuk-tag--grey'],
  adopted: ['Adopted', 'govuk-tag--green'],
  superseded: ['Superseded', 'govuk-tag--yellow'],
};

/**
 * Scenarios of a fiscal year: each a budget the portfolio was optimised for at a point in the log.
 * Finance and the board create them; the board adopts one (on the version listed, as If-Match).
 */
export function ScenariosPage() {
  usePageTitle('Scenarios');
  const api = useApi();
  const { person } = useSession();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const fiscalYear = params.get('fiscalYear') ?? fiscalYearOf(new Date());
  const compared = (params.get('compare') ?? '').split(',').filter(Boolean);
  const scenarios = useQuery({
    queryKey: ['scenarios', fiscalYear],
    queryFn: () => api.scenarios(fiscalYear),
  });
  const [adopting, setAdopting] = useState<ScenarioSummary | null>(null);
  const items = scenarios.data?.items ?? [];
  const [chosen, setChosen] = useState<readonly string[] | null>(null);
  const ticked = chosen ?? compared;
  const [compareError, setCompareError] = useState<string | null>(null);
  const canCompare = items.length >= 2;

  function compare(event: FormEvent) {
    event.preventDefault();
    if (ticked.length < 2 || ticked.length > 6) {
      setCompareError('Choose from 2 to 6 scenarios to compare');
      return;
    }
    setCompareError(null);
    navigate(`/scenarios?fiscalYear=${fiscalYear}&compare=${ticked.join(',')}`);
  }

  return (
    <>
      <h1 className="govuk-heading-l">Scenarios</h1>
      <p className="govuk-body">
        A scenario is the best portfolio for a budget, worked out from the ledger as it stood when
        the scenario was created. Once the board adopts one, approving a proposal it did not select
        needs a reason.
      </p>
      <div className="app-actions">
        <FiscalYearSelect
          id="scenarios-year"
          value={fiscalYear}
          onChange={(year) => {
            setChosen(null);
            navigate(`/scenarios?fiscalYear=${year}`);
          }}
        />
      </div>

      {scenarios.isPending ? (
        <Loading what="the scenarios" />
      ) : scenarios.isError ? (
        <ProblemMessage error={scenarios.error} />
      ) : items.length === 0 ? (
        <p className="govuk-body">No scenario has been created for {fiscalYear}.</p>
      ) : (
        <form onSubmit={compare} noValidate>
          {compareError && (
            <ErrorSummary errors={[{ href: '#compare-scenarios', text: compareError }]} />
          )}
          <table className="govuk-table app-table" data-testid="scenarios" id="compare-scenarios">
            <caption className="govuk-table__caption govuk-table__caption--m">
              Scenarios for {fiscalYear}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {canCompare && (
                  <th scope="col" className="govuk-table__header">
                    Compare
                  </th>
                )}
                <th scope="col" className="govuk-table__header">
                  Name
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Budget
                </th>
                <th scope="col" className="govuk-table__header">
                  Created
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                {hasRole(person, 'board') && (
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Action</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((scenario) => {
                const [label, colour] = STATUS_TAGS[scenario.status];
                return (
                  <tr className="govuk-table__row" key={scenario.id}>
                    {canCompare && (
                      <td className="govuk-table__cell">
                        <div className="govuk-checkboxes govuk-checkboxes--small">
                          <div className="govuk-checkboxes__item">
                            <input
                              className="govuk-checkboxes__input"
                              id={`compare-${scenario.id}`}
                              type="checkbox"
                              checked={ticked.includes(scenario.id)}
                              onChange={(event) =>
                                setChosen(
                                  event.target.checked
                                    ? [...ticked, scenario.id]
                                    : ticked.filter((id) => id !== scenario.id),
                                )
                              }
                            />
                            <label
                              className="govuk-label govuk-checkboxes__label"
                              htmlFor={`compare-${scenario.id}`}
                            >
                              <span className="govuk-visually-hidden">Compare {scenario.name}</span>
                            </label>
                          </div>
                        </div>
                      </td>
                    )}
                    <td className="govuk-table__cell">{scenario.name}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {pounds(scenario.budget)}
                    </td>
                    <td className="govuk-table__cell">
                      {ukDateTime(scenario.createdAt)}
                      <span className="govuk-body-s govuk-!-display-block">
                        by {scenario.createdBy.name}
                      </span>
                    </td>
                    <td className="govuk-table__cell">
                      <strong className={`govuk-tag ${colour}`}>{label}</strong>
                      {scenario.adoptedAt && (
                        <span className="govuk-body-s govuk-!-display-block">
                          {ukDateTime(scenario.adoptedAt)}
                        </span>
                      )}
                    </td>
                    {hasRole(person, 'board') && (
                      <td className="govuk-table__cell">
                        {scenario.status !== 'adopted' && (
                          <button
                            type="button"
                            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                            onClick={() => setAdopting(scenario)}
                          >
                            Adopt<span className="govuk-visually-hidden"> {scenario.name}</span>
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {canCompare && (
            <button type="submit" className="govuk-button govuk-button--secondary">
              Compare the chosen scenarios
            </button>
          )}
        </form>
      )}
      {compared.length >= 2 && compared.length <= 6 && <ScenarioComparison ids={compared} />}

      {adopting && hasRole(person, 'board') && (
        <AdoptForm key={adopting.id} scenario={adopting} onDone={() => setAdopting(null)} />
      )}
      {hasRole(person, 'finance', 'board') && <CreateForm fiscalYear={fiscalYear} />}
      <FrontierSection
        fiscalYear={fiscalYear}
        suggestedBudget={items.find((scenario) => scenario.status === 'adopted')?.budget ?? null}
      />
    </>
  );
}

function AdoptForm({
  scenario,
  onDone,
}: {
  readonly scenario: ScenarioSummary;
  readonly onDone: () => void;
}) {
  const api = useApi();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const [meetingRef, setMeetingRef] = useState('');
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRefusal(null);
    if (!reason.trim()) {
      setErrors([{ field: 'reason', message: 'Give the reason for adopting the scenario' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      await api.adoptScenario(scenario.id, scenario.version, {
        reason: reason.trim(),
        ...(meetingRef.trim() ? { meetingRef: meetingRef.trim() } : {}),
      });
      await queries.invalidateQueries({ queryKey: ['scenarios'] });
      await queries.invalidateQueries({ queryKey: ['proposal'] });
      onDone();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setRefusal(error);
      setErrors(error.problem.errors ?? []);
      if (error.status === 412) await queries.invalidateQueries({ queryKey: ['scenarios'] });
    } finally {
      setBusy(false);
    }
  }

  const reasonError = errors.find((error) => error.field === 'reason')?.message;
  return (
    <section aria-labelledby="adopt-heading">
      <h2 className="govuk-heading-m" id="adopt-heading">
        Adopt “{scenario.name}”
      </h2>
      {(errors.length > 0 || refusal) && (
        <ErrorSummary
          title={refusal?.problem.title}
          detail={refusal?.problem.detail}
          errors={errors.map((error) => ({
            href: `#adopt-${error.field}`,
            text: error.message,
          }))}
        />
      )}
      <form onSubmit={submit} noValidate>
        <div className={`govuk-form-group${reasonError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="adopt-reason">
            Reason for adopting it
          </label>
          {reasonError && (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {reasonError}
            </p>
          )}
          <textarea
            className="govuk-textarea"
            id="adopt-reason"
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="adopt-meetingRef">
            Meeting reference (optional)
          </label>
          <input
            className="govuk-input govuk-input--width-20"
            id="adopt-meetingRef"
            value={meetingRef}
            onChange={(event) => setMeetingRef(event.target.value)}
          />
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" disabled={busy} aria-disabled={busy}>
            Adopt the scenario
          </button>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={onDone}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function CreateForm({ fiscalYear }: { readonly fiscalYear: string }) {
  const api = useApi();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [budget, setBudget] = useState('');
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRefusal(null);
    const typed = budget.replace(/[£,\s]/g, '');
    const found: FieldError[] = [];
    if (!name.trim()) found.push({ field: 'name', message: 'Enter a name for the scenario' });
    if (!/^\d+(\.\d{1,2})?$/.test(typed))
      found.push({
        field: 'budget',
        message: 'Enter the budget as a number of pounds, such as 450000',
      });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await api.createScenario({ fiscalYear, name: name.trim(), budget: typed });
      setName('');
      setBudget('');
      await queries.invalidateQueries({ queryKey: ['scenarios', fiscalYear] });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setRefusal(error);
      setErrors(error.problem.errors ?? []);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  return (
    <section aria-labelledby="create-scenario-heading">
      <h2 className="govuk-heading-m" id="create-scenario-heading">
        Create a scenario for {fiscalYear}
      </h2>
      {(errors.length > 0 || refusal) && (
        <ErrorSummary
          title={refusal?.problem.title}
          detail={refusal?.problem.detail}
          errors={errors.map((error) => ({
            href: `#scenario-${error.field}`,
            text: error.message,
          }))}
        />
      )}
      <form onSubmit={submit} noValidate>
        {(
          [
            ['name', 'Name', 'govuk-input--width-30', name, setName],
            ['budget', 'Budget in pounds', 'govuk-input--width-10', budget, setBudget],
          ] as const
        ).map(([field, label, width, value, set]) => (
          <div
            key={field}
            className={`govuk-form-group${errorFor(field) ? ' govuk-form-group--error' : ''}`}
          >
            <label className="govuk-label govuk-label--s" htmlFor={`scenario-${field}`}>
              {label}
            </label>
            {errorFor(field) && (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errorFor(field)}
              </p>
            )}
            <input
              className={`govuk-input ${width}`}
              id={`scenario-${field}`}
              inputMode={field === 'budget' ? 'decimal' : undefined}
              value={value}
              onChange={(event) => set(event.target.value)}
            />
          </div>
        ))}
        <button type="submit" className="govuk-button" disabled={busy} aria-disabled={busy}>
          Create the scenario
        </button>
      </form>
    </section>
  );
}
