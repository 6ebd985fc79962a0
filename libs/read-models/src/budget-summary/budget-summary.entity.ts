import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'budget_summary' })
export class BudgetSummaryEntity {
  @PrimaryColumn({ type: 'text', name: 'fiscal_year' }) fiscalYear: string;
  @Column({ type: 'bigint', name: 'capital_envelope_pence' }) capitalEnvelopePence: string;
  @Column({ type: 'bigint', name: 'revenue_envelope_pence' }) revenueEnvelopePence: string;
  @Column({ type: 'bigint', name: 'committed_pence' }) committedPence: string;
  @Column({ type: 'integer', name: 'commitment_count' }) commitmentCount: number;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'bigint', name: 'last_position' }) lastPosition: string;
}
