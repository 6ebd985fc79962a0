import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { Client } from 'pg';
import {
  APPENDED_CHANNEL,
  PostgresEventStore,
  StreamVersionConflict,
  chainHashOf,
  dataHashOf,
  verifyChain,
  type EventMetadata,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';
import { EventStoreHarness, anEvent, describeWithPostgres } from '@ledger/testing';

/**
 * More than one writer on one PostgreSQL database (issue 20): each store below has its own pool,
 * batcher and idea of the chain head, as an API process has. A commit that lost the race for the
 * head is chained by `ledger_append_chained` on the server; these tests check that the server's
 * hashes are the writer's algorithm, and that nothing is lost, repeated or reordered.
 */

async function readLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: 1000, upcast: false });
    events.push(...page.events);
    if (page.nextAfter === null) return events;
    after = page.nextAfter;
  }
}

/** Every position once, 1..n; every stream's versions 1..k in position order. */
function expectGapFree(log: readonly RecordedEvent[]): void {
  expect(log.map((event) => event.position)).toEqual(log.map((_, i) => i + 1));
  const versions = new Map<string, number[]>();
  for (const event of log)
    versions.set(event.streamId, [...(versions.get(event.streamId) ?? []), event.version]);
  for (const [, list] of versions) expect(list).toEqual(list.map((_, i) => i + 1));
}

const counts = (store: EventStore) => (store as PostgresEventStore).commitCounts;

