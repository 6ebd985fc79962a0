import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  EventStoreHarness,
  anEvent,
  databaseKindsUnderTest,
  type DatabaseKindUnderTest,
} from '@ledger/testing';

const PROJECTOR = join(__dirname, '../../dist/apps/projector/src/main.js');

interface RunningProjector {
  readonly child: ChildProcess;
  readonly port: number;
  get(path: string): Promise<{ status: number; type: string; text: string }>;
}

async function startProjector(
  harness: EventStoreHarness,
  env: Record<string, string> = {},
): Promise<RunningProjector> {
  if (!existsSync(PROJECTOR)) throw new Error(`${PROJECTOR} is missing: run npm run build first`);
  const child = spawn(process.execPath, [PROJECTOR], {
    env: {
      PATH: process.env.PATH,
      LEDGER_DATA_DIR: harness.config.dataDir,
      ...(harness.config.databaseUrl ? { DATABASE_URL: harness.config.databaseUrl } : {}),
      LEDGER_PROJECTOR_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port announced:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += String(chunk);
      const announced = /health and metrics on port (\d+)/.exec(output);
      if (announced) {
        clearTimeout(timer);
        resolve(Number(announced[1]));
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) =>
      reject(new Error(`the projector exited with ${code}:\n${output}`)),
    );
  });
  return {
    child,
    port,
    async get(path) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      return {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        text: await response.text(),
      };
    },
  };
}

async function stop(projector: RunningProjector | null): Promise<void> {
  if (!projector || projector.child.exitCode !== null) return;
  const exited = new Promise((resolve) => projector.child.once('exit', resolve));
  projector.child.kill('SIGTERM');
  await exited;
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(databaseKindsUnderTest)(
  'the projector process (%s)',
  (kind: DatabaseKindUnderTest) => {
    let harness: EventStoreHarness;
    let projector: RunningProjector | null = null;

    beforeEach(async () => {
      harness = await EventStoreHarness.create(kind);
    });

    afterEach(async () => {
      await stop(projector);
      projector = null;
      await harness.dispose();
    });

    it('answers liveness, readiness, health and metrics on its own port while it projects', async () => {
      const store = await harness.open();
      await store.append([
        { streamId: 'probe-1', expectedVersion: 'no-stream', events: [anEvent(), anEvent()] },
      ]);
      projector = await startProjector(harness);

      const live = await projector.get('/health/live');
      expect(live.status).toBe(200);
      expect(JSON.parse(live.text)).toMatchObject({ status: 'ok' });

      const caughtUp = (answer: { status: number; text: string }) =>
        answer.status === 200 &&
        (JSON.parse(answer.text).projections as { lagEvents: number }[]).every(
          (projection) => projection.lagEvents === 0,
        );
      const ready = await eventually(() => projector!.get('/health/ready'), caughtUp);
      expect(JSON.parse(ready.text)).toMatchObject({
        status: 'ready',
        headPosition: 2,
        maxLagEvents: 1000,
        projections: expect.arrayContaining([
          expect.objectContaining({ name: 'proposal-register', position: 2, lagEvents: 0 }),
        ]),
      });

      const health = await projector.get('/health');
      expect(health.status).toBe(200);
      expect(JSON.parse(health.text)).toMatchObject({
        status: 'ok',
        database: kind,
        databaseReachable: true,
      });

      const metrics = await projector.get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.type).toMatch(/^text\/plain/);
      expect(metrics.text).toMatch(
        /^ledger_projection_position\{projection="proposal-register"\} 2$/m,
      );
      expect(metrics.text).toMatch(/^# TYPE process_cpu_seconds_total counter$/m);
      expect(metrics.text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    });

    it('answers 503 problem+json from /health/ready while a projection trails by more than LEDGER_READY_MAX_LAG', async () => {
      const store = await harness.open();
      projector = await startProjector(harness, { LEDGER_READY_MAX_LAG: '0' });
      await eventually(
        () => projector!.get('/health/ready'),
        (answer) => answer.status === 200,
      );
      // The process offers no way to pause it; a projection stopped on an event it cannot apply (a
      // draft without its costs) trails every event from there on, which is what readiness must see.
      await store.append([
        {
          streamId: 'proposal-without-costs',
          expectedVersion: 'no-stream',
          events: [anEvent({ type: 'ProposalDrafted', data: { title: 'No costs given' } })],
        },
      ]);
      await store.append([
        { streamId: 'probe-2', expectedVersion: 'no-stream', events: [anEvent()] },
      ]);
      await eventually(
        () => projector!.get('/health'),
        (answer) => /"failedPosition":1\b/.test(answer.text),
      );
      const notReady = await projector.get('/health/ready');
      expect(notReady.status).toBe(503);
      expect(notReady.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(notReady.text)).toMatchObject({
        title: 'Not ready',
        status: 503,
        reasons: ['projection-lag'],
        maxLagEvents: 0,
        projections: expect.arrayContaining([
          expect.objectContaining({ name: 'proposal-register', failedPosition: 1 }),
        ]),
      });
      expect((await projector.get('/health/live')).status).toBe(200);
    });
  },
);
