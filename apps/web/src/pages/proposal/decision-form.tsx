import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { CaseStage, FieldError, Policy, Proposal } from '../../api/types';
import {
  DateInput,
  NO_DATE,
  partsOf,
  readDate,
  type DateParts,
  type DateProblem,
} from '../../components/date-input';
import { ErrorSummary } from '../../components/feedback';
import { pounds, todayIso, words } from '../../format';
import { forgetKept, useKeptState } from '../../session/kept-input';
import { useApi, useSession } from '../../session/session';
import { describeChanges } from './proposal-changes';
import { STAGE_NAMES } from './stages';

type Action = 'approved' | 'rejected' | 'deferred' | 'return';

interface DecisionInput {
  readonly action: Action | '';
  readonly authority: string;
  readonly reason: string;
  readonly approvedAmount: string;
  readonly conditions: string;
  readonly deferredUntil: DateParts;
  readonly meetingRef: string;
  // Wave 2: asked for only when the ledger names them in readiness.reasonsRequired.
  readonly splitSpendReason?: string;
  readonly departureReason?: string;
  readonly urgencyProcedure?: '' | 'general-exception' | 'special-urgency';
  readonly scrutinyChairInformedOn?: DateParts;
  readonly urgencyPublishedOn?: DateParts;
  readonly agreedBy?: string;
  readonly urgencyReason?: string;
}

const ACTIONS: readonly (readonly [Action, string, string])[] = [
  ['approved', 'Approve', 'Commits the approved amount against the year’s capital envelope'],
  ['rejected', 'Reject', 'Final: the proposal cannot come back'],
  ['deferred', 'Defer', 'The proposer may resubmit after the date you give'],
  [
    'return',
    'Return for revision',
    'The proposer amends the business case; it then needs fresh reviews',
  ],
];

interface StaleNotice {
  readonly seenVersion: number;
  readonly currentVersion: number;
  readonly changes: readonly string[];
}

/**
 * The board decides on the version shown: it is sent as If-Match, so if anything was recorded
 * meanwhile the ledger refuses (412), the page shows what changed, and the typed reason stays.
 */
