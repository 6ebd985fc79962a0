import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import request from 'supertest';
import { EVENT_STORE, type ChainHead, type EventStore } from '@ledger/event-store';
import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aReviewBody,
  people,
  stringsIn,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { judge, judgeAcceptedWrite, type LogEvent, type Verdict } from './oracle';
import { MUTATION_KINDS, UNICODE_EDGES, mutatedBody, type MutationKind } from './mutations';
import {
  isWrite,
  operationsOf,
  queryValue,
  validValue,
  type OpenApiDocument,
  type Operation,
} from './openapi-operations';

/** The secret the fuzzed app signs with, so the fuzzer can forge tokens that are signed but wrong. */
const FUZZ_JWT_SECRET = 'http-fuzzer-secret-0123456789-abcdefghijklmnopqrstuv';
export const FUZZ_ENV = { LEDGER_RATE_LIMIT: '100000000', LEDGER_JWT_SECRET: FUZZ_JWT_SECRET };

const FISCAL_YEAR = '2026-27';
const TIERS = ['chief-officer', 'investment-board', 'cabinet'];
const RESEED_EVERY = 250;
const FULL_VERIFY_EVERY = 20;
const CHUNK = 25;

type Http = ReturnType<typeof request>;

/** Who sends a request: a person with a valid token, no one, or a bad token. */
interface Persona {
  readonly name: string;
  /** The coverage label: the role, `multi-role`, `anonymous` or `bad-token`. */
  readonly role: string;
  readonly person: Person | null;
  readonly authorization: (minter: ReturnType<typeof tokenMinter>) => Promise<string | undefined>;
}

const everyone: Person = {
  sub: 'fuzz-all-roles',
  name: 'Fuzz Allroles',
  roles: ['proposer', 'reviewer', 'board', 'finance', 'auditor', 'admin'],
  authorities: TIERS,
};

async function forged(
  claims: Record<string, unknown>,
  secret = FUZZ_JWT_SECRET,
  expires: string | null = '1h',
) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt();
  if (expires !== null) jwt.setExpirationTime(expires);
  return `Bearer ${await jwt.sign(new TextEncoder().encode(secret))}`;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function personaOf(name: string, person: Person): Persona {
  return {
    name,
    role: person.roles.length === 1 ? person.roles[0] : 'multi-role',
    person,
    authorization: (minter) => minter.bearer(person, '4h'),
  };
}

function badToken(name: string, make: () => Promise<string | undefined>): Persona {
  return {
    name,
    role: name === 'anonymous' ? 'anonymous' : 'bad-token',
    person: null,
    authorization: make,
  };
}

const PERSONAS: readonly Persona[] = [
  personaOf('proposer', people.proposer),
  personaOf('other proposer', people.otherProposer),
  personaOf('financial reviewer', people.financialReviewer),
  personaOf('technical reviewer', people.technicalReviewer),
  personaOf('board', people.board),
  personaOf('chief officer', people.chiefOfficer),
  personaOf('finance', people.finance),
  personaOf('admin', people.admin),
  personaOf('auditor', people.auditor),
  personaOf('proposing reviewer', people.proposingReviewer),
  personaOf('everyone', everyone),
  badToken('anonymous', async () => undefined),
  badToken('expired', () =>
    forged({ sub: 'x', name: 'X', roles: ['admin'] }, FUZZ_JWT_SECRET, '-1h'),
  ),
  badToken('wrong secret', () =>
    forged(
      { sub: 'x', name: 'X', roles: ['admin'] },
      'another-secret-0123456789-abcdefghijklmnopqrstuv',
    ),
  ),
  badToken('no exp', () =>
    forged({ sub: 'x', name: 'X', roles: ['admin'] }, FUZZ_JWT_SECRET, null),
  ),
  badToken('roles a string', () => forged({ sub: 'x', name: 'X', roles: 'admin' })),
  badToken('unknown role', () => forged({ sub: 'x', name: 'X', roles: ['admin', 'superuser'] })),
  badToken(
    'alg none',
    async () =>
      `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'x', name: 'X', roles: ['admin'], exp: 4102444800 })}.`,
  ),
  badToken('garbage', async () => 'Bearer not-a-token'),
  badToken('basic', async () => 'Basic YWRtaW46YWRtaW4='),
];

/** A header value: a fixed text, or one resolved against the ledger when the request is sent. */
type HeaderChoice =
  { readonly text: string } | { readonly current: 'etag' | 'head' } | { readonly beyondHead: true };

interface PathChoice {
  readonly junk?: string;
  readonly pick: number;
  /** Prefer a resource in a status this operation has been accepted in before. */
  readonly fit?: boolean;
}

interface FuzzRequest {
  readonly operation: Operation;
  readonly persona: Persona;
  /** Send as someone who has been answered 2xx on this operation before, when there is one. */
  readonly fitPersona: number | null;
  readonly kind: MutationKind;
  readonly path: readonly PathChoice[];
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, HeaderChoice>>;
  readonly body: string | undefined;
}

export interface Finding {
  readonly fault: string;
  readonly known?: string;
  readonly operation: string;
  readonly status: number;
  readonly request: string;
  readonly answer: string;
  count: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  readonly findings: readonly Finding[];
}

