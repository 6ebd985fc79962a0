import type { BenefitPlan, BenefitType } from '@ledger/domain';

/** What the benefit register keeps of one proposal: its own module, so the register's helpers need not import the projection. */
export type BenefitMeasure = 'forecast' | 'evidenced' | 'validated';

/**
 * One amount of one benefit type in one fiscal year, true of the proposal from `from` (the log's
 * recorded time) until `until` (a rejection ends an evidenced amount): what an as-of read filters on.
 */
export interface BenefitLine {
  readonly lineId: string;
  readonly fiscalYear: string;
  readonly benefitType: BenefitType;
  readonly measure: BenefitMeasure;
  readonly amountPence: bigint;
  readonly from: string;
  readonly until: string | null;
}

/** A proposal's benefits: its plan until the decision fixes it, and from approval its lines. */
export interface BenefitRegisterRow {
  readonly proposalId: string;
  readonly title: string;
  readonly department: string;
  readonly benefitPlan: BenefitPlan;
  readonly approvedAt: string | null;
  readonly lines: readonly BenefitLine[];
  readonly version: number;
  readonly lastPosition: number;
}
