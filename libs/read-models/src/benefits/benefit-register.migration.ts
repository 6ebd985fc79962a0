import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The benefit register (issue 18): a row per proposal with its plan, and the lines a benefits read
 * sums (forecast, evidenced and validated amounts per type and year, with when each became true and
 * stopped being so). New tables, so the projector fills them from the first event. The SQL is
 * written out as released and never changes; the rebuild's live DDL is tested against it.
 */
const SQLITE_UP = [
  `CREATE TABLE benefit_register (
  proposal_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  department TEXT NOT NULL,
  benefit_plan TEXT NOT NULL,
  approved_at TEXT,
  version INTEGER NOT NULL,
  last_position INTEGER NOT NULL
)`,
  `CREATE TABLE benefit_lines (
  proposal_id TEXT NOT NULL,
  line_id TEXT NOT NULL,
  title TEXT NOT NULL,
  department TEXT NOT NULL,
  fiscal_year TEXT NOT NULL,
  benefit_type TEXT NOT NULL,
  measure TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  from_at TEXT NOT NULL,
  until_at TEXT,
  PRIMARY KEY (proposal_id, line_id)
)`,
  'CREATE INDEX benefit_lines_year ON benefit_lines (fiscal_year, proposal_id, benefit_type, measure, until_at, from_at, amount_pence)',
];

const POSTGRES_UP = [
  `CREATE TABLE benefit_register (
  proposal_id text PRIMARY KEY,
  title text NOT NULL,
  department text NOT NULL,
  benefit_plan jsonb NOT NULL,
  approved_at text,
  version integer NOT NULL,
  last_position bigint NOT NULL
)`,
  `CREATE TABLE benefit_lines (
  proposal_id text NOT NULL,
  line_id text NOT NULL,
  title text NOT NULL,
  department text NOT NULL,
  fiscal_year text NOT NULL,
  benefit_type text NOT NULL,
  measure text NOT NULL,
  amount_pence bigint NOT NULL,
  from_at text NOT NULL,
  until_at text,
  PRIMARY KEY (proposal_id, line_id)
)`,
  'CREATE INDEX benefit_lines_year ON benefit_lines (fiscal_year, proposal_id, benefit_type, measure, until_at, from_at, amount_pence)',
];

const DOWN = [
  'DROP TABLE benefit_lines',
  'DROP TABLE benefit_register',
  "DELETE FROM projection_checkpoints WHERE name = 'benefit-register'",
];

export class SqliteBenefitRegister1797100000000 implements MigrationInterface {
  name = 'SqliteBenefitRegister1797100000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of SQLITE_UP) await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

export class PostgresBenefitRegister1797100000000 implements MigrationInterface {
  name = 'PostgresBenefitRegister1797100000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of POSTGRES_UP) await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
