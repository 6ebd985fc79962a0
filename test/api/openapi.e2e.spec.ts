import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aReviewBody,
  people,
  startTestApp,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';
import { OPENAPI_FILE, openApiText } from '../../apps/api/src/write-openapi';

const BENEFIT = {
  key: 'licence-savings',
  description: 'Retire the legacy licences',
  type: 'cash-releasing',
  owner: 'Head of Revenues',
  measure: 'Invoices no longer paid',
  forecast: [{ fiscalYear: '2026-27', amount: '1000.00' }],
};

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
};
type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: Schema;
};
type MediaType = {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
};
type Operation = {
  operationId?: string;
  tags?: string[];
  security?: Record<string, unknown>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<
    string,
    { content?: Record<string, MediaType>; headers?: Record<string, unknown> }
  >;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, Record<string, string>>;
  };
};
type Call = { method: string; path: string; operation: Operation };

const ENV = { LEDGER_RATE_LIMIT: '100000' };
const API = '/api/v1/';
const WRITE_METHODS = ['post', 'put', 'patch'];

function callsOf(document: Document): Call[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith(API))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ method, path, operation })),
    );
}

const nameOf = (call: Call) => `${call.method.toUpperCase()} ${call.path}`;

function resolve(document: Document, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  return resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]);
}

/** What Swagger UI puts in the body when the operation gives no example of its own. */
function sampleOf(document: Document, given: Schema): unknown {
  const schema = resolve(document, given);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.oneOf) return sampleOf(document, schema.oneOf[0]);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((part) => sampleOf(document, part)));
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([name, property]) => [
        name,
        sampleOf(document, property),
      ]),
    );
  }
  if (schema.type === 'array') return [sampleOf(document, schema.items ?? {})];
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 0;
  if (schema.type === 'boolean') return true;
  return 'string';
}

function exampleBodies(document: Document, operation: Operation): [string, unknown][] {
  const json = operation.requestBody?.content['application/json'];
  if (!json) return [];
  if (json.examples)
    return Object.entries(json.examples).map(([name, example]) => [name, example.value]);
  if (json.example !== undefined) return [['example', json.example]];
  return [['generated', sampleOf(document, json.schema ?? {})]];
}

function exampleOf(parameter: Parameter): unknown {
  return parameter.example ?? parameter.schema?.example;
}

