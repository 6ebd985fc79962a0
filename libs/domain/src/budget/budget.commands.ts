import { Command } from '../actor';

export type SetBudgetEnvelope = Command<
  'SetBudgetEnvelope',
  {
    readonly fiscalYear: string;
    readonly capitalEnvelope: string;
    readonly revenueEnvelope: string;
  }
>;

/** Issued only together with a proposal's approval (see decideOnProposal), never from a route of its own. */
export type CommitFunds = Command<
  'CommitFunds',
  {
    readonly fiscalYear: string;
    readonly proposalId: string;
    readonly amount: string;
    /** The proposal's yearly running cost and the years it runs, committed against the revenue envelopes. */
    readonly annualRevenueCost?: string;
    readonly revenueYears?: number;
  }
>;

export type BudgetCommand = SetBudgetEnvelope | CommitFunds;
