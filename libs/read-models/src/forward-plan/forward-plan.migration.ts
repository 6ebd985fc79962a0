import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wave 2 (issue 17): the forward plan's tables, filled by the projector from the first event on its
 * next run. The register is emptied and its checkpoint removed at the same time, so it is refilled
 * under the tightened segregation (a conflict declared after a review withdraws it from the score).
 * The SQL is written out as released and never changes; the rebuild's live DDL is tested against it.
 */
const SQLITE_UP = [
  `CREATE TABLE forward_plan_proposals (
  proposal_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  department TEXT NOT NULL,
  status TEXT NOT NULL,
  capital_cost_pence INTEGER NOT NULL,
  annual_revenue_cost_pence INTEGER NOT NULL,
  appraisal_years INTEGER NOT NULL,
  whole_life_cost_pence INTEGER NOT NULL,
  version INTEGER NOT NULL,
  last_position INTEGER NOT NULL
)`,
  `CREATE TABLE forward_plan_notices (
  notice_id TEXT PRIMARY KEY,
  proposal_id TEXT NOT NULL,
  published_on TEXT NOT NULL,
  decision_due TEXT NOT NULL,
  decision_maker TEXT NOT NULL,
  summary TEXT NOT NULL,
  position INTEGER NOT NULL
)`,
];

const POSTGRES_UP = [
  `CREATE TABLE forward_plan_proposals (
  proposal_id text PRIMARY KEY,
  title text NOT NULL,
  department text NOT NULL,
  status text NOT NULL,
  capital_cost_pence bigint NOT NULL,
  annual_revenue_cost_pence bigint NOT NULL,
  appraisal_years integer NOT NULL,
  whole_life_cost_pence bigint NOT NULL,
  version integer NOT NULL,
  last_position bigint NOT NULL
)`,
  `CREATE TABLE forward_plan_notices (
  notice_id text PRIMARY KEY,
  proposal_id text NOT NULL,
  published_on text NOT NULL,
  decision_due text NOT NULL,
  decision_maker text NOT NULL,
  summary text NOT NULL,
  position bigint NOT NULL
)`,
];

const INDEXES = [
  'CREATE INDEX forward_plan_notices_due ON forward_plan_notices (decision_due, published_on, position)',
  'CREATE INDEX forward_plan_notices_proposal ON forward_plan_notices (proposal_id, position)',
];

const REFILL_REGISTER = [
  'DELETE FROM proposal_register',
  "DELETE FROM projection_checkpoints WHERE name = 'proposal-register'",
];

const DOWN = ['DROP TABLE forward_plan_notices', 'DROP TABLE forward_plan_proposals'];

async function run(queryRunner: QueryRunner, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await queryRunner.query(statement);
}

export class SqliteForwardPlan1796284800017 implements MigrationInterface {
  name = 'SqliteForwardPlan1796284800017';
  async up(queryRunner: QueryRunner): Promise<void> {
    await run(queryRunner, [...SQLITE_UP, ...INDEXES, ...REFILL_REGISTER]);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await run(queryRunner, DOWN);
  }
}

export class PostgresForwardPlan1796284800017 implements MigrationInterface {
  name = 'PostgresForwardPlan1796284800017';
  async up(queryRunner: QueryRunner): Promise<void> {
    await run(queryRunner, [...POSTGRES_UP, ...INDEXES, ...REFILL_REGISTER]);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await run(queryRunner, DOWN);
  }
}
