import request, { type Response } from 'supertest';
import { DataSource } from 'typeorm';
import {
  GENESIS_HASH,
  chainHashOf,
  dataHashOf,
  verifyExportLines,
  type JsonObject,
  type RecordedEvent,
} from '@ledger/event-store';
import { AccessTokens, dataSourceOptionsFor } from '@ledger/platform';
import { databaseKindsUnderTest, startTestApp, type TestApp } from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const AWKWARD_TITLE = 'Replace the "legacy" CRM, phase 2\nwith data migration';
// A name is one line (a token's name with a line break is refused); the title carries the line break.
const AWKWARD_NAME = 'Sam "the Fixer" Smith, Head of ICT';

function aDraft(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Replace the revenues and benefits system',
    summary: 'The current system is out of support in March 2028.',
    department: 'Finance and Revenues',
    category: 'digital-service',
    fiscalYear: '2026-27',
    capitalCost: '250000.00',
    annualRevenueCost: '15000.00',
    annualCashableSaving: '40000.00',
    annualNonCashableBenefit: '10000.00',
    appraisalYears: 5,
    statutory: false,
    ...overrides,
  };
}

type Http = ReturnType<typeof request>;

// supertest buffers only the content types it knows; exports are read as text whatever their type.
function asText(response: Response, callback: (error: Error | null, body: string) => void): void {
  const stream = response as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => callback(null, text));
}

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split('\n')) if (line !== '') yield line;
}

/** A small RFC 4180 reader, so the test checks the CSV the way a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function tokensFor(testApp: TestApp) {
  const tokens = new AccessTokens(testApp.config);
  const mint = (sub: string, name: string, roles: string[], authorities: string[] = []) =>
    tokens.mint({ sub, name, roles, authorities });
  return {
    proposer: await mint('u-proposer', 'Pat Proposer', ['proposer']),
    awkwardProposer: await mint('u-sam', AWKWARD_NAME, ['proposer']),
    reviewer: await mint('u-reviewer', 'Rae Reviewer', ['reviewer']),
    finance: await mint('u-finance', 'Fran Finance', ['finance']),
    auditor: await mint('u-auditor', 'Aud Itor', ['auditor']),
    admin: await mint('u-admin', 'Ada Admin', ['admin']),
    board: await mint('u-board', 'Bo Board', ['board'], ['investment-board']),
  };
}

/** A budget, then two proposals (one with an awkward title), one of them submitted. */
async function aLittleHistory(http: Http, tokens: Awaited<ReturnType<typeof tokensFor>>) {
  await http
    .put('/api/v1/budgets/2026-27')
    .set('Authorization', `Bearer ${tokens.finance}`)
    .send({ capitalEnvelope: '2000000.00', revenueEnvelope: '500000.00' })
    .expect(200);
  const drafted = await http
    .post('/api/v1/proposals')
    .set('Authorization', `Bearer ${tokens.proposer}`)
    .send(aDraft())
    .expect(201);
  const proposalId: string = drafted.body.id;
  await http
    .post(`/api/v1/proposals/${proposalId}/submit`)
    .set('Authorization', `Bearer ${tokens.proposer}`)
    .expect(200);
  await http
    .post('/api/v1/proposals')
    .set('Authorization', `Bearer ${tokens.awkwardProposer}`)
    .send(aDraft({ title: AWKWARD_TITLE }))
    .expect(201);
  return { proposalId, events: 4 };
}

