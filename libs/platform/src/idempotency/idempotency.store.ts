import type { DataSource } from 'typeorm';

export interface RememberedResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/** Serialises writes on one SQLite connection with the other writers of this process. */
export interface WriteLock {
  runExclusive<T>(work: () => Promise<T> | T): Promise<T>;
}

/**
 * Answers to requests sent with an Idempotency-Key, kept in the ledger's database so a retry gets
 * the first answer even after a restart. Keys are scoped to the person who sent them.
 */
export class IdempotencyStore {
  /**
   * On SQLite, `writeLock` is the event store's: the read models write through their own connection
   * under it, and an insert here while one of their transactions is open would wait out SQLite's busy
   * timeout in this same thread.
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly writeLock: WriteLock | null = null,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  async find(actorId: string, key: string): Promise<RememberedResponse | null> {
    const rows: { request_hash: string; status: number; body: string; headers: string }[] =
      await this.dataSource.query(
        this.postgres
          ? 'SELECT request_hash, status, body, headers FROM ledger_idempotency WHERE actor_id = $1 AND key = $2'
          : 'SELECT request_hash, status, body, headers FROM ledger_idempotency WHERE actor_id = ? AND key = ?',
        [actorId, key],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      requestHash: row.request_hash.trim(),
      status: Number(row.status),
      body: JSON.parse(row.body),
      headers: JSON.parse(row.headers),
    };
  }

  /** Keeps the first answer; a concurrent attempt that finished second does not overwrite it. */
  async remember(actorId: string, key: string, response: RememberedResponse): Promise<void> {
    const values = [
      actorId,
      key,
      response.requestHash,
      response.status,
      JSON.stringify(response.body),
      JSON.stringify(response.headers),
      this.clock().toISOString(),
    ];
    const insert = () =>
      this.dataSource.query(
        this.postgres
          ? `INSERT INTO ledger_idempotency (actor_id, key, request_hash, status, body, headers, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (actor_id, key) DO NOTHING`
          : `INSERT INTO ledger_idempotency (actor_id, key, request_hash, status, body, headers, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (actor_id, key) DO NOTHING`,
        values,
      );
    if (this.writeLock) await this.writeLock.runExclusive(insert);
    else await insert();
  }

  /**
   * Forgets the answers remembered more than `retentionDays` before now; an answer younger than
   * that is never removed, so a client retrying within the retention still gets its first answer.
   * After that a retry runs again, and event ids derived from the key still keep it from appending
   * twice. Deletes in batches, so a large backlog never holds the write lock for long.
   */
  async purgeExpired(retentionDays: number, batchSize = 1000): Promise<number> {
    if (!Number.isSafeInteger(retentionDays) || retentionDays < 1)
      throw new RangeError(`retentionDays must be a whole number from 1, got ${retentionDays}`);
    const cutoff = new Date(this.clock().getTime() - retentionDays * 86_400_000).toISOString();
    let purged = 0;
    for (;;) {
      const remove = async (): Promise<number> => {
        const runner = this.dataSource.createQueryRunner();
        try {
          const result = await runner.query(
            this.postgres
              ? `DELETE FROM ledger_idempotency WHERE ctid IN (
                   SELECT ctid FROM ledger_idempotency WHERE created_at < $1 LIMIT $2)`
              : `DELETE FROM ledger_idempotency WHERE rowid IN (
                   SELECT rowid FROM ledger_idempotency WHERE created_at < ? LIMIT ?)`,
            [cutoff, batchSize],
            true,
          );
          return result.affected ?? 0;
        } finally {
          await runner.release();
        }
      };
      const removed = this.writeLock ? await this.writeLock.runExclusive(remove) : await remove();
      purged += removed;
      if (removed < batchSize) return purged;
    }
  }
}