const headerSafe = (value: string) => value.replace(/[^\t\x20-\x7e]/g, '').trim();
const wellFormed = (value: string) =>
  value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );

const text = (value: string): HeaderChoice => ({ text: value });
const asciiJunk = fc
  .string({ unit: 'binary-ascii', maxLength: 120 })
  .map((value) => text(headerSafe(value)));

function headerArb(
  operation: Operation,
  hostile: boolean,
): fc.Arbitrary<Record<string, HeaderChoice>> {
  const calm = hostile ? 1 : 6;
  const maybe = (arb: fc.Arbitrary<HeaderChoice>, weight = 1, absent = calm) =>
    fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });
  return fc
    .record({
      'Idempotency-Key': maybe(
        fc.oneof(
          { weight: 3, arbitrary: fc.uuid().map(text) },
          {
            weight: 2,
            arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3').map(text),
          },
          {
            weight: hostile ? 2 : 0,
            arbitrary: fc
              .constantFrom('', ' ', 'k'.repeat(201), "' OR 1=1 --", 'key with spaces')
              .map(text),
          },
          { weight: hostile ? 1 : 0, arbitrary: asciiJunk },
        ),
        3,
      ),
      'If-Match': maybe(
        fc.oneof(
          { weight: hostile ? 2 : 8, arbitrary: fc.constant<HeaderChoice>({ current: 'etag' }) },
          {
            weight: hostile ? 3 : 1,
            arbitrary: fc
              .constantFrom(
                '"0"',
                '"1"',
                '"3"',
                '"999"',
                '*',
                'W/"1"',
                '"-1"',
                '1',
                '"1", "2"',
                '"9999999999999999"',
                '"1.5"',
                '""',
              )
              .map(text),
          },
          { weight: hostile ? 1 : 0, arbitrary: asciiJunk },
        ),
        operation.headerParams.includes('If-Match') ? 6 : 1,
        operation.headerParams.includes('If-Match') ? 2 : calm,
      ),
      'X-Min-Position': maybe(
        fc.oneof(
          { weight: 80, arbitrary: fc.constant<HeaderChoice>({ current: 'head' }) },
          {
            weight: 60,
            arbitrary: fc
              .constantFrom('0', '1', ' 2 ', '-1', '1e3', '0x10', 'abc', '', '1.5', '9'.repeat(16))
              .map(text),
          },
          // Each of these waits out the 5 s bound until the hardening change lands, so they are rare.
          { weight: hostile ? 1 : 0, arbitrary: fc.constant<HeaderChoice>({ beyondHead: true }) },
        ),
        operation.headerParams.includes('X-Min-Position') ? 2 : 1,
      ),
      Accept: maybe(
        fc
          .constantFrom(
            'application/json',
            'text/csv',
            '*/*',
            'text/html',
            'application/problem+json',
            'application/xml',
            'text/csv;q=0.9, application/json',
            ';;',
          )
          .map(text),
      ),
      'Content-Type': fc.oneof(
        { weight: hostile ? 2 : 20, arbitrary: fc.constant(text('application/json')) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(
              'application/json; charset=utf-8',
              'application/json; charset=latin1',
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/xml',
              'application/octet-stream',
              ';;',
            )
            .map(text),
        },
      ),
    })
    .map(
      (headers) =>
        Object.fromEntries(
          Object.entries(headers).filter(([, value]) => value !== undefined),
        ) as Record<string, HeaderChoice>,
    );
}

const JUNK_PARAMS: readonly string[] = [
  '..',
  '.',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%00',
  '%zz',
  '%C0%AE',
  'x'.repeat(201),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
  '2026-27%00',
  '1999-00',
  '2026-28',
  "'%20OR%201=1",
];

function pathArb(operation: Operation, hostile: boolean): fc.Arbitrary<PathChoice[]> {
  const one = fc.oneof(
    {
      weight: hostile ? 1 : 10,
      arbitrary: fc.tuple(fc.nat(), fc.boolean()).map(([pick, fit]): PathChoice => ({ pick, fit })),
    },
    {
      weight: hostile ? 1 : 0,
      arbitrary: fc.uuid().map((junk): PathChoice => ({ junk, pick: 0 })),
    },
    {
      weight: hostile ? 2 : 0,
      arbitrary: fc.constantFrom(...JUNK_PARAMS).map((junk): PathChoice => ({ junk, pick: 0 })),
    },
    {
      weight: hostile ? 2 : 0,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...UNICODE_EDGES),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
        )
        .filter((value) => value.length > 0)
        .map((value): PathChoice => ({ junk: encodeURIComponent(wellFormed(value)), pick: 0 })),
    },
  );
  return fc.tuple(...operation.pathParams.map(() => one));
}

