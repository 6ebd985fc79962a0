import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportChunks, verifyChain, type EventStore } from '@ledger/event-store';
import { EventStoreHarness, anEvent, databaseKindsUnderTest, runBuiltCli } from '@ledger/testing';
import { playScenario, type Step } from '../read-models/ledger-scenario';

/** About 1,200 domain events: more than one import batch of 1,000. */
const steps: Step[] = [{ kind: 'envelope', capital: 900 }];
for (let i = 0; i < 400; i += 1) {
  steps.push(
    {
      kind: 'draft',
      proposer: i % 2 ? 'alice' : 'pat',
      capital: 5 + (i % 40),
      department: 'Housing',
      statutory: false,
    },
    { kind: 'submit', proposal: i },
    { kind: 'review', proposal: i, reviewer: 'rita', reviewKind: 'financial', score: 1 + (i % 5) },
  );
}

async function exportOf(store: EventStore): Promise<string> {
  const head = await store.readHead();
  let text = '';
  for await (const chunk of exportChunks(store, 'jsonl', { toPosition: head.position }))
    text += chunk;
  return text;
}

/**
 * Moving a ledger between databases: a JSONL export of an embedded (SQLite) ledger is imported with
 * the built CLI into each kind of database, and must arrive as the same history, hash for hash.
 */
describe.each(databaseKindsUnderTest)('ledger import into %s', (kind) => {
  let source: EventStoreHarness;
  let exported: string;
  let target: EventStoreHarness;
  let cwd: string;

  const ledger = (...args: string[]) => runBuiltCli(target.config, args, { cwd });

  beforeAll(async () => {
    source = await EventStoreHarness.create('sqlite');
    const store = await source.open();
    await playScenario(store, steps);
    exported = await exportOf(store);
  });

  afterAll(async () => {
    await source?.dispose();
  });

  beforeEach(async () => {
    target = await EventStoreHarness.create(kind);
    cwd = mkdtempSync(join(tmpdir(), 'ledger-import-'));
    writeFileSync(join(cwd, 'export.jsonl'), exported);
  });

  afterEach(async () => {
    await target.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('imports the whole history unchanged: same positions, times and hashes, and it verifies', async () => {
    const lines = exported.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1000);
    const last = JSON.parse(lines[lines.length - 1]);

    const run = ledger('import', '--file', 'export.jsonl');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(
      `Imported ${lines.length.toLocaleString('en-GB')} events; head position ${last.position}, hash ${last.hash}, as in the export. ` +
        'Read models catch up when the ledger starts; `rebuild` brings them up to date now.\n',
    );
    const store = await target.open();
    expect(await exportOf(store)).toBe(exported);
    await expect(verifyChain(store)).resolves.toMatchObject({ ok: true, checked: lines.length });
    expect(ledger('rebuild')).toMatchObject({ status: 0 });
    expect(ledger('verify').status).toBe(0);
  });

  it('resumes an interrupted import where the database stopped', async () => {
    const lines = exported.split('\n').filter(Boolean);
    writeFileSync(join(cwd, 'first-part.jsonl'), `${lines.slice(0, 1100).join('\n')}\n`);
    expect(ledger('import', '--file', 'first-part.jsonl', '--json')).toMatchObject({ status: 0 });

    const run = ledger('import', '--file', 'export.jsonl', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      imported: lines.length - 1100,
      headPosition: lines.length,
    });
    expect(await exportOf(await target.open())).toBe(exported);
  });

  it('writes nothing from an export that does not verify, and names the position', async () => {
    const lines = exported.split('\n').filter(Boolean);
    const edited = JSON.parse(lines[700]);
    edited.data = { ...edited.data, capitalCost: '1.00' };
    lines[700] = JSON.stringify(edited);
    writeFileSync(join(cwd, 'edited.jsonl'), `${lines.join('\n')}\n`);

    const run = ledger('import', '--file', 'edited.jsonl');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      'Nothing imported: the export is BROKEN at position 701: data does not match its dataHash (the payload was altered).\n',
    );
    expect((await (await target.open()).readHead()).position).toBe(0);
  });

  it('refuses a database that already holds another history, and writes nothing', async () => {
    const store = await target.open();
    await store.append([{ streamId: 'other', expectedVersion: 'no-stream', events: [anEvent()] }]);
    const head = await store.readHead();

    const run = ledger('import', '--file', 'export.jsonl');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `Nothing imported: the ledger's event at position 1 is not the export's`,
    );
    expect(await store.readHead()).toEqual(head);
  });

  it('explains a missing --file and an unreadable file with exit 2', () => {
    const missing = ledger('import');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--file is required');
    const absent = ledger('import', '--file', 'nowhere.jsonl');
    expect(absent.status).toBe(2);
    expect(absent.stderr).toContain('cannot read nowhere.jsonl: ENOENT');
  });

  it('refuses, before writing, a batch that does not continue the log (checked again in the store)', async () => {
    const store = await target.open();
    const events = exported
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    await expect(store.importRecorded!(events.slice(1, 5))).rejects.toThrow(
      "The import goes on from position 2, but this log's head is at 0",
    );
    const reversioned = { ...events[0], version: 2 };
    await expect(store.importRecorded!([reversioned])).rejects.toThrow(/does not verify/);
    expect((await store.readHead()).position).toBe(0);
  });
});
