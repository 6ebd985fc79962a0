import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { Database, Statement } from 'better-sqlite3';
import { AsyncMutex, SqliteEventStore, type EventStore } from '@ledger/event-store';
import { toPostgresPlaceholders, type SqlExecutor } from './sql-executor';

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

  async transaction<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T> {
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
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(executor);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
    }
    const client: PoolClient = await this.pool!.connect();
    // The pool stops listening for errors on a client it has handed out (see PostgresEventStore).
    const ignoreError = () => undefined;
    client.on('error', ignoreError);
    try {
      await client.query('BEGIN');
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