function queryArb(operation: Operation, hostile: boolean): fc.Arbitrary<[string, string][]> {
  const parameters = operation.queryParams;
  const valid = fc
    .tuple(
      ...parameters.map((parameter) =>
        parameter.required
          ? queryValue(parameter).map((value) => [parameter.name, value] as [string, string])
          : fc.option(
              queryValue(parameter).map((value) => [parameter.name, value] as [string, string]),
              { freq: 2 },
            ),
      ),
    )
    .map((pairs) => pairs.filter((pair): pair is [string, string] => pair !== null));
  if (!hostile) return valid;
  const junkValue = fc.oneof(
    fc.constantFrom(...UNICODE_EDGES),
    fc.constantFrom(
      '-1',
      '0',
      '1e3',
      '99999999999999999999',
      '1.5',
      'NaN',
      'true',
      '[]',
      '2026-13-45',
      '2026-27x',
      'a,b',
      '',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
  const junkName = fc.oneof(
    fc.constantFrom(
      ...parameters.map((parameter) => parameter.name),
      'limit[]',
      '__proto__[x]',
      'constructor',
      '',
    ),
    fc.string({ maxLength: 10 }),
  );
  return fc
    .tuple(valid, fc.array(fc.tuple(junkName, junkValue), { minLength: 1, maxLength: 4 }))
    .map(([pairs, junk]) => [...pairs, ...junk]);
}

function validBodyArb(operation: Operation): fc.Arbitrary<unknown> {
  if (!operation.body) return fc.constant(undefined);
  if (operation.examples.length === 0) return validValue(operation.body);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...operation.examples) },
    { weight: 1, arbitrary: validValue(operation.body) },
  );
}

/** One generated request for any operation of the document. */
function requestArb(operations: readonly Operation[]): fc.Arbitrary<FuzzRequest> {
  const personaArb = fc.oneof(
    { weight: 6, arbitrary: fc.constant(PERSONAS.find((persona) => persona.name === 'everyone')!) },
    { weight: 10, arbitrary: fc.constantFrom(...PERSONAS.filter((persona) => persona.person)) },
    { weight: 2, arbitrary: fc.constantFrom(...PERSONAS.filter((persona) => !persona.person)) },
  );
  return fc.constantFrom(...operations).chain((operation) => {
    const focus = fc.oneof(
      { weight: 8, arbitrary: fc.constant('body' as const) },
      { weight: 2, arbitrary: fc.constant('headers' as const) },
      { weight: operation.pathParams.length > 0 ? 2 : 0, arbitrary: fc.constant('path' as const) },
      {
        weight: operation.queryParams.length > 0 ? 2 : 0,
        arbitrary: fc.constant('query' as const),
      },
    );
    const fit = fc.option(fc.nat(), { freq: 2 });
    return fc
      .tuple(focus, personaArb, fit, validBodyArb(operation))
      .chain(([focusOn, persona, fitPersona, valid]) =>
        fc
          .record({
            mutated:
              focusOn === 'body'
                ? mutatedBody(operation.body, valid)
                : fc.constant({
                    kind: 'valid' as MutationKind,
                    body: valid === undefined ? undefined : JSON.stringify(valid),
                  }),
            path: pathArb(operation, focusOn === 'path'),
            query: queryArb(operation, focusOn === 'query'),
            headers: headerArb(operation, focusOn === 'headers'),
          })
          .map(({ mutated, path, query, headers }): FuzzRequest => ({
            operation,
            persona,
            fitPersona,
            kind:
              focusOn === 'body'
                ? mutated.kind
                : focusOn === 'path'
                  ? 'path-param'
                  : focusOn === 'query'
                    ? 'query'
                    : 'headers',
            path,
            query,
            headers,
            // A read never carries a body; the mutation kind of a bodiless read is its focus alone.
            body: operation.method === 'GET' ? undefined : mutated.body,
          })),
      );
  });
}

/** Ids and keys the ledger has handed out, so generated paths reach real resources. */
class Pools {
  private readonly pools = new Map<string, string[]>();
  /** The last status read for a resource id, so a path can name one in the state a command needs. */
  readonly status = new Map<string, string>();

  constructor(private readonly paramNames: readonly string[]) {}

  add(key: string, value: string): void {
    const pool = this.pools.get(key) ?? [];
    if (pool.includes(value)) return;
    pool.push(value);
    if (pool.length > 300) pool.shift();
    this.pools.set(key, pool);
  }

  pick(key: string, index: number, statuses?: ReadonlySet<string>): string | undefined {
    const pool = this.pools.get(key) ?? [];
    const fit = statuses ? pool.filter((value) => statuses.has(this.status.get(value) ?? '')) : [];
    const from = fit.length > 0 ? fit : pool;
    return from.length > 0 ? from[index % from.length] : undefined;
  }

  /** Learns from a Location header, a page of items and any field named like a path parameter. */
  harvest(template: string, location: string | undefined, body: unknown): void {
    const match = location ? /\/([^/]+)\/([^/?]+)$/.exec(location) : null;
    if (match) this.add(match[1], decodeURIComponent(match[2]));
    const collection = /\/([^/{}]+)$/.exec(template)?.[1];
    const items = (body as { items?: unknown })?.items;
    if (collection && Array.isArray(items))
      for (const item of items.slice(0, 20) as { id?: unknown; status?: unknown }[]) {
        if (typeof item?.id !== 'string') continue;
        this.add(collection, item.id);
        if (typeof item.status === 'string') this.status.set(item.id, item.status);
      }
    const pending: unknown[] = [body];
    let visited = 0;
    while (pending.length > 0 && visited < 500) {
      const next = pending.pop();
      visited += 1;
      if (Array.isArray(next)) pending.push(...next.slice(0, 20));
      else if (next !== null && typeof next === 'object')
        for (const [name, value] of Object.entries(next)) {
          if (typeof value === 'string' && name !== 'id' && this.paramNames.includes(name))
            this.add(name, value);
          else if (typeof value === 'object') pending.push(value);
        }
    }
  }
}

