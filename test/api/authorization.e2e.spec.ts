import type { Response } from 'supertest';
import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aPolicyBody,
  aReviewBody,
  databaseKindsUnderTest,
  expectProblem,
  ledgerOverHttp,
  people,
  type Person,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const ROLES = ['proposer', 'reviewer', 'board', 'finance', 'auditor', 'admin'] as const;
type Role = (typeof ROLES)[number];

// One person per role, none holding a second role, so a pass can only come from the role asked about.
const HOLDER: Record<Role, Person> = {
  proposer: people.proposer,
  reviewer: people.financialReviewer,
  board: people.board,
  finance: people.finance,
  auditor: people.auditor,
  admin: people.admin,
};

const EVERY_ROLE: readonly Role[] = ROLES;
const HISTORY_READERS: readonly Role[] = ['auditor', 'admin', 'board', 'finance'];
const FISCAL_YEAR = '2026-27';
const BUDGET_YEAR = '2031-32';

/** The state a route needs its proposal in for the allowed role's request to be valid. */
type Seed =
  'none' | 'draft' | 'submitted' | 'reviewed' | 'approved' | 'scenario' | 'scenarios' | 'evidenced';

interface Seeded {
  readonly id: string;
  readonly version: number;
  /** The proposer's evidence of the plan's benefit, for the 'evidenced' seed. */
  readonly evidenceId?: string;
}

const BENEFIT_PLAN = [
  {
    key: 'licence-savings',
    description: 'Retire the legacy licences',
    type: 'cash-releasing',
    owner: 'Head of Revenues',
    measure: 'Invoices no longer paid',
    forecast: [{ fiscalYear: FISCAL_YEAR, amount: '1000.00' }],
  },
];
const EVIDENCE = { period: FISCAL_YEAR, amount: '900.00', evidence: 'Invoices stopped.' };

interface RouteCase {
  readonly action: string;
  readonly method: 'get' | 'post' | 'put' | 'patch';
  readonly path: (seeded: Seeded) => string;
  readonly body?: () => Record<string, unknown>;
  readonly ifMatch?: boolean;
  readonly seed: Seed;
  /** The roles API.md's table allows; every other role must get 403 role-required. */
  readonly allowed: readonly Role[];
}

const DEFAULT_POLICY = aPolicyBody({ discountRate: '0.035' });

