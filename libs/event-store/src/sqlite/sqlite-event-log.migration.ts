import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH } from '../hash-chain';

export class SqliteEventLog1764340000000 implements MigrationInterface {
  name = 'SqliteEventLog1764340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_events (
        position INTEGER PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        data_hash TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        CONSTRAINT ledger_events_stream_version UNIQUE (stream_id, version),
        CONSTRAINT ledger_events_event_id UNIQUE (event_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX ledger_events_recorded_at ON ledger_events (recorded_at)',
    );
    await queryRunner.query(`
      CREATE TABLE ledger_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL,
        hash TEXT NOT NULL,
        recorded_at TEXT
      )`);
    await queryRunner.query(
      `INSERT INTO ledger_head (id, position, hash, recorded_at) VALUES (1, 0, '${GENESIS_HASH}', NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_head');
    await queryRunner.query('DROP TABLE ledger_events');
  }
}
