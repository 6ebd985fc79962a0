import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError } from '../../api/client';
import type { Criterion, Proposal } from '../../api/types';
import { ProblemMessage, Loading, StatusTag, SummaryList } from '../../components/feedback';
import {
  DateInput,
  partsOf,
  readDate,
  type DateParts,
  type DateProblem,
} from '../../components/date-input';
import { usePageTitle } from '../../components/layout';
import {
  decimal,
  endOfDay,
  pounds,
  score,
  todayIso,
  ukDate,
  ukDateTime,
  words,
  years,
} from '../../format';
import { hasRole, useApi, useSession } from '../../session/session';
import { BenefitPlan } from './benefit-plan';
import { DecisionForm } from './decision-form';
import { DecisionRecord } from './decision-record';
import { readinessChecks } from './readiness';
import { ProposalHistory } from './proposal-history';
import { Governance } from './governance';
import { KeyDecisionNoticeForm } from './key-decision-notice-form';
import { STAGE_NAMES } from './stages';

const CRITERIA: readonly Criterion[] = [
  'strategicFit',
  'valueForMoney',
  'deliverability',
  'riskReduction',
  'serviceImpact',
];

export function ProposalPage({ id }: { readonly id: string }) {
  const api = useApi();
  const { person } = useSession();
  const [, navigate] = useLocation();
  const queries = useQueryClient();
  const [recorded, setRecorded] = useState<Proposal | null>(null);
  const asOfDate = new URLSearchParams(useSearch()).get('asOf');
  // Fixed when the date is chosen: the end of today is "now", which must not move on every render.
  const asOf = useMemo(
    () => (asOfDate && /^\d{4}-\d{2}-\d{2}$/.test(asOfDate) ? endOfDay(asOfDate) : undefined),
    [asOfDate],
  );
  const proposal = useQuery({
    queryKey: ['proposal', id, asOf ?? 'now'],
    queryFn: () => api.proposal(id, asOf ? { asOf } : {}),
  });
  const policy = useQuery({ queryKey: ['policy'], queryFn: api.policy });
  usePageTitle(proposal.data?.title ?? 'Proposal');

  if (proposal.isPending) return <Loading what="the proposal" />;
  if (proposal.isError) {
    return (
      <>
        <h1 className="govuk-heading-l">Proposal</h1>
        <ProblemMessage error={proposal.error} />
      </>
    );
  }
  const shown = proposal.data;
  const isProposer = person?.id === shown.proposer.id;
  const canAmend =
    isProposer && hasRole(person, 'proposer') && ['draft', 'returned'].includes(shown.status);
  const canSubmit =
    isProposer &&
    hasRole(person, 'proposer') &&
    ['draft', 'returned', 'deferred'].includes(shown.status);
  const canDecide = !asOf && hasRole(person, 'board') && shown.status === 'submitted';

  return (
    <>
      <span className="govuk-caption-l">
        {shown.department} · {shown.fiscalYear}
      </span>
      <h1 className="govuk-heading-l">{shown.title}</h1>
      <p className="govuk-body">
        <StatusTag status={shown.status} />{' '}
        <span className="govuk-body-s">Version {shown.version}</span>
        {shown.statutory && (
          <>
            {' '}
            <strong className="moj-badge moj-badge--purple">Statutory</strong>
          </>
        )}
      </p>

      {recorded && recorded.id === id && !asOf && <Recorded proposal={recorded} />}

      <AsOfForm
        asOfDate={asOfDate}
        onChange={(date) =>
          navigate(date ? `/proposals/${id}?asOf=${date}` : `/proposals/${id}`, { replace: true })
        }
      />
      {asOf && (
        <div className="govuk-inset-text">
          You are looking at this proposal as it stood at the end of {ukDate(asOfDate)} (version{' '}
          {shown.version}), replayed from the log.{' '}
          <Link className="govuk-link" href={`/proposals/${id}`}>
            See it as it is now
          </Link>
        </div>
      )}

      {(canAmend || canSubmit) && !asOf && (
        <ProposerActions proposal={shown} canAmend={canAmend} canSubmit={canSubmit} />
      )}

      <h2 className="govuk-heading-m">Business case</h2>
      <SummaryList
        rows={[
          ['Summary', <span className="app-pre-wrap">{shown.summary}</span>],
          ['Proposer', shown.proposer.name],
          ['Category', words(shown.category)],
          ['Capital cost', pounds(shown.capitalCost)],
          ['Annual revenue cost', pounds(shown.annualRevenueCost)],
          ['Annual cashable saving', pounds(shown.annualCashableSaving)],
          ['Annual non-cashable benefit', pounds(shown.annualNonCashableBenefit)],
          ['Appraisal period', `${shown.appraisalYears} years`],
          ['Statutory', shown.statutory ? 'Yes: the council must do this' : 'No'],
          [
            'Risks',
            shown.risks ? <span className="app-pre-wrap">{shown.risks}</span> : 'None stated',
          ],
          [
            'Strategic objectives',
            shown.strategicObjectives.length > 0
              ? shown.strategicObjectives.join('; ')
              : 'None stated',
          ],
          ['Drafted', ukDateTime(shown.draftedAt)],
          ['Submitted', shown.submittedAt ? ukDateTime(shown.submittedAt) : 'Not yet'],
        ]}
      />

      <h2 className="govuk-heading-m">Appraisal</h2>
      <SummaryList
        rows={[
          ['Whole-life cost', pounds(shown.appraisal.wholeLifeCost)],
          ['Net present value', pounds(shown.appraisal.npv)],
          ['Benefit-cost ratio', decimal(shown.appraisal.benefitCostRatio)],
          ['Payback', years(shown.appraisal.paybackYears)],
          shown.appraisal.discountRate !== undefined && [
            'Discount rate',
            `${decimal(Number(shown.appraisal.discountRate) * 100, 1)}% (HM Treasury Green Book)`,
          ],
          ['Weighted score', score(shown.weightedScore, 2)],
        ]}
      />
      <ScoreBreakdown proposal={shown} />

      <Governance proposal={shown} />

      {['submitted', 'returned', 'deferred', 'draft'].includes(shown.status) && !asOf && (
        <Checks proposal={shown} />
      )}

      <Reviews proposal={shown} />

      <h2 className="govuk-heading-m">Conflicts of interest</h2>
      {shown.conflicts.length === 0 ? (
        <p className="govuk-body">None declared.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {shown.conflicts.map((conflict) => (
            <li key={`${conflict.person.id}${conflict.declaredAt}`}>
              <strong>{conflict.person.name}</strong> ({ukDate(conflict.declaredAt)}):{' '}
              {conflict.statement}
            </li>
          ))}
        </ul>
      )}

      {shown.decisions.length > 0 && (
        <>
          <h2 className="govuk-heading-m" id="decisions">
            Decisions
          </h2>
          {shown.decisions.map((decision) => (
            <DecisionRecord key={decision.decidedAt} decision={decision} />
          ))}
        </>
      )}

      <BenefitPlan proposal={shown} readOnly={Boolean(asOf)} />
      {shown.benefits.length > 0 && <Benefits proposal={shown} />}

      {canDecide && (
        <DecisionForm
          proposal={shown}
          policy={policy.data}
          onRecorded={(now) => {
            queries.setQueryData(['proposal', id, 'now'], now);
            setRecorded(now);
          }}
        />
      )}

      {!asOf && hasRole(person, 'board', 'admin') && shown.status === 'submitted' && (
        <KeyDecisionNoticeForm proposal={shown} policy={policy.data} />
      )}

      {hasRole(person, 'auditor', 'admin', 'board', 'finance') ? (
        <ProposalHistory id={id} upToVersion={asOf ? shown.version : undefined} />
      ) : (
        <>
          <h2 className="govuk-heading-m">History</h2>
          <p className="govuk-body">
            The full history, with each event&apos;s hash, is open to auditors, finance and the
            board.
          </p>
        </>
      )}
    </>
  );
}

