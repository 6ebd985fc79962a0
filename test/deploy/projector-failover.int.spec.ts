import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type LedgerDatabase } from '@ledger/platform';
import { PROJECTIONS, ReadModelDatabase, rebuildProjections } from '@ledger/read-models';
import {
  createPostgresTestDatabase,
  describeWithPostgres,
  type TestDatabase,
} from '@ledger/testing';
import { Scenario, type Step } from '../read-models/ledger-scenario';

const PROJECTOR = join(__dirname, '../../dist/apps/projector/src/main.js');

interface RunningProjector {
  readonly process: ChildProcess;
  readonly output: string[];
  isActive(): boolean;
}

function startProjector(databaseUrl: string, dataDir: string): RunningProjector {
  const child = spawn(process.execPath, [PROJECTOR], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      LEDGER_DATA_DIR: dataDir,
      LEDGER_PROJECTOR_PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  return {
    process: child,
    output,
    isActive: () => output.join('').includes('holds the projection lock'),
  };
}

async function eventually(
  condition: () => Promise<boolean> | boolean,
  what: string,
  seconds = 30,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Gave up waiting ${seconds} s for: ${what}`);
}

const steps = (n: number): Step[] => [
  { kind: 'envelope', capital: 5000 },
  ...Array.from({ length: n }, (_, i): Step[] => [
    {
      kind: 'draft',
      proposer: 'alice',
      capital: 10 + i,
      department: `Dept ${i % 3}`,
      statutory: false,
    },
    { kind: 'submit', proposal: i },
    { kind: 'review', proposal: i, reviewer: 'rita', reviewKind: 'financial', score: 4 },
    { kind: 'review', proposal: i, reviewer: 'tom', reviewKind: 'technical', score: 3 },
    { kind: 'approve', proposal: i },
  ]).flat(),
];

describeWithPostgres('projector fail-over on PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let database: LedgerDatabase;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    if (!existsSync(PROJECTOR))
      throw new Error('Run `npm run build` first: this test runs the built projector');
  });

  beforeEach(async () => {
    testDatabase = await createPostgresTestDatabase();
    database = await openDatabase(testDatabase);
  });

  afterEach(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database.close();
    await testDatabase.drop();
  });

  it('lets the standby take over within seconds when the active projector is killed, applying no event twice and skipping none', async () => {
    const readModels = new ReadModelDatabase(database.dataSource, database.eventStore);
    const scenario = new Scenario(database.eventStore);
    await scenario.play(steps(5));

    const first = startProjector(testDatabase.databaseUrl!, testDatabase.dataDir);
    children.push(first.process);
    await eventually(() => first.isActive(), 'the first projector to take the lock');
    const second = startProjector(testDatabase.databaseUrl!, testDatabase.dataDir);
    children.push(second.process);
    await eventually(
      () => second.output.join('').includes('stands by'),
      'the second projector to stand by',
    );

    const caughtUp = async () => {
      const head = (await database.eventStore.readHead()).position;
      const rows = await readModels.query<{ position: unknown }>(
        'SELECT position FROM projection_checkpoints',
      );
      return (
        rows.length === PROJECTIONS.length && rows.every((row) => Number(row.position) === head)
      );
    };
    await eventually(caughtUp, 'the active projector to catch up');

    first.process.kill('SIGKILL');
    const more = new Scenario(database.eventStore);
    await more.play(steps(4));
    await eventually(() => second.isActive(), 'the standby to take the lock', 20);
    await eventually(caughtUp, 'the new active projector to catch up');
    second.process.kill('SIGTERM');

    const projected = await readModels.query('SELECT * FROM budget_summary ORDER BY fiscal_year');
    const register = await readModels.query(
      'SELECT id, status, version, last_position FROM proposal_register ORDER BY id',
    );
    await rebuildProjections(readModels, database.eventStore, PROJECTIONS);
    expect(await readModels.query('SELECT * FROM budget_summary ORDER BY fiscal_year')).toEqual(
      projected,
    );
    expect(
      await readModels.query(
        'SELECT id, status, version, last_position FROM proposal_register ORDER BY id',
      ),
    ).toEqual(register);
    expect(register).toHaveLength(9);
  });
});
