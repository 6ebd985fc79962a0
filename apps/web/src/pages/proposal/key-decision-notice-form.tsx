import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { FieldError, Policy, Proposal } from '../../api/types';
import {
  DateInput,
  NO_DATE,
  partsOf,
  readDate,
  type DateParts,
  type DateProblem,
} from '../../components/date-input';
import { ErrorSummary } from '../../components/feedback';
import { pounds, todayIso, ukDate, words } from '../../format';
import { useApi } from '../../session/session';

interface NoticeInput {
  readonly publishedOn: DateParts;
  readonly decisionDue: DateParts;
  readonly decisionMaker: string;
  readonly summary: string;
}

/** Board and admin publish a key decision notice: it goes on the forward plan. */
export function KeyDecisionNoticeForm({
  proposal,
  policy,
}: {
  readonly proposal: Proposal;
  readonly policy: Policy | undefined;
}) {
  const api = useApi();
  const queries = useQueryClient();
  const tiers = policy?.delegation.map((level) => level.authority) ?? [];
  const [input, setInput] = useState<NoticeInput>(() => ({
    publishedOn: partsOf(todayIso()),
    decisionDue: NO_DATE,
    decisionMaker: '',
    summary: '',
  }));
  const [fieldErrors, setFieldErrors] = useState<readonly FieldError[]>([]);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const decisionMaker = input.decisionMaker || tiers[tiers.length - 1] || '';

  const publishedOn = readDate(input.publishedOn, 'the date the notice is published', {
    notAfter: todayIso(),
  });
  const decisionDue = readDate(input.decisionDue, 'the date the decision is due', {
    after: 'date' in publishedOn ? publishedOn.date : undefined,
  });

  function localErrors(): FieldError[] {
    const errors: FieldError[] = [];
    for (const [field, read, what] of [
      ['publishedOn', publishedOn, 'the date the notice is published'],
      ['decisionDue', decisionDue, 'the date the decision is due'],
    ] as const) {
      if ('empty' in read) errors.push({ field: `${field}-day`, message: `Enter ${what}` });
      else if ('problem' in read)
        errors.push({ field: `${field}-${read.problem.parts[0]}`, message: read.problem.message });
    }
    if (!decisionMaker) errors.push({ field: 'decisionMaker', message: 'Choose who decides' });
    if (!input.summary.trim())
      errors.push({ field: 'summary', message: 'Enter what the decision is about' });
    return errors;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRefusal(null);
    setPublished(null);
    const errors = localErrors();
    setFieldErrors(errors);
    if (errors.length > 0 || !('date' in publishedOn) || !('date' in decisionDue)) return;
    setBusy(true);
    try {
      await api.publishKeyDecisionNotice(proposal.id, {
        publishedOn: publishedOn.date,
        decisionDue: decisionDue.date,
        decisionMaker,
        summary: input.summary.trim(),
      });
      setPublished(decisionDue.date);
      setInput({ ...input, decisionDue: NO_DATE, summary: '' });
      await queries.invalidateQueries({ queryKey: ['proposal', proposal.id] });
      await queries.invalidateQueries({ queryKey: ['forward-plan'] });
      await queries.invalidateQueries({ queryKey: ['history', proposal.id] });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setRefusal(error);
      setFieldErrors(error.problem.errors ?? []);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) => fieldErrors.find((error) => error.field === field)?.message;
  const dateProblem = (field: string): DateProblem | null => {
    const error = fieldErrors.find(
      (each) => each.field === field || each.field.startsWith(`${field}-`),
    );
    if (!error) return null;
    const part = error.field.slice(field.length + 1);
    return {
      parts:
        part === 'day' || part === 'month' || part === 'year' ? [part] : ['day', 'month', 'year'],
      message: error.message,
    };
  };
  const summaryErrors = fieldErrors.map((error) => ({
    href: `#notice-${['publishedOn', 'decisionDue'].includes(error.field) ? `${error.field}-day` : error.field}`,
    text: error.message,
  }));

  const content = (
    <>
      <p className="govuk-body">
        The notice goes on the forward plan.{' '}
        {proposal.keyDecision?.required
          ? `This is a key decision (whole-life cost ${pounds(proposal.appraisal.wholeLifeCost)}): it needs a notice published at least 28 clear days before it is taken.`
          : `The whole-life cost is ${pounds(proposal.appraisal.wholeLifeCost)}.`}
      </p>
      {published && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="alert">
          <div className="govuk-notification-banner__header">
            <h3 className="govuk-notification-banner__title">Success</h3>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              Notice published: the decision is due on {ukDate(published)}.
            </p>
          </div>
        </div>
      )}
      {(summaryErrors.length > 0 || refusal) && (
        <ErrorSummary
          title={refusal?.problem.title ?? 'There is a problem'}
          detail={refusal?.problem.detail}
          errors={summaryErrors}
        />
      )}
      <form onSubmit={submit} noValidate>
        <DateInput
          id="notice-publishedOn"
          legend="Published on"
          value={input.publishedOn}
          onChange={(value) => setInput({ ...input, publishedOn: value })}
          problem={dateProblem('publishedOn')}
        />
        <DateInput
          id="notice-decisionDue"
          legend="Decision due on"
          value={input.decisionDue}
          onChange={(value) => setInput({ ...input, decisionDue: value })}
          problem={dateProblem('decisionDue')}
        />
        <div
          className={`govuk-form-group${errorFor('decisionMaker') ? ' govuk-form-group--error' : ''}`}
        >
          <label className="govuk-label govuk-label--s" htmlFor="notice-decisionMaker">
            Decision maker
          </label>
          {errorFor('decisionMaker') && (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errorFor('decisionMaker')}
            </p>
          )}
          <select
            className="govuk-select"
            id="notice-decisionMaker"
            value={decisionMaker}
            onChange={(event) => setInput({ ...input, decisionMaker: event.target.value })}
          >
            {tiers.map((tier) => (
              <option key={tier} value={tier}>
                {words(tier)}
              </option>
            ))}
          </select>
        </div>
        <div className={`govuk-form-group${errorFor('summary') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="notice-summary">
            What is to be decided
          </label>
          {errorFor('summary') && (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errorFor('summary')}
            </p>
          )}
          <textarea
            className="govuk-textarea"
            id="notice-summary"
            rows={3}
            value={input.summary}
            onChange={(event) => setInput({ ...input, summary: event.target.value })}
          />
        </div>
        <button
          type="submit"
          className="govuk-button govuk-button--secondary"
          disabled={busy}
          aria-disabled={busy}
        >
          Publish key decision notice
        </button>
      </form>
    </>
  );
  // Not a key decision by the policy: the council may still give notice, but the form stays folded.
  if (!proposal.keyDecision?.required) {
    return (
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Publish a key decision notice</span>
        </summary>
        <div className="govuk-details__text">{content}</div>
      </details>
    );
  }
  return (
    <section aria-labelledby="notice-heading">
      <h2 className="govuk-heading-m" id="notice-heading">
        Publish a key decision notice
      </h2>
      {content}
    </section>
  );
}
