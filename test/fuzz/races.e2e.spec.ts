import request from 'supertest';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aPolicyBody,
  aReviewBody,
  databaseKindsUnderTest,
  people,
  problemFaults,
  startTestApp,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';
import { FUZZ_ENV } from './http-fuzzer';
import { operationsOf, type OpenApiDocument, type Operation } from './openapi-operations';

/**
 * Issue 21's race suite: for every write route, concurrent identical and near-identical requests
 * (one Idempotency-Key or several, one If-Match), with exactly the outcomes API.md allows, and a log
 * that holds exactly one command's events per accepted answer.
 */
const CALLERS = 6;
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 2);
const API = '/api/v1';

type Http = ReturnType<typeof request>;
type Response = request.Response;

/** Where a write is aimed, by whom, with what; fresh for every race so races never share state. */
interface Target {
  readonly person: Person;
  readonly path: string;
  readonly body?: Record<string, unknown>;
  /** The same request with one field changed: a near-identical copy. */
  readonly nearBody?: Record<string, unknown>;
  /** The version the resource is at, for If-Match. */
  readonly version?: number;
}

/** Without an Idempotency-Key or If-Match, how many identical racers may succeed. */
type Unkeyed = 'one' | 'all' | 'none' | 'any';

interface RaceCase {
  readonly target: () => Promise<Target>;
  readonly unkeyed: Unkeyed;
}

const everyone: Person = {
  sub: 'racer-all-roles',
  name: 'Rae Racer',
  roles: ['proposer', 'reviewer', 'board', 'finance', 'auditor', 'admin'],
  authorities: ['chief-officer', 'investment-board', 'cabinet'],
};

