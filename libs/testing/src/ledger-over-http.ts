import request, { type Response } from 'supertest';
import {
  aReviewBody,
  people,
  tokenMinter,
  type DraftBody,
  type Person,
} from './governance-fixtures';
import { expectProblem } from './http-problems';
import { startTestApp, type CreateApp, type TestApp } from './test-app';
import type { DatabaseKindUnderTest } from './test-databases';

type WriteMethod = 'post' | 'put' | 'patch' | 'delete';

export interface LedgerOverHttpOptions {
  /** Environment for the app; by default a rate limit that a suite's hundreds of requests stay under. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long the bearer tokens last, as jose reads it. */
  readonly tokenLifetime?: string;
}

interface ReviewOptions {
  /** The scores both reviews give; aReviewBody's own when left out. */
  readonly scores?: Record<string, number>;
  readonly financialReviewer?: Person;
  readonly technicalReviewer?: Person;
}

/** A command with an optional body and an optional version for If-Match. */
type SendCommand = (
  method: WriteMethod,
  path: string,
  by: Person,
  body?: object,
  version?: number,
) => Promise<Response>;

/**
 * The real API on a fresh database, as a suite of HTTP tests talks to it: who is asking, what was
 * last written, and reads that wait for it. Everything here is the API as a client sees it; a suite
 * keeps its own seeds and what it asserts about them.
 */
export interface LedgerOverHttp {
  readonly testApp: TestApp;
  readonly http: ReturnType<typeof request>;
  // The functions below use no `this`: a suite may take them out, e.g. `const { write, read } = ledger`.
  /** `Bearer …` for a person, minted once per suite and person. */
  readonly bearer: (person: Person) => Promise<string>;
  /** The log position of the last successful write, for X-Min-Position. */
  readonly lastPosition: () => number;
  /** Remembers a successful write's position, so later reads wait for it; answers the response. */
  readonly track: (response: Response) => Response;
  /** A command as `by`, with a JSON body (`{}` when left out) and any headers, tracked. */
  readonly write: (
    method: WriteMethod,
    path: string,
    by: Person,
    body?: object,
    headers?: Record<string, string>,
  ) => Promise<Response>;
  /** A command as `by` that sends a body only when given one, and If-Match only with a version; tracked. */
  readonly command: SendCommand;
  /** `command` that must succeed: a seed that fails would make what follows test the wrong thing. */
  readonly mustSucceed: SendCommand;
  /** A GET as `by` (the auditor, who may read everything), once the last write is projected. */
  readonly read: (path: string, by?: Person) => Promise<Response>;
  /** The log's head position, as the audit digest gives it. */
  readonly head: () => Promise<number>;
  /** A refusal as problem+json with the status (and type code), after which the log holds nothing new. */
  readonly refusedAppendingNothing: (
    attempt: () => Promise<Response>,
    status: number,
    code?: string | RegExp,
  ) => Promise<Response>;
  /** Drafts a proposal as the proposer (or `by`) and answers its id; the draft must be accepted. */
  readonly draft: (body: DraftBody, by?: Person) => Promise<string>;
  /** Submits a proposal; the submission must be accepted. */
  readonly submit: (id: string, by?: Person) => Promise<Response>;
  /** Records the financial and then the technical review; both must be accepted. Answers the last. */
  readonly reviewBoth: (id: string, options?: ReviewOptions) => Promise<Response>;
  /** The proposal's version now, for If-Match. */
  readonly version: (id: string) => Promise<number>;
}

/**
 * Starts the app before the suite's own `beforeAll` hooks (call it first in the describe block) and
 * closes it, dropping its database, after the suite. Use it inside `describe.each(databaseKindsUnderTest)`
 * so the suite runs on SQLite and, when reachable, PostgreSQL.
 */
export function ledgerOverHttp(
  kind: DatabaseKindUnderTest,
  createApp: CreateApp,
  options: LedgerOverHttpOptions = {},
): LedgerOverHttp {
  const env = options.env ?? { LEDGER_RATE_LIMIT: '100000' };
  const tokenLifetime = options.tokenLifetime ?? '2h';
  let testApp: TestApp | undefined;
  let http: ReturnType<typeof request> | undefined;
  let minter: ReturnType<typeof tokenMinter> | undefined;
  let position = 0;
  const bearers = new Map<string, string>();

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, env);
    http = request(testApp.app.getHttpServer());
    minter = tokenMinter(testApp.config);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  function started<T>(value: T | undefined): T {
    if (value === undefined)
      throw new Error('the app is not started: use it inside a test or hook');
    return value;
  }

  const ledger: LedgerOverHttp = {
    get testApp() {
      return started(testApp);
    },
    get http() {
      return started(http);
    },

    bearer: async (person) => {
      const key = JSON.stringify(person);
      let bearer = bearers.get(key);
      if (bearer === undefined) {
        bearer = await started(minter).bearer(person, tokenLifetime);
        bearers.set(key, bearer);
      }
      return bearer;
    },

    lastPosition: () => position,

    track: (response) => {
      if (response.status < 300 && typeof response.body?.position === 'number')
        position = Math.max(position, response.body.position);
      return response;
    },

    write: async (method, path, by, body = {}, headers = {}) => {
      const call = ledger.http[method](path).set('Authorization', await ledger.bearer(by));
      for (const [name, value] of Object.entries(headers)) call.set(name, value);
      return ledger.track(await call.send(body));
    },

    command: async (method, path, by, body, version) => {
      const call = ledger.http[method](path).set('Authorization', await ledger.bearer(by));
      if (version !== undefined) call.set('If-Match', `"${version}"`);
      return ledger.track(await (body === undefined ? call : call.send(body)));
    },

    mustSucceed: async (method, path, by, body, version) => {
      const response = await ledger.command(method, path, by, body, version);
      if (response.status >= 300)
        throw new Error(`seeding ${method} ${path} got ${response.status}: ${response.text}`);
      return response;
    },

    read: async (path, by = people.auditor) =>
      ledger.http
        .get(path)
        .set('Authorization', await ledger.bearer(by))
        .set('X-Min-Position', String(position)),

    head: async () => {
      const digest = await ledger.read('/api/v1/audit/digest');
      expect(digest.status).toBe(200);
      return digest.body.position;
    },

    refusedAppendingNothing: async (attempt, status, code) => {
      const before = await ledger.head();
      const response = await attempt();
      expectProblem(response, status, code);
      expect(await ledger.head()).toBe(before);
      return response;
    },

    draft: async (body, by = people.proposer) => {
      const drafted = await ledger.write('post', '/api/v1/proposals', by, body);
      expect(drafted.status).toBe(201);
      return drafted.body.id;
    },

    submit: async (id, by = people.proposer) => {
      const submitted = await ledger.write('post', `/api/v1/proposals/${id}/submit`, by);
      expect(submitted.status).toBe(200);
      return submitted;
    },

    reviewBoth: async (id, { scores, financialReviewer, technicalReviewer } = {}) => {
      let last: Response | undefined;
      for (const [kindOfReview, reviewer] of [
        ['financial', financialReviewer ?? people.financialReviewer],
        ['technical', technicalReviewer ?? people.technicalReviewer],
      ] as const) {
        last = await ledger.write(
          'post',
          `/api/v1/proposals/${id}/reviews`,
          reviewer,
          aReviewBody({ kind: kindOfReview, ...(scores ? { scores } : {}) }),
        );
        expect(last.status).toBe(200);
      }
      return started(last);
    },

    version: async (id) => (await ledger.read(`/api/v1/proposals/${id}`)).body.version,
  };
  return ledger;
}