/** What the ledger says would refuse an approval now; it checks every rule again when the board decides. */
function Checks({ proposal: checked }: { readonly proposal: Proposal }) {
  const checks = readinessChecks(checked);
  return (
    <div className="app-checks">
      <h2 className="govuk-heading-m">Governance checks for an approval</h2>
      <p className="govuk-body">
        {checked.ready
          ? 'Nothing the ledger checks would refuse an approval of the capital cost now.'
          : checked.status === 'submitted'
            ? 'The ledger would refuse an approval of the capital cost now:'
            : 'The ledger would refuse an approval until the proposal is submitted.'}
      </p>
      <ul className="govuk-list">
        {checks.map((check) => (
          <li key={check.text}>
            <strong className={`govuk-tag ${check.passed ? 'govuk-tag--green' : 'govuk-tag--red'}`}>
              {check.passed ? 'Met' : 'Not met'}
            </strong>{' '}
            {check.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Confirms what the board just recorded, where the eye (and focus) is: at the top of the page. */
function Recorded({ proposal }: { readonly proposal: Proposal }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <div className="govuk-panel govuk-panel--confirmation" ref={panel} tabIndex={-1}>
      <h2 className="govuk-panel__title">
        {proposal.status === 'returned'
          ? 'Returned for revision'
          : proposal.status === 'draft' && proposal.caseStage
            ? `Gate passed: now at ${proposal.caseStage}`
            : `Decision recorded: ${words(proposal.status)}`}
      </h2>
      <div className="govuk-panel__body">
        Version {proposal.version} of the proposal.{' '}
        {proposal.status === 'draft' &&
          proposal.caseStage &&
          `It is back in draft for its ${STAGE_NAMES[proposal.caseStage]}; no funds were committed.`}
        {proposal.status !== 'returned' && proposal.status !== 'draft' && (
          <a className="app-panel-link" href="#decisions">
            See the decision and its snapshot
          </a>
        )}
      </div>
    </div>
  );
}

function AsOfForm({
  asOfDate,
  onChange,
}: {
  readonly asOfDate: string | null;
  readonly onChange: (date: string | null) => void;
}) {
  const [value, setValue] = useState<DateParts>(() => partsOf(asOfDate));
  const [problem, setProblem] = useState<DateProblem | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    const read = readDate(value, 'the date', { notAfter: todayIso() });
    if ('problem' in read) {
      setProblem(read.problem);
      return;
    }
    setProblem(null);
    onChange('date' in read ? read.date : null);
  }
  return (
    <form className="app-actions" onSubmit={submit} noValidate>
      <DateInput
        id="as-of"
        legend="See it as it stood on"
        value={value}
        onChange={setValue}
        problem={problem}
      />
      <button type="submit" className="govuk-button govuk-button--secondary">
        Show
      </button>
    </form>
  );
}

function ProposerActions({
  proposal,
  canAmend,
  canSubmit,
}: {
  readonly proposal: Proposal;
  readonly canAmend: boolean;
  readonly canSubmit: boolean;
}) {
  const api = useApi();
  const queries = useQueryClient();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit() {
    setBusy(true);
    setFailure(null);
    try {
      await api.submit(proposal.id, proposal.version);
      await queries.invalidateQueries({ queryKey: ['proposal', proposal.id] });
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError && error.status === 412) {
        await queries.invalidateQueries({ queryKey: ['proposal', proposal.id] });
      }
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      {failure !== null && <ProblemMessage error={failure} />}
      <div className="govuk-button-group">
        {canSubmit && (
          <button type="button" className="govuk-button" disabled={busy} onClick={submit}>
            Submit to the board
          </button>
        )}
        {canAmend && (
          <Link
            className="govuk-button govuk-button--secondary"
            href={`/proposals/${proposal.id}/edit`}
          >
            {proposal.status === 'draft' ? 'Change the draft' : 'Amend the business case'}
          </Link>
        )}
      </div>
    </>
  );
}

/**
 * The ledger's own breakdown of the weighted score: each criterion's mean (0-5) is scaled to 0-100
 * and weighted by its share of the policy's weights, and the contributions add up to the score.
 */
function ScoreBreakdown({ proposal }: { readonly proposal: Proposal }) {
  const breakdown = proposal.scoreBreakdown;
  if (breakdown.reviewsCounted === 0) {
    return (
      <p className="govuk-body">
        No review counts towards the weighted score yet, so the proposal has no score.
      </p>
    );
  }
  const totalWeight = breakdown.criteria.reduce((sum, row) => sum + row.weight, 0);
  return (
    <table className="govuk-table app-table" data-testid="score-breakdown">
      <caption className="govuk-table__caption govuk-table__caption--s">
        How the weighted score is made, from {breakdown.reviewsCounted} current{' '}
        {breakdown.reviewsCounted === 1 ? 'review' : 'reviews'}
        <span className="govuk-hint govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
          Each criterion&apos;s mean score (0 to 5) is scaled to 100 and multiplied by its share of
          the policy&apos;s weights. The contributions add up to the weighted score.
        </span>
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Criterion
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Mean score (0 to 5)
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Weight (share)
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Contribution (points of 100)
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {breakdown.criteria.map((row) => (
          <tr className="govuk-table__row" key={row.criterion}>
            <th scope="row" className="govuk-table__header">
              {words(row.criterion)}
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {decimal(row.meanScore)}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {decimal(row.weight, 0)}
              {totalWeight > 0 && ` (${decimal((row.weight / totalWeight) * 100, 0)}%)`}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {decimal(row.contribution)}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="govuk-table__row app-total">
          <th scope="row" className="govuk-table__header" colSpan={3}>
            Weighted score
          </th>
          <td className="govuk-table__cell govuk-table__cell--numeric">
            <strong>{score(proposal.weightedScore, 2)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function Reviews({ proposal }: { readonly proposal: Proposal }) {
  return (
    <>
      <h2 className="govuk-heading-m">Reviews</h2>
      {proposal.reviews.length === 0 ? (
        <p className="govuk-body">No reviews yet.</p>
      ) : (
        proposal.reviews.map((review) => (
          <div className="app-card" key={review.reviewId}>
            <h3 className="govuk-heading-s">
              {words(review.kind)} review by {review.reviewer.name}{' '}
              <strong
                className={`govuk-tag ${
                  review.recommendation === 'oppose'
                    ? 'govuk-tag--red'
                    : review.recommendation === 'support'
                      ? 'govuk-tag--green'
                      : 'govuk-tag--yellow'
                }`}
              >
                {words(review.recommendation)}
              </strong>{' '}
              {(!review.current || review.withdrawnByConflict) && (
                <strong className="govuk-tag govuk-tag--grey">
                  {review.withdrawnByConflict
                    ? 'Withdrawn: conflict declared'
                    : 'Out of date: case amended since'}
                </strong>
              )}
            </h3>
            <p className="govuk-body-s">
              {ukDateTime(review.recordedAt)}, on version {review.proposalVersion}
            </p>
            <p className="govuk-body app-pre-wrap">{review.comments}</p>
            <p className="govuk-body-s">
              Scores (0-5):{' '}
              {CRITERIA.map((criterion) => `${words(criterion)} ${review.scores[criterion]}`).join(
                ', ',
              )}
            </p>
          </div>
        ))
      )}
    </>
  );
}

function Benefits({ proposal }: { readonly proposal: Proposal }) {
  return (
    <table className="govuk-table app-table">
      <caption className="govuk-table__caption govuk-table__caption--m">Realised benefits</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Period
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Cashable saving
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Non-cashable benefit
          </th>
          <th scope="col" className="govuk-table__header">
            Note
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {proposal.benefits.map((record) => (
          <tr className="govuk-table__row" key={`${record.period}${record.recordedAt}`}>
            <td className="govuk-table__cell">{record.period}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {pounds(record.cashableSaving)}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {pounds(record.nonCashableBenefit)}
            </td>
            <td className="govuk-table__cell">{record.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
