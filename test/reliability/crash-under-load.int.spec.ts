import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { verifyChain } from '@ledger/event-store';
import { AccessTokens, loadConfig, openDatabase } from '@ledger/platform';
import { PROJECTIONS, ReadModelDatabase, rebuildProjections } from '@ledger/read-models';
import {
  aDraftBody,
  createTestDatabase,
  databaseKindsUnderTest,
  type TestDatabase,
} from '@ledger/testing';

const API = join(__dirname, '../../dist/apps/api/src/main.js');
const SECRET = 'crash-test-secret-that-is-long-enough-for-hs256';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startApi(database: TestDatabase, port: number): ChildProcess {
  return spawn(process.execPath, [API], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: database.dataDir,
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(process: ChildProcess): Promise<void> {
  if (process.exitCode !== null || process.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => process.once('exit', () => resolve()));
}

async function waitHealthy(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The API did not become healthy within 30 s');
}

describe.each(databaseKindsUnderTest)(
  'the API killed with SIGKILL under concurrent writes (%s)',
  (kind) => {
    let database: TestDatabase;
    let child: ChildProcess | null = null;

    beforeAll(() => {
      if (!existsSync(API))
        throw new Error('Run `npm run build` first: this test kills the built API');
    });

    beforeEach(async () => {
      database = await createTestDatabase(kind);
    });

    afterEach(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await database.drop();
    });

    it('keeps every acknowledged write, nothing half-written, a chain that verifies and read models equal to a rebuild', async () => {
      const port = await freePort();
      child = startApi(database, port);
      await waitHealthy(port);
      const tokens = new AccessTokens(
        loadConfig({ LEDGER_JWT_SECRET: SECRET, LEDGER_DATA_DIR: database.dataDir }),
      );
      const proposer = await tokens.mint({
        sub: 'alice',
        name: 'Alice Proposer',
        roles: ['proposer'],
      });

      const acknowledged: { id: string; position: number }[] = [];
      let killed = false;
      const writer = async (n: number) => {
        for (let i = 0; !killed; i += 1) {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/api/v1/proposals`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${proposer}` },
              body: JSON.stringify(aDraftBody({ title: `Writer ${n} proposal ${i}` })),
            });
            if (response.status === 201)
              acknowledged.push((await response.json()) as { id: string; position: number });
          } catch {
            return;
          }
          if (acknowledged.length >= 200 && !killed) {
            killed = true;
            child!.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, n) => writer(n)));
      await exited(child);
      expect(child.signalCode).toBe('SIGKILL');

      child = startApi(database, port);
      await waitHealthy(port);
      const auditor = await tokens.mint({ sub: 'ann', name: 'Ann Auditor', roles: ['auditor'] });
      for (const { id } of acknowledged) {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/proposals/${id}`, {
          headers: { authorization: `Bearer ${auditor}` },
        });
        expect(response.status).toBe(200);
      }
      const verification = (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/audit/verify`, {
          headers: { authorization: `Bearer ${auditor}` },
        })
      ).json()) as { ok: boolean; headPosition: number };
      expect(verification).toMatchObject({ ok: true });
      const head = verification.headPosition;
      const caughtUp = await fetch(`http://127.0.0.1:${port}/api/v1/proposals?limit=1`, {
        headers: { authorization: `Bearer ${auditor}`, 'x-min-position': String(head) },
      });
      expect(caughtUp.status).toBe(200);
      child.kill('SIGTERM');
      await exited(child);

      const ledger = await openDatabase(database);
      try {
        const log = await ledger.eventStore.readAll({ limit: 10_000 });
        expect(log.events.map((event) => event.position)).toEqual(log.events.map((_, i) => i + 1));
        expect(log.events.every((event) => event.type === 'ProposalDrafted')).toBe(true);
        expect((await verifyChain(ledger.eventStore)).ok).toBe(true);
        const readModels = new ReadModelDatabase(ledger.dataSource, ledger.eventStore);
        const projected = await readModels.query(
          'SELECT id, status, version, last_position, current_reviews FROM proposal_register ORDER BY id',
        );
        await rebuildProjections(readModels, ledger.eventStore, PROJECTIONS);
        expect(
          await readModels.query(
            'SELECT id, status, version, last_position, current_reviews FROM proposal_register ORDER BY id',
          ),
        ).toEqual(projected);
        expect(projected).toHaveLength(log.events.length);
      } finally {
        await ledger.close();
      }
    });
  },
);
