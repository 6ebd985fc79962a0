import { requireRole } from '../actor';
import { assertNever } from '../domain.errors';
import { Money } from '../money';
import { fiscalYearField, moneyField, requireText } from '../validation';
import { BudgetCommand, CommitFunds, SetBudgetEnvelope } from './budget.commands';
import {
  EnvelopeBelowCommitted,
  EnvelopeExceeded,
  FundsAlreadyCommitted,
  NoEnvelope,
} from './budget.errors';
import { BUDGET_EVENTS, BudgetEvent } from './budget.events';

export interface Commitment {
  readonly proposalId: string;
  readonly amount: Money;
  readonly committedAt: string;
  /** null in commitments recorded before revenue was committed with the capital. */
  readonly annualRevenueCost: Money | null;
  readonly revenueYears: number | null;
}

export type BudgetState =
  | { readonly status: 'initial'; readonly version: 0 }
  | {
      readonly status: 'set';
      readonly version: number;
      readonly fiscalYear: string;
      readonly capitalEnvelope: Money;
      readonly revenueEnvelope: Money;
      readonly committed: Money;
      readonly commitments: readonly Commitment[];
      readonly setAt: string;
    };

export function initialBudgetState(): BudgetState {
  return { status: 'initial', version: 0 };
}

export function remainingCapital(state: BudgetState): Money {
  return state.status === 'set' ? state.capitalEnvelope.subtract(state.committed) : Money.ZERO;
}

/** Throws the governance refusal when `amount` cannot be committed from this fiscal year's budget. */
export function assertCapitalAvailable(
  state: BudgetState,
  fiscalYear: string,
  amount: Money,
): void {
  if (state.status === 'initial') throw new NoEnvelope(fiscalYear);
  if (state.fiscalYear !== fiscalYear) {
    throw new Error(`Budget of ${state.fiscalYear} given for a commitment in ${fiscalYear}`);
  }
  const remaining = remainingCapital(state);
  if (amount.isGreaterThan(remaining)) {
    throw new EnvelopeExceeded(fiscalYear, amount.toString(), remaining.toString());
  }
}

export function decideBudget(command: BudgetCommand, state: BudgetState): BudgetEvent[] {
  switch (command.type) {
    case 'SetBudgetEnvelope':
      return setEnvelope(command, state);
    case 'CommitFunds':
      return commitFunds(command, state);
    default:
      return assertNever(command);
  }
}

function setEnvelope(command: SetBudgetEnvelope, state: BudgetState): BudgetEvent[] {
  requireRole(command.metadata.actor, 'set a budget envelope', 'finance', 'admin');
  const fiscalYear = fiscalYearField(command.data.fiscalYear, 'fiscalYear').toString();
  const capitalEnvelope = moneyField(command.data.capitalEnvelope, 'capitalEnvelope');
  const revenueEnvelope = moneyField(command.data.revenueEnvelope, 'revenueEnvelope');
  if (state.status === 'set') {
    if (state.fiscalYear !== fiscalYear) {
      throw new Error(`Budget of ${state.fiscalYear} given to set the envelope of ${fiscalYear}`);
    }
    if (capitalEnvelope.isLessThan(state.committed)) {
      throw new EnvelopeBelowCommitted(
        fiscalYear,
        capitalEnvelope.toString(),
        state.committed.toString(),
      );
    }
  }
  return [
    {
      type: 'BudgetEnvelopeSet',
      data: {
        fiscalYear,
        capitalEnvelope: capitalEnvelope.toString(),
        revenueEnvelope: revenueEnvelope.toString(),
        setAt: command.metadata.now,
      },
    },
  ];
}

// No role check: the board member's approval, checked by the proposal decider, is the authority to commit.
function commitFunds(command: CommitFunds, state: BudgetState): BudgetEvent[] {
  const fiscalYear = fiscalYearField(command.data.fiscalYear, 'fiscalYear').toString();
  const amount = moneyField(command.data.amount, 'amount');
  const proposalId = requireText(command.data.proposalId, 'proposalId');
  assertCapitalAvailable(state, fiscalYear, amount);
  if (state.status === 'set' && state.commitments.some((c) => c.proposalId === proposalId)) {
    throw new FundsAlreadyCommitted(proposalId, fiscalYear);
  }
  return [
    {
      type: 'FundsCommitted',
      data: {
        fiscalYear,
        proposalId,
        amount: amount.toString(),
        committedAt: command.metadata.now,
        ...(command.data.annualRevenueCost === undefined || command.data.revenueYears === undefined
          ? {}
          : {
              annualRevenueCost: moneyField(
                command.data.annualRevenueCost,
                'annualRevenueCost',
              ).toString(),
              revenueYears: command.data.revenueYears,
            }),
      },
    },
  ];
}

export function evolveBudget(state: BudgetState, event: BudgetEvent): BudgetState {
  const version = state.version + 1;
  switch (event.type) {
    case 'BudgetEnvelopeSet':
      return {
        status: 'set',
        version,
        fiscalYear: event.data.fiscalYear,
        capitalEnvelope: Money.parse(event.data.capitalEnvelope),
        revenueEnvelope: Money.parse(event.data.revenueEnvelope),
        committed: state.status === 'set' ? state.committed : Money.ZERO,
        commitments: state.status === 'set' ? state.commitments : [],
        setAt: event.data.setAt,
      };
    case 'FundsCommitted': {
      if (state.status === 'initial')
        throw new Error('FundsCommitted on a budget with no envelope');
      const amount = Money.parse(event.data.amount);
      return {
        ...state,
        version,
        committed: state.committed.add(amount),
        commitments: [
          ...state.commitments,
          {
            proposalId: event.data.proposalId,
            amount,
            committedAt: event.data.committedAt,
            annualRevenueCost:
              event.data.annualRevenueCost === undefined
                ? null
                : Money.parse(event.data.annualRevenueCost),
            revenueYears: event.data.revenueYears ?? null,
          },
        ],
      };
    }
    default:
      return assertNever(event);
  }
}

export const budgetDecider = {
  decide: decideBudget,
  evolve: evolveBudget,
  initialState: initialBudgetState,
  events: BUDGET_EVENTS,
};
