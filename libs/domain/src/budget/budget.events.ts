import { DomainEvent } from '../actor';

export function budgetStream(fiscalYear: string): string {
  return `budget-${fiscalYear}`;
}

/** Finance set (or replaced) the capital and revenue envelopes available for ICT investment in a fiscal year. */
export type BudgetEnvelopeSet = DomainEvent<
  'BudgetEnvelopeSet',
  {
    readonly fiscalYear: string;
    readonly capitalEnvelope: string;
    readonly revenueEnvelope: string;
    readonly setAt: string;
  }
>;
/** Capital from the year's envelope was committed to an approved proposal. */
export type FundsCommitted = DomainEvent<
  'FundsCommitted',
  {
    readonly fiscalYear: string;
    readonly proposalId: string;
    readonly amount: string;
    readonly committedAt: string;
  }
>;

export type BudgetEvent = BudgetEnvelopeSet | FundsCommitted;
export type BudgetEventType = BudgetEvent['type'];
export const BUDGET_EVENT_TYPES: readonly BudgetEventType[] = [
  'BudgetEnvelopeSet',
  'FundsCommitted',
];
