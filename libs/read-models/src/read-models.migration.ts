import type { MigrationInterface, QueryRunner } from 'typeorm';

// Released in v1 and run by deployed databases: this SQL never changes. A later schema arrives as a
// later migration (see proposal-register/proposal-register-rows.migration.ts).

const SQLITE_UP = [
  `CREATE TABLE proposal_register (
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
    )`,
  `CREATE TABLE budget_summary (
      fiscal_year TEXT PRIMARY KEY,
      capital_envelope_pence INTEGER NOT NULL,
      revenue_envelope_pence INTEGER NOT NULL,
      committed_pence INTEGER NOT NULL,
      commitment_count INTEGER NOT NULL,
      version INTEGER NOT NULL,
      last_position INTEGER NOT NULL
    )`,
  'CREATE UNIQUE INDEX proposal_register_seq ON proposal_register (seq)',
  'CREATE INDEX proposal_register_year_status ON proposal_register (fiscal_year, status, seq)',
  'CREATE INDEX proposal_register_status ON proposal_register (status, seq)',
  'CREATE INDEX proposal_register_department ON proposal_register (department, seq)',
  `CREATE TABLE projection_checkpoints (
        name TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        failed_position INTEGER,
        last_error TEXT
      )`,
];

const POSTGRES_UP = [
  `CREATE TABLE proposal_register (
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
    )`,
  `CREATE TABLE budget_summary (
      fiscal_year text PRIMARY KEY,
      capital_envelope_pence bigint NOT NULL,
      revenue_envelope_pence bigint NOT NULL,
      committed_pence bigint NOT NULL,
      commitment_count integer NOT NULL,
      version integer NOT NULL,
      last_position bigint NOT NULL
    )`,
  'CREATE UNIQUE INDEX proposal_register_seq ON proposal_register (seq)',
  'CREATE INDEX proposal_register_year_status ON proposal_register (fiscal_year, status, seq)',
  'CREATE INDEX proposal_register_status ON proposal_register (status, seq)',
  'CREATE INDEX proposal_register_department ON proposal_register (department, seq)',
  `CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        failed_position bigint,
        last_error text
      )`,
];

const DOWN = [
  'DROP TABLE projection_checkpoints',
  'DROP TABLE budget_summary',
  'DROP TABLE proposal_register',
];

export class SqliteReadModels1764340200000 implements MigrationInterface {
  name = 'SqliteReadModels1764340200000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of SQLITE_UP) await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

export class PostgresReadModels1764340200000 implements MigrationInterface {
  name = 'PostgresReadModels1764340200000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of POSTGRES_UP) await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