/** API.md's roles table, route by route. */
const ROUTES: readonly RouteCase[] = [
  {
    action: 'draft a proposal',
    method: 'post',
    path: () => '/api/v1/proposals',
    body: () => aDraftBody({ fiscalYear: FISCAL_YEAR }),
    seed: 'none',
    allowed: ['proposer'],
  },
  {
    action: 'amend a proposal',
    method: 'patch',
    path: ({ id }) => `/api/v1/proposals/${id}`,
    body: () => ({ title: 'Replace the revenues and benefits system (phase 1)' }),
    ifMatch: true,
    seed: 'draft',
    allowed: ['proposer'],
  },
  {
    action: 'submit a proposal',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/submit`,
    ifMatch: true,
    seed: 'draft',
    allowed: ['proposer'],
  },
  {
    action: 'withdraw a proposal',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/withdraw`,
    body: () => ({ reason: 'Superseded by a shared service.' }),
    ifMatch: true,
    seed: 'draft',
    allowed: ['proposer'],
  },
  {
    action: 'record a review',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/reviews`,
    body: () => aReviewBody({ kind: 'financial' }),
    ifMatch: true,
    seed: 'submitted',
    allowed: ['reviewer'],
  },
  {
    action: 'declare a conflict of interest',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/conflicts`,
    body: () => ({ statement: 'My spouse works for a bidding supplier.' }),
    seed: 'submitted',
    allowed: EVERY_ROLE,
  },
  {
    action: 'return a proposal for revision',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/return`,
    body: () => ({ reason: 'The options appraisal needs a do-minimum option.' }),
    ifMatch: true,
    seed: 'submitted',
    allowed: ['board'],
  },
  {
    action: 'decide a proposal',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/decision`,
    body: () => anApprovalBody({ authority: 'investment-board', approvedAmount: '250000.00' }),
    ifMatch: true,
    seed: 'reviewed',
    allowed: ['board'],
  },
  {
    action: 'record realised benefits',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/benefits`,
    body: () => ({
      period: '2027-28',
      cashableSaving: '38000.00',
      nonCashableBenefit: '9000.00',
      note: 'Two posts released; licence costs down.',
    }),
    ifMatch: true,
    seed: 'approved',
    allowed: ['finance'],
  },
  {
    action: 'record benefit evidence',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/benefits/licence-savings/evidence`,
    body: () => EVIDENCE,
    seed: 'approved',
    allowed: ['proposer', 'finance'],
  },
  {
    action: 'validate benefit evidence',
    method: 'post',
    path: ({ id, evidenceId }) =>
      `/api/v1/proposals/${id}/benefits/licence-savings/evidence/${evidenceId}/validation`,
    body: () => ({ outcome: 'validated', note: 'Checked.' }),
    seed: 'evidenced',
    allowed: ['finance'],
  },
  {
    action: 'read the benefits of a period',
    method: 'get',
    path: () => `/api/v1/portfolio/benefits?fiscalYear=${FISCAL_YEAR}`,
    seed: 'none',
    allowed: EVERY_ROLE,
  },
  {
    action: "set a fiscal year's budget",
    method: 'put',
    path: () => `/api/v1/budgets/${BUDGET_YEAR}`,
    body: () => aBudgetBody(),
    seed: 'none',
    allowed: ['finance', 'admin'],
  },
  {
    action: 'adopt a governance policy',
    method: 'put',
    path: () => '/api/v1/policy',
    body: () => DEFAULT_POLICY,
    seed: 'none',
    allowed: ['admin'],
  },
  {
    action: 'list proposals',
    method: 'get',
    path: () => `/api/v1/proposals?fiscalYear=${FISCAL_YEAR}&limit=5`,
    seed: 'none',
    allowed: EVERY_ROLE,
  },
  {
    action: 'read a proposal',
    method: 'get',
    path: ({ id }) => `/api/v1/proposals/${id}`,
    seed: 'draft',
    allowed: EVERY_ROLE,
  },
  {
    action: 'read a proposal at a log position',
    method: 'get',
    path: ({ id }) => `/api/v1/proposals/${id}?atPosition=1000000`,
    seed: 'draft',
    allowed: EVERY_ROLE,
  },
  {
    action: 'read a proposal as of a time',
    method: 'get',
    path: ({ id }) =>
      `/api/v1/proposals/${id}?asOf=${encodeURIComponent('2100-01-01T00:00:00.000Z')}`,
    seed: 'draft',
    allowed: EVERY_ROLE,
  },
  {
    action: "read a proposal's history",
    method: 'get',
    path: ({ id }) => `/api/v1/proposals/${id}/history`,
    seed: 'draft',
    allowed: HISTORY_READERS,
  },
  {
    action: 'read the portfolio summary',
    method: 'get',
    path: () => `/api/v1/portfolio/summary?fiscalYear=${FISCAL_YEAR}`,
    seed: 'none',
    allowed: EVERY_ROLE,
  },
  {
    action: 'read the priorities',
    method: 'get',
    path: () => `/api/v1/portfolio/priorities?fiscalYear=${FISCAL_YEAR}&budget=1000000.00`,
    seed: 'none',
    allowed: EVERY_ROLE,
  },
  {
    action: 'read the efficient frontier',
    method: 'get',
    path: () =>
      `/api/v1/portfolio/frontier?fiscalYear=${FISCAL_YEAR}&from=0.00&to=1000000.00&steps=3`,
    seed: 'none',
    allowed: EVERY_ROLE,
  },
  // Scenarios of a year with no proposals, so an adopted one never asks approvals for a reason.
  {
    action: 'create a scenario',
    method: 'post',
    path: () => '/api/v1/scenarios',
    body: () => ({ fiscalYear: BUDGET_YEAR, name: 'What if', budget: '500000.00' }),
    seed: 'none',
    allowed: ['finance', 'board'],
  },
  {
    action: 'list scenarios',
    method: 'get',
    path: () => `/api/v1/scenarios?fiscalYear=${BUDGET_YEAR}`,
    seed: 'none',
    allowed: EVERY_ROLE,
  },
  {
    action: 'read a scenario',
    method: 'get',
    path: ({ id }) => `/api/v1/scenarios/${id}`,
    seed: 'scenario',
    allowed: EVERY_ROLE,
  },
  {
    action: 'compare scenarios',
    method: 'get',
    path: ({ id }) => `/api/v1/scenarios/compare?ids=${id}`,
    seed: 'scenarios',
    allowed: EVERY_ROLE,
  },
  {
    action: 'adopt a scenario',
    method: 'post',
    path: ({ id }) => `/api/v1/scenarios/${id}/adoption`,
    body: () => ({ reason: 'Agreed at the board' }),
    ifMatch: true,
    seed: 'scenario',
    allowed: ['board'],
  },
  // API.md's table names no role for these two reads; they belong with the portfolio, open to all.
  {
    action: 'read the policy in force',
    method: 'get',
    path: () => '/api/v1/policy',
    seed: 'none',
    allowed: EVERY_ROLE,
  },
  {
    action: "read a fiscal year's budget",
    method: 'get',
    path: () => `/api/v1/budgets/${FISCAL_YEAR}`,
    seed: 'none',
    allowed: EVERY_ROLE,
  },
  {
    action: 'read the global log',
    method: 'get',
    path: () => '/api/v1/audit/events?after=0&limit=10',
    seed: 'none',
    allowed: HISTORY_READERS,
  },
  {
    action: 'verify the chain',
    method: 'get',
    path: () => '/api/v1/audit/verify',
    seed: 'none',
    allowed: HISTORY_READERS,
  },
  {
    action: 'check a digest',
    method: 'get',
    path: () => `/api/v1/audit/verify?position=1&hash=${'0'.repeat(64)}`,
    seed: 'none',
    allowed: HISTORY_READERS,
  },
  {
    action: 'read the digest',
    method: 'get',
    path: () => '/api/v1/audit/digest',
    seed: 'none',
    allowed: HISTORY_READERS,
  },
  {
    action: 'export the log as JSON lines',
    method: 'get',
    path: () => '/api/v1/audit/export?format=jsonl',
    seed: 'none',
    allowed: HISTORY_READERS,
  },
  {
    action: 'export the log as CSV',
    method: 'get',
    path: () => '/api/v1/audit/export?format=csv&after=1',
    seed: 'none',
    allowed: HISTORY_READERS,
  },
  {
    action: 'publish a key decision notice',
    method: 'post',
    path: ({ id }) => `/api/v1/proposals/${id}/key-decision-notice`,
    body: () => ({
      publishedOn: '2026-11-02',
      decisionDue: '2027-01-15',
      decisionMaker: 'investment-board',
      summary: 'Replacement of the revenues and benefits system.',
    }),
    ifMatch: true,
    seed: 'submitted',
    allowed: ['board', 'admin'],
  },
  {
    action: 'read the forward plan',
    method: 'get',
    path: () => '/api/v1/forward-plan?from=2026-01-01&to=2027-12-31',
    seed: 'none',
    allowed: EVERY_ROLE,
  },
];

