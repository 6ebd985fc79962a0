/** Runs SQL inside a read-model transaction; placeholders are written `?` and adapted per dialect. */
export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** Turns `?` placeholders into `$1, $2, …` for PostgreSQL. */
export function toPostgresPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** Multi-row VALUES lists, chunked so no statement exceeds the drivers' parameter limits. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
