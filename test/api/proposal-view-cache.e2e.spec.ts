import request from 'supertest';
import {
  aDraftBody,
  databaseKindsUnderTest,
  people,
  startTestApp,
  startTestAppOn,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

// GET /proposals/{id} answers a current read from memory while the log's head is unchanged
// (libs/ledger/src/proposals/proposal-view.cache.ts). These tests write through a second API process
// on the same database (as a replica would), so nothing in the first process is told of the write:
// the first must still answer what the log now says, with the right ETag.
const ENV = { LEDGER_RATE_LIMIT: '100000' };
const A_POLICY = {
  delegation: [
    { authority: 'chief-officer', upTo: '50000.00' },
    { authority: 'investment-board', upTo: '1000000.00' },
    { authority: 'cabinet', upTo: null },
  ],
  requiredReviewKinds: ['financial', 'technical'],
  criteriaWeights: {
    strategicFit: 2,
    valueForMoney: 1,
    deliverability: 1,
    riskReduction: 1,
    serviceImpact: 1,
  },
  discountRate: '0.035',
};

describe.each(databaseKindsUnderTest)('current proposal reads kept in memory (%s)', (kind) => {
  let first: TestApp;
  let second: TestApp;
  let bearer: (person: Person) => Promise<string>;
  let id: string;

  beforeAll(async () => {
    first = await startTestApp(kind, createApp, ENV);
    second = await startTestAppOn(first.database, createApp, ENV);
    const minter = tokenMinter(first.config);
    bearer = (person) => minter.bearer(person);
  });

  afterAll(async () => {
    await second?.app.close();
    await first?.close();
  });

  const http = (app: TestApp) => request(app.app.getHttpServer());

  async function read(app: TestApp, query = '') {
    const response = await http(app)
      .get(`/api/v1/proposals/${id}${query}`)
      .set('Authorization', await bearer(people.auditor));
    expect(response.status).toBe(200);
    return response;
  }

  it('answers the same view again while nothing was appended', async () => {
    const drafted = await http(first)
      .post('/api/v1/proposals')
      .set('Authorization', await bearer(people.proposer))
      .send(aDraftBody());
    expect(drafted.status).toBe(201);
    id = drafted.body.id;
    const once = await read(first);
    const again = await read(first);
    expect(again.body).toEqual(once.body);
    expect(again.headers.etag).toBe('"1"');
  });

  it("sees another process's amendment at once, with the new version as ETag", async () => {
    await read(first);
    const amended = await http(second)
      .patch(`/api/v1/proposals/${id}`)
      .set('Authorization', await bearer(people.proposer))
      .set('If-Match', '"1"')
      .send({ title: 'Replace the revenues system, amended' });
    expect(amended.status).toBe(200);
    const after = await read(first);
    expect(after.body.title).toBe('Replace the revenues system, amended');
    expect(after.headers.etag).toBe('"2"');
    expect(after.body.version).toBe(2);
  });

  it('sees a policy change written elsewhere, though the proposal stream did not move', async () => {
    const before = await read(first);
    const changed = await http(second)
      .put('/api/v1/policy')
      .set('Authorization', await bearer(people.admin))
      .send({ ...A_POLICY, discountRate: '0.05' });
    expect(changed.status).toBe(200);
    const after = await read(first);
    expect(after.body.appraisal.discountRate).toBe('0.05');
    expect(after.body.policyVersion).not.toBe(before.body.policyVersion);
    expect(after.body.appraisal.npv).not.toBe(before.body.appraisal.npv);
    expect(after.headers.etag).toBe(before.headers.etag);
  });

  it('still answers a past read as it stood, beside the kept current one', async () => {
    const past = await read(first, '?atPosition=1');
    expect(past.body.title).toBe(aDraftBody().title);
    expect(past.headers.etag).toBe('"1"');
    const now = await read(first);
    expect(now.body.title).toBe('Replace the revenues system, amended');
  });

  it('honours X-Min-Position after its own write', async () => {
    const amended = await http(first)
      .patch(`/api/v1/proposals/${id}`)
      .set('Authorization', await bearer(people.proposer))
      .set('If-Match', '"2"')
      .send({ title: 'Third title' });
    expect(amended.status).toBe(200);
    const after = await http(first)
      .get(`/api/v1/proposals/${id}`)
      .set('Authorization', await bearer(people.auditor))
      .set('X-Min-Position', String(amended.body.position));
    expect({ status: after.status, title: after.body.title, etag: after.headers.etag }).toEqual({
      status: 200,
      title: 'Third title',
      etag: '"3"',
    });
  });
});
