import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointEntity {
  @PrimaryColumn({ type: 'text' }) name: string;
  @Column({ type: 'bigint' }) position: string;
  @Column({ type: 'text', name: 'updated_at' }) updatedAt: string;
  @Column({ type: 'bigint', name: 'failed_position', nullable: true }) failedPosition:
    string | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
}