const CASES = ROUTES.flatMap((route) =>
  ROLES.map((role) => ({ route, role, allowed: route.allowed.includes(role) })),
);
const RESTRICTED = ROUTES.filter((route) => route.allowed.length < ROLES.length);

function describeCall(route: RouteCase): string {
  const path = route
    .path({ id: '{id}', version: 0, evidenceId: '{evidenceId}' })
    .split('?')[0]
    .replace('/licence-savings/', '/{key}/')
    .replace(FISCAL_YEAR, '{fiscalYear}')
    .replace(BUDGET_YEAR, '{fiscalYear}');
  return `${route.method.toUpperCase()} ${path}`;
}

describe.each(databaseKindsUnderTest)('authorization by role (%s)', (kind) => {
  const ledger = ledgerOverHttp(kind, createApp, { env: { LEDGER_RATE_LIMIT: '1000000' } });
  const { bearer: bearerOf, mustSucceed: write } = ledger;

  async function headPosition(): Promise<number> {
    const response = await ledger.http.get('/health').expect(200);
    return response.body.headPosition;
  }

  async function seed(state: Seed): Promise<Seeded> {
    if (state === 'none') return { id: '00000000-0000-4000-8000-000000000000', version: 0 };
    if (state === 'scenario' || state === 'scenarios') {
      const body = { fiscalYear: BUDGET_YEAR, name: 'Seeded', budget: '500000.00' };
      const created = await write('post', '/api/v1/scenarios', people.finance, body);
      if (state === 'scenario') return created.body;
      const other = await write('post', '/api/v1/scenarios', people.finance, body);
      return { id: `${created.body.id},${other.body.id}`, version: 0 };
    }
    const drafted = await write(
      'post',
      '/api/v1/proposals',
      people.proposer,
      aDraftBody({ fiscalYear: FISCAL_YEAR, benefitPlan: BENEFIT_PLAN }),
    );
    const id: string = drafted.body.id;
    let version: number = drafted.body.version;
    if (state === 'draft') return { id, version };
    version = (await write('post', `/api/v1/proposals/${id}/submit`, people.proposer)).body.version;
    if (state === 'submitted') return { id, version };
    await write(
      'post',
      `/api/v1/proposals/${id}/reviews`,
      people.financialReviewer,
      aReviewBody({ kind: 'financial' }),
    );
    version = (
      await write(
        'post',
        `/api/v1/proposals/${id}/reviews`,
        people.technicalReviewer,
        aReviewBody({ kind: 'technical' }),
      )
    ).body.version;
    if (state === 'reviewed') return { id, version };
    version = (
      await write(
        'post',
        `/api/v1/proposals/${id}/decision`,
        people.board,
        anApprovalBody({ authority: 'investment-board', approvedAmount: '250000.00' }),
        version,
      )
    ).body.version;
    if (state === 'approved') return { id, version };
    const evidence = await write(
      'post',
      `/api/v1/proposals/${id}/benefits/licence-savings/evidence`,
      people.proposer,
      EVIDENCE,
    );
    return { id, version: evidence.body.version, evidenceId: evidence.body.id };
  }

  async function send(
    route: RouteCase,
    seeded: Seeded,
    authorization: string | null,
  ): Promise<Response> {
    const call = ledger.http[route.method](route.path(seeded));
    if (authorization !== null) call.set('Authorization', authorization);
    if (route.ifMatch) call.set('If-Match', `"${seeded.version}"`);
    return route.body ? call.send(route.body()) : call;
  }

  beforeAll(async () => {
    // Large enough for every approval the suite makes, so none is refused for money.
    await write(
      'put',
      `/api/v1/budgets/${FISCAL_YEAR}`,
      people.finance,
      aBudgetBody({ capitalEnvelope: '100000000.00' }),
    );
  });

  it('has a row in its route table for every route the API documents', async () => {
    const document = await ledger.http.get('/docs-json').expect(200);
    // Routes documented without a bearer token (how to sign in) need none: test/web covers them.
    const documented = Object.entries(
      document.body.paths as Record<string, Record<string, { security?: unknown[] }>>,
    )
      .flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => (operation.security ?? []).length > 0)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
      .filter((call) => call.includes('/api/v1/'))
      .sort();
    expect([...new Set(ROUTES.map(describeCall))].sort()).toEqual(documented);
  });

  it.each(CASES.filter((entry) => !entry.allowed))(
    '$route.action: refuses $role with 403 role-required and records nothing',
    async ({ route, role }) => {
      const seeded = await seed(route.seed);
      const before = await headPosition();

      const response = await send(route, seeded, await bearerOf(HOLDER[role]));

      expectProblem(response, 403, 'role-required');
      expect(await headPosition()).toBe(before);
    },
  );

  it.each(CASES.filter((entry) => entry.allowed))(
    '$route.action: lets $role through',
    async ({ route, role }) => {
      const seeded = await seed(route.seed);

      const response = await send(route, seeded, await bearerOf(HOLDER[role]));

      expect(response.status).not.toBe(401);
      expect(response.status).not.toBe(403);
      // The seeds put each proposal where the action is valid, so anything but success would mean
      // the request tested something other than the role.
      expect({
        status: response.status,
        problem: response.status >= 400 ? response.body : null,
      }).toEqual({
        status: route.method === 'post' && route.seed === 'none' ? 201 : 200,
        problem: null,
      });
    },
  );

  it.each(RESTRICTED)(
    '$action: refuses a token holding every other role (403), and one whose roles are unknown or miscased (401)',
    async (route) => {
      const seeded = await seed(route.seed);
      const before = await headPosition();
      const others = ROLES.filter((role) => !route.allowed.includes(role));
      const everyOther: Person = { sub: 'many-hats-1', name: 'Morgan Many', roles: others };
      const pretender: Person = {
        sub: 'pretender-1',
        name: 'Pat Pretend',
        roles: [...route.allowed.map((role) => role.toUpperCase()), 'superuser', 'root', ' admin'],
        authorities: ['investment-board', 'cabinet'],
      };

      expectProblem(await send(route, seeded, await bearerOf(everyOther)), 403, 'role-required');
      // Roles the ledger does not know mean the token does not match the contract: not signed in.
      expectProblem(await send(route, seeded, await bearerOf(pretender)), 401, 'invalid-token');
      expect(await headPosition()).toBe(before);
    },
  );

  it.each(ROUTES)('$action: without a token answers 401 and records nothing', async (route) => {
    const seeded = await seed(route.seed);
    const before = await headPosition();

    expectProblem(await send(route, seeded, null), 401, 'invalid-token');
    expect(await headPosition()).toBe(before);
  });

  it.each([
    ['an empty header', ''],
    ['the Basic scheme', 'Basic YWRtaW46YWRtaW4='],
    ['Bearer with no token', 'Bearer '],
    ['Bearer with a non-JWT word', 'Bearer admin'],
    ['two tokens', 'Bearer a.b.c Bearer d.e.f'],
  ])('refuses %s on a role-restricted write with 401', async (_label, authorization) => {
    const before = await headPosition();
    const response = await ledger.http
      .put('/api/v1/policy')
      .set('Authorization', authorization)
      .send(DEFAULT_POLICY);

    expectProblem(response, 401);
    expect(await headPosition()).toBe(before);
  });

  it.each(['/health', '/metrics'])('serves %s without a token', async (path) => {
    const response = await ledger.http.get(path);

    expect(response.status).toBe(200);
  });

  it('serves /health even with a token that is not valid, since it never looks at it', async () => {
    const response = await ledger.http.get('/health').set('Authorization', 'Bearer not.a.token');

    expect(response.status).toBe(200);
  });
});