// Generators for the property: what a payload, a metadata field or an identifier may hold.
/** Any string JSON can carry: quotes, backslashes, controls, astral characters, lone surrogates. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom(
    '',
    '"',
    '\\',
    '\u0000\u001f\u007f',
    '\u2028\u2029',
    '\ud800',
    'a\udc00b',
    '😀',
    'é',
    'ß',
    '中文',
    '\u00a0',
  ),
);
/**
 * Identifiers and types are stored as text columns beside the hashed envelope, so they must be text
 * PostgreSQL keeps as is: no NUL, no lone surrogate (the driver would send U+FFFD, and the stored
 * id would no longer be the hashed one, on any path). The application's ids are UUIDs.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const identifier = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
    fc.constantFrom('"quoted"', 'back\\slash', 'ünï-çødé', '😀-stream', 'tab\there', 'line\nbreak'),
  )
  .filter((id) => id.length > 0 && !id.includes('\u0000') && !LONE_SURROGATE.test(id));
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0,
    -0,
    1e21,
    1e-7,
    5e-324,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_VALUE,
    -1.5e300,
  ),
);
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyText,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(anyText, fc.constantFrom('10', '9', 'a', 'B', 'é', '😀')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;
const payload = fc.dictionary(anyText, json, { maxKeys: 5 }) as fc.Arbitrary<JsonObject>;
const metadata: fc.Arbitrary<EventMetadata> = fc.record({
  actor: fc.record({ id: anyText, name: anyText }),
  roles: fc.array(anyText, { maxLength: 3 }),
  correlationId: anyText,
  causationId: fc.option(anyText, { nil: null }),
  idempotencyKey: fc.option(anyText, { nil: null }),
});
const newEvent = fc.record({
  type: identifier,
  schemaVersion: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  data: payload,
  metadata,
});
/** Appends that may share one commit: one to three streams each, one to three events per stream. */
const requests = fc.array(
  fc.array(
    fc.record({ stream: identifier, events: fc.array(newEvent, { minLength: 1, maxLength: 3 }) }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  { minLength: 1, maxLength: 4 },
);

describeWithPostgres('more than one writer on PostgreSQL', () => {
  let harness: EventStoreHarness;

  beforeEach(async () => {
    harness = await EventStoreHarness.create('postgres');
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('chains a commit that lost the race on the server, with the hashes the writer would compute (property)', async () => {
    // `other` moves the head before every commit of `writer`, whose clock is sometimes behind it
    // (so the server must also keep recorded times from going backwards).
    let skew = 0;
    const [writer, other] = await Promise.all([
      harness.open(),
      harness.open({ clock: () => new Date(Date.now() + skew) }),
    ]);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(requests, fc.integer({ min: -5_000, max: 5_000 }), async (batch, ahead) => {
        run += 1;
        skew = ahead;
        const appends = batch.map((request, r) =>
          request.map((append, a) => ({
            streamId: `${run}/${r}/${a}/${append.stream}`,
            expectedVersion: 'no-stream' as const,
            events: append.events.map((event, e): NewEvent => ({
              eventId: `${run}/${r}/${a}/${e}`,
              ...event,
            })),
          })),
        );
        await other.append([
          { streamId: `other-${run}`, expectedVersion: 'no-stream', events: [anEvent()] },
        ]);
        const chainedBefore = counts(writer).chainedOnServer;
        // Sent together, so the batcher groups them into one commit (or a few).
        const results = await Promise.all(appends.map((request) => writer.append(request)));
        expect(counts(writer).chainedOnServer).toBeGreaterThan(chainedBefore);

        const first = Math.min(...results.map((result) => result.firstPosition));
        const last = Math.max(...results.map((result) => result.lastPosition));
        const page = await writer.readAll({
          after: first - 2,
          limit: last - first + 2,
          upcast: false,
        });
        const [head, ...written] = page.events;
        expect(written.map((event) => event.position)).toEqual(
          Array.from({ length: last - first + 1 }, (_, i) => first + i),
        );
        let prevHash = head.hash;
        let recordedAt = head.recordedAt;
        for (const event of written) {
          expect(event.prevHash).toBe(prevHash);
          expect(event.recordedAt >= recordedAt).toBe(true);
          // The reference algorithm, in TypeScript, over the event as read back.
          expect(event.hash).toBe(chainHashOf(prevHash, event));
          prevHash = event.hash;
          recordedAt = event.recordedAt;
        }
        // Each append's events are where its answer says, in order, with their data's hash.
        results.forEach((result, r) => {
          const sent = appends[r].flatMap((append) => append.events);
          const found = written.filter(
            (event) =>
              event.position >= result.firstPosition && event.position <= result.lastPosition,
          );
          expect(found.map((event) => event.eventId)).toEqual(sent.map((event) => event.eventId));
          found.forEach((event, i) => expect(event.dataHash).toBe(dataHashOf(sent[i].data)));
          expect(result.streams).toEqual(
            appends[r].map((append) => ({
              streamId: append.streamId,
              version: append.events.length,
            })),
          );
        });
      }),
      { numRuns: 60 },
    );
    await expect(verifyChain(writer)).resolves.toMatchObject({ ok: true });
    expect(counts(writer)).toMatchObject({ replanned: 0, locked: 0 });
  });

  it('never writes a recorded time earlier than the head it chains after', async () => {
    const [late, early] = await Promise.all([
      harness.open({ clock: () => new Date('2026-06-01T12:00:00.000Z') }),
      harness.open({ clock: () => new Date('2026-06-01T11:00:00.000Z') }),
    ]);
    await early.append([{ streamId: 'e', expectedVersion: 'no-stream', events: [anEvent()] }]);
    await late.append([{ streamId: 'l', expectedVersion: 'no-stream', events: [anEvent()] }]);
    await early.append([{ streamId: 'e', expectedVersion: 1, events: [anEvent(), anEvent()] }]);
    expect(counts(early).chainedOnServer).toBe(1);
    const log = await readLog(early);
    expect(log.map((event) => event.recordedAt)).toEqual([
      '2026-06-01T11:00:00.000Z',
      '2026-06-01T12:00:00.000Z',
      '2026-06-01T12:00:00.000Z',
      '2026-06-01T12:00:00.000Z',
    ]);
    await expect(verifyChain(early)).resolves.toMatchObject({ ok: true, checked: 4 });
    // The head it learned from the server is the true one: its next commit is written as planned.
    await early.append([{ streamId: 'e', expectedVersion: 3, events: [anEvent()] }]);
    expect(counts(early)).toMatchObject({ planned: 2, chainedOnServer: 1, replanned: 0 });
  });

  it('keeps expected versions exact across writers: one of many racing appends to a version wins', async () => {
    const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);
    await stores[0].append([
      { streamId: 'contested', expectedVersion: 'no-stream', events: [anEvent()] },
    ]);
    for (let version = 1; version <= 5; version += 1) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          stores[i % 3].append([
            // Every append also writes a stream of its own, so a refused one must write nothing.
            { streamId: `own-${version}-${i}`, expectedVersion: 'no-stream', events: [anEvent()] },
            { streamId: 'contested', expectedVersion: version, events: [anEvent()] },
          ]),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes)
        if (outcome.status === 'rejected')
          expect(outcome.reason).toBeInstanceOf(StreamVersionConflict);
    }
    const log = await readLog(stores[0]);
    expect(log).toHaveLength(11);
    expect(
      log.filter((event) => event.streamId === 'contested').map((event) => event.version),
    ).toEqual([1, 2, 3, 4, 5, 6]);
    expectGapFree(log);
    await expect(verifyChain(stores[1])).resolves.toMatchObject({ ok: true, checked: 11 });
  });

  it('loses and repeats nothing when writers race on the same and on different streams', async () => {
    const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);
    const acknowledged: { ids: string[]; first: number; last: number }[] = [];
    await Promise.all(
      Array.from({ length: 9 }, async (_, lane) => {
        const store = stores[lane % 3];
        let own = 0;
        for (let i = 0; i < 30; i += 1) {
          const shared = i % 3 === 0;
          const streamId = shared ? `shared-${i % 2}` : `lane-${lane}`;
          for (;;) {
            const version = shared ? (await store.readStream(streamId)).length : own;
            const events = shared ? [anEvent()] : [anEvent(), anEvent()];
            try {
              const result = await store.append([
                { streamId, expectedVersion: version === 0 ? 'no-stream' : version, events },
              ]);
              if (!shared) own += 2;
              acknowledged.push({
                ids: events.map((event) => event.eventId),
                first: result.firstPosition,
                last: result.lastPosition,
              });
              break;
            } catch (error) {
              if (!(error instanceof StreamVersionConflict)) throw error;
            }
          }
        }
      }),
    );
    const log = await readLog(stores[0]);
    expectGapFree(log);
    const byPosition = new Map(log.map((event) => [event.position, event.eventId]));
    for (const { ids, first, last } of acknowledged) {
      expect(last - first + 1).toBe(ids.length);
      expect(ids.map((_, i) => byPosition.get(first + i))).toEqual(ids);
    }
    expect(log).toHaveLength(acknowledged.reduce((sum, ack) => sum + ack.ids.length, 0));
    expect(stores.reduce((sum, store) => sum + counts(store).chainedOnServer, 0)).toBeGreaterThan(
      0,
    );
    await expect(verifyChain(stores[2])).resolves.toMatchObject({ ok: true, checked: log.length });
  });

  it('tells other processes of the newest position after a run of appends', async () => {
    const listener = new Client({ connectionString: harness.config.databaseUrl! });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', (message) => heard.push(message.payload ?? ''));
      await listener.query(`LISTEN ${APPENDED_CHANNEL}`);
      const writer = await harness.open();
      for (let i = 0; i < 40; i += 1)
        await writer.append([
          { streamId: `s-${i}`, expectedVersion: 'no-stream', events: [anEvent()] },
        ]);
      await writer.close();
      for (let wait = 0; wait < 100 && heard.at(-1) !== '40'; wait += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard.at(-1)).toBe('40');
      // Positions only grow; how many wake-ups a burst takes depends on its pace.
      expect(heard.map(Number)).toEqual([...heard.map(Number)].sort((a, b) => a - b));
    } finally {
      await listener.end();
    }
  });

  it('refuses a server that chains with other hashes, and plans again from then on', async () => {
    const [writer, other] = await Promise.all([harness.open(), harness.open()]);
    await writer.append([{ streamId: 'w', expectedVersion: 'no-stream', events: [anEvent()] }]);
    await other.append([{ streamId: 'o', expectedVersion: 'no-stream', events: [anEvent()] }]);
    // The function as a faulty server would run it: one space more in what it hashes.
    const [{ definition }] = (await harness.sql(
      "SELECT pg_get_functiondef('ledger_append_chained'::regproc) AS definition",
    )) as { definition: string }[];
    const faulty = definition.replace(`',"recordedAt":"'`, `',"recordedAt": "'`);
    expect(faulty).not.toBe(definition);
    await harness.sql(faulty);

    // `other` knows the head: written as it planned, the server hashes nothing.
    await other.append([{ streamId: 'o', expectedVersion: 1, events: [anEvent()] }]);
    await expect(
      writer.append([{ streamId: 'w', expectedVersion: 1, events: [anEvent()] }]),
    ).rejects.toThrow(/PostgreSQL chained events 4-4 with hashes that differ/);
    await expect(verifyChain(writer)).resolves.toMatchObject({
      ok: false,
      firstInvalidPosition: 4,
    });

    await harness.sql(definition);
    await other.append([{ streamId: 'o', expectedVersion: 2, events: [anEvent()] }]);
    const result = await writer.append([
      { streamId: 'w', expectedVersion: 2, events: [anEvent()] },
    ]);
    expect(result.lastPosition).toBe(6);
    expect(counts(writer)).toMatchObject({ chainedOnServer: 1, replanned: 1 });
    const log = await readLog(writer);
    expect(log[5].hash).toBe(chainHashOf(log[4].hash, log[5]));
  });
});

