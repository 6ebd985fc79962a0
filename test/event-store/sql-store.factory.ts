import { EventStoreHarness, type DatabaseKindUnderTest } from '@ledger/testing';
import type { EventStoreFactory } from './event-store.contract';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The SQL adapters (SQLite, PostgreSQL) for the contract suite, each test on a fresh database. */
export function sqlStoreFactory(kind: DatabaseKindUnderTest): EventStoreFactory {
  return {
    sql: kind,
    async create() {
      const harness = await EventStoreHarness.create(kind);
      return {
        open: (options) => harness.open(options),
        sql: (text) => harness.sql(text),
        async remove(event) {
          await harness.sql(`DELETE FROM ledger_events WHERE position = ${Number(event.position)}`);
        },
        // The stored texts and time of the original row, so only the chain fields are forged.
        async forge(original, changes) {
          await harness.sql(`INSERT INTO ledger_events (position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, data_hash, prev_hash, hash)
            SELECT ${Number(changes.position)}, stream_id, ${Number(changes.version)}, ${quote(changes.eventId)}, type, schema_version, data, metadata, recorded_at, data_hash, ${quote(changes.prevHash)}, ${quote(changes.hash)}
            FROM ledger_events WHERE position = ${Number(original.position)}`);
        },
        dispose: () => harness.dispose(),
      };
    },
  };
}
