import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import type { BenefitEvidence, FieldError, PlannedBenefit, Proposal } from '../../api/types';
import { ErrorSummary } from '../../components/feedback';
import { fiscalYearOf, fromPence, pounds, toPence, ukDateTime } from '../../format';
import { hasRole, useApi, useSession } from '../../session/session';
import { BENEFIT_TYPE_WORDS } from '../benefits/benefit-figures';

const EVIDENCE_TAGS: Record<BenefitEvidence['status'], [string, string]> = {
  pending: ['Awaiting validation', 'govuk-tag--yellow'],
  validated: ['Validated', 'govuk-tag--green'],
  rejected: ['Rejected', 'govuk-tag--red'],
};

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const YEAR = /^\d{4}-\d{2}$/;

/** Sums decimal strings exactly, in pence. */
function sum(amounts: readonly string[]): string {
  return fromPence(amounts.reduce((total, amount) => total + toPence(amount), 0n));
}

/**
 * A proposal's benefit plan: each planned benefit's forecast by year against the evidence recorded
 * and what finance validated; with the forms to record evidence (finance, or the proposer, once
 * approved) and to validate or reject it (finance, never the person who recorded it).
 */
export function BenefitPlan({
  proposal,
  readOnly,
}: {
  readonly proposal: Proposal;
  /** The proposal as it stood on a past date: nothing can be recorded on it. */
  readonly readOnly: boolean;
}) {
  const { person } = useSession();
  const plan = proposal.benefitPlan ?? [];
  const evidence = proposal.benefitEvidence ?? [];
  if (plan.length === 0) return null;
  const canRecord =
    !readOnly &&
    proposal.status === 'approved' &&
    (hasRole(person, 'finance') ||
      (hasRole(person, 'proposer') && person?.id === proposal.proposer.id));
  const canValidate = !readOnly && hasRole(person, 'finance');
  return (
    <section aria-labelledby="benefit-plan-heading">
      <h2 className="govuk-heading-m" id="benefit-plan-heading">
        Benefit plan
      </h2>
      <p className="govuk-body">
        Each benefit the business case promised, with what was forecast for each year, the evidence
        recorded and what finance validated. Evidence awaiting validation counts as evidenced, not
        yet as realised.
      </p>
      {plan.map((benefit) => (
        <PlannedBenefitCard
          key={benefit.key}
          proposal={proposal}
          benefit={benefit}
          evidence={evidence.filter((each) => each.benefitKey === benefit.key)}
          canValidate={canValidate}
        />
      ))}
      {canRecord && <RecordEvidenceForm proposal={proposal} plan={plan} />}
    </section>
  );
}