/** Which pool a path parameter draws from: ids by the collection they sit under, others by name. */
function poolKey(template: string, name: string): string {
  if (name !== 'id') return name;
  return new RegExp(`/([^/{}]+)/\\{${name}\\}`).exec(template)?.[1] ?? name;
}

interface Counts {
  requests: number;
  acceptedWrites: number;
  readonly statuses: Map<number, number>;
  readonly byOperation: Map<string, Map<number, number>>;
  readonly triples: Set<string>;
  /** Problem types answered to requests that were meant to be valid, per operation. */
  readonly validRefusals: Map<string, Map<string, number>>;
}

/** A fuzzing session against one running app: seeds it, generates, judges, counts. */
export class HttpFuzzer {
  private readonly http: Http;
  private readonly minter: ReturnType<typeof tokenMinter>;
  private readonly tokens = new Map<string, string | undefined>();
  private readonly findings = new Map<string, Finding>();
  private readonly usedKeys = new Set<string>();
  private readonly accepted = new Map<string, Persona[]>();
  private readonly okStatuses = new Map<string, Set<string>>();
  private readonly counts: Counts = {
    requests: 0,
    acceptedWrites: 0,
    statuses: new Map(),
    byOperation: new Map(),
    triples: new Set(),
    validRefusals: new Map(),
  };
  private operations: Operation[] = [];
  private pools!: Pools;
  private sequence = 0;
  /**
   * Approved proposals with a benefit plan: their keys, and per key the evidence recorded for it.
   * A benefit route's key and evidence id belong to its proposal, so a path drawn from the pools
   * independently would almost never name all three together.
   */
  private readonly plans = new Map<string, Map<string, string[]>>();

  constructor(private readonly testApp: TestApp) {
    this.http = request(testApp.app.getHttpServer());
    this.minter = tokenMinter(testApp.config);
  }

