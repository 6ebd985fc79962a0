import type { DataSource } from 'typeorm';

export interface ColumnShape {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  readonly default: string | null;
}

export interface DatabaseSchema {
  /** Table name → its columns in order. */
  readonly tables: Record<string, ColumnShape[]>;
  /** Index name → table, uniqueness and columns (or its definition on PostgreSQL). */
  readonly indexes: Record<string, string>;
}

/** The schema as the database itself reports it: what a migration or a rebuild really left. */
export async function schemaOf(dataSource: DataSource): Promise<DatabaseSchema> {
  return dataSource.options.type === 'postgres'
    ? postgresSchema(dataSource)
    : sqliteSchema(dataSource);
}

async function sqliteSchema(dataSource: DataSource): Promise<DatabaseSchema> {
  const tables: Record<string, ColumnShape[]> = {};
  const indexes: Record<string, string> = {};
  const names: { name: string }[] = await dataSource.query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  for (const { name } of names) {
    const columns: {
      name: string;
      type: string;
      notnull: number;
      pk: number;
      dflt_value: string | null;
    }[] = await dataSource.query(`PRAGMA table_info(${name})`);
    tables[name] = columns.map((column) => ({
      name: column.name,
      type: column.type,
      notNull: column.notnull === 1,
      primaryKey: column.pk > 0,
      default: column.dflt_value,
    }));
    const list: { name: string; unique: number; origin: string }[] = await dataSource.query(
      `PRAGMA index_list(${name})`,
    );
    for (const index of list) {
      const parts: { name: string }[] = await dataSource.query(`PRAGMA index_info(${index.name})`);
      // Automatic indexes (primary keys, UNIQUE constraints) carry the table's name, so compare them
      // by what they are rather than by name.
      const key =
        index.origin === 'c'
          ? index.name
          : `${name}:${index.origin}:${parts.map((p) => p.name).join(',')}`;
      indexes[key] =
        `${name} ${index.unique ? 'unique' : 'plain'} (${parts.map((part) => part.name).join(', ')})`;
    }
  }
  return { tables, indexes };
}

async function postgresSchema(dataSource: DataSource): Promise<DatabaseSchema> {
  const tables: Record<string, ColumnShape[]> = {};
  const columns: {
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    primary_key: boolean;
  }[] = await dataSource.query(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default,
            EXISTS (
              SELECT 1 FROM information_schema.table_constraints t
              JOIN information_schema.key_column_usage k
                ON k.constraint_name = t.constraint_name AND k.table_name = t.table_name
              WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_name = c.table_name
                AND k.column_name = c.column_name
            ) AS primary_key
       FROM information_schema.columns c
      WHERE c.table_schema = 'public'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const column of columns) {
    (tables[column.table_name] ??= []).push({
      name: column.column_name,
      type: column.data_type,
      notNull: column.is_nullable === 'NO',
      primaryKey: column.primary_key,
      default: column.column_default,
    });
  }
  const indexes: Record<string, string> = {};
  const rows: { indexname: string; tablename: string; indexdef: string }[] = await dataSource.query(
    "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
  );
  for (const row of rows) indexes[row.indexname] = row.indexdef;
  return { tables, indexes };
}
