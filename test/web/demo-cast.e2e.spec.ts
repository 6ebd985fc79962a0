import request from 'supertest';
import {
  createSqliteTestDatabase,
  runBuiltCli,
  startTestAppOn,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

interface OfferedPerson {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
}

interface PersonRef {
  readonly id: string;
  readonly name: string;
}

interface Summary {
  readonly id: string;
  readonly proposer: PersonRef;
}

interface Proposal {
  readonly id: string;
  readonly reviews: readonly { readonly reviewer: PersonRef }[];
  readonly decisions: readonly { readonly decidedBy: PersonRef }[];
}

/**
 * A newcomer loads the demo, starts the API and signs in as one of the people the sign-in page
 * offers: what they find must be their own work, recorded by `ledger demo` under the same id.
 */
describe('the people offered at sign-in, after ledger demo', () => {
  let ledger: TestApp;
  let head: number;
  let offered: readonly OfferedPerson[];

  beforeAll(async () => {
    const database = createSqliteTestDatabase();
    const demo = runBuiltCli(database, ['demo']);
    if (demo.status !== 0) throw new Error(`ledger demo failed: ${demo.stderr}`);
    head = Number(/Head of the log: position (\d+)/.exec(demo.stdout)![1]);
    ledger = await startTestAppOn(database, createApp, {
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_RATE_LIMIT: '100000',
    });
    const options = await request(ledger.app.getHttpServer()).get('/api/v1/session').expect(200);
    offered = options.body.demoPeople;
  });

  afterAll(() => ledger?.close());

  async function tokenOf(person: OfferedPerson): Promise<string> {
    const signedIn = await request(ledger.app.getHttpServer())
      .post('/api/v1/session/demo')
      .send({ personId: person.id })
      .expect(201);
    return signedIn.body.accessToken;
  }

  /** Reads as the person would, once the projections hold the whole demo. */
  async function read<T>(person: OfferedPerson, path: string): Promise<T> {
    const response = await request(ledger.app.getHttpServer())
      .get(`/api/v1${path}`)
      .set('Authorization', `Bearer ${await tokenOf(person)}`)
      .set('X-Min-Position', String(head))
      .expect(200);
    return response.body as T;
  }

  function offeredWith(role: string): OfferedPerson[] {
    return offered.filter((person) => person.roles.includes(role));
  }

  it('offers a proposer who finds several proposals of their own on the register', async () => {
    const [proposer] = offeredWith('proposer');
    // The page the web app's "Your proposals" reads, filtered as it filters.
    const page = await read<{ items: Summary[] }>(proposer, '/proposals?limit=50');
    const own = page.items.filter((item) => item.proposer.id === proposer.id);
    expect(own.length).toBeGreaterThanOrEqual(3);
    for (const item of own) expect(item.proposer.name).toBe(proposer.name);
  });

  it('offers reviewers who each recorded reviews, and board members who each decided', async () => {
    const [auditor] = offeredWith('auditor');
    const proposals: Proposal[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: { items: Summary[]; nextCursor: string | null } = await read(
        auditor,
        `/proposals?limit=200${query}`,
      );
      for (const item of page.items)
        proposals.push(await read<Proposal>(auditor, `/proposals/${item.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(proposals).toHaveLength(41);

    const reviewers = offeredWith('reviewer');
    const reviewedBy = new Set(
      proposals.flatMap((proposal) => proposal.reviews.map((review) => review.reviewer.id)),
    );
    expect(reviewers.length).toBeGreaterThanOrEqual(2);
    expect(reviewers.filter((person) => !reviewedBy.has(person.id)).map((p) => p.name)).toEqual([]);

    const board = offeredWith('board');
    const decidedBy = new Set(
      proposals.flatMap((proposal) => proposal.decisions.map((decision) => decision.decidedBy.id)),
    );
    expect(board.length).toBeGreaterThanOrEqual(3);
    expect(board.filter((person) => !decidedBy.has(person.id)).map((p) => p.name)).toEqual([]);
  });
});
