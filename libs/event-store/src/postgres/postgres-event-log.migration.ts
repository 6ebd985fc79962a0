import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH } from '../hash-chain';

export class PostgresEventLog1764340000000 implements MigrationInterface {
  name = 'PostgresEventLog1764340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_events (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        version integer NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data json NOT NULL,
        metadata json NOT NULL,
        recorded_at timestamptz NOT NULL,
        data_hash char(64) NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT ledger_events_stream_version UNIQUE (stream_id, version),
        CONSTRAINT ledger_events_event_id UNIQUE (event_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX ledger_events_recorded_at ON ledger_events (recorded_at)',
    );
    await queryRunner.query(`
      CREATE TABLE ledger_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        position bigint NOT NULL,
        hash char(64) NOT NULL,
        recorded_at timestamptz
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
