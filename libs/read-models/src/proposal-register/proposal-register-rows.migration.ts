import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register stops storing the domain's serialised `ProposalState` and keeps its own columns,
 * among them the current reviews a weighted score is computed from. Its rows are a projection of the
 * log, so the table is recreated empty and its checkpoint removed: the projector refills it from the
 * first event on its next run, and an upgraded ledger answers exactly as before once it has caught up.
 * The SQL is written out as released and never changes; the rebuild's live DDL is tested against it.
 */
const SQLITE_REGISTER = `CREATE TABLE proposal_register (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  title TEXT NOT NULL,
  department TEXT NOT NULL,
  category TEXT NOT NULL,
  fiscal_year TEXT NOT NULL,
  status TEXT NOT NULL,
  statutory INTEGER NOT NULL,
  proposer_id TEXT NOT NULL,
  proposer_name TEXT NOT NULL,
  capital_cost_pence INTEGER NOT NULL,
  annual_revenue_cost_pence INTEGER NOT NULL,
  annual_cashable_saving_pence INTEGER NOT NULL,
  annual_non_cashable_benefit_pence INTEGER NOT NULL,
  appraisal_years INTEGER NOT NULL,
  approved_amount_pence INTEGER,
  realised_cashable_pence INTEGER NOT NULL,
  realised_non_cashable_pence INTEGER NOT NULL,
  review_count INTEGER NOT NULL,
  current_reviews TEXT NOT NULL,
  content_version INTEGER NOT NULL,
  drafted_at TEXT NOT NULL,
  submitted_at TEXT,
  decided_at TEXT,
  version INTEGER NOT NULL,
  last_position INTEGER NOT NULL
)`;

const POSTGRES_REGISTER = `CREATE TABLE proposal_register (
  id text PRIMARY KEY,
  seq bigint NOT NULL,
  title text NOT NULL,
  department text NOT NULL,
  category text NOT NULL,
  fiscal_year text NOT NULL,
  status text NOT NULL,
  statutory boolean NOT NULL,
  proposer_id text NOT NULL,
  proposer_name text NOT NULL,
  capital_cost_pence bigint NOT NULL,
  annual_revenue_cost_pence bigint NOT NULL,
  annual_cashable_saving_pence bigint NOT NULL,
  annual_non_cashable_benefit_pence bigint NOT NULL,
  appraisal_years integer NOT NULL,
  approved_amount_pence bigint,
  realised_cashable_pence bigint NOT NULL,
  realised_non_cashable_pence bigint NOT NULL,
  review_count integer NOT NULL,
  current_reviews jsonb NOT NULL,
  content_version integer NOT NULL,
  drafted_at text NOT NULL,
  submitted_at text,
  decided_at text,
  version integer NOT NULL,
  last_position bigint NOT NULL
)`;

const SQLITE_REGISTER_V1 = `CREATE TABLE proposal_register (
      id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL,
      title TEXT NOT NULL,
      department TEXT NOT NULL,
      category TEXT NOT NULL,
      fiscal_year TEXT NOT NULL,
      status TEXT NOT NULL,
      statutory INTEGER NOT NULL,
      proposer_id TEXT NOT NULL,
      proposer_name TEXT NOT NULL,
      capital_cost_pence INTEGER NOT NULL,
      annual_revenue_cost_pence INTEGER NOT NULL,
      annual_cashable_saving_pence INTEGER NOT NULL,
      annual_non_cashable_benefit_pence INTEGER NOT NULL,
      appraisal_years INTEGER NOT NULL,
      approved_amount_pence INTEGER,
      realised_cashable_pence INTEGER NOT NULL,
      realised_non_cashable_pence INTEGER NOT NULL,
      review_count INTEGER NOT NULL,
      drafted_at TEXT NOT NULL,
      submitted_at TEXT,
      decided_at TEXT,
      version INTEGER NOT NULL,
      last_position INTEGER NOT NULL,
      state TEXT NOT NULL
    )`;

const POSTGRES_REGISTER_V1 = `CREATE TABLE proposal_register (
      id text PRIMARY KEY,
      seq bigint NOT NULL,
      title text NOT NULL,
      department text NOT NULL,
      category text NOT NULL,
      fiscal_year text NOT NULL,
      status text NOT NULL,
      statutory boolean NOT NULL,
      proposer_id text NOT NULL,
      proposer_name text NOT NULL,
      capital_cost_pence bigint NOT NULL,
      annual_revenue_cost_pence bigint NOT NULL,
      annual_cashable_saving_pence bigint NOT NULL,
      annual_non_cashable_benefit_pence bigint NOT NULL,
      appraisal_years integer NOT NULL,
      approved_amount_pence bigint,
      realised_cashable_pence bigint NOT NULL,
      realised_non_cashable_pence bigint NOT NULL,
      review_count integer NOT NULL,
      drafted_at text NOT NULL,
      submitted_at text,
      decided_at text,
      version integer NOT NULL,
      last_position bigint NOT NULL,
      state text NOT NULL
    )`;

const INDEXES = [
  'CREATE UNIQUE INDEX proposal_register_seq ON proposal_register (seq)',
  'CREATE INDEX proposal_register_year_status ON proposal_register (fiscal_year, status, seq)',
  'CREATE INDEX proposal_register_status ON proposal_register (status, seq)',
  'CREATE INDEX proposal_register_department ON proposal_register (department, seq)',
];

const RESET_CHECKPOINT = "DELETE FROM projection_checkpoints WHERE name = 'proposal-register'";

async function replaceRegister(queryRunner: QueryRunner, table: string): Promise<void> {
  // Dropping the table drops its indexes too; they are created again on the new one.
  await queryRunner.query('DROP TABLE proposal_register');
  await queryRunner.query(table);
  for (const index of INDEXES) await queryRunner.query(index);
  await queryRunner.query(RESET_CHECKPOINT);
}

export class SqliteProposalRegisterRows1796184000000 implements MigrationInterface {
  name = 'SqliteProposalRegisterRows1796184000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceRegister(queryRunner, SQLITE_REGISTER);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await replaceRegister(queryRunner, SQLITE_REGISTER_V1);
  }
}

export class PostgresProposalRegisterRows1796184000000 implements MigrationInterface {
  name = 'PostgresProposalRegisterRows1796184000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceRegister(queryRunner, POSTGRES_REGISTER);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await replaceRegister(queryRunner, POSTGRES_REGISTER_V1);
  }
}
