import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register gains each proposal's business case stage (SOC, OBC, FBC, BJC; null before the first
 * submission). Rows are a projection of the log, so they are deleted with the register's checkpoint
 * and the projector refills them, stage and all, on its next run. The SQL is written out as released
 * and never changes.
 */
const RESET_CHECKPOINT = "DELETE FROM projection_checkpoints WHERE name = 'proposal-register'";

async function run(queryRunner: QueryRunner, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await queryRunner.query(statement);
}

export class SqliteProposalRegisterCaseStage1796270400000 implements MigrationInterface {
  name = 'SqliteProposalRegisterCaseStage1796270400000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await run(queryRunner, [
      'DELETE FROM proposal_register',
      'ALTER TABLE proposal_register ADD COLUMN case_stage TEXT',
      RESET_CHECKPOINT,
    ]);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await run(queryRunner, [
      'DELETE FROM proposal_register',
      'ALTER TABLE proposal_register DROP COLUMN case_stage',
      RESET_CHECKPOINT,
    ]);
  }
}

export class PostgresProposalRegisterCaseStage1796270400000 implements MigrationInterface {
  name = 'PostgresProposalRegisterCaseStage1796270400000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await run(queryRunner, [
      'DELETE FROM proposal_register',
      'ALTER TABLE proposal_register ADD COLUMN case_stage text',
      RESET_CHECKPOINT,
    ]);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await run(queryRunner, [
      'DELETE FROM proposal_register',
      'ALTER TABLE proposal_register DROP COLUMN case_stage',
      RESET_CHECKPOINT,
    ]);
  }
}
