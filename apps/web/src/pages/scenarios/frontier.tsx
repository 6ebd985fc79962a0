import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { Frontier, RankedProposal } from '../../api/types';
import { ErrorSummary, Loading, ProblemMessage } from '../../components/feedback';
import { decimal, pounds } from '../../format';
import { useApi } from '../../session/session';
import { cutBudget } from './budget-cut';

type Point = Frontier['points'][number];

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;

/**
 * What a budget cut costs the portfolio, and the efficient frontier: the best total score each
 * budget buys (an exact optimum at each), as a table and a step chart of the same figures.
 */
export function FrontierSection({
  fiscalYear,
  suggestedBudget,
}: {
  readonly fiscalYear: string;
  readonly suggestedBudget: string | null;
}) {
  const api = useApi();
  const priorities = useQuery({
    queryKey: ['priorities', fiscalYear, 'frontier'],
    queryFn: () => api.priorities(fiscalYear),
  });
  const frontier = useQuery({
    queryKey: ['frontier', fiscalYear],
    queryFn: () => api.frontier(fiscalYear, { steps: 11 }),
  });
  const proposals = new Map(
    (priorities.data?.ranking ?? []).map((proposal) => [proposal.id, proposal]),
  );
  return (
    <section aria-labelledby="frontier-heading">
      <h2 className="govuk-heading-m" id="frontier-heading">
        What a budget buys
      </h2>
      <BudgetCut
        fiscalYear={fiscalYear}
        suggestedBudget={suggestedBudget ?? priorities.data?.budget ?? null}
        proposals={proposals}
      />
      <h3 className="govuk-heading-s">The efficient frontier</h3>
      <p className="govuk-body">
        For each budget, the highest total score the submitted proposals of {fiscalYear} can reach
        within it (statutory ones always in). Where the score stops rising, more money buys nothing
        more.
      </p>
      {frontier.isPending && <Loading what="the frontier" />}
      {frontier.isError && <ProblemMessage error={frontier.error} />}
      {frontier.data &&
        (frontier.data.points.length === 0 ? (
          <p className="govuk-body">No proposal of {fiscalYear} awaits a decision.</p>
        ) : (
          <>
            <FrontierChart points={frontier.data.points} />
            <FrontierTable points={frontier.data.points} proposals={proposals} />
          </>
        ))}
    </section>
  );
}

function BudgetCut({
  fiscalYear,
  suggestedBudget,
  proposals,
}: {
  readonly fiscalYear: string;
  readonly suggestedBudget: string | null;
  readonly proposals: ReadonlyMap<string, RankedProposal>;
}) {
  const api = useApi();
  const [typed, setTyped] = useState<{ budget: string; percent: string } | null>(null);
  const input = typed ?? { budget: suggestedBudget ?? '', percent: '15' };
  const [asked, setAsked] = useState<{ budget: string; percent: number } | null>(null);
  const [errors, setErrors] = useState<readonly { field: string; message: string }[]>([]);
  const cut = useQuery({
    queryKey: ['frontier', fiscalYear, 'cut', asked?.budget, asked?.percent],
    queryFn: () =>
      api.frontier(fiscalYear, {
        from: cutBudget(asked!.budget, asked!.percent),
        to: asked!.budget,
        steps: 2,
      }),
    enabled: asked !== null,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const budget = input.budget.replace(/[£,\s]/g, '');
    const percent = Number(input.percent.replace(/[%\s]/g, ''));
    const found = [];
    if (!MONEY.test(budget))
      found.push({ field: 'budget', message: 'Enter the budget in pounds, such as 450000' });
    if (!Number.isFinite(percent) || percent <= 0 || percent >= 100 || !input.percent.trim())
      found.push({ field: 'percent', message: 'Enter a cut between 1 and 99 per cent' });
    setErrors(found);
    if (found.length === 0) setAsked({ budget, percent });
  }

  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  const [low, high] = cut.data?.points ?? [];
  return (
    <>
      <h3 className="govuk-heading-s">If the budget is cut</h3>
      {errors.length > 0 && (
        <ErrorSummary
          errors={errors.map((error) => ({ href: `#cut-${error.field}`, text: error.message }))}
        />
      )}
      <form className="app-actions" onSubmit={submit} noValidate>
        {(
          [
            ['budget', 'Budget (£)', 'govuk-input--width-10'],
            ['percent', 'Cut by (%)', 'govuk-input--width-3'],
          ] as const
        ).map(([field, label, width]) => (
          <div
            key={field}
            className={`govuk-form-group${errorFor(field) ? ' govuk-form-group--error' : ''}`}
          >
            <label className="govuk-label" htmlFor={`cut-${field}`}>
              {label}
            </label>
            {errorFor(field) && (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errorFor(field)}
              </p>
            )}
            <input
              className={`govuk-input ${width}`}
              id={`cut-${field}`}
              inputMode="decimal"
              value={input[field]}
              onChange={(event) => setTyped({ ...input, [field]: event.target.value })}
            />
          </div>
        ))}
        <button type="submit" className="govuk-button govuk-button--secondary">
          Show what is lost
        </button>
      </form>
      {cut.isFetching && <Loading what="both selections" />}
      {cut.isError && <ProblemMessage error={cut.error} />}
      {low && high && asked && (
        <CutAnswer low={low} high={high} percent={asked.percent} proposals={proposals} />
      )}
    </>
  );
}