describe('the OpenAPI document', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let document: Document;
  let calls: Call[];

  beforeAll(async () => {
    testApp = await startTestApp('sqlite', createApp, ENV);
    http = request(testApp.app.getHttpServer());
    document = (await http.get('/docs-json').expect(200)).body;
    calls = callsOf(document);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it(`is the one committed as ${OPENAPI_FILE}`, () => {
    const committed = readFileSync(join(__dirname, '../..', OPENAPI_FILE), 'utf8');
    const drifted = Object.keys({ ...document.paths, ...JSON.parse(committed).paths }).filter(
      (path) =>
        JSON.stringify(document.paths[path]) !== JSON.stringify(JSON.parse(committed).paths[path]),
    );
    if (openApiText(document) !== committed) {
      throw new Error(
        `${OPENAPI_FILE} is not the document the app serves (paths that differ: ${drifted.join(', ') || 'none; components or info differ'}). ` +
          'Run `npm run openapi` and commit the result.',
      );
    }
  });

  it('gives every operation a unique operationId a client generator can name a method after', () => {
    const ids = calls.map((call) => call.operation.operationId);
    expect(
      calls
        .filter((call) => !/^[a-z][A-Za-z]+$/.test(call.operation.operationId ?? ''))
        .map(nameOf),
    ).toEqual([]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(ids).toEqual(
      expect.arrayContaining([
        'draftProposal',
        'amendProposal',
        'submitProposal',
        'withdrawProposal',
        'recordReview',
        'declareConflict',
        'returnProposal',
        'decideProposal',
        'recordBenefits',
        'listProposals',
        'readProposal',
        'readProposalHistory',
        'setBudget',
        'readBudget',
        'adoptPolicy',
        'readPolicy',
        'readPortfolioSummary',
        'readPriorities',
      ]),
    );
  });

  it('gives every operation a success answer with a schema', () => {
    const withoutSchema = calls.filter(
      (call) =>
        !Object.entries(call.operation.responses).some(
          ([status, response]) =>
            /^2\d\d$/.test(status) &&
            Object.values(response.content ?? {}).some((media) => media.schema !== undefined),
        ),
    );
    expect(withoutSchema.map(nameOf)).toEqual([]);
  });

  it('documents 401 behind a token, 429 and 503 everywhere, 413 wherever a body is taken, as problem+json', () => {
    const missing = calls.flatMap((call) => {
      const expected = [
        ...(call.operation.security?.length ? ['401'] : []),
        '429',
        '503',
        ...(call.operation.requestBody ? ['400', '413'] : []),
      ];
      return expected
        .filter(
          (status) =>
            !call.operation.responses[status]?.content?.['application/problem+json']?.schema,
        )
        .map((status) => `${nameOf(call)} ${status}`);
    });
    expect(missing).toEqual([]);
  });

  /** Signing in mints a token and appends nothing: the write headers belong to the ledger's writes. */
  function appendsToTheLedger(call: Call): boolean {
    return WRITE_METHODS.includes(call.method) && !(call.operation.tags ?? []).includes('session');
  }

  it('documents the headers each operation reads and answers', () => {
    const missing: string[] = [];
    const expectHeader = (call: Call, name: string, where: 'in' | 'out', status?: string) => {
      const found =
        where === 'in'
          ? call.operation.parameters?.some(
              (parameter) => parameter.in === 'header' && parameter.name === name,
            )
          : call.operation.responses[status!]?.headers?.[name] !== undefined;
      if (!found)
        missing.push(
          `${nameOf(call)} ${where === 'in' ? 'reads' : `answers ${status} with`} ${name}`,
        );
    };
    for (const call of calls) {
      const success = Object.keys(call.operation.responses).find((status) => /^2/.test(status))!;
      if (call.operation.responses['429']) expectHeader(call, 'Retry-After', 'out', '429');
      expectHeader(call, 'Retry-After', 'out', '503');
      if (appendsToTheLedger(call)) {
        expectHeader(call, 'Idempotency-Key', 'in');
        expectHeader(call, 'ETag', 'out', success);
        if (success === '201') expectHeader(call, 'Location', 'out', success);
        if (call.operation.responses['412']) expectHeader(call, 'If-Match', 'in');
      }
    }
    for (const id of [
      'readProposal',
      'readProposalHistory',
      'readBudget',
      'readPolicy',
      'listProposals',
      'readPortfolioSummary',
      'readPriorities',
    ]) {
      const call = calls.find((candidate) => candidate.operation.operationId === id)!;
      expectHeader(call, 'ETag', 'out', '200');
    }
    for (const id of ['listProposals', 'readPortfolioSummary', 'readPriorities']) {
      expectHeader(
        calls.find((candidate) => candidate.operation.operationId === id)!,
        'X-Min-Position',
        'in',
      );
    }
    for (const id of [
      'amendProposal',
      'submitProposal',
      'recordReview',
      'returnProposal',
      'withdrawProposal',
      'decideProposal',
      'recordBenefits',
      'setBudget',
      'adoptPolicy',
    ]) {
      expectHeader(
        calls.find((candidate) => candidate.operation.operationId === id)!,
        'If-Match',
        'in',
      );
    }
    expect(missing).toEqual([]);
  });

  // approvedAmount is documented but not required: an approval at a SOC or OBC gate commits no funds.
  it('requires If-Match on a decision, and the approval shape gives approvedAmount', () => {
    const decide = calls.find((call) => call.operation.operationId === 'decideProposal')!;
    expect(decide.operation.parameters?.find((p) => p.name === 'If-Match')?.required).toBe(true);
    expect(decide.operation.responses['428']).toBeDefined();
    const approval = document.components.schemas.ApprovalRequest as Schema & {
      required?: string[];
    };
    expect(approval.required).toEqual(expect.arrayContaining(['outcome', 'authority', 'reason']));
    expect(approval.properties).toHaveProperty('approvedAmount');
    const deferral = document.components.schemas.DeferralRequest as Schema & {
      required?: string[];
    };
    expect(deferral.required).toEqual(expect.arrayContaining(['deferredUntil']));
  });

  it('leaves optional query parameters empty, so Try it out does not filter the answer away', () => {
    const prefilled = calls.flatMap((call) =>
      (call.operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query' && !parameter.required)
        .filter((parameter) => exampleOf(parameter) !== undefined)
        .map((parameter) => `${nameOf(call)} ?${parameter.name}=${String(exampleOf(parameter))}`),
    );
    expect(prefilled).toEqual([]);
  });

  it('tells the Authorize box how to get a token', () => {
    const bearer = document.components.securitySchemes.bearer;
    expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(bearer.description).toContain('npm run -s ledger -- token --sub');
    expect(bearer.description).toContain('web app');
  });

  describe('Try it out, with the examples the document gives, on a fresh ledger', () => {
    const minter = () => tokenMinter(testApp.config);
    const everyone: Person = {
      sub: 'reader-1',
      name: 'Rita Reader',
      roles: ['proposer', 'reviewer', 'board', 'finance', 'auditor', 'admin'],
      authorities: ['investment-board'],
    };
    const FISCAL_YEAR = '2026-27';

    async function send(
      method: string,
      path: string,
      person: Person,
      body?: unknown,
      ifMatch?: number,
      query: Record<string, string> = {},
    ): Promise<request.Response> {
      let call = http[method as 'post'](path)
        .query(query)
        .set('Authorization', await minter().bearer(person));
      if (ifMatch !== undefined) call = call.set('If-Match', `"${ifMatch}"`);
      return body === undefined ? call : call.send(body as object);
    }

    async function drafted(): Promise<{ id: string; version: number }> {
      // With a benefit plan whose key is the evidence routes' example.
      const response = await send(
        'post',
        `${API}proposals`,
        people.proposer,
        aDraftBody({ benefitPlan: [BENEFIT] }),
      );
      expect(response.status).toBe(201);
      return response.body;
    }

    async function submitted(): Promise<{ id: string; version: number }> {
      const { id } = await drafted();
      const response = await send('post', `${API}proposals/${id}/submit`, people.proposer);
      expect(response.status).toBe(200);
      return response.body;
    }

    async function readyForDecision(): Promise<{ id: string; version: number }> {
      const { id } = await submitted();
      let version = 0;
      for (const [kind, reviewer] of [
        ['financial', people.financialReviewer],
        ['technical', people.technicalReviewer],
      ] as const) {
        const response = await send(
          'post',
          `${API}proposals/${id}/reviews`,
          reviewer,
          aReviewBody({ kind }),
        );
        expect(response.status).toBe(200);
        version = response.body.version;
      }
      return { id, version };
    }

    async function approved(): Promise<{ id: string; version: number }> {
      const { id, version } = await readyForDecision();
      const response = await send(
        'post',
        `${API}proposals/${id}/decision`,
        people.board,
        // A scenario adopted by adoptScenario's example may have left this proposal out.
        { ...anApprovalBody(), departureReason: 'Approved outside the adopted plan' },
        version,
      );
      expect(response.status).toBe(200);
      return response.body;
    }

    /** Puts the ledger where each write's example makes sense, and names who sends it. */
    const SETTING: Record<
      string,
      () => Promise<{
        person: Person;
        id?: string;
        ifMatch?: number;
        params?: Record<string, string>;
      }>
    > = {
      setBudget: async () => ({ person: people.finance }),
      draftProposal: async () => ({ person: people.proposer }),
      amendProposal: async () => {
        const { id, version } = await drafted();
        return { person: people.proposer, id, ifMatch: version };
      },
      recordReview: async () => ({ person: people.financialReviewer, ...(await submitted()) }),
      declareConflict: async () => ({ person: people.auditor, ...(await drafted()) }),
      returnProposal: async () => ({ person: people.board, ...(await submitted()) }),
      withdrawProposal: async () => ({ person: people.proposer, ...(await drafted()) }),
      decideProposal: async () => {
        const { id, version } = await readyForDecision();
        return { person: people.board, id, ifMatch: version };
      },
      recordBenefits: async () => ({ person: people.finance, ...(await approved()) }),
      adoptPolicy: async () => ({ person: people.admin }),
      publishKeyDecisionNotice: async () => ({ person: people.board, ...(await submitted()) }),
      createScenario: async () => ({ person: people.finance }),
      adoptScenario: async () => {
        const { id, version } = await aScenario();
        return { person: people.board, id, ifMatch: version };
      },
      recordBenefitEvidence: async () => ({ person: people.finance, ...(await approved()) }),
      validateBenefitEvidence: async () => {
        const { id } = await approved();
        const evidence = await send(
          'post',
          `${API}proposals/${id}/benefits/${BENEFIT.key}/evidence`,
          people.proposer,
          { period: '2026-27', amount: '100.00', evidence: 'Invoices.' },
        );
        expect(evidence.status).toBe(200);
        return { person: people.finance, id, params: { evidenceId: evidence.body.id } };
      },
    };

    async function aScenario(): Promise<{ id: string; version: number }> {
      const body = { fiscalYear: FISCAL_YEAR, name: 'Try it out', budget: '1000000.00' };
      const response = await send('post', `${API}scenarios`, people.finance, body);
      expect(response.status).toBe(201);
      return response.body;
    }

    beforeAll(async () => {
      const response = await send(
        'put',
        `${API}budgets/${FISCAL_YEAR}`,
        people.finance,
        aBudgetBody({ capitalEnvelope: '9000000.00' }),
      );
      expect(response.status).toBe(200);
    });

    function pathFor(
      call: Call,
      id: string | undefined,
      params: Record<string, string> = {},
    ): string {
      return call.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === 'id') return id ?? '';
        if (params[name] !== undefined) return params[name];
        const parameter = call.operation.parameters?.find(
          (p) => p.in === 'path' && p.name === name,
        );
        return String(parameter && exampleOf(parameter));
      });
    }

    it('records every example body of every write as sent (policy last: it changes the rules)', async () => {
      const writes = calls
        .filter((call) => call.operation.requestBody && appendsToTheLedger(call))
        .sort(
          (a, b) =>
            Number(a.operation.operationId === 'adoptPolicy') -
            Number(b.operation.operationId === 'adoptPolicy'),
        );
      expect(writes.filter((call) => !SETTING[call.operation.operationId!]).map(nameOf)).toEqual(
        [],
      );
      const refused: string[] = [];
      for (const call of writes) {
        for (const [name, body] of exampleBodies(document, call.operation)) {
          const { person, id, ifMatch, params } = await SETTING[call.operation.operationId!]();
          const response = await send(
            call.method,
            pathFor(call, id, params),
            person,
            body,
            ifMatch,
          );
          if (response.status < 200 || response.status > 299)
            refused.push(
              `${call.operation.operationId} (${name}): ${response.status} ${response.body?.detail}`,
            );
        }
      }
      expect(refused).toEqual([]);
    });

    it('answers every read, given only its required parameters with their examples', async () => {
      const { id } = await approved();
      // Scenario reads need scenarios that exist: their ids cannot be examples.
      const scenarios = [(await aScenario()).id, (await aScenario()).id];
      const reads = calls.filter((call) => call.method === 'get');
      const failed: string[] = [];
      for (const call of reads) {
        const query = Object.fromEntries(
          (call.operation.parameters ?? [])
            .filter((parameter) => parameter.in === 'query' && parameter.required)
            .map((parameter) => [parameter.name, String(exampleOf(parameter))]),
        );
        if (call.operation.operationId === 'compareScenarios') query.ids = scenarios.join(',');
        const response = await send(
          'get',
          pathFor(call, call.path.includes('/scenarios/') ? scenarios[0] : id),
          everyone,
          undefined,
          undefined,
          query,
        );
        if (response.status !== 200)
          failed.push(`${call.operation.operationId}: ${response.status} ${response.body?.detail}`);
      }
      expect(failed).toEqual([]);
    });
  });
});
