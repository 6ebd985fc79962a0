import {
  budgetDecider,
  budgetStream,
  FiscalYear,
  LONGEST_RUN_YEARS,
  proposalDecider,
  proposalStream,
  revenueCommittedIn,
  type BudgetState,
  type Money,
  type RevenueCommitment,
} from '@ledger/domain';
import type { StreamReader } from '../command-handling/decider-command.handler';

/**
 * The running costs already committed against `fiscalYear`'s revenue envelope: every approval of
 * this year or the fourteen before it whose run reaches this year, read from those years' budgets
 * (`budget` is this year's, already read). A commitment recorded before revenue was committed with
 * the capital names no running cost, so its proposal is read for it.
 */
export async function readRevenueCommitted(
  fiscalYear: string,
  budget: BudgetState,
  read: StreamReader,
): Promise<Money> {
  const year = FiscalYear.parse(fiscalYear);
  const budgets: BudgetState[] = [budget];
  for (let back = 1, earlier = year.previous(); back < LONGEST_RUN_YEARS; back++) {
    budgets.push((await read(budgetStream(earlier.toString()), budgetDecider)).state);
    earlier = earlier.previous();
  }
  const commitments: RevenueCommitment[] = [];
  for (const state of budgets) {
    if (state.status === 'initial') continue;
    for (const commitment of state.commitments) {
      if (commitment.annualRevenueCost !== null && commitment.revenueYears !== null) {
        commitments.push({
          proposalId: commitment.proposalId,
          fiscalYear: state.fiscalYear,
          annualRevenueCost: commitment.annualRevenueCost,
          years: commitment.revenueYears,
        });
        continue;
      }
      const proposal = (await read(proposalStream(commitment.proposalId), proposalDecider)).state;
      if (proposal.status === 'initial') continue;
      commitments.push({
        proposalId: proposal.id,
        fiscalYear: state.fiscalYear,
        annualRevenueCost: proposal.annualRevenueCost,
        years: proposal.appraisalYears,
      });
    }
  }
  return revenueCommittedIn(fiscalYear, commitments);
}
