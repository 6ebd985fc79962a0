import type { DataSource } from 'typeorm';

export interface RememberedResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Answers to requests sent with an Idempotency-Key, kept in the ledger's database so a retry gets
 * the first answer even after a restart. Keys are scoped to the person who sent them.
 */
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

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
      new Date().toISOString(),
    ];
    await this.dataSource.query(
      this.postgres
        ? `INSERT INTO ledger_idempotency (actor_id, key, request_hash, status, body, headers, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (actor_id, key) DO NOTHING`
        : `INSERT INTO ledger_idempotency (actor_id, key, request_hash, status, body, headers, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (actor_id, key) DO NOTHING`,
      values,
    );
  }
}