function CutAnswer({
  low,
  high,
  percent,
  proposals,
}: {
  readonly low: Point;
  readonly high: Point;
  readonly percent: number;
  readonly proposals: ReadonlyMap<string, RankedProposal>;
}) {
  const describe = (id: string) => {
    const proposal = proposals.get(id);
    return proposal
      ? `${proposal.title} (${pounds(proposal.capitalCost)}, score ${decimal(proposal.weightedScore, 1)})`
      : id;
  };
  const lost = high.proposals.filter((id) => !low.proposals.includes(id));
  const added = low.proposals.filter((id) => !high.proposals.includes(id));
  return (
    <div className="govuk-inset-text" data-testid="budget-cut" aria-live="polite">
      {!low.feasible ? (
        <p className="govuk-body">
          At {pounds(low.budget)} ({decimal(percent, 0)}% less) the statutory proposals alone do not
          fit: the council cannot meet its duties within that budget.
        </p>
      ) : (
        <>
          <p className="govuk-body govuk-!-font-weight-bold">
            Cutting {pounds(high.budget)} by {decimal(percent, 0)}% to {pounds(low.budget)}: the
            total score falls from {decimal(high.totalScore)} to {decimal(low.totalScore)}, and the
            capital chosen from {pounds(high.totalCapital)} to {pounds(low.totalCapital)}.
          </p>
          {lost.length === 0 ? (
            <p className="govuk-body">No proposal is lost: the same ones still fit.</p>
          ) : (
            <>
              <p className="govuk-body govuk-!-margin-bottom-1">Left out after the cut:</p>
              <ul className="govuk-list govuk-list--bullet">
                {lost.map((id) => (
                  <li key={id}>{describe(id)}</li>
                ))}
              </ul>
            </>
          )}
          {added.length > 0 && (
            <>
              <p className="govuk-body govuk-!-margin-bottom-1">Chosen instead, being cheaper:</p>
              <ul className="govuk-list govuk-list--bullet">
                {added.map((id) => (
                  <li key={id}>{describe(id)}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

function FrontierTable({
  points,
  proposals,
}: {
  readonly points: readonly Point[];
  readonly proposals: ReadonlyMap<string, RankedProposal>;
}) {
  return (
    <table className="govuk-table app-table" data-testid="frontier">
      <caption className="govuk-table__caption govuk-table__caption--s">
        The best selection at each budget
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Budget
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Capital chosen
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Total score
          </th>
          <th scope="col" className="govuk-table__header">
            Change from the previous, lower budget
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {points.map((point, index) => {
          const before = index > 0 ? points[index - 1].proposals : [];
          const added = point.proposals.filter((id) => !before.includes(id));
          // A bigger budget can swap a proposal for two cheaper ones that score more together.
          const dropped = index > 0 ? before.filter((id) => !point.proposals.includes(id)) : [];
          return (
            <tr className="govuk-table__row" key={point.budget}>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {pounds(point.budget)}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {point.feasible ? pounds(point.totalCapital) : '—'}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {point.feasible ? decimal(point.totalScore) : '—'}
              </td>
              <td className="govuk-table__cell">
                {!point.feasible ? (
                  'The statutory proposals alone do not fit'
                ) : point.proposals.length === 0 ? (
                  <span className="govuk-hint govuk-!-margin-bottom-0">Nothing fits</span>
                ) : added.length === 0 && dropped.length === 0 ? (
                  <span className="govuk-hint govuk-!-margin-bottom-0">No change</span>
                ) : (
                  <>
                    <ProposalLinks label="Adds" ids={added} proposals={proposals} />
                    <ProposalLinks label="Drops" ids={dropped} proposals={proposals} />
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ProposalLinks({
  label,
  ids,
  proposals,
}: {
  readonly label: string;
  readonly ids: readonly string[];
  readonly proposals: ReadonlyMap<string, RankedProposal>;
}) {
  if (ids.length === 0) return null;
  return (
    <span className="govuk-!-display-block">
      {label}:{' '}
      {ids.map((id, at) => (
        <span key={id}>
          {at > 0 && '; '}
          <Link className="govuk-link" href={`/proposals/${id}`}>
            {proposals.get(id)?.title ?? id}
          </Link>
        </span>
      ))}
    </span>
  );
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 56, right: 16, top: 28, bottom: 40 };

/** A step line of total score against budget; a picture of the table below, so hidden from screen readers. */
function FrontierChart({ points }: { readonly points: readonly Point[] }) {
  const feasible = points.filter((point) => point.feasible && point.totalScore !== null);
  if (feasible.length < 2) return null;
  const budgets = points.map((point) => Number(point.budget));
  const minBudget = Math.min(...budgets);
  const maxBudget = Math.max(...budgets);
  const maxScore = Math.max(...feasible.map((point) => point.totalScore ?? 0), 1);
  const x = (budget: number) =>
    PAD.left +
    ((budget - minBudget) / (maxBudget - minBudget || 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) =>
    HEIGHT - PAD.bottom - (value / maxScore) * (HEIGHT - PAD.top - PAD.bottom);
  const path = feasible
    .map((point, index) => {
      const px = x(Number(point.budget));
      const py = y(point.totalScore ?? 0);
      if (index === 0) return `M${px},${py}`;
      return `H${px} V${py}`;
    })
    .join(' ');
  const short = (value: number) =>
    value >= 1_000_000 ? `£${decimal(value / 1_000_000, 1)}m` : `£${decimal(value / 1000, 0)}k`;
  return (
    <div className="app-chart" aria-hidden="true">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT}>
        <line
          x1={PAD.left}
          y1={HEIGHT - PAD.bottom}
          x2={WIDTH - PAD.right}
          y2={HEIGHT - PAD.bottom}
          stroke="#0b0c0c"
        />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} stroke="#0b0c0c" />
        {[0, 0.5, 1].map((share) => (
          <text key={share} x={PAD.left - 6} y={y(maxScore * share) + 4} textAnchor="end">
            {decimal(maxScore * share, 0)}
          </text>
        ))}
        {[minBudget, (minBudget + maxBudget) / 2, maxBudget].map((budget) => (
          <text key={budget} x={x(budget)} y={HEIGHT - PAD.bottom + 18} textAnchor="middle">
            {short(budget)}
          </text>
        ))}
        <text x={(WIDTH + PAD.left) / 2} y={HEIGHT - 4} textAnchor="middle">
          Budget
        </text>
        <text x={PAD.left} y={14} textAnchor="middle">
          Score
        </text>
        <path d={path} fill="none" stroke="#1d70b8" strokeWidth={3} />
        {feasible.map((point) => (
          <circle
            key={point.budget}
            cx={x(Number(point.budget))}
            cy={y(point.totalScore ?? 0)}
            r={4}
            fill="#1d70b8"
          />
        ))}
      </svg>
    </div>
  );
}
