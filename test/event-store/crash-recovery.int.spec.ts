import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { verifyChain, type RecordedEvent } from '@ledger/event-store';
import { EventStoreHarness, databaseKindsUnderTest } from '@ledger/testing';

const CHILD = join(__dirname, 'append-loop.child.js');

describe.each(databaseKindsUnderTest)('an appender killed with SIGKILL (%s)', (kind) => {
  let harness: EventStoreHarness;

  beforeAll(() => {
    if (!existsSync(join(__dirname, '../../dist/libs/platform/src/index.js'))) {
      throw new Error(
        'Run `npm run build` first: this test kills a real process running the built code',
      );
    }
  });

  beforeEach(async () => {
    harness = await EventStoreHarness.create(kind);
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('leaves a log that verifies and holds every append it acknowledged', async () => {
    const { databaseUrl, dataDir } = harness.config;
    const child = spawn(process.execPath, [CHILD, databaseUrl ?? '-', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (line === 'ready') return;
        acknowledged.push(line);
        if (acknowledged.length === 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () =>
        acknowledged.length >= 300 ? resolve() : reject(new Error(`appender died: ${stderr}`)),
      );
    });
    expect(await exited).toBe('SIGKILL');

    const store = await harness.open();
    const verification = await verifyChain(store);
    expect(verification).toMatchObject({ ok: true });
    const stored: RecordedEvent[] = [];
    for (let after = 0; ;) {
      const page = await store.readAll({ after, limit: 1000 });
      stored.push(...page.events);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    const ids = new Set(stored.map((event) => event.eventId));
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    expect(stored.map((event) => event.position)).toEqual(stored.map((_, i) => i + 1));
  });
});