  /** Reads the document the app serves and seeds the ledger so valid requests get deep. */
  async prepare(): Promise<Operation[]> {
    const document = (await this.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    this.operations = operationsOf(document).filter((operation) =>
      operation.template.startsWith('/api/'),
    );
    const paramNames = [
      ...new Set(this.operations.flatMap((operation) => operation.pathParams.map((p) => p.name))),
    ];
    this.pools = new Pools(paramNames);
    for (const year of ['2026-27', '2027-28', '2025-26']) this.pools.add('fiscalYear', year);
    await this.seed();
    await this.sendDocumentedExamples();
    return this.operations;
  }

  async run(
    seed: number,
    milliseconds: number,
    log: (line: string) => void = () => undefined,
  ): Promise<FuzzReport> {
    const started = this.counts.requests;
    this.findings.clear();
    const deadline = Date.now() + milliseconds;
    const arb = requestArb(this.operations);
    // Chunks with derived seeds rather than fast-check's time limit: an interrupted run would leave
    // its request in flight, appending behind the next run's back.
    for (let chunk = 0; Date.now() < deadline; chunk += 1) {
      await fc.assert(
        fc.asyncProperty(arb, async (fuzz) => {
          if (Date.now() > deadline) return true;
          await this.exchange(fuzz);
          const sent = this.counts.requests - started;
          if (sent % RESEED_EVERY === 0) {
            await this.seed();
            log(`  ${sent} requests, ${this.distinctFindings().length} distinct findings`);
          }
          return true;
        }),
        { seed: seed + chunk, numRuns: CHUNK },
      );
    }
    await this.verifyChain('end of run');
    return { seed, requests: this.counts.requests - started, findings: this.distinctFindings() };
  }

  distinctFindings(): Finding[] {
    return [...this.findings.values()];
  }

  /** Coverage and the status histogram, as lines to print. */
  report(): string[] {
    const kinds = new Set<string>();
    const roles = new Set<string>();
    const operations = new Set<string>();
    for (const triple of this.counts.triples) {
      const [operation, role, kind] = triple.split('|');
      operations.add(operation);
      roles.add(role);
      kinds.add(kind);
    }
    const allRoles = new Set(PERSONAS.map((persona) => persona.role));
    const possible = this.operations.reduce(
      (sum, operation) =>
        sum + allRoles.size * MUTATION_KINDS.filter((kind) => applicable(operation, kind)).length,
      0,
    );
    const histogram = [...this.counts.statuses.entries()].sort(([a], [b]) => a - b);
    const unreached = this.operations
      .filter(
        (operation) =>
          ![...(this.counts.byOperation.get(operation.id)?.keys() ?? [])].some(
            (status) => status < 300,
          ),
      )
      .map((operation) => {
        const refusals = [...(this.counts.validRefusals.get(operation.id)?.entries() ?? [])]
          .sort(([, a], [, b]) => b - a)
          .slice(0, 4)
          .map(([type, count]) => `${type} x${count}`);
        return `${operation.id} (${refusals.join(', ')})`;
      });
    return [
      `requests: ${this.counts.requests} (accepted writes: ${this.counts.acceptedWrites})`,
      `operations hit: ${operations.size}/${this.operations.length}; roles: ${roles.size}/${allRoles.size} (${[...roles].sort().join(', ')}); mutation kinds: ${kinds.size}/${MUTATION_KINDS.length}`,
      `routes x roles x mutation kinds: ${this.counts.triples.size} of ${possible} applicable combinations`,
      `status codes: ${histogram.map(([status, count]) => `${status}: ${count}`).join(', ')}`,
      `operations never answered 2xx (their valid requests' refusals): ${unreached.length === 0 ? 'none' : unreached.join('; ')}`,
      `2xx answers per operation: ${this.operations
        .map((operation) => {
          const statuses = [...(this.counts.byOperation.get(operation.id)?.entries() ?? [])];
          const ok = statuses.reduce((sum, [status, n]) => sum + (status < 300 ? n : 0), 0);
          const all = statuses.reduce((sum, [, n]) => sum + n, 0);
          return `${operation.id} ${ok}/${all}`;
        })
        .join(', ')}`,
    ];
  }

  private async bearer(persona: Persona): Promise<string | undefined> {
    if (!this.tokens.has(persona.name))
      this.tokens.set(persona.name, await persona.authorization(this.minter));
    return this.tokens.get(persona.name);
  }

  /** Read in process, not over HTTP: it is asked twice per request, and the store is the truth. */
  private async head(): Promise<ChainHead> {
    return this.testApp.app.get<EventStore>(EVENT_STORE).readHead();
  }

  private async headPosition(): Promise<number> {
    return (await this.head()).position;
  }

  private resolvePath(fuzz: FuzzRequest, chosen: string[]): string {
    let index = 0;
    const statuses = this.okStatuses.get(fuzz.operation.id);
    const benefitRoute = fuzz.operation.template.includes('/benefits/{key}');
    return fuzz.operation.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const choice = fuzz.path[index++];
      if (choice.junk !== undefined) return choice.junk;
      const known =
        // Mostly a proposal with a plan and its own key and evidence; now and then the pools' own
        // pick, so mismatched combinations (404 benefit-not-found) are still sent.
        (benefitRoute && (choice.fit || choice.pick % 4 !== 0)
          ? this.relatedToPlan(name, chosen, choice.pick)
          : undefined) ??
        this.pools.pick(
          poolKey(fuzz.operation.template, name),
          choice.pick,
          choice.fit ? statuses : undefined,
        );
      if (known !== undefined) chosen.push(known);
      const parameter = fuzz.operation.pathParams.find((p) => p.name === name);
      return encodeURIComponent(
        known ?? String(parameter?.example ?? parameter?.schema?.example ?? randomUUID()),
      );
    });
  }

  /** On a benefit route: a proposal with a plan, one of its keys, evidence recorded for that key. */
  private relatedToPlan(name: string, chosen: readonly string[], pick: number): string | undefined {
    const from = (values: readonly string[]) =>
      values.length > 0 ? values[pick % values.length] : undefined;
    if (name === 'id') return from([...this.plans.keys()]);
    const plan = this.plans.get(chosen[0]);
    if (name === 'key') return plan ? from([...plan.keys()]) : undefined;
    if (name === 'evidenceId') return from(plan?.get(chosen[1]) ?? []);
    return undefined;
  }

  private learnEvidence(proposalId: string, key: string, evidenceId: string): void {
    const plan = this.plans.get(proposalId);
    if (plan?.has(key)) plan.get(key)!.push(evidenceId);
    this.pools.add('evidenceId', evidenceId);
  }

  /**
   * A query parameter listing ids (`ids` of GET /scenarios/compare) gets ids the ledger holds, from
   * the pool of the collection it sits under, when the generator chose its documented example.
   */
  private resolveQuery(fuzz: FuzzRequest): [string, string][] {
    return fuzz.query.map(([name, value]) => {
      const parameter = fuzz.operation.queryParams.find((p) => p.name === name);
      const example = parameter?.example ?? parameter?.schema?.example;
      if (name !== 'ids' || example === undefined || value !== String(example))
        return [name, value];
      const collection = /^\/api\/v1\/([^/{}]+)/.exec(fuzz.operation.template)?.[1] ?? name;
      const count = 2 + (this.sequence % 3);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = this.pools.pick(collection, this.sequence + i * 7);
        if (id !== undefined && !ids.includes(id)) ids.push(id);
      }
      return [name, ids.length >= 2 ? ids.join(',') : value];
    });
  }

  /** The resource a path sits on, read by someone who may read anything. */
  private async readResource(path: string): Promise<request.Response> {
    const resource = /^(\/api\/v1\/[^/]+(?:\/[^/]+)?)/.exec(path)?.[1] ?? path;
    // X-Min-Position, or the ETag could be the read model's older version and earn a 412.
    return this.http
      .get(resource)
      .set('X-Min-Position', String(await this.headPosition()))
      .set('Authorization', (await this.bearer(PERSONAS.find((p) => p.name === 'everyone')!))!);
  }

  /** The current version of what a write path names: the ETag of the resource it sits on. */
  private async currentEtag(path: string): Promise<string> {
    return String((await this.readResource(path)).headers.etag ?? '"0"');
  }

  private async refreshStatus(path: string): Promise<void> {
    const { body } = await this.readResource(path);
    if (typeof body?.id === 'string' && typeof body?.status === 'string')
      this.pools.status.set(body.id, body.status);
  }

  private async exchange(generated: FuzzRequest): Promise<void> {
    const fuzz = { ...generated, persona: this.personaFor(generated) };
    const requestId = `fuzz-${++this.sequence}`;
    const chosen: string[] = [];
    const path = this.resolvePath(fuzz, chosen);
    const statusBefore = chosen.length > 0 ? this.pools.status.get(chosen[0]) : undefined;
    const search = this.resolveQuery(fuzz)
      .map(
        ([name, value]) =>
          `${encodeURIComponent(wellFormed(name))}=${encodeURIComponent(wellFormed(value))}`,
      )
      .join('&');
    const url = search === '' ? path : `${path}?${search}`;
    const before = await this.head();
    const headBefore = before.position;
    const headers: Record<string, string> = { 'X-Request-Id': requestId };
    let minPositionBeyondHead = false;
    for (const [name, choice] of Object.entries(fuzz.headers)) {
      if (name === 'Content-Type' && fuzz.body === undefined) continue;
      if ('text' in choice) headers[name] = choice.text;
      else if ('beyondHead' in choice) {
        headers[name] = String(headBefore + 1000);
        minPositionBeyondHead = true;
      } else if (choice.current === 'head') headers[name] = String(headBefore);
      else headers[name] = await this.currentEtag(path);
    }
    const authorization = await this.bearer(fuzz.persona);
    if (authorization) headers.Authorization = authorization;
    const key = headers['Idempotency-Key'];
    const keyReused = key !== undefined && this.usedKeys.has(key);
    if (key !== undefined) this.usedKeys.add(key);

    const call = this.http[fuzz.operation.method.toLowerCase() as 'get'](url).timeout(30_000);
    for (const [name, value] of Object.entries(headers)) call.set(name, value);
    const response = await (fuzz.body === undefined ? call : call.send(fuzz.body));
    const headAfter = await this.headPosition();
    this.count(fuzz, response.status);
    if (response.status < 300 && statusBefore !== undefined) {
      const statuses = this.okStatuses.get(fuzz.operation.id) ?? new Set<string>();
      this.okStatuses.set(fuzz.operation.id, statuses.add(statusBefore));
    }
    if (response.status < 300 && headAfter > headBefore && chosen.length > 0)
      await this.refreshStatus(path);
    if (
      fuzz.operation.id === 'recordBenefitEvidence' &&
      response.status < 300 &&
      typeof response.body?.id === 'string' &&
      chosen.length === 2
    )
      this.learnEvidence(chosen[0], chosen[1], response.body.id);
    if (fuzz.kind === 'valid' && response.status >= 400) {
      const types = this.counts.validRefusals.get(fuzz.operation.id) ?? new Map<string, number>();
      const type = `${response.status} ${String(response.body?.type ?? '')
        .split('/')
        .pop()}`;
      types.set(type, (types.get(type) ?? 0) + 1);
      this.counts.validRefusals.set(fuzz.operation.id, types);
    }

    const sent = [url, path, ...fuzz.query.flat(), ...Object.values(headers)];
    if (fuzz.body !== undefined) sent.push(fuzz.body, ...stringsIn(safeParse(fuzz.body)));
    const note = (verdicts: readonly Verdict[]) => {
      for (const verdict of verdicts) this.note(verdict, fuzz, url, headers, response);
    };
    note(
      judge({
        method: fuzz.operation.method,
        secured: fuzz.operation.secured,
        signedIn: fuzz.persona.person !== null,
        status: response.status,
        headers: response.headers,
        text: response.text ?? '',
        sent,
        headBefore,
        headAfter,
        minPositionBeyondHead,
      }),
    );
    if (response.status < 300 && String(response.headers['content-type'] ?? '').includes('json'))
      this.pools.harvest(fuzz.operation.template, response.headers.location, response.body);
    if (isWrite(fuzz.operation) && response.status < 300) {
      if (headAfter > headBefore) this.counts.acceptedWrites += 1;
      const events = headAfter > headBefore ? await this.eventsAfter(headBefore, headAfter) : [];
      note(
        judgeAcceptedWrite({
          answer: response.body,
          requestId,
          actorId: fuzz.persona.person?.sub ?? '(none)',
          idempotencyKeyReused: keyReused,
          headBefore,
          headAfter,
          events,
          previousHash: before.hash,
        }),
      );
      if (headAfter > headBefore && this.counts.acceptedWrites % FULL_VERIFY_EVERY === 0)
        await this.verifyChain(`after ${fuzz.operation.id}`, fuzz, url, headers, response);
    }
  }

  private async eventsAfter(after: number, head: number): Promise<LogEvent[]> {
    const response = await this.http
      .get('/api/v1/audit/events')
      .query({ after, limit: Math.min(100, head - after) })
      .set('Authorization', (await this.bearer(PERSONAS.find((p) => p.name === 'auditor')!))!);
    return (response.body?.events ?? []) as LogEvent[];
  }

  private async verifyChain(
    when: string,
    fuzz?: FuzzRequest,
    url?: string,
    headers?: Record<string, string>,
    answer?: request.Response,
  ): Promise<void> {
    const response = await this.http
      .get('/api/v1/audit/verify')
      .set('Authorization', (await this.bearer(PERSONAS.find((p) => p.name === 'auditor')!))!);
    const head = await this.headPosition();
    if (
      response.status !== 200 ||
      response.body.ok !== true ||
      response.body.headPosition !== head
    ) {
      const finding: Finding = {
        fault: `hash chain does not verify ${when}: ${response.text.slice(0, 200)}`,
        operation: fuzz?.operation.id ?? '(end)',
        status: answer?.status ?? response.status,
        request: fuzz && url && headers ? describe(fuzz, url, headers) : '',
        answer: answer?.text?.slice(0, 300) ?? '',
        count: 1,
      };
      this.findings.set(finding.fault, finding);
    }
  }

  private personaFor(fuzz: FuzzRequest): Persona {
    const fit = this.accepted.get(fuzz.operation.id);
    if (fuzz.fitPersona === null || !fit || fit.length === 0) return fuzz.persona;
    return fit[fuzz.fitPersona % fit.length];
  }

  private count(fuzz: FuzzRequest, status: number): void {
    if (status < 300) {
      const fit = this.accepted.get(fuzz.operation.id) ?? [];
      if (!fit.includes(fuzz.persona)) fit.push(fuzz.persona);
      this.accepted.set(fuzz.operation.id, fit);
    }
    this.counts.requests += 1;
    this.counts.statuses.set(status, (this.counts.statuses.get(status) ?? 0) + 1);
    const byStatus = this.counts.byOperation.get(fuzz.operation.id) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.counts.byOperation.set(fuzz.operation.id, byStatus);
    this.counts.triples.add(`${fuzz.operation.id}|${fuzz.persona.role}|${fuzz.kind}`);
  }

  private note(
    verdict: Verdict,
    fuzz: FuzzRequest,
    url: string,
    headers: Record<string, string>,
    response: request.Response,
  ): void {
    const key = `${verdict.fault.replace(/\d+/g, 'N')} | ${fuzz.operation.id} | ${response.status}`;
    const existing = this.findings.get(key);
    if (existing) {
      existing.count += 1;
      return;
    }
    this.findings.set(key, {
      fault: verdict.fault,
      ...(verdict.known ? { known: verdict.known } : {}),
      operation: fuzz.operation.id,
      status: response.status,
      request: describe(fuzz, url, headers),
      answer: (response.text ?? '').slice(0, 300),
      count: 1,
    });
  }

  /** Proposals in every status, budgets and a policy: the state valid requests need to get deep. */
  private async seed(): Promise<void> {
    const write = async (
      method: 'post' | 'put',
      path: string,
      by: Person,
      body?: object,
      version?: number,
    ) => {
      const call = this.http[method](path).set('Authorization', await this.minter.bearer(by, '4h'));
      if (version !== undefined) call.set('If-Match', `"${version}"`);
      const response = await (body === undefined ? call : call.send(body));
      if (response.status >= 300)
        throw new Error(`seeding ${method} ${path}: ${response.status} ${response.text}`);
      return response.body as { id: string; version: number };
    };
    await write('put', '/api/v1/policy', people.admin, {
      delegation: [
        { authority: 'chief-officer', upTo: '100000.00' },
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
    });
    for (const year of ['2026-27', '2027-28'])
      await write(
        'put',
        `/api/v1/budgets/${year}`,
        people.finance,
        aBudgetBody({ capitalEnvelope: '90000000.00' }),
      );
    const seeded: string[] = [];
    const draft = async (overrides: Record<string, unknown> = {}, by: Person = people.proposer) => {
      const { id } = await write(
        'post',
        '/api/v1/proposals',
        by,
        aDraftBody({ fiscalYear: FISCAL_YEAR, ...overrides }),
      );
      this.pools.add('proposals', id);
      seeded.push(id);
      return id;
    };
    const submitted = async (overrides: Record<string, unknown> = {}) => {
      const id = await draft(overrides);
      await write('post', `/api/v1/proposals/${id}/submit`, people.proposer);
      return id;
    };
    const reviewed = async (overrides: Record<string, unknown> = {}) => {
      const id = await submitted(overrides);
      await write(
        'post',
        `/api/v1/proposals/${id}/reviews`,
        people.financialReviewer,
        aReviewBody({ kind: 'financial' }),
      );
      const { version } = await write(
        'post',
        `/api/v1/proposals/${id}/reviews`,
        people.technicalReviewer,
        aReviewBody({ kind: 'technical' }),
      );
      return { id, version };
    };
    await draft();
    await draft({ department: 'Adult Social Care', category: 'security', statutory: true });
    await draft({ title: 'Drafted by someone with every role' }, everyone);
    const returnedOwn = await draft({ department: 'Libraries' }, everyone);
    await write('post', `/api/v1/proposals/${returnedOwn}/submit`, everyone);
    await write('post', `/api/v1/proposals/${returnedOwn}/return`, people.board, {
      reason: 'Costs.',
    });
    await submitted();
    await reviewed();
    await reviewed({ capitalCost: '90000.00', annualRevenueCost: '0.00', department: 'Highways' });
    const returned = await submitted();
    await write('post', `/api/v1/proposals/${returned}/return`, people.board, {
      reason: 'Needs a do-minimum option.',
    });
    const withdrawn = await draft();
    await write('post', `/api/v1/proposals/${withdrawn}/withdraw`, people.proposer, {
      reason: 'Superseded.',
    });
    const approved = await reviewed();
    await write(
      'post',
      `/api/v1/proposals/${approved.id}/decision`,
      people.board,
      // The fuzzer may have adopted a scenario that did not select this proposal; a reason is then
      // required, and is ignored while none is adopted.
      { ...anApprovalBody(), departureReason: 'Seeded by the fuzzer.' },
      approved.version,
    );
    await write('post', `/api/v1/proposals/${approved.id}/benefits`, people.finance, {
      period: '2027-28',
      cashableSaving: '38000.00',
      nonCashableBenefit: '9000.00',
      note: 'Two posts released.',
    });
    // An approved proposal with a benefit plan and evidence awaiting validation, for the benefit
    // routes; evidence by its proposer, so finance (or anyone but the proposer) may validate it.
    const plan = [
      {
        key: 'licence-savings',
        description: 'Retire the old licences',
        type: 'cash-releasing',
        owner: 'Head of ICT',
        measure: 'Licence invoices no longer paid',
        forecast: [
          { fiscalYear: '2026-27', amount: '30000.00' },
          { fiscalYear: '2027-28', amount: '40000.00' },
        ],
      },
      {
        key: 'staff-time',
        description: 'Less rework',
        type: 'non-cash-releasing',
        owner: 'Service manager',
        measure: 'Hours of rework',
        forecast: [{ fiscalYear: '2026-27', amount: '8000.00' }],
      },
    ];
    const planned = await reviewed({ benefitPlan: plan, title: 'Approved with a benefit plan' });
    await write(
      'post',
      `/api/v1/proposals/${planned.id}/decision`,
      people.board,
      { ...anApprovalBody(), departureReason: 'Seeded by the fuzzer.' },
      planned.version,
    );
    this.plans.set(planned.id, new Map(plan.map((benefit) => [benefit.key, [] as string[]])));
    for (const benefit of plan) {
      this.pools.add('key', benefit.key);
      const { id } = await write(
        'post',
        `/api/v1/proposals/${planned.id}/benefits/${benefit.key}/evidence`,
        people.proposer,
        { period: '2026-27', amount: '25000.00', evidence: 'Invoices for the year.' },
      );
      this.learnEvidence(planned.id, benefit.key, id);
    }
    // Two scenarios of the year, so comparing them can succeed. Not fatal when refused: proposals
    // the fuzzer submitted (statutory ones over the budget) can make a scenario 422, as they should.
    for (const [name, budget] of [
      ['Envelope as set', '2000000.00'],
      ['Envelope cut by 15%', '1700000.00'],
    ]) {
      const response = await this.http
        .post('/api/v1/scenarios')
        .set('Authorization', await this.minter.bearer(people.finance, '4h'))
        .send({ fiscalYear: FISCAL_YEAR, name, budget });
      if (response.status < 300) this.pools.add('scenarios', response.body.id as string);
    }
    const rejected = await reviewed();
    await write(
      'post',
      `/api/v1/proposals/${rejected.id}/decision`,
      people.board,
      { outcome: 'rejected', authority: 'investment-board', reason: 'Not evidenced.' },
      rejected.version,
    );
    const deferred = await reviewed();
    await write(
      'post',
      `/api/v1/proposals/${deferred.id}/decision`,
      people.board,
      {
        outcome: 'deferred',
        authority: 'investment-board',
        reason: 'Wait.',
        deferredUntil: '2099-01-15',
      },
      deferred.version,
    );
    for (const id of seeded) await this.refreshStatus(`/api/v1/proposals/${id}`);
  }

  /**
   * Every write without a path parameter, with each of its documented examples, sent once by someone
   * with every role: routes added after this harness (scenarios, notices) get resources to aim at.
   */
  private async sendDocumentedExamples(): Promise<void> {
    const bearer = (await this.bearer(PERSONAS.find((persona) => persona.name === 'everyone')!))!;
    for (const operation of this.operations) {
      if (!isWrite(operation) || operation.pathParams.length > 0 || operation.id === 'adoptPolicy')
        continue;
      for (const example of operation.examples) {
        const response = await this.http[operation.method.toLowerCase() as 'post'](
          operation.template,
        )
          .set('Authorization', bearer)
          .send(example as object);
        if (response.status < 300)
          this.pools.harvest(operation.template, response.headers.location, response.body);
      }
    }
  }
}

function applicable(operation: Operation, kind: MutationKind): boolean {
  switch (kind) {
    case 'path-param':
      return operation.pathParams.length > 0;
    case 'query':
      return operation.queryParams.length > 0;
    case 'valid':
    case 'headers':
      return true;
    case 'unexpected-body':
      return operation.method !== 'GET' && operation.body === null;
    case 'malformed-body':
      return operation.method !== 'GET';
    default:
      return operation.body !== null;
  }
}

function safeParse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function describe(fuzz: FuzzRequest, url: string, headers: Record<string, string>): string {
  const shown = Object.entries(headers)
    .filter(([name]) => name !== 'Authorization' && name !== 'X-Request-Id')
    .map(([name, value]) => `${name}: ${JSON.stringify(value.slice(0, 60))}`)
    .join(', ');
  const body = fuzz.body === undefined ? '' : ` body: ${JSON.stringify(fuzz.body.slice(0, 240))}`;
  return `${fuzz.operation.method} ${url.slice(0, 200)} as ${fuzz.persona.name} (${fuzz.kind}) [${shown}]${body}`;
}
