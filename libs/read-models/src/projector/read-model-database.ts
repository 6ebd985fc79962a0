import type { DataSource } from 'typeorm';
import { AsyncMutex, SqliteEventStore, type EventStore } from '@ledger/event-store';
import { toPostgresPlaceholders, type SqlExecutor } from './sql-executor';

/*
 * What this class uses of the drivers' connections, which TypeORM opened: declared here so the read
 * models depend on no database driver (only libs/platform and the event store's adapters do).
 */
interface Statement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}
interface Database {
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  pragma(sql: string, options?: { simple: boolean }): unknown;
}
interface QueryResult {
  readonly rows: unknown[];
}
interface PoolClient {
  query(sql: string, params?: unknown[]): Promise<QueryResult>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  release(): void;
}
interface Pool {
  query(sql: string, params?: unknown[]): Promise<QueryResult>;
  connect(): Promise<PoolClient>;
}

/**
 * Transactions for read-model writes. On SQLite they run on the event store's own connection and
 * hold its write lock, so an append can never land inside a projection's transaction; every statement
 * is synchronous underneath, so the transaction never spans another request. On PostgreSQL each
 * transaction has its own pooled connection.
 */
export class ReadModelDatabase {
  readonly dialect: 'sqlite' | 'postgres';
  private readonly sqlite: Database | null;
  private readonly writeLock: AsyncMutex;
  private readonly pool: Pool | null;
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly dataSource: DataSource,
    eventStore: EventStore,
  ) {
    if (dataSource.options.type === 'postgres') {
      this.dialect = 'postgres';
      this.pool = (dataSource.driver as unknown as { master: Pool }).master;
      this.sqlite = null;
      this.writeLock = new AsyncMutex();
    } else {
      this.dialect = 'sqlite';
      this.pool = null;
      this.sqlite = (
        dataSource.driver as unknown as { databaseConnection: Database }
      ).databaseConnection;
      this.writeLock =
        eventStore instanceof SqliteEventStore ? eventStore.writeLock : new AsyncMutex();
    }
  }

  /** Reads outside a transaction. */
  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<Row[]> {
    if (this.sqlite) return this.prepare(sql).all(...(params as unknown[])) as Row[];
    const result = await this.pool!.query(toPostgresPlaceholders(sql), params as unknown[]);
    return result.rows as Row[];
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size > 500) this.statements.clear();
      statement = this.sqlite!.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` in one transaction. With `durability: 'replayable'` the commit does not wait for the
   * disk (SQLite `synchronous = NORMAL`, PostgreSQL `synchronous_commit = off`): only for writes that
   * are rebuilt from the event log if a power cut or an operating-system crash loses them, namely
   * projection rows committed with their own checkpoint, and a rebuild's fresh tables before the swap.
   * Why that is safe:
   * - Both databases recover a prefix of the committed transactions (a WAL replayed in order, stopping
   *   at the first frame or record that did not reach the disk), so such a loss takes the rows and
   *   their checkpoint together: the projector re-applies exactly those events; nothing is applied
   *   twice or skipped. A rebuild that is cut short starts again from scratch, and its fresh tables are
   *   not read before the swap, which commits with full durability.
   * - The events themselves stay durable: appends commit with `synchronous = FULL` (SQLite) and
   *   `synchronous_commit = on` (PostgreSQL), and a projector reads only committed events. A durable
   *   commit flushes the log up to itself, so it also makes every earlier relaxed commit durable.
   * - On SQLite the setting belongs to the connection, which may be the event store's own: it is
   *   changed only while this transaction holds the event store's write lock, and put back before the
   *   lock is released, so no append ever commits with it. A checkpoint of the WAL still syncs with
   *   NORMAL (unlike OFF, which could corrupt the file), so the database cannot be damaged, only rewound.
   * The default, `'full'`, commits with at least `synchronous = FULL` on SQLite whatever the
   * connection was opened with (a rebuild's swap, a recorded failure); PostgreSQL's is the server's.
   */
  async transaction<T>(
    work: (sql: SqlExecutor) => Promise<T>,
    options: { durability?: 'full' | 'replayable' } = {},
  ): Promise<T> {
    const relaxed = options.durability === 'replayable';
    if (this.sqlite) {
      const db = this.sqlite;
      return this.writeLock.runExclusive(async () => {
        const executor: SqlExecutor = {
          dialect: 'sqlite',
          query: async <Row>(sql: string, params: readonly unknown[] = []) => {
            const statement = this.prepare(sql);
            return (
              statement.reader
                ? statement.all(...(params as unknown[]))
                : (statement.run(...(params as unknown[])), [])
            ) as Row[];
          },
        };
        // PRAGMA synchronous: 1 is NORMAL, 2 FULL, 3 EXTRA. Changed for this transaction only, then put back.
        const before = db.pragma('synchronous', { simple: true }) as number;
        const wanted = relaxed ? (before > 1 ? 1 : before) : Math.max(before, 2);
        if (wanted !== before) db.pragma(`synchronous = ${wanted}`);
        try {
          db.exec('BEGIN IMMEDIATE');
          try {
            const result = await work(executor);
            db.exec('COMMIT');
            return result;
          } catch (error) {
            if (db.inTransaction) db.exec('ROLLBACK');
            throw error;
          }
        } finally {
          if (wanted !== before) db.pragma(`synchronous = ${before}`);
        }
      });
    }
    const client: PoolClient = await this.pool!.connect();
    // The pool stops listening for errors on a client it has handed out (see PostgresEventStore).
    const ignoreError = () => undefined;
    client.on('error', ignoreError);
    try {
      await client.query(relaxed ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
      const executor: SqlExecutor = {
        dialect: 'postgres',
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          (await client.query(toPostgresPlaceholders(sql), params as unknown[])).rows as Row[],
      };
      const result = await work(executor);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.removeListener('error', ignoreError);
      client.release();
    }
  }
}
