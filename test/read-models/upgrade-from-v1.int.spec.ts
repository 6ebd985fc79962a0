import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type MigrationInterface } from 'typeorm';
import {
  ListProposalsHandler,
  ListProposalsQuery,
  PortfolioSummaryHandler,
  PortfolioSummaryQuery,
  PrioritiesHandler,
  PrioritiesQuery,
  type PrioritiesView,
} from '@ledger/ledger';
import { dataSourceOptionsFor, openDatabase, type LedgerDatabase } from '@ledger/platform';
import { PROJECTIONS, Projector, ReadModelDatabase, selectWithinBudget } from '@ledger/read-models';
import { createTestDatabase, databaseKindsUnderTest, type TestDatabase } from '@ledger/testing';
import { schemaOf } from './database-schema';

type Row = Record<string, unknown>;

/** A ledger as commit 42c98a5 recorded and projected it, and what its reads answered then. */
const v1 = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'ledger-at-42c98a5.json'), 'utf8'),
) as {
  events: Row[];
  head: Row;
  rows: Record<'proposal_register' | 'budget_summary' | 'projection_checkpoints', Row[]>;
  reads: Record<string, unknown> & { middle: string };
};
/** The database as v1 left it: its migrations only, its events, its projected rows. */
async function createV1Database(testDatabase: TestDatabase): Promise<void> {
  const options = dataSourceOptionsFor(testDatabase);
  const kind = options.type === 'postgres' ? 'postgres' : 'sqlite';
  const released = Object.keys(
    (
      JSON.parse(
        readFileSync(join(__dirname, 'fixtures', 'migrations-at-42c98a5.json'), 'utf8'),
      ) as Record<string, object>
    )[kind],
  );
  const dataSource = new DataSource({
    ...options,
    migrations: (options.migrations as (new () => MigrationInterface)[]).filter((Migration) =>
      released.includes(new Migration().name!),
    ),
  });
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    expect(ran.map((migration) => migration.name).sort()).toEqual([...released].sort());
    await insertLog(dataSource);
    for (const [table, rows] of Object.entries(v1.rows)) await insertRows(dataSource, table, rows);
  } finally {
    await dataSource.destroy();
  }
}

async function insertLog(dataSource: DataSource): Promise<void> {
  await insertRows(dataSource, 'ledger_events', v1.events);
  await dataSource.query(
    dataSource.options.type === 'postgres'
      ? 'UPDATE ledger_head SET position = $1, hash = $2, recorded_at = $3 WHERE id = 1'
      : 'UPDATE ledger_head SET position = ?, hash = ?, recorded_at = ? WHERE id = 1',
    [v1.head.position, v1.head.hash, v1.head.recorded_at],
  );
}

