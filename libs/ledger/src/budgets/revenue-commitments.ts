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
  const earlierYears: string[] = [];
  for (let back = 1, earlier = year.previous(); back < LONGEST_RUN_YEARS; back++) {
    earlierYears.push(earlier.toString());
    earlier = earlier.previous();
  }
  // The reads are independent: side by side, so fourteen budgets cost one round trip, not fourteen.
  const budgets: BudgetState[] = [
    budget,
    ...(await Promise.all(
      earlierYears.map(async (earlier) => (await read(budgetStream(earlier), budgetDecider)).state),
    )),
  ];
  const perBudget = await Promise.all(
    budgets.map(async (state): Promise<RevenueCommitment[]> => {
      if (state.status === 'initial') return [];
      return (
        await Promise.all(
          state.commitments.map(async (commitment): Promise<RevenueCommitment | null> => {
            if (commitment.annualRevenueCost !== null && commitment.revenueYears !== null) {
              return {
                proposalId: commitment.proposalId,
                fiscalYear: state.fiscalYear,
                annualRevenueCost: commitment.annualRevenueCost,
                years: commitment.revenueYears,
              };
            }
            const proposal = (await read(proposalStream(commitment.proposalId), proposalDecider))
              .state;
            if (proposal.status === 'initial') return null;
            return {
              proposalId: proposal.id,
              fiscalYear: state.fiscalYear,
              annualRevenueCost: proposal.annualRevenueCost,
              years: proposal.appraisalYears,
            };
          }),
        )
      ).filter((commitment): commitment is RevenueCommitment => commitment !== null);
    }),
  );
  const commitments = perBudget.flat();
  return revenueCommittedIn(fiscalYear, commitments);
}
