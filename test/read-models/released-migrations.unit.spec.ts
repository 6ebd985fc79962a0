import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dataSourceOptionsFor } from '@ledger/platform';

type Kind = 'sqlite' | 'postgres';
type Recorded = { up: string[]; down: string[] };

const released = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'migrations-at-42c98a5.json'), 'utf8'),
) as Record<Kind, Record<string, Recorded>>;

function migrationsOf(kind: Kind): MigrationInterface[] {
  const options = dataSourceOptionsFor({
    dataDir: '/nonexistent',
    databaseUrl: kind === 'postgres' ? 'postgres://ledger@localhost/ledger' : null,
  });
  return (options.migrations as (new () => MigrationInterface)[]).map(
    (Migration) => new Migration(),
  );
}

/** The SQL a migration sends, captured by a query runner that only records. */
async function sqlOf(migration: MigrationInterface): Promise<Recorded> {
  const recorder = (into: string[]) =>
    ({
      query: async (sql: string, parameters?: unknown[]) => {
        into.push(parameters?.length ? `${sql} -- ${JSON.stringify(parameters)}` : sql);
        return [];
      },
    }) as unknown as QueryRunner;
  const recorded: Recorded = { up: [], down: [] };
  await migration.up(recorder(recorded.up));
  await migration.down(recorder(recorded.down));
  return recorded;
}

// Deployed databases ran these migrations as released (the fixture holds what each sent at commit
// 42c98a5); TypeORM never runs one twice, so an edit would reach new databases only and the two
// would drift apart. Any schema change must be a new migration.
describe.each(Object.keys(released) as Kind[])('the released migrations (%s)', (kind) => {
  const migrations = migrationsOf(kind);

  it('are all still registered, under the same names', () => {
    const names = migrations.map((migration) => migration.name);
    expect(names).toEqual(expect.arrayContaining(Object.keys(released[kind])));
  });

  it.each(Object.keys(released[kind]))(
    '%s sends exactly the SQL it was released with',
    async (name) => {
      const migration = migrations.find((candidate) => candidate.name === name)!;
      expect(await sqlOf(migration)).toEqual(released[kind][name]);
    },
  );

  it('come before every migration added since, so deployed databases only ever run new ones', () => {
    const timestamp = (migration: MigrationInterface) =>
      Number(/\d{13}$/.exec(migration.name!)![0]);
    const newest = Math.max(...migrations.filter((m) => m.name! in released[kind]).map(timestamp));
    const added = migrations.filter((m) => !(m.name! in released[kind]));
    expect(added.length).toBeGreaterThan(0);
    for (const migration of added) expect(timestamp(migration)).toBeGreaterThan(newest);
  });
});
