import type { MigrationInterface, QueryRunner } from 'typeorm';

type Dialect = 'sqlite' | 'postgres';

/**
 * DDL of the projections' tables, by dialect and table prefix: migrations create them with no prefix,
 * and a rebuild creates fresh prefixed copies to fill before swapping them in.
 */
export function projectionTablesDdl(dialect: Dialect, prefix: string): string[] {
  const money = dialect === 'postgres' ? 'bigint' : 'INTEGER';
  const int = dialect === 'postgres' ? 'integer' : 'INTEGER';
  const big = dialect === 'postgres' ? 'bigint' : 'INTEGER';
  const bool = dialect === 'postgres' ? 'boolean' : 'INTEGER';
  const text = dialect === 'postgres' ? 'text' : 'TEXT';
  return [
    `CREATE TABLE ${prefix}proposal_register (
      id ${text} PRIMARY KEY,
      seq ${big} NOT NULL,
      title ${text} NOT NULL,
      department ${text} NOT NULL,
      category ${text} NOT NULL,
      fiscal_year ${text} NOT NULL,
      status ${text} NOT NULL,
      statutory ${bool} NOT NULL,
      proposer_id ${text} NOT NULL,
      proposer_name ${text} NOT NULL,
      capital_cost_pence ${money} NOT NULL,
      annual_revenue_cost_pence ${money} NOT NULL,
      annual_cashable_saving_pence ${money} NOT NULL,
      annual_non_cashable_benefit_pence ${money} NOT NULL,
      appraisal_years ${int} NOT NULL,
      approved_amount_pence ${money},
      realised_cashable_pence ${money} NOT NULL,
      realised_non_cashable_pence ${money} NOT NULL,
      review_count ${int} NOT NULL,
      drafted_at ${text} NOT NULL,
      submitted_at ${text},
      decided_at ${text},
      version ${int} NOT NULL,
      last_position ${big} NOT NULL,
      state ${text} NOT NULL
    )`,
    `CREATE TABLE ${prefix}budget_summary (
      fiscal_year ${text} PRIMARY KEY,
      capital_envelope_pence ${money} NOT NULL,
      revenue_envelope_pence ${money} NOT NULL,
      committed_pence ${money} NOT NULL,
      commitment_count ${int} NOT NULL,
      version ${int} NOT NULL,
      last_position ${big} NOT NULL
    )`,
  ];
}

/** Secondary indexes, created after a rebuild has filled its tables (faster, and with the live names). */
export function projectionIndexesDdl(): string[] {
  return [
    'CREATE UNIQUE INDEX proposal_register_seq ON proposal_register (seq)',
    'CREATE INDEX proposal_register_year_status ON proposal_register (fiscal_year, status, seq)',
    'CREATE INDEX proposal_register_status ON proposal_register (status, seq)',
    'CREATE INDEX proposal_register_department ON proposal_register (department, seq)',
  ];
}

function checkpointsDdl(dialect: Dialect): string {
  return dialect === 'postgres'
    ? `CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        failed_position bigint,
        last_error text
      )`
    : `CREATE TABLE projection_checkpoints (
        name TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        failed_position INTEGER,
        last_error TEXT
      )`;
}

export class SqliteReadModels1764340200000 implements MigrationInterface {
  name = 'SqliteReadModels1764340200000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      ...projectionTablesDdl('sqlite', ''),
      ...projectionIndexesDdl(),
      checkpointsDdl('sqlite'),
    ])
      await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['projection_checkpoints', 'budget_summary', 'proposal_register'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}

export class PostgresReadModels1764340200000 implements MigrationInterface {
  name = 'PostgresReadModels1764340200000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      ...projectionTablesDdl('postgres', ''),
      ...projectionIndexesDdl(),
      checkpointsDdl('postgres'),
    ])
      await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['projection_checkpoints', 'budget_summary', 'proposal_register'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
