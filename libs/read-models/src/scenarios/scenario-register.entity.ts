import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'scenario_register' })
export class ScenarioRegisterEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'text', name: 'fiscal_year' }) fiscalYear: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'bigint', name: 'budget_pence' }) budgetPence: string;
  @Column({ type: 'text', name: 'created_by_id' }) createdById: string;
  @Column({ type: 'text', name: 'created_by_name' }) createdByName: string;
  @Column({ type: 'text', name: 'created_at' }) createdAt: string;
  @Column({ type: 'bigint', name: 'evaluation_position' }) evaluationPosition: string;
  @Column({ type: 'text', name: 'adopted_at', nullable: true }) adoptedAt: string | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'bigint', name: 'last_position' }) lastPosition: string;
}
