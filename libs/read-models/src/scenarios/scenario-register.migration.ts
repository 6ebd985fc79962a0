import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The scenario register arrives with wave 2; its SQL is written out as released and never changes. */
const SQLITE_SCENARIO_REGISTER = `CREATE TABLE scenario_register (
  id TEXT PRIMARY KEY,
  fiscal_year TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  budget_pence INTEGER NOT NULL,
  created_by_id TEXT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  evaluation_position INTEGER NOT NULL,
  adopted_at TEXT,
  version INTEGER NOT NULL,
  last_position INTEGER NOT NULL
)`;

const POSTGRES_SCENARIO_REGISTER = `CREATE TABLE scenario_register (
  id text PRIMARY KEY,
  fiscal_year text NOT NULL,
  name text NOT NULL,
  status text NOT NULL,
  budget_pence bigint NOT NULL,
  created_by_id text NOT NULL,
  created_by_name text NOT NULL,
  created_at text NOT NULL,
  evaluation_position bigint NOT NULL,
  adopted_at text,
  version integer NOT NULL,
  last_position bigint NOT NULL
)`;

const INDEX =
  'CREATE INDEX scenario_register_year_status ON scenario_register (fiscal_year, status, created_at)';

export class SqliteScenarioRegister1797019190000 implements MigrationInterface {
  name = 'SqliteScenarioRegister1797019190000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(SQLITE_SCENARIO_REGISTER);
    await queryRunner.query(INDEX);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE scenario_register');
    await queryRunner.query("DELETE FROM projection_checkpoints WHERE name = 'scenario-register'");
  }
}

export class PostgresScenarioRegister1797019190000 implements MigrationInterface {
  name = 'PostgresScenarioRegister1797019190000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(POSTGRES_SCENARIO_REGISTER);
    await queryRunner.query(INDEX);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE scenario_register');
    await queryRunner.query("DELETE FROM projection_checkpoints WHERE name = 'scenario-register'");
  }
}