function PlannedBenefitCard({
  proposal,
  benefit,
  evidence,
  canValidate,
}: {
  readonly proposal: Proposal;
  readonly benefit: PlannedBenefit;
  readonly evidence: readonly BenefitEvidence[];
  readonly canValidate: boolean;
}) {
  const years = [
    ...new Set([
      ...benefit.forecast.map((line) => line.fiscalYear),
      ...evidence.map((each) => each.period),
    ]),
  ].sort();
  const amountsIn = (year: string, statuses: readonly BenefitEvidence['status'][]) =>
    sum(
      evidence
        .filter((each) => each.period === year && statuses.includes(each.status))
        .map((each) => each.amount),
    );
  return (
    <div className="app-card" data-testid={`benefit-${benefit.key}`}>
      <h3 className="govuk-heading-s">{benefit.description}</h3>
      <p className="govuk-body-s">
        {BENEFIT_TYPE_WORDS[benefit.type]} · Owner: {benefit.owner} · Measure: {benefit.measure}
      </p>
      <table className="govuk-table app-table">
        <caption className="govuk-visually-hidden">
          {benefit.description}: forecast, evidenced and validated by year
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Year
            </th>
            {['Forecast', 'Evidenced', 'Validated'].map((stage) => (
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
          {years.map((year) => (
            <tr className="govuk-table__row" key={year}>
              <th scope="row" className="govuk-table__header">
                {year}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {pounds(
                  benefit.forecast.find((line) => line.fiscalYear === year)?.amount ?? '0.00',
                )}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {pounds(amountsIn(year, ['pending', 'validated']))}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {pounds(amountsIn(year, ['validated']))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {evidence.length > 0 && (
        <>
          <h4 className="govuk-heading-s">Evidence</h4>
          <ul className="govuk-list">
            {evidence.map((each) => (
              <li key={each.evidenceId} className="app-evidence">
                <EvidenceItem proposal={proposal} evidence={each} canValidate={canValidate} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function EvidenceItem({
  proposal,
  evidence,
  canValidate,
}: {
  readonly proposal: Proposal;
  readonly evidence: BenefitEvidence;
  readonly canValidate: boolean;
}) {
  const { person } = useSession();
  const [label, colour] = EVIDENCE_TAGS[evidence.status];
  const own = person?.id === evidence.recordedBy.id;
  return (
    <>
      <p className="govuk-body govuk-!-margin-bottom-1">
        <strong>
          {evidence.period}: {pounds(evidence.amount)}
        </strong>{' '}
        <strong className={`govuk-tag ${colour}`}>{label}</strong>
      </p>
      <p className="govuk-body app-pre-wrap govuk-!-margin-bottom-1">{evidence.evidence}</p>
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        Recorded by {evidence.recordedBy.name} on {ukDateTime(evidence.recordedAt)}
      </p>
      {evidence.outcome && (
        <p className="govuk-body-s">
          {label} by {evidence.outcome.by.name} on {ukDateTime(evidence.outcome.at)}
          {evidence.outcome.note ? `: ${evidence.outcome.note}` : ''}
        </p>
      )}
      {canValidate && evidence.status === 'pending' && (
        <>
          {own ? (
            <p className="govuk-inset-text">
              You recorded this evidence, so another finance officer validates it.
            </p>
          ) : (
            <ValidateForm proposal={proposal} evidence={evidence} />
          )}
        </>
      )}
    </>
  );
}

function FormGroup({
  id,
  label,
  hint,
  error,
  children,
}: {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error: string | undefined;
  readonly children: ReactNode;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="govuk-error-message" id={`${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** Writes, then shows the proposal as it now stands; the ledger's refusals beside their fields. */
function useBenefitWrite(proposal: Proposal) {
  const queries = useQueryClient();
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(local: FieldError[], write: () => Promise<unknown>): Promise<boolean> {
    setRefusal(null);
    setErrors(local);
    if (local.length > 0) return false;
    setBusy(true);
    try {
      await write();
      await queries.invalidateQueries({ queryKey: ['proposal', proposal.id] });
      await queries.invalidateQueries({ queryKey: ['benefits'] });
      await queries.invalidateQueries({ queryKey: ['history', proposal.id] });
      return true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setRefusal(error);
      setErrors(error.problem.errors ?? []);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  return { errors, refusal, busy, run, errorFor };
}

function RecordEvidenceForm({
  proposal,
  plan,
}: {
  readonly proposal: Proposal;
  readonly plan: readonly PlannedBenefit[];
}) {
  const api = useApi();
  const blank = {
    benefit: plan[0]?.key ?? '',
    period: fiscalYearOf(new Date()),
    amount: '',
    evidence: '',
  };
  const [input, setInput] = useState(blank);
  const [saved, setSaved] = useState<string | null>(null);
  const write = useBenefitWrite(proposal);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const amount = input.amount.replace(/[£,\s]/g, '');
    const local: FieldError[] = [];
    if (!YEAR.test(input.period.trim()))
      local.push({ field: 'period', message: 'Enter the fiscal year, such as 2026-27' });
    if (!MONEY.test(amount))
      local.push({ field: 'amount', message: 'Enter the amount in pounds, such as 38000' });
    if (!input.evidence.trim())
      local.push({ field: 'evidence', message: 'Say how the amount is known' });
    const done = await write.run(local, () =>
      api.recordBenefitEvidence(proposal.id, input.benefit, {
        period: input.period.trim(),
        amount,
        evidence: input.evidence.trim(),
      }),
    );
    if (done) {
      setSaved(
        `Evidence of ${pounds(amount)} for ${input.period.trim()} recorded; finance validates it next.`,
      );
      setInput(blank);
    }
  }

  return (
    <section aria-labelledby="record-evidence-heading">
      <h3 className="govuk-heading-m" id="record-evidence-heading">
        Record evidence of a benefit
      </h3>
      {saved && (
        <div className="govuk-inset-text" role="status">
          {saved}
        </div>
      )}
      {(write.errors.length > 0 || write.refusal) && (
        <ErrorSummary
          title={write.refusal?.problem.title}
          detail={write.refusal?.problem.detail}
          errors={write.errors.map((error) => ({
            href: `#evidence-${error.field}`,
            text: error.message,
          }))}
        />
      )}
      <form onSubmit={submit} noValidate>
        <FormGroup id="evidence-benefit" label="Benefit" error={write.errorFor('benefit')}>
          <select
            className="govuk-select"
            id="evidence-benefit"
            value={input.benefit}
            onChange={(event) => setInput({ ...input, benefit: event.target.value })}
          >
            {plan.map((benefit) => (
              <option key={benefit.key} value={benefit.key}>
                {benefit.description}
              </option>
            ))}
          </select>
        </FormGroup>
        <FormGroup
          id="evidence-period"
          label="Fiscal year realised in"
          hint="For example, 2026-27"
          error={write.errorFor('period')}
        >
          <input
            className="govuk-input govuk-input--width-5"
            id="evidence-period"
            aria-describedby="evidence-period-hint"
            value={input.period}
            onChange={(event) => setInput({ ...input, period: event.target.value })}
          />
        </FormGroup>
        <FormGroup id="evidence-amount" label="Amount (£)" error={write.errorFor('amount')}>
          <input
            className="govuk-input govuk-input--width-10"
            id="evidence-amount"
            inputMode="decimal"
            value={input.amount}
            onChange={(event) => setInput({ ...input, amount: event.target.value })}
          />
        </FormGroup>
        <FormGroup
          id="evidence-evidence"
          label="Evidence"
          hint="How the amount is known: invoices, budget lines, measurements"
          error={write.errorFor('evidence')}
        >
          <textarea
            className="govuk-textarea"
            id="evidence-evidence"
            rows={3}
            aria-describedby="evidence-evidence-hint"
            value={input.evidence}
            onChange={(event) => setInput({ ...input, evidence: event.target.value })}
          />
        </FormGroup>
        <button
          type="submit"
          className="govuk-button"
          disabled={write.busy}
          aria-disabled={write.busy}
        >
          Record the evidence
        </button>
      </form>
    </section>
  );
}

function ValidateForm({
  proposal,
  evidence,
}: {
  readonly proposal: Proposal;
  readonly evidence: BenefitEvidence;
}) {
  const api = useApi();
  const [outcome, setOutcome] = useState<'' | 'validated' | 'rejected'>('');
  const [note, setNote] = useState('');
  const write = useBenefitWrite(proposal);
  const prefix = `validate-${evidence.evidenceId}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local: FieldError[] = [];
    if (!outcome) local.push({ field: 'outcome', message: 'Choose whether to validate or reject' });
    if (outcome === 'rejected' && !note.trim())
      local.push({ field: 'note', message: 'Give the reason for rejecting the evidence' });
    await write.run(local, () =>
      api.validateBenefitEvidence(proposal.id, evidence.benefitKey, evidence.evidenceId, {
        outcome,
        note: note.trim(),
      }),
    );
  }

  const outcomeError = write.errorFor('outcome');
  return (
    <form onSubmit={submit} noValidate className="app-card">
      {(write.errors.length > 0 || write.refusal) && (
        <ErrorSummary
          title={write.refusal?.problem.title}
          detail={write.refusal?.problem.detail}
          errors={write.errors.map((error) => ({
            href: `#${prefix}-${error.field}`,
            text: error.message,
          }))}
        />
      )}
      <div className={`govuk-form-group${outcomeError ? ' govuk-form-group--error' : ''}`}>
        <fieldset className="govuk-fieldset" id={`${prefix}-outcome`}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Is the {evidence.period} evidence of {pounds(evidence.amount)} sound?
          </legend>
          {outcomeError && (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {outcomeError}
            </p>
          )}
          <div className="govuk-radios govuk-radios--small govuk-radios--inline">
            {(
              [
                ['validated', 'Validate'],
                ['rejected', 'Reject'],
              ] as const
            ).map(([value, label]) => (
              <div className="govuk-radios__item" key={value}>
                <input
                  className="govuk-radios__input"
                  id={`${prefix}-${value}`}
                  name={`${prefix}-outcome`}
                  type="radio"
                  checked={outcome === value}
                  onChange={() => setOutcome(value)}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={`${prefix}-${value}`}>
                  {label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <FormGroup
        id={`${prefix}-note`}
        label="Note"
        hint="What you checked it against; required to reject"
        error={write.errorFor('note')}
      >
        <textarea
          className="govuk-textarea"
          id={`${prefix}-note`}
          rows={2}
          aria-describedby={`${prefix}-note-hint`}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </FormGroup>
      <button
        type="submit"
        className="govuk-button govuk-button--secondary"
        disabled={write.busy}
        aria-disabled={write.busy}
      >
        Record the outcome
        <span className="govuk-visually-hidden"> for the {evidence.period} evidence</span>
      </button>
    </form>
  );
}
