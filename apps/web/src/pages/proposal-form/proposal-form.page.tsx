import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../../api/client';
import type { FieldError, Proposal } from '../../api/types';
import { ErrorSummary, Loading, ProblemMessage } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { fiscalYearOf, fiscalYearsAround, words } from '../../format';
import { forgetKept, hasKept, useKeptState } from '../../session/kept-input';
import { useApi } from '../../session/session';

const CATEGORIES = ['infrastructure', 'digital-service', 'security', 'data', 'end-user', 'other'];

const LABELS: Record<string, string> = {
  title: 'Title',
  summary: 'Summary',
  department: 'Department',
  category: 'Category',
  fiscalYear: 'Fiscal year',
  capitalCost: 'Capital cost',
  annualRevenueCost: 'Annual revenue cost',
  annualCashableSaving: 'Annual cashable saving',
  annualNonCashableBenefit: 'Annual non-cashable benefit',
  appraisalYears: 'Appraisal period',
  statutory: 'Statutory',
  risks: 'Risks',
  strategicObjectives: 'Strategic objectives',
};

/** The ledger's message names the rule; the page names the field in the words of its label. */
function sentence(error: FieldError): string {
  const field = error.field.split(/[.[]/)[0];
  const label = LABELS[field];
  // The ledger's money rule is written for programs ("a decimal string"); people need an example.
  if (label && /must be pounds with at most two decimals/.test(error.message)) {
    return `${label} must be an amount in pounds with no commas or £ sign, such as 250000 or 250000.50`;
  }
  if (!label || error.message.toLowerCase().startsWith(label.toLowerCase())) return error.message;
  const starts = error.message.startsWith(field)
    ? error.message.slice(field.length).trimStart()
    : error.message;
  return `${label} ${starts.charAt(0).toLowerCase()}${starts.slice(1)}`;
}

interface ProposalInput {
  readonly title: string;
  readonly summary: string;
  readonly department: string;
  readonly category: string;
  readonly fiscalYear: string;
  readonly capitalCost: string;
  readonly annualRevenueCost: string;
  readonly annualCashableSaving: string;
  readonly annualNonCashableBenefit: string;
  readonly appraisalYears: string;
  readonly statutory: boolean;
  readonly risks: string;
  readonly strategicObjectives: string;
}

function inputOf(proposal: Proposal | undefined): ProposalInput {
  return {
    title: proposal?.title ?? '',
    summary: proposal?.summary ?? '',
    department: proposal?.department ?? '',
    category: proposal?.category ?? '',
    fiscalYear: proposal?.fiscalYear ?? fiscalYearOf(new Date()),
    capitalCost: proposal?.capitalCost ?? '',
    annualRevenueCost: proposal?.annualRevenueCost ?? '',
    annualCashableSaving: proposal?.annualCashableSaving ?? '',
    annualNonCashableBenefit: proposal?.annualNonCashableBenefit ?? '',
    appraisalYears: proposal ? String(proposal.appraisalYears) : '5',
    statutory: proposal?.statutory ?? false,
    risks: proposal?.risks ?? '',
    strategicObjectives: proposal?.strategicObjectives.join('\n') ?? '',
  };
}

/**
 * What the page sends is what was typed: the ledger validates it, and its problem+json errors are
 * shown beside the fields they name. Only the shape is adjusted (numbers, lists, blank optionals).
 */
function bodyOf(input: ProposalInput): Record<string, unknown> {
  const years = input.appraisalYears.trim();
  const body: Record<string, unknown> = {
    title: input.title,
    summary: input.summary,
    department: input.department,
    category: input.category,
    fiscalYear: input.fiscalYear,
    capitalCost: input.capitalCost.trim(),
    annualRevenueCost: input.annualRevenueCost.trim(),
    annualCashableSaving: input.annualCashableSaving.trim(),
    annualNonCashableBenefit: input.annualNonCashableBenefit.trim(),
    appraisalYears: /^\d+$/.test(years) ? Number(years) : years,
    statutory: input.statutory,
    strategicObjectives: input.strategicObjectives
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  };
  if (input.risks.trim()) body.risks = input.risks;
  return body;
}

export function ProposalFormPage({ id }: { readonly id?: string }) {
  const api = useApi();
  const existing = useQuery({
    queryKey: ['proposal', id, 'now'],
    queryFn: () => api.proposal(id!),
    enabled: id !== undefined,
  });
  if (id !== undefined && existing.isPending) return <Loading what="the proposal" />;
  if (existing.isError) return <ProblemMessage error={existing.error} />;
  return <ProposalForm proposal={existing.data} />;
}

function ProposalForm({ proposal }: { readonly proposal: Proposal | undefined }) {
  const api = useApi();
  const queries = useQueryClient();
  const [, navigate] = useLocation();
  const keptKey = `proposal-form:${proposal?.id ?? 'new'}`;
  const [restored] = useState(() => hasKept(keptKey));
  const [input, setInput] = useKeptState<ProposalInput>(keptKey, () => inputOf(proposal));
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = proposal ? `Change “${proposal.title}”` : 'Start a new proposal';
  usePageTitle(heading, errors.length > 0 || refusal !== null);

  const set = (field: keyof ProposalInput) => (value: string | boolean) =>
    setInput({ ...input, [field]: value });

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setRefusal(null);
    try {
      const result = proposal
        ? await api.amend(proposal.id, proposal.version, changedFields(inputOf(proposal), input))
        : await api.draft(bodyOf(input));
      forgetKept(keptKey);
      await queries.invalidateQueries({ queryKey: ['proposal', result.id] });
      await queries.invalidateQueries({ queryKey: ['proposals'] });
      navigate(`/proposals/${result.id}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setRefusal(error);
      setErrors(error.problem.errors ?? []);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) =>
    errors
      .filter(
        (error) =>
          error.field === field ||
          error.field.startsWith(`${field}.`) ||
          error.field.startsWith(`${field}[`),
      )
      .map(sentence)
      .join('. ') || undefined;
  const known = new Set(Object.keys(input));
  const summary = errors.map((error) => {
    const field = error.field.split(/[.[]/)[0];
    return { href: known.has(field) ? `#proposal-${field}` : undefined, text: sentence(error) };
  });

  return (
    <>
      {(summary.length > 0 || refusal) && (
        <ErrorSummary
          errors={summary}
          detail={summary.length === 0 ? refusal?.problem.detail : undefined}
          title={
            summary.length === 0
              ? (refusal?.problem.title ?? 'There is a problem')
              : 'There is a problem'
          }
        />
      )}
      <h1 className="govuk-heading-l">{heading}</h1>
      {restored && (
        <div className="govuk-inset-text">
          We kept what you typed earlier in this tab, so you can carry on.
        </div>
      )}
      <form onSubmit={save} noValidate>
        <Field id="title" label="Title" error={errorFor('title')}>
          <input
            className="govuk-input"
            id="proposal-title"
            value={input.title}
            onChange={(event) => set('title')(event.target.value)}
          />
        </Field>
        <Field
          id="summary"
          label="Summary"
          hint="What the proposal is for and why now"
          error={errorFor('summary')}
        >
          <textarea
            className="govuk-textarea"
            id="proposal-summary"
            rows={4}
            value={input.summary}
            onChange={(event) => set('summary')(event.target.value)}
          />
        </Field>
        <Field id="department" label="Department" error={errorFor('department')}>
          <input
            className="govuk-input govuk-!-width-two-thirds"
            id="proposal-department"
            value={input.department}
            onChange={(event) => set('department')(event.target.value)}
          />
        </Field>
        <Field id="category" label="Category" error={errorFor('category')}>
          <select
            className="govuk-select"
            id="proposal-category"
            value={input.category}
            onChange={(event) => set('category')(event.target.value)}
          >
            <option value="">Choose a category</option>
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {words(category)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="fiscalYear"
          label="Fiscal year"
          hint="April to March, for example 2026-27"
          error={errorFor('fiscalYear')}
        >
          <select
            className="govuk-select"
            id="proposal-fiscalYear"
            value={input.fiscalYear}
            onChange={(event) => set('fiscalYear')(event.target.value)}
          >
            {fiscalYearsAround(new Date(), 1, 3).map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </Field>
        <MoneyField
          id="capitalCost"
          label="Capital cost"
          value={input.capitalCost}
          error={errorFor('capitalCost')}
          onChange={set('capitalCost')}
        />
        <MoneyField
          id="annualRevenueCost"
          label="Annual revenue cost"
          value={input.annualRevenueCost}
          error={errorFor('annualRevenueCost')}
          onChange={set('annualRevenueCost')}
        />
        <MoneyField
          id="annualCashableSaving"
          label="Annual cashable saving"
          value={input.annualCashableSaving}
          error={errorFor('annualCashableSaving')}
          onChange={set('annualCashableSaving')}
        />
        <MoneyField
          id="annualNonCashableBenefit"
          label="Annual non-cashable benefit"
          value={input.annualNonCashableBenefit}
          error={errorFor('annualNonCashableBenefit')}
          onChange={set('annualNonCashableBenefit')}
        />
        <Field
          id="appraisalYears"
          label="Appraisal period in years"
          hint="From 1 to 15"
          error={errorFor('appraisalYears')}
        >
          <input
            className="govuk-input govuk-input--width-3"
            id="proposal-appraisalYears"
            inputMode="numeric"
            value={input.appraisalYears}
            onChange={(event) => set('appraisalYears')(event.target.value)}
          />
        </Field>
        <div
          className={`govuk-form-group${errorFor('statutory') ? ' govuk-form-group--error' : ''}`}
        >
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <div className="govuk-checkboxes__item">
              <input
                className="govuk-checkboxes__input"
                id="proposal-statutory"
                type="checkbox"
                checked={input.statutory}
                onChange={(event) => set('statutory')(event.target.checked)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="proposal-statutory">
                Statutory: the council must do this by law
              </label>
            </div>
          </div>
        </div>
        <Field id="risks" label="Risks (optional)" error={errorFor('risks')}>
          <textarea
            className="govuk-textarea"
            id="proposal-risks"
            rows={3}
            value={input.risks}
            onChange={(event) => set('risks')(event.target.value)}
          />
        </Field>
        <Field
          id="strategicObjectives"
          label="Strategic objectives (optional, one a line)"
          error={errorFor('strategicObjectives')}
        >
          <textarea
            className="govuk-textarea"
            id="proposal-strategicObjectives"
            rows={3}
            value={input.strategicObjectives}
            onChange={(event) => set('strategicObjectives')(event.target.value)}
          />
        </Field>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" disabled={busy} aria-disabled={busy}>
            {proposal ? 'Save the changes' : 'Save as a draft'}
          </button>
          <Link className="govuk-link" href={proposal ? `/proposals/${proposal.id}` : '/proposals'}>
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}

/** An amendment sends only what changed, so a proposer's untouched fields are not re-asserted. */
function changedFields(before: ProposalInput, after: ProposalInput): Record<string, unknown> {
  const old = bodyOf(before);
  const next = bodyOf(after);
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next)) {
    if (JSON.stringify(old[field]) !== JSON.stringify(value)) changes[field] = value;
  }
  return changes;
}

function Field({
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
      <label className="govuk-label govuk-label--s" htmlFor={`proposal-${id}`}>
        {label}
      </label>
      {hint && <div className="govuk-hint">{hint}</div>}
      {error && (
        <p className="govuk-error-message" id={`proposal-${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

function MoneyField({
  id,
  label,
  value,
  error,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label} hint="In pounds, for example 250000.00" error={error}>
      <div className="govuk-input__wrapper">
        <div className="govuk-input__prefix" aria-hidden="true">
          £
        </div>
        <input
          className={`govuk-input govuk-input--width-10${error ? ' govuk-input--error' : ''}`}
          id={`proposal-${id}`}
          inputMode="decimal"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
    </Field>
  );
}