describe.each(databaseKindsUnderTest)('audit routes (%s)', (kind) => {
  let testApp: TestApp;
  let http: Http;
  let tokens: Awaited<ReturnType<typeof tokensFor>>;
  let proposalId: string;
  let total: number;

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, { LEDGER_RATE_LIMIT: '100000' });
    http = request(testApp.app.getHttpServer());
    tokens = await tokensFor(testApp);
    ({ proposalId, events: total } = await aLittleHistory(http, tokens));
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('proposal history', () => {
    it("lists the proposal's events in order with actor, correlation and chain fields", async () => {
      const response = await http
        .get(`/api/v1/proposals/${proposalId}/history`)
        .set(as(tokens.auditor))
        .expect(200);
      expect(response.body.proposalId).toBe(proposalId);
      expect(response.body.events.map((event: { type: string }) => event.type)).toEqual([
        'ProposalDrafted',
        'ProposalSubmitted',
      ]);
      const [drafted, submitted] = response.body.events;
      expect(drafted).toMatchObject({
        version: 1,
        streamId: `proposal-${proposalId}`,
        schemaVersion: 1,
        actor: { id: 'u-proposer', name: 'Pat Proposer' },
        data: expect.objectContaining({ title: 'Replace the revenues and benefits system' }),
        recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        correlationId: expect.any(String),
        eventId: expect.any(String),
        dataHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(drafted).toHaveProperty('causationId');
      expect(submitted.version).toBe(2);
      expect(submitted.position).toBeGreaterThan(drafted.position);
    });

    it('answers 404 proposal-not-found for a proposal with no events', async () => {
      const response = await http
        .get('/api/v1/proposals/0192f1e4-8c1a-4e3b-9b6e-2f9c1d7a4b10/history')
        .set(as(tokens.auditor))
        .expect(404)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body.type).toMatch(/proposal-not-found$/);
    });

    it('refuses an id that is not a UUID with 400', async () => {
      await http.get('/api/v1/proposals/not-a-uuid/history').set(as(tokens.auditor)).expect(400);
    });
  });

  describe('global log', () => {
    it('pages through the log in position order, each event linked to the one before', async () => {
      const first = await http
        .get('/api/v1/audit/events?limit=2')
        .set(as(tokens.auditor))
        .expect(200);
      expect(first.body.events.map((event: { position: number }) => event.position)).toEqual([
        1, 2,
      ]);
      expect(first.body.nextAfter).toBe(2);
      const rest = await http
        .get(`/api/v1/audit/events?after=${first.body.nextAfter}&limit=1000`)
        .set(as(tokens.auditor))
        .expect(200);
      expect(rest.body.nextAfter).toBeNull();
      const events = [...first.body.events, ...rest.body.events];
      expect(events).toHaveLength(total);
      expect(events[0]).toMatchObject({
        position: 1,
        streamId: 'budget-2026-27',
        version: 1,
        type: 'BudgetEnvelopeSet',
        schemaVersion: 1,
        actor: { id: 'u-finance', name: 'Fran Finance' },
        roles: ['finance'],
        prevHash: GENESIS_HASH,
      });
      for (const key of [
        'eventId',
        'data',
        'recordedAt',
        'correlationId',
        'causationId',
        'dataHash',
        'hash',
      ]) {
        expect(events[0]).toHaveProperty(key);
      }
      for (let i = 1; i < events.length; i += 1)
        expect(events[i].prevHash).toBe(events[i - 1].hash);
    });

    it('serves 100 events by default and says when the page reached the head', async () => {
      const response = await http.get('/api/v1/audit/events').set(as(tokens.auditor)).expect(200);
      expect(response.body.events).toHaveLength(total);
      expect(response.body.nextAfter).toBeNull();
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['after=-1', 'after'],
      ['after=1.5', 'after'],
    ])('refuses %s with a 400 naming the field', async (query, field) => {
      const response = await http
        .get(`/api/v1/audit/events?${query}`)
        .set(as(tokens.auditor))
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });
  });

  describe('verification and digests', () => {
    it('reports an intact chain with its head', async () => {
      const digest = await http.get('/api/v1/audit/digest').set(as(tokens.auditor)).expect(200);
      expect(digest.body).toEqual({
        position: total,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        recordedAt: expect.any(String),
      });
      const response = await http.get('/api/v1/audit/verify').set(as(tokens.auditor)).expect(200);
      expect(response.body).toEqual({
        ok: true,
        checked: total,
        headPosition: total,
        headHash: digest.body.hash,
      });
    });

    it('confirms that the log still holds a digest, and says why it does not hold a wrong one', async () => {
      const digest = (await http.get('/api/v1/audit/digest').set(as(tokens.auditor)).expect(200))
        .body;
      const held = await http
        .get(`/api/v1/audit/verify?position=${digest.position}&hash=${digest.hash}`)
        .set(as(tokens.auditor))
        .expect(200);
      expect(held.body).toEqual({ ok: true, position: digest.position, hash: digest.hash });
      const wrong = await http
        .get(`/api/v1/audit/verify?position=1&hash=${digest.hash}`)
        .set(as(tokens.auditor))
        .expect(200);
      const [first] = (
        await http.get('/api/v1/audit/events?limit=1').set(as(tokens.auditor)).expect(200)
      ).body.events;
      expect(wrong.body).toEqual({
        ok: false,
        position: 1,
        hash: digest.hash,
        reason: 'hash-differs',
        heldHash: first.hash,
      });
      const beyond = await http
        .get(`/api/v1/audit/verify?position=${total + 1}&hash=${digest.hash}`)
        .set(as(tokens.auditor))
        .expect(200);
      expect(beyond.body).toEqual({
        ok: false,
        position: total + 1,
        hash: digest.hash,
        reason: 'beyond-head',
        headPosition: total,
      });
    });

    it.each([
      ['position=1', 'hash'],
      [`hash=${'a'.repeat(64)}`, 'position'],
      ['position=1&hash=xyz', 'hash'],
      [`position=0&hash=${'a'.repeat(64)}`, 'position'],
    ])('refuses verify?%s with a 400 naming the field', async (query, field) => {
      const response = await http
        .get(`/api/v1/audit/verify?${query}`)
        .set(as(tokens.auditor))
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });
  });

  describe('export', () => {
    it('streams the log as JSON lines, one raw envelope each, that verify offline', async () => {
      const digest = (await http.get('/api/v1/audit/digest').set(as(tokens.auditor))).body;
      const response = await http
        .get('/api/v1/audit/export?format=jsonl')
        .set(as(tokens.auditor))
        .buffer(true)
        .parse(asText)
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="ledger-export-${total}.jsonl"`,
      );
      const lines = (response.body as string).split('\n').filter(Boolean);
      expect(lines).toHaveLength(total);
      const events = lines.map((line) => JSON.parse(line) as RecordedEvent);
      expect(events.map((event) => event.position)).toEqual(
        Array.from({ length: total }, (_, i) => i + 1),
      );
      expect(Object.keys(events[0]).sort()).toEqual([
        'data',
        'dataHash',
        'eventId',
        'hash',
        'metadata',
        'position',
        'prevHash',
        'recordedAt',
        'schemaVersion',
        'streamId',
        'type',
        'version',
      ]);
      await expect(verifyExportLines(linesOf(response.body))).resolves.toMatchObject({
        ok: true,
        checked: total,
        headPosition: digest.position,
        headHash: digest.hash,
      });
    });

    it('exports the events after a position, which verify only from the hash of that position', async () => {
      const log = (await http.get('/api/v1/audit/events').set(as(tokens.auditor))).body.events;
      const response = await http
        .get('/api/v1/audit/export?format=jsonl&after=2')
        .set(as(tokens.auditor))
        .buffer(true)
        .parse(asText)
        .expect(200);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="ledger-export-3-${total}.jsonl"`,
      );
      expect((response.body as string).split('\n').filter(Boolean)).toHaveLength(total - 2);
      await expect(verifyExportLines(linesOf(response.body))).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 1,
      });
      await expect(
        verifyExportLines(linesOf(response.body), { after: 2, prevHash: log[1].hash }),
      ).resolves.toMatchObject({
        ok: true,
        checked: total - 2,
        anchor: { position: 2, hash: log[1].hash, trusted: false },
      });
      await expect(
        verifyExportLines(linesOf(response.body), { after: 2, prevHash: log[0].hash }),
      ).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 3,
      });
    });

    it('streams the log as RFC 4180 CSV with metadata in columns and awkward text quoted', async () => {
      const response = await http
        .get('/api/v1/audit/export?format=csv')
        .set(as(tokens.auditor))
        .buffer(true)
        .parse(asText)
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="ledger-export-${total}.csv"`,
      );
      const text = response.body as string;
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.split('\r\n')[0]).toBe(
        'position,streamId,version,eventId,type,schemaVersion,recordedAt,actorId,actorName,roles,correlationId,causationId,idempotencyKey,dataHash,prevHash,hash,data',
      );
      const [header, ...rows] = parseCsv(text);
      expect(rows).toHaveLength(total);
      for (const row of rows) expect(row).toHaveLength(header.length);
      const column = (name: string) => header.indexOf(name);
      expect(rows[0][column('actorName')]).toBe('Fran Finance');
      expect(rows[0][column('roles')]).toBe('finance');
      const awkward = rows[rows.length - 1];
      expect(JSON.parse(awkward[column('data')]).title).toBe(AWKWARD_TITLE);
      expect(awkward[column('actorName')]).toBe(AWKWARD_NAME);
      expect(text).toContain(
        `""title"":""Replace the \\""legacy\\"" CRM, phase 2\\nwith data migration""`,
      );
      expect(text).toContain(`,"Sam ""the Fixer"" Smith, Head of ICT",`);
    });

    it('refuses an unknown format with a 400 naming the field', async () => {
      const response = await http
        .get('/api/v1/audit/export?format=xml')
        .set(as(tokens.auditor))
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
    });
  });

  describe('who may read', () => {
    const routes = [
      '/api/v1/audit/events',
      '/api/v1/audit/verify',
      '/api/v1/audit/digest',
      '/api/v1/audit/export?format=jsonl',
    ];

    it.each(routes)('refuses proposers and reviewers %s with 403', async (route) => {
      for (const token of [tokens.proposer, tokens.reviewer]) {
        const response = await http.get(route).set(as(token)).expect(403);
        expect(response.body.type).toMatch(/role-required$/);
      }
    });

    it('refuses proposers and reviewers a proposal history with 403', async () => {
      await http
        .get(`/api/v1/proposals/${proposalId}/history`)
        .set(as(tokens.proposer))
        .expect(403);
      await http
        .get(`/api/v1/proposals/${proposalId}/history`)
        .set(as(tokens.reviewer))
        .expect(403);
    });

    it('lets auditors, admins, board members and finance read the digest and history', async () => {
      for (const token of [tokens.auditor, tokens.admin, tokens.board, tokens.finance]) {
        await http.get('/api/v1/audit/digest').set(as(token)).expect(200);
        await http.get(`/api/v1/proposals/${proposalId}/history`).set(as(token)).expect(200);
      }
    });

    it.each([...routes, '/api/v1/proposals/0192f1e4-8c1a-4e3b-9b6e-2f9c1d7a4b10/history'])(
      'answers %s without a token with 401',
      async (route) => {
        await http
          .get(route)
          .expect(401)
          .expect('content-type', /application\/problem\+json/);
      },
    );
  });

  it('documents every audit route in the OpenAPI document', async () => {
    const document = (await http.get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/proposals/{id}/history',
      '/api/v1/audit/events',
      '/api/v1/audit/verify',
      '/api/v1/audit/digest',
      '/api/v1/audit/export',
    ]) {
      const operation = document.paths[path]?.get;
      expect(operation).toBeDefined();
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(['200', '401', '403', '429']),
      );
      if (path.startsWith('/api/v1/audit/'))
        expect(Object.keys(operation.responses)).toContain('503');
    }
    expect(
      [
        '/api/v1/audit/events',
        '/api/v1/audit/verify',
        '/api/v1/audit/digest',
        '/api/v1/audit/export',
      ].map((path) => document.paths[path].get.operationId),
    ).toEqual(['readLog', 'verifyChain', 'takeDigest', 'exportLog']);
    expect(
      ['/health', '/health/live', '/health/ready', '/metrics'].map(
        (path) => document.paths[path].get.operationId,
      ),
    ).toEqual(['readHealth', 'checkLiveness', 'checkReadiness', 'readMetrics']);
    expect(Object.keys(document.paths['/health/ready'].get.responses)).toEqual(['200', '503']);
  });
});

describe.each(databaseKindsUnderTest)('tamper detection through GET /audit/verify (%s)', (kind) => {
  let testApp: TestApp;
  let http: Http;
  let tokens: Awaited<ReturnType<typeof tokensFor>>;
  let database: DataSource;
  let total: number;
  let log: RecordedEvent[];

  const p = (index: number) => (kind === 'postgres' ? `$${index}` : '?');
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const verify = async () =>
    (await http.get('/api/v1/audit/verify').set(as(tokens.auditor)).expect(200)).body;

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, { LEDGER_RATE_LIMIT: '100000' });
    http = request(testApp.app.getHttpServer());
    tokens = await tokensFor(testApp);
    ({ events: total } = await aLittleHistory(http, tokens));
    database = new DataSource(dataSourceOptionsFor(testApp.database));
    await database.initialize();
    log = (await http.get('/api/v1/audit/events').set(as(tokens.auditor))).body.events;
    await database.query('CREATE TABLE audit_test_events AS SELECT * FROM ledger_events');
    await database.query('CREATE TABLE audit_test_head AS SELECT * FROM ledger_head');
  });

  // Every test starts from the intact log, so each alteration is detected on its own.
  beforeEach(async () => {
    await database.query('DELETE FROM ledger_events');
    await database.query('INSERT INTO ledger_events SELECT * FROM audit_test_events');
    await database.query('DELETE FROM ledger_head');
    await database.query('INSERT INTO ledger_head SELECT * FROM audit_test_head');
    expect((await verify()).ok).toBe(true);
  });

  afterAll(async () => {
    if (database?.isInitialized) await database.destroy();
    await testApp?.close();
  });

  it('names the position whose payload was changed', async () => {
    const forged = JSON.stringify({ ...log[1].data, capitalCost: '1.00' });
    await database.query(`UPDATE ledger_events SET data = ${p(1)} WHERE position = 2`, [forged]);
    expect(await verify()).toEqual({
      ok: false,
      checked: 1,
      firstInvalidPosition: 2,
      reason: expect.stringMatching(/payload was altered/),
    });
  });

  it('names the position whose actor was changed in the metadata', async () => {
    const forged = JSON.stringify({
      ...log[2].metadata,
      actor: { id: 'u-mallory', name: 'Mallory' },
    });
    await database.query(`UPDATE ledger_events SET metadata = ${p(1)} WHERE position = 3`, [
      forged,
    ]);
    expect(await verify()).toEqual({
      ok: false,
      checked: 2,
      firstInvalidPosition: 3,
      reason: expect.stringMatching(/envelope field was altered/),
    });
  });

  it('names the position whose recorded time was changed', async () => {
    const when =
      kind === 'postgres'
        ? `'2020-01-01T00:00:00.000Z'::timestamptz`
        : `'2020-01-01T00:00:00.000Z'`;
    await database.query(`UPDATE ledger_events SET recorded_at = ${when} WHERE position = 2`);
    expect(await verify()).toMatchObject({
      ok: false,
      firstInvalidPosition: 2,
      reason: expect.stringMatching(/envelope/),
    });
  });

  it('detects a deleted event', async () => {
    await database.query('DELETE FROM ledger_events WHERE position = 2');
    expect(await verify()).toMatchObject({
      ok: false,
      firstInvalidPosition: 2,
      reason: expect.stringMatching(/position 2 is missing/),
    });
    const digest = await http
      .get(`/api/v1/audit/verify?position=2&hash=${log[1].hash}`)
      .set(as(tokens.auditor))
      .expect(200);
    expect(digest.body).toEqual({
      ok: false,
      position: 2,
      hash: log[1].hash,
      reason: 'position-missing',
      headPosition: total,
    });
  });

  it('detects an inserted event', async () => {
    await database.query(
      `INSERT INTO ledger_events (position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, data_hash, prev_hash, hash)
       SELECT ${total + 1}, stream_id, version + 100, 'forged-event', type, schema_version, data, metadata, recorded_at, data_hash, hash, hash
       FROM ledger_events WHERE position = ${total}`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstInvalidPosition: total + 1 });
  });

  it('detects two events swapped', async () => {
    await database.query('UPDATE ledger_events SET position = 1000 WHERE position = 2');
    await database.query('UPDATE ledger_events SET position = 2 WHERE position = 3');
    await database.query('UPDATE ledger_events SET position = 3 WHERE position = 1000');
    expect(await verify()).toMatchObject({ ok: false, firstInvalidPosition: 2 });
  });

  it('detects a history rewritten with a freshly recomputed chain against a digest taken before', async () => {
    const digest = (await http.get('/api/v1/audit/digest').set(as(tokens.auditor)).expect(200))
      .body;
    let prevHash = log[0].hash;
    for (const event of log.slice(1)) {
      const data: JsonObject =
        event.position === 2 ? { ...event.data, capitalCost: '1.00' } : event.data;
      const rewritten = { ...event, data, dataHash: dataHashOf(data), prevHash };
      const hash = chainHashOf(prevHash, rewritten);
      await database.query(
        `UPDATE ledger_events SET data = ${p(1)}, data_hash = ${p(2)}, prev_hash = ${p(3)}, hash = ${p(4)} WHERE position = ${p(5)}`,
        [JSON.stringify(data), rewritten.dataHash, prevHash, hash, event.position],
      );
      prevHash = hash;
    }
    await database.query(`UPDATE ledger_head SET hash = ${p(1)} WHERE id = 1`, [prevHash]);

    expect(await verify()).toEqual({
      ok: true,
      checked: total,
      headPosition: total,
      headHash: prevHash,
    });
    const held = await http
      .get(`/api/v1/audit/verify?position=${digest.position}&hash=${digest.hash}`)
      .set(as(tokens.auditor))
      .expect(200);
    expect(held.body).toEqual({
      ok: false,
      position: digest.position,
      hash: digest.hash,
      reason: 'hash-differs',
      heldHash: prevHash,
    });
  });
});