const CHILD = join(__dirname, 'append-writers.child.js');

describeWithPostgres('more than one writer process on PostgreSQL', () => {
  let harness: EventStoreHarness;

  beforeAll(() => {
    if (!existsSync(join(__dirname, '../../dist/libs/platform/src/index.js'))) {
      throw new Error(
        'Run `npm run build` first: this test runs writer processes on the built code',
      );
    }
  });

  beforeEach(async () => {
    harness = await EventStoreHarness.create('postgres');
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('two processes appending at once to their own and shared streams lose and repeat nothing', async () => {
    const perLane = 20;
    const children = ['p1', 'p2'].map((name) => {
      const child = spawn(
        process.execPath,
        [CHILD, harness.config.databaseUrl!, name, String(perLane)],
        {
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const acknowledged: { ids: string[]; firstPosition: number; lastPosition: number }[] = [];
      let conflicts = 0;
      let done: Record<string, number> | null = null;
      const lines = createInterface({ input: child.stdout });
      const ready = new Promise<void>((resolve) =>
        lines.on('line', (line) => {
          if (line === 'ready') resolve();
          else if (line.startsWith('done ')) done = JSON.parse(line.slice(5));
          else {
            const entry = JSON.parse(line);
            if (entry.conflict) conflicts += 1;
            else acknowledged.push(entry);
          }
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return {
        child,
        ready,
        exited,
        acknowledged,
        stderr: () => stderr,
        conflicts: () => conflicts,
        done: () => done,
      };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.end('go\n');
    const codes = await Promise.all(children.map((c) => c.exited));
    expect({ codes, stderr: children.map((c) => c.stderr()) }).toEqual({
      codes: [0, 0],
      stderr: ['', ''],
    });

    const store = await harness.open();
    const log = await readLog(store);
    expectGapFree(log);
    const acknowledged = children.flatMap((c) => c.acknowledged);
    // Four lanes of `perLane` appends in each process: half of two events, half of one.
    expect(acknowledged).toHaveLength(2 * 4 * perLane);
    expect(log).toHaveLength(2 * 4 * (perLane / 2) * 3);
    const byPosition = new Map(log.map((event) => [event.position, event.eventId]));
    for (const ack of acknowledged)
      expect(ack.ids.map((_, i) => byPosition.get(ack.firstPosition + i))).toEqual(ack.ids);
    const counted = children.map((c) => c.done()!);
    expect(counted.reduce((sum, c) => sum + c.chainedOnServer, 0)).toBeGreaterThan(0);
    await expect(verifyChain(store)).resolves.toMatchObject({ ok: true, checked: log.length });
  }, 300_000);
});