describe.each(databaseKindsUnderTest)('racing writes (%s)', (kind) => {
  let testApp: TestApp;
  let http: Http;
  let store: EventStore;
  let operations: Operation[];
  const bearers = new Map<string, string>();
  let round = 0;

  async function bearer(person: Person): Promise<string> {
    if (!bearers.has(person.sub))
      bearers.set(person.sub, await tokenMinter(testApp.config).bearer(person, '2h'));
    return bearers.get(person.sub)!;
  }

  async function write(
    method: string,
    path: string,
    person: Person,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const call = http[method.toLowerCase() as 'post'](path).set(
      'Authorization',
      await bearer(person),
    );
    for (const [name, value] of Object.entries(headers)) call.set(name, value);
    return body === undefined ? call : call.send(body);
  }

  async function ok(method: string, path: string, person: Person, body?: object, version?: number) {
    const response = await write(
      method,
      path,
      person,
      body,
      version === undefined ? {} : { 'If-Match': `"${version}"` },
    );
    if (response.status >= 300)
      throw new Error(`setting up: ${method} ${path} ${response.status} ${response.text}`);
    return response.body as { id: string; version: number };
  }

  const drafted = () =>
    ok('POST', `${API}/proposals`, people.proposer, aDraftBody({ title: `Race ${++round}` }));
  const submitted = async () => {
    const { id } = await drafted();
    return ok('POST', `${API}/proposals/${id}/submit`, people.proposer);
  };
  const reviewed = async () => {
    const { id } = await submitted();
    await ok('POST', `${API}/proposals/${id}/reviews`, people.financialReviewer, aReviewBody());
    return ok(
      'POST',
      `${API}/proposals/${id}/reviews`,
      people.technicalReviewer,
      aReviewBody({ kind: 'technical' }),
    );
  };
  const approved = async () => {
    const { id, version } = await reviewed();
    return ok('POST', `${API}/proposals/${id}/decision`, people.board, anApprovalBody(), version);
  };
  const policyBody = (discountRate: string) => aPolicyBody({ discountRate });
  const reason = (text: string) => ({
    body: { reason: text },
    nearBody: { reason: `${text} (2)` },
  });

  /** The write routes this suite knows how to set up; any other is raced from its documented example. */
  const CASES: Record<string, RaceCase> = {
    draftProposal: {
      unkeyed: 'all',
      target: async () => ({
        person: people.proposer,
        path: `${API}/proposals`,
        body: aDraftBody({ title: 'Raced draft' }),
        nearBody: aDraftBody({ title: 'Raced draft, edited' }),
      }),
    },
    amendProposal: {
      unkeyed: 'any',
      target: async () => {
        const { id, version } = await drafted();
        return {
          person: people.proposer,
          path: `${API}/proposals/${id}`,
          body: { title: 'Amended in a race' },
          nearBody: { title: 'Amended in a race, edited' },
          version,
        };
      },
    },
    submitProposal: {
      unkeyed: 'one',
      target: async () => {
        const { id, version } = await drafted();
        return { person: people.proposer, path: `${API}/proposals/${id}/submit`, version };
      },
    },
    recordReview: {
      unkeyed: 'one',
      target: async () => {
        const { id, version } = await submitted();
        return {
          person: people.financialReviewer,
          path: `${API}/proposals/${id}/reviews`,
          body: aReviewBody(),
          nearBody: aReviewBody({ comments: 'Savings are credible.' }),
          version,
        };
      },
    },
    declareConflict: {
      unkeyed: 'any',
      target: async () => {
        const { id, version } = await submitted();
        return {
          person: people.auditor,
          path: `${API}/proposals/${id}/conflicts`,
          body: { statement: 'My spouse works for a bidder.' },
          nearBody: { statement: 'My brother works for a bidder.' },
          version,
        };
      },
    },
    returnProposal: {
      unkeyed: 'one',
      target: async () => {
        const { id, version } = await submitted();
        return {
          person: people.board,
          path: `${API}/proposals/${id}/return`,
          ...reason('Needs a do-minimum option.'),
          version,
        };
      },
    },
    withdrawProposal: {
      unkeyed: 'one',
      target: async () => {
        const { id, version } = await drafted();
        return {
          person: people.proposer,
          path: `${API}/proposals/${id}/withdraw`,
          ...reason('Superseded.'),
          version,
        };
      },
    },
    decideProposal: {
      unkeyed: 'none',
      target: async () => {
        const { id, version } = await reviewed();
        return {
          person: people.board,
          path: `${API}/proposals/${id}/decision`,
          body: anApprovalBody(),
          nearBody: anApprovalBody({ reason: 'A strong case.' }),
          version,
        };
      },
    },
    recordBenefits: {
      unkeyed: 'any',
      target: async () => {
        const { id, version } = await approved();
        const benefits = (note: string) => ({
          period: '2027-28',
          cashableSaving: '38000.00',
          nonCashableBenefit: '9000.00',
          note,
        });
        return {
          person: people.finance,
          path: `${API}/proposals/${id}/benefits`,
          body: benefits('Two posts released.'),
          nearBody: benefits('Three posts released.'),
          version,
        };
      },
    },
    setBudget: {
      unkeyed: 'any',
      target: async () => {
        const start = 2040 + ++round;
        const path = `${API}/budgets/${start}-${String((start + 1) % 100).padStart(2, '0')}`;
        const { version } = await ok('PUT', path, people.finance, aBudgetBody());
        return {
          person: people.finance,
          path,
          body: aBudgetBody({ capitalEnvelope: '3000000.00' }),
          nearBody: aBudgetBody({ capitalEnvelope: '3000001.00' }),
          version,
        };
      },
    },
    adoptPolicy: {
      unkeyed: 'any',
      target: async () => {
        const { version } = await ok('PUT', `${API}/policy`, people.admin, policyBody('0.035'));
        return {
          person: people.admin,
          path: `${API}/policy`,
          body: policyBody('0.04'),
          nearBody: policyBody('0.045'),
          version,
        };
      },
    },
  };

  /** A route added after this suite: its documented example, by someone with every role. */
  function fallback(operation: Operation): RaceCase {
    return {
      unkeyed: 'any',
      target: async () => {
        const { id, version } = await submitted();
        const path = operation.template.replace(/\{(\w+)\}/g, (_, name: string) => {
          if (name === 'id') return id;
          const parameter = operation.pathParams.find((candidate) => candidate.name === name);
          return encodeURIComponent(
            String(parameter?.example ?? parameter?.schema?.example ?? name),
          );
        });
        const example = operation.examples[0] as Record<string, unknown> | undefined;
        return { person: everyone, path, body: example, version };
      },
    };
  }

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, FUZZ_ENV);
    http = request(testApp.app.getHttpServer());
    store = testApp.app.get<EventStore>(EVENT_STORE);
    const document = (await http.get('/docs-json').expect(200)).body as OpenApiDocument;
    operations = operationsOf(document).filter(
      (operation) =>
        operation.template.startsWith(`${API}/`) &&
        operation.method !== 'GET' &&
        !operation.template.startsWith(`${API}/session`),
    );
    await ok(
      'PUT',
      `${API}/budgets/2026-27`,
      people.finance,
      aBudgetBody({ capitalEnvelope: '900000000.00' }),
    );
  });

  afterAll(async () => {
    await testApp?.close();
  });

  async function newEvents(after: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = after; ;) {
      const page = await store.readAll({ after: from, limit: 500 });
      events.push(...page.events);
      if (page.nextAfter === null || page.events.length === 0) return events;
      from = page.nextAfter;
    }
  }

  /** Sends the copies at once and reads back what they appended, grouped by request. */
  async function race(
    operation: Operation,
    copies: { body?: Record<string, unknown>; headers: Record<string, string> }[],
    person: Person,
    path: string,
  ) {
    const before = (await store.readHead()).position;
    const responses = await Promise.all(
      copies.map((copy, index) =>
        write(operation.method, path, person, copy.body, {
          ...copy.headers,
          'X-Request-Id': `race-${round}-${index}`,
        }),
      ),
    );
    const events = await newEvents(before);
    const commands = new Set(events.map((event) => event.metadata.correlationId));
    const accepted = responses.filter((response) => response.status < 300);
    const faults: string[] = [];
    for (const response of responses) {
      if (response.status >= 500) faults.push(`server error ${response.status}: ${response.text}`);
      if (response.status >= 400)
        faults.push(...problemFaults(response).map((fault) => `${response.status}: ${fault}`));
    }
    // Every accepted answer names the last event of its own command, and no command is unanswered.
    const positions = new Set(accepted.map((response) => response.body?.position));
    for (const [index, response] of responses.entries()) {
      if (response.status >= 300) continue;
      const last = events.filter(
        (event) => event.metadata.correlationId === `race-${round}-${index}`,
      );
      if (response.headers['idempotent-replayed'] === 'true') continue;
      if (last.length > 0 && last[last.length - 1].position !== response.body?.position)
        faults.push(`answer position ${response.body?.position} is not its last event`);
    }
    if (commands.size > positions.size)
      faults.push(`${commands.size} commands appended for ${positions.size} distinct answers`);
    return {
      statuses: responses.map((response) => response.status),
      types: responses
        .filter((response) => response.status >= 400)
        .map(
          (response) =>
            String(response.body?.type ?? '')
              .split('/')
              .pop() ?? '',
        ),
      accepted,
      commands: commands.size,
      faults,
      head: (await store.readHead()).position,
      before,
    };
  }

  const caseOf = (operation: Operation) => CASES[operation.id] ?? fallback(operation);
  const writeOperations = () => operations;

  it('knows every write route of the document, or races it from its example', () => {
    const known = writeOperations().filter((operation) => CASES[operation.id]);
    expect(known.map((operation) => operation.id).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each([...Array(ROUNDS).keys()])(
    `same Idempotency-Key, same body: one command, every caller the same answer or 409 in progress (round %d)`,
    async () => {
      const wrong: string[] = [];
      for (const operation of writeOperations()) {
        const { person, path, body, version } = await caseOf(operation).target();
        const headers = {
          'Idempotency-Key': `same-${operation.id}-${++round}`,
          ...(version !== undefined ? { 'If-Match': `"${version}"` } : {}),
        };
        const result = await race(
          operation,
          Array.from({ length: CALLERS }, () => ({ body, headers })),
          person,
          path,
        );
        const answers = new Set(result.accepted.map((response) => JSON.stringify(response.body)));
        const others = result.types.filter((type) => type !== 'idempotency-in-progress');
        const expectsSuccess = !!CASES[operation.id];
        if (
          result.faults.length > 0 ||
          answers.size > 1 ||
          result.commands > 1 ||
          (expectsSuccess && (result.accepted.length === 0 || others.length > 0)) ||
          (result.accepted.length === 0 && result.head !== result.before)
        )
          wrong.push(
            `${operation.id}: ${JSON.stringify(result, ['statuses', 'types', 'commands', 'faults'])}`,
          );
      }
      expect(wrong).toEqual([]);
    },
  );

  it.each([...Array(ROUNDS).keys()])(
    'same Idempotency-Key, near-identical bodies: one command, the rest 422 key reused or 409 in progress (round %d)',
    async () => {
      const wrong: string[] = [];
      for (const operation of writeOperations()) {
        if (!CASES[operation.id]) continue;
        const { person, path, body, nearBody, version } = await CASES[operation.id].target();
        if (!nearBody) continue;
        const headers = {
          'Idempotency-Key': `near-${operation.id}-${++round}`,
          ...(version !== undefined ? { 'If-Match': `"${version}"` } : {}),
        };
        const result = await race(
          operation,
          Array.from({ length: CALLERS }, (_, index) => ({
            body: index % 2 === 0 ? body : nearBody,
            headers,
          })),
          person,
          path,
        );
        const refusals = result.types.filter(
          (type) => !['idempotency-in-progress', 'idempotency-key-reused'].includes(type),
        );
        // Copies identical to the winner may share its answer; a copy that differs may not.
        const bodies = result.accepted.map((response) => JSON.stringify(response.body));
        if (
          result.faults.length > 0 ||
          result.commands !== 1 ||
          new Set(bodies).size !== 1 ||
          result.accepted.length > CALLERS / 2 ||
          refusals.length > 0
        )
          wrong.push(
            `${operation.id}: ${JSON.stringify(result, ['statuses', 'types', 'commands', 'faults'])}`,
          );
      }
      expect(wrong).toEqual([]);
    },
  );

  it.each([...Array(ROUNDS).keys()])(
    'different Idempotency-Keys, one If-Match: exactly one wins, the rest 412 or 409 (round %d)',
    async () => {
      const wrong: string[] = [];
      for (const operation of writeOperations()) {
        if (!CASES[operation.id] || !operation.headerParams.includes('If-Match')) continue;
        const { person, path, body, version } = await CASES[operation.id].target();
        const result = await race(
          operation,
          Array.from({ length: CALLERS }, (_, index) => ({
            body,
            headers: {
              'Idempotency-Key': `key-${operation.id}-${round}-${index}`,
              'If-Match': `"${version}"`,
            },
          })),
          person,
          path,
        );
        if (
          result.faults.length > 0 ||
          result.accepted.length !== 1 ||
          result.commands !== 1 ||
          result.statuses.some((status) => status >= 300 && ![409, 412].includes(status))
        )
          wrong.push(
            `${operation.id}: ${JSON.stringify(result, ['statuses', 'types', 'commands', 'faults'])}`,
          );
      }
      expect(wrong).toEqual([]);
    },
  );

  it.each([...Array(ROUNDS).keys()])(
    'no Idempotency-Key or If-Match: as many winners as the rules allow, one command each (round %d)',
    async () => {
      const wrong: string[] = [];
      for (const operation of writeOperations()) {
        if (!CASES[operation.id]) continue;
        const { unkeyed, target } = CASES[operation.id];
        const { person, path, body } = await target();
        const result = await race(
          operation,
          Array.from({ length: CALLERS }, () => ({ body, headers: {} })),
          person,
          path,
        );
        const winners = result.accepted.length;
        const allowed =
          unkeyed === 'one'
            ? winners === 1
            : unkeyed === 'all'
              ? winners === CALLERS
              : unkeyed === 'none'
                ? winners === 0 && result.statuses.every((status) => status === 428)
                : winners >= 1;
        if (
          !allowed ||
          result.faults.length > 0 ||
          result.commands !== winners ||
          result.statuses.some((status) => status >= 300 && ![409, 412, 422, 428].includes(status))
        )
          wrong.push(
            `${operation.id} (${unkeyed}): ${JSON.stringify(result, ['statuses', 'types', 'commands', 'faults'])}`,
          );
      }
      expect(wrong).toEqual([]);
    },
  );

  it('leaves a hash chain that verifies', async () => {
    const response = await http
      .get(`${API}/audit/verify`)
      .set('Authorization', await bearer(people.auditor));
    expect(response.body).toMatchObject({
      ok: true,
      headPosition: (await store.readHead()).position,
    });
  });
});
