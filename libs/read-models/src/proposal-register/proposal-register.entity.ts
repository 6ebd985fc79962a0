import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The proposal register table, for typed queries; rows are written by the projection only. */
@Entity({ name: 'proposal_register' })
export class ProposalRegisterEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'bigint' }) seq: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) department: string;
  @Column({ type: 'text' }) category: string;
  @Column({ type: 'text', name: 'fiscal_year' }) fiscalYear: string;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'boolean' }) statutory: boolean;
  @Column({ type: 'text', name: 'proposer_id' }) proposerId: string;
  @Column({ type: 'text', name: 'proposer_name' }) proposerName: string;
  @Column({ type: 'bigint', name: 'capital_cost_pence' }) capitalCostPence: string;
  @Column({ type: 'bigint', name: 'annual_revenue_cost_pence' }) annualRevenueCostPence: string;
  @Column({ type: 'bigint', name: 'annual_cashable_saving_pence' })
  annualCashableSavingPence: string;
  @Column({ type: 'bigint', name: 'annual_non_cashable_benefit_pence' })
  annualNonCashableBenefitPence: string;
  @Column({ type: 'integer', name: 'appraisal_years' }) appraisalYears: number;
  @Column({ type: 'bigint', name: 'approved_amount_pence', nullable: true }) approvedAmountPence:
    string | null;
  @Column({ type: 'bigint', name: 'realised_cashable_pence' }) realisedCashablePence: string;
  @Column({ type: 'bigint', name: 'realised_non_cashable_pence' }) realisedNonCashablePence: string;
  @Column({ type: 'integer', name: 'review_count' }) reviewCount: number;
  /** JSON: jsonb on PostgreSQL, text on SQLite. */
  @Column({ type: 'text', name: 'current_reviews' }) currentReviews: string;
  @Column({ type: 'integer', name: 'content_version' }) contentVersion: number;
  @Column({ type: 'text', name: 'drafted_at' }) draftedAt: string;
  @Column({ type: 'text', name: 'submitted_at', nullable: true }) submittedAt: string | null;
  @Column({ type: 'text', name: 'decided_at', nullable: true }) decidedAt: string | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'bigint', name: 'last_position' }) lastPosition: string;
  @Column({ type: 'text', name: 'case_stage', nullable: true }) caseStage: string | null;
}