export function DecisionForm({
  proposal,
  policy,
  onRecorded,
}: {
  readonly proposal: Proposal;
  readonly policy: Policy | undefined;
  /** The proposal as it now stands: the page shows it, and the decision with its snapshot. */
  readonly onRecorded: (now: Proposal) => void;
}) {
  const api = useApi();
  const { person } = useSession();
  const queries = useQueryClient();
  const keptKey = `decision:${proposal.id}`;
  const authorities = person?.authorities ?? [];
  const [input, setInput] = useKeptState<DecisionInput>(keptKey, () => ({
    action: '',
    authority: authorities[0] ?? '',
    reason: '',
    approvedAmount: proposal.capitalCost,
    conditions: '',
    deferredUntil: NO_DATE,
    meetingRef: '',
  }));
  const [fieldErrors, setFieldErrors] = useState<readonly FieldError[]>([]);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [stale, setStale] = useState<StaleNotice | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (field: keyof DecisionInput) => (value: string | DateParts) =>
    setInput({ ...input, [field]: value });
  // A reason typed before dates were three fields may still be kept with the date as one string.
  const deferredUntil =
    typeof input.deferredUntil === 'string' ? partsOf(input.deferredUntil) : input.deferredUntil;
  const deferral = readDate(deferredUntil, 'the date it is deferred until', {
    after: todayIso(),
  });
  const [dateProblem, setDateProblem] = useState<DateProblem | null>(null);
  const required = proposal.readiness.reasonsRequired;
  const gateTo = nextStage(proposal.caseStage);
  const asksSplitSpend = input.action === 'approved' && required.includes('splitSpendReason');
  const asksDeparture = input.action === 'approved' && required.includes('departureReason');
  const asksUrgency =
    (input.action === 'approved' || input.action === 'rejected') && required.includes('urgency');
  const chairInformed = readDate(
    input.scrutinyChairInformedOn ?? NO_DATE,
    'the date the scrutiny chair was informed',
  );
  const urgencyPublished = readDate(
    input.urgencyPublishedOn ?? NO_DATE,
    'the date the notice was published',
  );

  function localErrors(): FieldError[] {
    const errors: FieldError[] = [];
    if (!input.action) errors.push({ field: 'outcome', message: 'Choose what the board decides' });
    if (!input.reason.trim())
      errors.push({ field: 'reason', message: 'Give the reason for the decision' });
    if (input.action !== 'return' && input.action && !input.authority) {
      errors.push({ field: 'authority', message: 'Choose the delegation tier you decide under' });
    }
    if (asksSplitSpend && !input.splitSpendReason?.trim())
      errors.push({
        field: 'splitSpendReason',
        message: 'Give the reason for a separate decision',
      });
    if (asksDeparture && !input.departureReason?.trim())
      errors.push({
        field: 'departureReason',
        message: 'Give the reason for departing from the adopted scenario',
      });
    if (asksUrgency) errors.push(...urgencyErrors());
    if (input.action === 'deferred') {
      const problem =
        'empty' in deferral
          ? {
              parts: ['day', 'month', 'year'] as const,
              message: 'Enter the date it is deferred until',
            }
          : 'problem' in deferral
            ? deferral.problem
            : null;
      setDateProblem(problem);
      if (problem)
        errors.push({ field: `deferredUntil-${problem.parts[0]}`, message: problem.message });
    } else {
      setDateProblem(null);
    }
    return errors;
  }

  function urgencyErrors(): FieldError[] {
    if (!input.urgencyProcedure)
      return [{ field: 'urgencyProcedure', message: 'Choose the urgency procedure' }];
    if (input.urgencyProcedure === 'special-urgency') {
      return [
        ...(input.agreedBy?.trim()
          ? []
          : [{ field: 'agreedBy', message: 'Enter who agreed the decision is urgent' }]),
        ...(input.urgencyReason?.trim()
          ? []
          : [{ field: 'urgencyReason', message: 'Give the reason the decision cannot wait' }]),
      ];
    }
    const errors: FieldError[] = [];
    for (const [field, read, what] of [
      ['scrutinyChairInformedOn', chairInformed, 'the date the scrutiny chair was informed'],
      ['urgencyPublishedOn', urgencyPublished, 'the date the notice was published'],
    ] as const) {
      if ('empty' in read) errors.push({ field: `${field}-day`, message: `Enter ${what}` });
      else if ('problem' in read)
        errors.push({ field: `${field}-${read.problem.parts[0]}`, message: read.problem.message });
    }
    return errors;
  }

  function urgencyBody(): Record<string, string> {
    if (input.urgencyProcedure === 'special-urgency') {
      return {
        procedure: 'special-urgency',
        agreedBy: input.agreedBy?.trim() ?? '',
        reason: input.urgencyReason?.trim() ?? '',
      };
    }
    return {
      procedure: 'general-exception',
      scrutinyChairInformedOn: 'date' in chairInformed ? chairInformed.date : '',
      publishedOn: 'date' in urgencyPublished ? urgencyPublished.date : '',
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRefusal(null);
    const errors = localErrors();
    setFieldErrors(errors);
    if (errors.length > 0) return;
    setBusy(true);
    try {
      if (input.action === 'return') {
        await api.returnForRevision(proposal.id, proposal.version, input.reason);
      } else {
        const body: Record<string, unknown> = {
          outcome: input.action,
          authority: input.authority,
          reason: input.reason,
        };
        if (input.meetingRef.trim()) body.meetingRef = input.meetingRef.trim();
        if (input.action === 'approved') {
          // A SOC or OBC gate commits no funds: the ledger refuses an amount there.
          if (!gateTo) body.approvedAmount = input.approvedAmount.trim();
          if (asksSplitSpend) body.splitSpendReason = input.splitSpendReason?.trim();
          if (asksDeparture) body.departureReason = input.departureReason?.trim();
          const conditions = input.conditions
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean);
          if (conditions.length > 0) body.conditions = conditions;
        }
        if (asksUrgency) body.urgency = urgencyBody();
        if (input.action === 'deferred' && 'date' in deferral) body.deferredUntil = deferral.date;
        await api.decide(proposal.id, proposal.version, body);
      }
      forgetKept(keptKey);
      const now = await api.proposal(proposal.id);
      setStale(null);
      await queries.invalidateQueries({ queryKey: ['proposals'] });
      await queries.invalidateQueries({ queryKey: ['history', proposal.id] });
      onRecorded(now);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 412) {
        const now = await api.proposal(proposal.id);
        setStale({
          seenVersion: proposal.version,
          currentVersion: now.version,
          changes: describeChanges(proposal, now),
        });
        queries.setQueryData(['proposal', proposal.id, 'now'], now);
        await queries.invalidateQueries({ queryKey: ['history', proposal.id] });
      } else {
        setRefusal(error);
        setFieldErrors(error.problem.errors ?? []);
      }
    } finally {
      setBusy(false);
    }
  }

  const serverError = fieldErrors.find((error) => error.field === 'deferredUntil');
  const serverDateProblem: DateProblem | null = serverError
    ? { parts: ['day', 'month', 'year'], message: serverError.message }
    : null;
  const errorFor = (field: string) => fieldErrors.find((error) => error.field === field)?.message;
  const typed: Typed = { input, change, errorFor };
  const summaryErrors = fieldErrors.map((error) => ({
    href: `#decision-${error.field === 'deferredUntil' ? 'deferredUntil-day' : error.field === 'urgency' || error.field.startsWith('urgency.') ? 'urgencyProcedure' : error.field}`,
    text: error.message,
  }));

  return (
    <section aria-labelledby="decide-heading">
      <h2 className="govuk-heading-m" id="decide-heading">
        Decide on version {proposal.version}
      </h2>
      {stale && (
        <div className="govuk-notification-banner" role="alert" aria-labelledby="stale-title">
          <div className="govuk-notification-banner__header">
            <h3 className="govuk-notification-banner__title" id="stale-title">
              Important
            </h3>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              This proposal changed while you were deciding: you saw version {stale.seenVersion}, it
              is now version {stale.currentVersion}. Nothing was recorded.
            </p>
            <ul className="govuk-list govuk-list--bullet">
              {stale.changes.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
            <p className="govuk-body">
              The page now shows version {stale.currentVersion}, and what you typed is kept. Check
              the changes, then decide again.
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
        <div className={`govuk-form-group${errorFor('outcome') ? ' govuk-form-group--error' : ''}`}>
          <fieldset className="govuk-fieldset" id="decision-outcome">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              What does the board decide?
            </legend>
            {errorFor('outcome') && (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errorFor('outcome')}
              </p>
            )}
            <div className="govuk-radios" data-module="govuk-radios">
              {actionsAt(gateTo).map(([value, label, hint]) => (
                <div className="govuk-radios__item" key={value}>
                  <input
                    className="govuk-radios__input"
                    id={`decision-action-${value}`}
                    name="action"
                    type="radio"
                    value={value}
                    checked={input.action === value}
                    onChange={() => change('action')(value)}
                    aria-describedby={`decision-action-${value}-hint`}
                  />
                  <label
                    className="govuk-label govuk-radios__label"
                    htmlFor={`decision-action-${value}`}
                  >
                    {label}
                  </label>
                  <div
                    id={`decision-action-${value}-hint`}
                    className="govuk-hint govuk-radios__hint"
                  >
                    {hint}
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
        </div>

        {input.action && input.action !== 'return' && (
          <Field
            id="authority"
            label="Delegation tier you decide under"
            error={errorFor('authority')}
          >
            <select
              className="govuk-select"
              id="decision-authority"
              value={input.authority}
              onChange={(event) => change('authority')(event.target.value)}
            >
              {authorities.length === 0 && (
                <option value="">You hold no delegated authority</option>
              )}
              {authorities.map((authority) => {
                const limit = policy?.delegation.find(
                  (level) => level.authority === authority,
                )?.upTo;
                return (
                  <option key={authority} value={authority}>
                    {words(authority)}
                    {limit === undefined
                      ? ''
                      : limit === null
                        ? ' (no limit)'
                        : ` (up to ${pounds(limit)})`}
                  </option>
                );
              })}
            </select>
          </Field>
        )}

        {input.action === 'approved' && (
          <>
            {!gateTo && (
              <ReasonField
                {...typed}
                name="approvedAmount"
                label="Approved amount (£)"
                hint={`At most the capital cost, ${pounds(proposal.capitalCost)}${
                  proposal.readiness.envelopeRemaining === null
                    ? ''
                    : `; ${pounds(proposal.readiness.envelopeRemaining)} of the envelope remains`
                }`}
                line="govuk-input--width-10"
                inputMode="decimal"
              />
            )}
            <ReasonField {...typed} name="conditions" label="Conditions (optional, one a line)" />
          </>
        )}

        {input.action === 'deferred' && (
          <DateInput
            id="decision-deferredUntil"
            legend="Deferred until"
            value={deferredUntil}
            onChange={change('deferredUntil')}
            problem={dateProblem ?? serverDateProblem}
          />
        )}

        {asksSplitSpend && (
          <ReasonField
            {...typed}
            name="splitSpendReason"
            label="Reason for a separate decision"
            hint={splitSpendHint(proposal)}
          />
        )}

        {asksDeparture && (
          <ReasonField
            {...typed}
            name="departureReason"
            label="Reason for departing from the adopted scenario"
            hint="A scenario adopted for this fiscal year did not select this proposal"
          />
        )}

        {asksUrgency && (
          <UrgencySection
            typed={typed}
            dateProblem={(field) => {
              const error = fieldErrors.find((each) => each.field.startsWith(`${field}-`));
              if (!error) return null;
              const part = error.field.slice(field.length + 1) as 'day' | 'month' | 'year';
              return { parts: [part], message: error.message };
            }}
          />
        )}

        <ReasonField {...typed} name="reason" label="Reason" rows={4} />

        {input.action && input.action !== 'return' && (
          <ReasonField
            {...typed}
            name="meetingRef"
            label="Meeting reference (optional)"
            line="govuk-input--width-20"
          />
        )}

        <button type="submit" className="govuk-button" disabled={busy} aria-disabled={busy}>
          Record the decision on version {proposal.version}
        </button>
      </form>
    </section>
  );
}

const NEXT_STAGE: Partial<Record<CaseStage, CaseStage>> = { SOC: 'OBC', OBC: 'FBC' };

/** At a SOC or OBC gate an approval passes the gate; at FBC or BJC it commits funds. */
function nextStage(stage: CaseStage | null | undefined): CaseStage | null {
  return (stage && NEXT_STAGE[stage]) ?? null;
}

function actionsAt(gateTo: CaseStage | null): readonly (readonly [Action, string, string])[] {
  if (!gateTo) return ACTIONS;
  return ACTIONS.map((entry) =>
    entry[0] === 'approved'
      ? ([
          'approved',
          `Pass the gate to ${gateTo}`,
          `The proposal returns to draft for its ${STAGE_NAMES[gateTo]}; no funds are committed`,
        ] as const)
      : entry,
  );
}

function splitSpendHint(proposal: Proposal): string {
  const split = proposal.splitSpend;
  if (!split) return 'The ledger relates this proposal to others that together cost more';
  const crosses = [
    split.crossesTier ? `beyond the ${words(split.crossesTier).toLowerCase()} tier` : null,
    split.crossesKeyDecision ? 'to a key decision' : null,
  ].filter(Boolean);
  return `With ${split.related.length} related ${split.related.length === 1 ? 'proposal' : 'proposals'} the whole-life cost is ${pounds(split.combinedWholeLifeCost)}${crosses.length > 0 ? `, which takes it ${crosses.join(' and ')}` : ''}. Say why this is decided on its own.`;
}

function UrgencySection({
  typed,
  dateProblem,
}: {
  readonly typed: Typed;
  readonly dateProblem: (field: string) => DateProblem | null;
}) {
  const { input, change, errorFor } = typed;
  const procedures = [
    [
      'general-exception',
      'General exception',
      'The chair of the scrutiny committee was informed and a notice published at least 5 clear days before',
    ],
    ['special-urgency', 'Special urgency', 'The decision cannot wait for a notice'],
  ] as const;
  return (
    <div
      className={`govuk-form-group${errorFor('urgencyProcedure') ? ' govuk-form-group--error' : ''}`}
    >
      <fieldset className="govuk-fieldset" id="decision-urgencyProcedure">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
          Urgency: this key decision has no notice 28 clear days before
        </legend>
        <div className="govuk-hint">Choose the procedure the council followed instead</div>
        {errorFor('urgencyProcedure') && (
          <p className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {errorFor('urgencyProcedure')}
          </p>
        )}
        <div className="govuk-radios" data-module="govuk-radios">
          {procedures.map(([value, label, hint]) => (
            <div className="govuk-radios__item" key={value}>
              <input
                className="govuk-radios__input"
                id={`decision-urgency-${value}`}
                name="urgencyProcedure"
                type="radio"
                value={value}
                checked={input.urgencyProcedure === value}
                onChange={() => change('urgencyProcedure')(value)}
                aria-describedby={`decision-urgency-${value}-hint`}
              />
              <label
                className="govuk-label govuk-radios__label"
                htmlFor={`decision-urgency-${value}`}
              >
                {label}
              </label>
              <div id={`decision-urgency-${value}-hint`} className="govuk-hint govuk-radios__hint">
                {hint}
              </div>
            </div>
          ))}
        </div>
      </fieldset>
      {input.urgencyProcedure === 'general-exception' && (
        <div className="govuk-!-margin-top-4">
          <DateInput
            id="decision-scrutinyChairInformedOn"
            legend="Scrutiny chair informed on"
            value={input.scrutinyChairInformedOn ?? NO_DATE}
            onChange={change('scrutinyChairInformedOn')}
            problem={dateProblem('scrutinyChairInformedOn')}
          />
          <DateInput
            id="decision-urgencyPublishedOn"
            legend="Notice published on"
            value={input.urgencyPublishedOn ?? NO_DATE}
            onChange={change('urgencyPublishedOn')}
            problem={dateProblem('urgencyPublishedOn')}
          />
        </div>
      )}
      {input.urgencyProcedure === 'special-urgency' && (
        <div className="govuk-!-margin-top-4">
          <ReasonField
            {...typed}
            name="agreedBy"
            label="Agreed as urgent by"
            line="govuk-input--width-30"
          />
          <ReasonField {...typed} name="urgencyReason" label="Why the decision cannot wait" />
        </div>
      )}
    </div>
  );
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
  readonly children: React.ReactNode;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={`decision-${id}`}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`decision-${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="govuk-error-message" id={`decision-${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** The ids a field's control is described by, as GOV.UK Frontend links them: its hint, then its error. */
function describedBy(id: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `decision-${id}-hint` : null, error ? `decision-${id}-error` : null];
  return ids.filter((part) => part !== null).join(' ') || undefined;
}

/** The form's typed values, how to change one, and the error the ledger or the page gave for one. */
interface Typed {
  readonly input: DecisionInput;
  readonly change: (field: keyof DecisionInput) => (value: string | DateParts) => void;
  readonly errorFor: (field: string) => string | undefined;
}

/** The decision's typed text fields (not its radio choices): each kept under `decision-<name>`. */
type TextField = Exclude<
  {
    [Name in keyof DecisionInput]-?: NonNullable<DecisionInput[Name]> extends string ? Name : never;
  }[keyof DecisionInput],
  'action' | 'urgencyProcedure'
>;

/**
 * One of the reasons (and other typed answers) a decision gives: a GOV.UK form group with its label,
 * hint and error, holding a textarea, or with `line` a one-line input of that width class.
 */
function ReasonField({
  input,
  change,
  errorFor,
  name,
  label,
  hint,
  rows = 3,
  line,
  inputMode,
}: Typed & {
  readonly name: TextField;
  readonly label: string;
  readonly hint?: string;
  readonly rows?: number;
  readonly line?: 'govuk-input--width-10' | 'govuk-input--width-20' | 'govuk-input--width-30';
  readonly inputMode?: 'decimal';
}) {
  const id = `decision-${name}`;
  const described = describedBy(name, hint, errorFor(name));
  const value = (input[name] as string | undefined) ?? '';
  const onChange = (event: { readonly target: { readonly value: string } }) =>
    change(name)(event.target.value);
  return (
    <Field id={name} label={label} hint={hint} error={errorFor(name)}>
      {line ? (
        <input
          className={`govuk-input ${line}`}
          id={id}
          aria-describedby={described}
          inputMode={inputMode}
          value={value}
          onChange={onChange}
        />
      ) : (
        <textarea
          className="govuk-textarea"
          id={id}
          aria-describedby={described}
          rows={rows}
          value={value}
          onChange={onChange}
        />
      )}
    </Field>
  );
}
