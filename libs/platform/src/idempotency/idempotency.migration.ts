import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteIdempotency1764340100000 implements MigrationInterface {
  name = 'SqliteIdempotency1764340100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_idempotency (
        actor_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        headers TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_idempotency');
  }
}

export class PostgresIdempotency1764340100000 implements MigrationInterface {
  name = 'PostgresIdempotency1764340100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_idempotency (
        actor_id text NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        status integer NOT NULL,
        body text NOT NULL,
        headers text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_idempotency');
  }
}
