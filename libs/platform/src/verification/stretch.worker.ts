/**
 * A worker thread that verifies one stretch of the hash chain (positions `from` to `to`) on a
 * connection of its own and posts how far it got, then its answer. Started by ChainVerifier. It loads
 * the event store and the database driver only, so it starts in a few tens of milliseconds.
 */
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { parentPort, workerData } from 'node:worker_threads';
import {
  PostgresEventStore,
  SqliteEventStore,
  verifySegment,
  type EventStore,
  type SegmentVerification,
} from '@ledger/event-store';

export interface StretchTask {
  /** The PostgreSQL URL, or null for the SQLite file. */
  readonly databaseUrl: string | null;
  readonly sqliteFile: string;
  readonly from: number;
  readonly to: number;
}

export type StretchMessage =
  | { readonly kind: 'checked'; readonly checked: number }
  | { readonly kind: 'result'; readonly result: SegmentVerification };

async function verifyStretch(task: StretchTask): Promise<void> {
  // The main thread has opened and migrated the database; a worker only reads.
  let store: EventStore;
  let close: () => Promise<void>;
  if (task.databaseUrl !== null) {
    const pool = new Pool({ connectionString: task.databaseUrl, max: 2 });
    store = new PostgresEventStore(pool);
    close = () => pool.end();
  } else {
    const db = new Database(task.sqliteFile, { readonly: true, fileMustExist: true });
    store = new SqliteEventStore(db);
    close = async () => void db.close();
  }
  try {
    const result = await verifySegment(store, task.from, task.to, {
      onChecked: (checked) => post({ kind: 'checked', checked }),
    });
    post({ kind: 'result', result });
  } finally {
    await close();
  }
}

function post(message: StretchMessage): void {
  parentPort!.postMessage(message);
}

if (parentPort) {
  void verifyStretch(workerData as StretchTask).catch((error: unknown) => {
    // Thrown again outside the promise, so the parent's 'error' listener receives it.
    setImmediate(() => {
      throw error;
    });
  });
}