async function insertRows(dataSource: DataSource, table: string, rows: Row[]): Promise<void> {
  const postgres = dataSource.options.type === 'postgres';
  for (const row of rows) {
    const columns = Object.keys(row);
    const values = columns.map((column) =>
      // SQLite keeps booleans as 0 and 1.
      postgres && column === 'statutory' ? row[column] === 1 : row[column],
    );
    await dataSource.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns
        .map((_, i) => (postgres ? `$${i + 1}` : '?'))
        .join(', ')})`,
      values,
    );
  }
}

/** What the API's register, portfolio and priorities answer, as the fixture recorded them. */
/**
 * A register item with only the fields v1 answered: wave 2 adds `ready` and `blockers` (API.md's
 * "Segregation of duties, tightened"), and v1's fields must read exactly as they did.
 */
function asInV1<Item extends { ready: unknown; blockers: unknown; caseStage: unknown }>(
  item: Item,
) {
  const { ready: _ready, blockers: _blockers, caseStage: _caseStage, ...v1Fields } = item;
  return v1Fields;
}

/**
 * Priorities with only the fields v1 answered: wave 2 adds `asOf`, `weights` and each ranking
 * entry's `explanation` (API.md's "Scenarios, the frontier and the recorded choice").
 */
function prioritiesInV1(view: PrioritiesView) {
  const { asOf: _asOf, weights: _weights, ranking, ...v1Fields } = view;
  return {
    ...v1Fields,
    ranking: ranking.map(({ explanation: _explanation, ...entry }) => entry),
  };
}

async function reads(database: LedgerDatabase) {
  const readModels = new ReadModelDatabase(database.readModelDataSource, database.eventStore);
  const store = database.eventStore;
  const list = new ListProposalsHandler(readModels, store);
  const portfolio = new PortfolioSummaryHandler(readModels, store);
  const priorities = new PrioritiesHandler(readModels, store, { select: selectWithinBudget });
  const answers = {
    proposals: (await list.execute(new ListProposalsQuery({ limit: 1000 }))).items.map(asInV1),
    submitted: (
      await list.execute(
        new ListProposalsQuery({ limit: 1000, status: 'submitted', department: 'Housing' }),
      )
    ).items.map(asInV1),
    portfolio: {
      ...withoutWave2(await portfolio.execute(new PortfolioSummaryQuery('2026-27'))),
      asOf: null,
    },
    portfolioAsOf: withoutWave2(
      await portfolio.execute(new PortfolioSummaryQuery('2026-27', v1.reads.middle)),
    ),
    middle: v1.reads.middle,
    priorities: prioritiesInV1(await priorities.execute(new PrioritiesQuery('2026-27'))),
    prioritiesWithin: prioritiesInV1(
      await priorities.execute(new PrioritiesQuery('2026-27', '2500000.00')),
    ),
  };
  return JSON.parse(JSON.stringify(answers)) as unknown;
}

async function project(database: LedgerDatabase): Promise<void> {
  const readModels = new ReadModelDatabase(database.readModelDataSource, database.eventStore);
  await new Projector(readModels, database.eventStore, PROJECTIONS).catchUp();
}

describe.each(databaseKindsUnderTest)('upgrading a v1 ledger (%s)', (kind) => {
  const databases: TestDatabase[] = [];
  const opened: LedgerDatabase[] = [];

  async function fresh(): Promise<TestDatabase> {
    const database = await createTestDatabase(kind);
    databases.push(database);
    return database;
  }

  async function open(testDatabase: TestDatabase): Promise<LedgerDatabase> {
    const database = await openDatabase(testDatabase);
    opened.push(database);
    return database;
  }

  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const database of databases.splice(0)) await database.drop();
  });

  it('runs only the new migrations, refills the register from the log, and answers as v1 did', async () => {
    const testDatabase = await fresh();
    await createV1Database(testDatabase);

    const upgraded = await open(testDatabase);
    const ran: { name: string }[] = await upgraded.dataSource.query(
      'SELECT name FROM ledger_migrations ORDER BY id',
    );
    expect(ran.map((row) => row.name)).toContain(
      kind === 'postgres'
        ? 'PostgresProposalRegisterRows1796184000000'
        : 'SqliteProposalRegisterRows1796184000000',
    );
    const checkpoints: { name: string }[] = await upgraded.dataSource.query(
      'SELECT name FROM projection_checkpoints ORDER BY name',
    );
    // The register starts again from the log; the budget summary, whose table did not change, does not.
    expect(checkpoints.map((row) => row.name)).toEqual(['budget-summary']);
    expect(await upgraded.dataSource.query('SELECT id FROM proposal_register')).toEqual([]);

    await project(upgraded);
    expect(await reads(upgraded)).toEqual(v1.reads);
    const registered: { n: unknown }[] = await upgraded.dataSource.query(
      'SELECT count(*) AS n FROM proposal_register',
    );
    expect(Number(registered[0].n)).toBe(v1.rows.proposal_register.length);
  });

  it('ends with the schema of a ledger migrated from empty, which answers the same', async () => {
    const upgradedDatabase = await fresh();
    await createV1Database(upgradedDatabase);
    const upgraded = await open(upgradedDatabase);

    const created = await open(await fresh());
    expect(await schemaOf(upgraded.dataSource)).toEqual(await schemaOf(created.dataSource));

    await insertLog(created.dataSource);
    await Promise.all([project(upgraded), project(created)]);
    expect(await reads(created)).toEqual(await reads(upgraded));
  });
});

/** The summary as v1 answered it: wave 2's added fields (revenue commitments) left out. */
function withoutWave2<T extends object>(summary: T): T {
  const {
    approvedRevenue: _a,
    remainingRevenue: _r,
    ...v1
  } = summary as T & {
    approvedRevenue?: string;
    remainingRevenue?: string | null;
  };
  return v1 as T;
}
