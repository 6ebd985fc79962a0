import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportChunks, verifyExportLines, type EventStore } from '@ledger/event-store';
import { EventStoreHarness, anEvent, databaseKindsUnderTest, runBuiltCli } from '@ledger/testing';

describe.each(databaseKindsUnderTest)('the audit commands of the built CLI (%s)', (kind) => {
  let harness: EventStoreHarness;
  let store: EventStore;
  let cwd: string;
  const proposalId = randomUUID();

  const ledger = (...args: string[]) =>
    runBuiltCli(harness.config, args, { cwd, timeoutMs: 30_000 });

  beforeAll(async () => {
    harness = await EventStoreHarness.create(kind);
    store = await harness.open();
    const proposer = {
      actor: { id: 'u-1', name: 'Pat Proposer' },
      roles: ['proposer'],
      correlationId: randomUUID(),
      causationId: null,
    };
    await store.append([
      {
        streamId: 'budget-2026-27',
        expectedVersion: 'no-stream',
        events: [anEvent({ type: 'BudgetEnvelopeSet', data: { capitalEnvelope: '2000000.00' } })],
      },
    ]);
    await store.append([
      {
        streamId: `proposal-${proposalId}`,
        expectedVersion: 'no-stream',
        events: [
          anEvent({
            type: 'ProposalDrafted',
            metadata: proposer,
            data: { title: 'New CRM, "phase" 2' },
          }),
        ],
      },
    ]);
    await store.append([
      {
        streamId: `proposal-${proposalId}`,
        expectedVersion: 1,
        events: [anEvent({ type: 'ProposalSubmitted', metadata: proposer, data: {} })],
      },
    ]);
  });

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  });

  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  it('reports an intact log with exit 0', async () => {
    const head = await store.readHead();
    const run = ledger('verify');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(`Intact: 3 events verified; head position 3, hash ${head.hash}.\n`);
  });

  it('prints the digest as JSON', async () => {
    const head = await store.readHead();
    const run = ledger('digest', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      position: 3,
      hash: head.hash,
      recordedAt: head.recordedAt,
    });
  });

  it('checks a digest with exit 0 when held, and exit 1 saying why when not', async () => {
    const [first] = (await store.readAll({ limit: 1 })).events;
    const held = ledger('verify', '--position', '1', '--hash', first.hash);
    expect(held).toMatchObject({ status: 0, stderr: '' });
    expect(held.stdout).toBe(`The log still holds position 1 with hash ${first.hash}.\n`);

    const wrong = ledger('verify', '--position', '1', '--hash', 'f'.repeat(64));
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toBe(
      `The log does NOT hold position 1 with hash ${'f'.repeat(64)}: position 1 holds hash ${first.hash}, ` +
        'so history up to it was rewritten (or the digest was copied wrongly).\n',
    );
    const wrongJson = ledger('verify', '--position', '1', '--hash', 'f'.repeat(64), '--json');
    expect(wrongJson.status).toBe(1);
    expect(JSON.parse(wrongJson.stdout)).toEqual({
      ok: false,
      position: 1,
      hash: 'f'.repeat(64),
      reason: 'hash-differs',
      heldHash: first.hash,
    });

    const beyond = ledger('verify', '--position', '40', '--hash', first.hash, '--json');
    expect(beyond.status).toBe(1);
    expect(JSON.parse(beyond.stdout)).toEqual({
      ok: false,
      position: 40,
      hash: first.hash,
      reason: 'beyond-head',
      headPosition: 3,
    });
    expect(ledger('verify', '--position', '40', '--hash', first.hash).stdout).toMatch(
      /^The log does NOT hold position 40 with hash [0-9a-f]{64}: it ends at position 3 /,
    );
  });

  it('exports JSON lines that verify offline, and names the line an edit broke', async () => {
    const head = await store.readHead();
    const exported = ledger('export', '--format', 'jsonl', '--out', 'export.jsonl');
    expect(exported).toMatchObject({ status: 0, stderr: '' });
    expect(exported.stdout).toBe(
      `Exported 3 events (positions 1-3) to export.jsonl; last position 3, hash ${head.hash}.\n`,
    );
    const lines = readFileSync(join(cwd, 'export.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line).position)).toEqual([1, 2, 3]);

    const intact = ledger('verify', '--file', 'export.jsonl');
    expect(intact.status).toBe(0);
    expect(intact.stdout).toContain(
      `Export intact: 3 events verified (positions 1-3); last position 3, hash ${head.hash}.`,
    );

    const edited = JSON.parse(lines[1]);
    edited.data.title = 'New CRM, "phase" 3';
    writeFileSync(
      join(cwd, 'export.jsonl'),
      [lines[0], JSON.stringify(edited), lines[2]].join('\n') + '\n',
    );
    const broken = ledger('verify', '--file', 'export.jsonl', '--json');
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      firstInvalidPosition: 2,
      reason: expect.stringMatching(/payload/),
    });
  });

  it('checks an export taken after a position from the hash of that position', async () => {
    const [, second] = (await store.readAll({ limit: 2 })).events;
    expect(
      ledger('export', '--format', 'jsonl', '--out', 'tail.jsonl', '--after', '2').stdout,
    ).toMatch(/^Exported 1 events \(positions 3-3\)/);
    expect(ledger('verify', '--file', 'tail.jsonl').status).toBe(1);
    const anchored = ledger(
      'verify',
      '--file',
      'tail.jsonl',
      '--after',
      '2',
      '--prev-hash',
      second.hash,
    );
    expect(anchored.status).toBe(0);
    const trusted = ledger('verify', '--file', 'tail.jsonl', '--after', '2');
    expect(trusted.status).toBe(0);
    expect(trusted.stdout).toContain(`confirm it with verify --position 2 --hash ${second.hash}`);
  });

  it('exports CSV with a header and one row per event', () => {
    expect(ledger('export', '--format', 'csv', '--out', 'export.csv').status).toBe(0);
    const text = readFileSync(join(cwd, 'export.csv'), 'utf8');
    expect(text.split('\r\n')[0]).toMatch(/^position,streamId,version,eventId,type,/);
    expect(text).toContain('"{""title"":""New CRM, \\""phase\\"" 2""}"');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(4);
  });

  it.each(['../escape.jsonl', '/tmp/escape.jsonl', 'sub/../../escape.jsonl'])(
    'refuses to write --out %s outside the working directory with exit 2',
    (out) => {
      const run = ledger('export', '--format', 'jsonl', '--out', out);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('outside the current directory');
      expect(existsSync(resolve(cwd, out))).toBe(false);
    },
  );

  it('refuses an --out path that leaves the working directory through a symbolic link with exit 2', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'ledger-elsewhere-'));
    try {
      symlinkSync(elsewhere, join(cwd, 'link'));
      const run = ledger('export', '--format', 'jsonl', '--out', 'link/escape.jsonl');
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('outside the current directory through a link');
      expect(existsSync(join(elsewhere, 'escape.jsonl'))).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses to replace an existing file unless told to with --force', () => {
    writeFileSync(join(cwd, 'kept.jsonl'), 'an earlier export\n');
    const refused = ledger('export', '--format', 'jsonl', '--out', 'kept.jsonl');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('already exists');
    expect(readFileSync(join(cwd, 'kept.jsonl'), 'utf8')).toBe('an earlier export\n');
    expect(ledger('export', '--format', 'jsonl', '--out', 'kept.jsonl', '--force').status).toBe(0);
    expect(readFileSync(join(cwd, 'kept.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(
      3,
    );
  });

  it('reads the log for an export one page at a time and stops at the head it began with', async () => {
    const pages: number[] = [];
    const chunks: string[] = [];
    for await (const chunk of exportChunks(store, 'jsonl', {
      toPosition: 3,
      pageSize: 2,
      onPage: (_count, last) => pages.push(last),
    })) {
      chunks.push(chunk);
    }
    expect(pages).toEqual([2, 3]);
    expect(chunks).toHaveLength(2);
    async function* lines() {
      for (const line of chunks.join('').split('\n')) if (line) yield line;
    }
    await expect(verifyExportLines(lines())).resolves.toMatchObject({
      ok: true,
      checked: 3,
      headPosition: 3,
    });
    const upToTwo: string[] = [];
    for await (const chunk of exportChunks(store, 'jsonl', { toPosition: 2, pageSize: 10 }))
      upToTwo.push(chunk);
    expect(upToTwo.join('').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it("prints a proposal's history under a header, one line per event, or as JSON", () => {
    const run = ledger('history', proposalId);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `History of proposal ${proposalId}: "New CRM, "phase" 2", 2 events`,
      expect.stringMatching(/^position {2}recorded at \(UTC\) {9}by {12}what$/),
      expect.stringMatching(
        /^ {7}2 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}Pat Proposer {2}drafted "New CRM, "phase" 2"$/,
      ),
      expect.stringMatching(
        /^ {7}3 {2}\S+ {2}Pat Proposer {2}submitted it for review and decision$/,
      ),
    ]);
    const json = JSON.parse(ledger('history', proposalId, '--json').stdout);
    expect(json.proposalId).toBe(proposalId);
    expect(
      json.events.map((event: { type: string; actor: { name: string } }) => [
        event.type,
        event.actor.name,
      ]),
    ).toEqual([
      ['ProposalDrafted', 'Pat Proposer'],
      ['ProposalSubmitted', 'Pat Proposer'],
    ]);
  });

  it('answers history of an unknown proposal with exit 1, and a malformed id with exit 2', () => {
    const unknown = ledger('history', randomUUID());
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/There is no proposal/);
    expect(ledger('history', 'not-a-uuid').status).toBe(2);
  });

  // Last: it breaks the log the other tests rely on.
  it('reports a tampered log with exit 1 naming the broken position', async () => {
    await harness.sql(
      `UPDATE ledger_events SET data = '{"capitalEnvelope":"9000000.00"}' WHERE position = 1`,
    );
    const run = ledger('verify');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^BROKEN at position 1: data does not match its dataHash/);
  });
});
