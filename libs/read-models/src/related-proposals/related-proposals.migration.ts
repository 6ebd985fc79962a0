import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the split-spend rule reads of every proposal, so the proposals related to one are one indexed
 * query: by programme, or by department, category and draft time. The table starts empty with no
 * checkpoint, so the projector fills it from the first event. Frozen once released.
 */
const SQLITE_TABLE = `CREATE TABLE related_proposals (
  proposal_id TEXT PRIMARY KEY,
  programme TEXT,
  department TEXT NOT NULL,
  category TEXT NOT NULL,
  drafted_at TEXT NOT NULL,
  capital_cost_pence INTEGER NOT NULL,
  annual_revenue_cost_pence INTEGER NOT NULL,
  appraisal_years INTEGER NOT NULL,
  whole_life_cost_pence INTEGER NOT NULL,
  status TEXT NOT NULL,
  last_position INTEGER NOT NULL
)`;

const POSTGRES_TABLE = `CREATE TABLE related_proposals (
  proposal_id text PRIMARY KEY,
  programme text,
  department text NOT NULL,
  category text NOT NULL,
  drafted_at text NOT NULL,
  capital_cost_pence bigint NOT NULL,
  annual_revenue_cost_pence bigint NOT NULL,
  appraisal_years integer NOT NULL,
  whole_life_cost_pence bigint NOT NULL,
  status text NOT NULL,
  last_position bigint NOT NULL
)`;

const INDEXES = [
  'CREATE INDEX related_proposals_programme ON related_proposals (programme)',
  'CREATE INDEX related_proposals_group ON related_proposals (department, category, drafted_at)',
];

const DOWN = [
  'DROP TABLE related_proposals',
  "DELETE FROM projection_checkpoints WHERE name = 'related-proposals'",
];

export class SqliteRelatedProposals1796450000000 implements MigrationInterface {
  name = 'SqliteRelatedProposals1796450000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [SQLITE_TABLE, ...INDEXES]) await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

export class PostgresRelatedProposals1796450000000 implements MigrationInterface {
  name = 'PostgresRelatedProposals1796450000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [POSTGRES_TABLE, ...INDEXES]) await queryRunner.query(statement);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
