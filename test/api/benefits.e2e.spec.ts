import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aReviewBody,
  databaseKindsUnderTest,
  expectProblem,
  ledgerOverHttp,
  people,
  type Person,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const YEAR = '2026-27';
const NEXT = '2027-28';
const ROLES = ['proposer', 'reviewer', 'board', 'finance', 'auditor', 'admin'] as const;
const HOLDER: Record<(typeof ROLES)[number], Person> = {
  proposer: people.proposer,
  reviewer: people.financialReviewer,
  board: people.board,
  finance: people.finance,
  auditor: people.auditor,
  admin: people.admin,
};
const otherFinance: Person = { sub: 'finance-2', name: 'Gwen Morgan', roles: ['finance'] };
const financeProposer: Person = {
  sub: 'dual-3',
  name: 'Fran Dual',
  roles: ['proposer', 'finance'],
};

const PLAN = [
  {
    key: 'licence-savings',
    description: 'Retire the legacy system licences',
    type: 'cash-releasing',
    owner: 'Head of Revenues',
    measure: 'Licence invoices no longer paid',
    forecast: [
      { fiscalYear: YEAR, amount: '100000.00' },
      { fiscalYear: NEXT, amount: '120000.00' },
    ],
  },
  {
    key: 'staff-time',
    description: 'Fewer manual corrections',
    type: 'non-cash-releasing',
    owner: 'Revenues manager',
    measure: 'Hours of rework',
    forecast: [{ fiscalYear: YEAR, amount: '30000.00' }],
  },
  {
    key: 'resident-access',
    description: 'Residents claim online at any hour',
    type: 'societal',
    owner: 'Customer services',
    measure: 'Claims made online',
    forecast: [{ fiscalYear: YEAR, amount: '5000.00' }],
  },
];

describe.each(databaseKindsUnderTest)('benefits realisation over HTTP (%s)', (kind) => {
  const ledger = ledgerOverHttp(kind, createApp, { env: { LEDGER_RATE_LIMIT: '1000000' } });
  const { command: call, mustSucceed: ok, read } = ledger;

  /** An approved proposal of `by`, with the plan above. */
  async function approved(by: Person = people.proposer, department = 'Finance and Revenues') {
    const drafted = await ok(
      'post',
      '/api/v1/proposals',
      by,
      aDraftBody({ fiscalYear: YEAR, benefitPlan: PLAN, department }),
    );
    const id: string = drafted.body.id;
    await ok('post', `/api/v1/proposals/${id}/submit`, by);
    await ok('post', `/api/v1/proposals/${id}/reviews`, people.financialReviewer, aReviewBody());
    const reviewed = await ok(
      'post',
      `/api/v1/proposals/${id}/reviews`,
      people.technicalReviewer,
      aReviewBody({ kind: 'technical' }),
    );
    await ok(
      'post',
      `/api/v1/proposals/${id}/decision`,
      people.board,
      anApprovalBody(),
      reviewed.body.version,
    );
    return id;
  }

  const evidencePath = (id: string, key: string) =>
    `/api/v1/proposals/${id}/benefits/${key}/evidence`;
  const validationPath = (id: string, key: string, evidenceId: string) =>
    `${evidencePath(id, key)}/${evidenceId}/validation`;
  const anEvidence = (overrides: Record<string, unknown> = {}) => ({
    period: YEAR,
    amount: '80000.00',
    evidence: 'Licence contract 4411 ended; budget line 5120 reduced.',
    ...overrides,
  });

  beforeAll(async () => {
    await ok(
      'put',
      `/api/v1/budgets/${YEAR}`,
      people.finance,
      aBudgetBody({ capitalEnvelope: '100000000.00' }),
    );
  });

  it('keeps the plan on the proposal, amendable while a draft and fixed by the decision, with its version in the snapshot', async () => {
    const drafted = await ok(
      'post',
      '/api/v1/proposals',
      people.proposer,
      aDraftBody({ fiscalYear: YEAR }),
    );
    const id: string = drafted.body.id;
    const amended = await ok(
      'patch',
      `/api/v1/proposals/${id}`,
      people.proposer,
      { benefitPlan: PLAN },
      drafted.body.version,
    );
    const draft = await read(`/api/v1/proposals/${id}`);
    expect(draft.body.benefitPlan).toEqual(PLAN);
    expect(draft.body.benefitPlanVersion).toBe(amended.body.version);
    await ok('post', `/api/v1/proposals/${id}/submit`, people.proposer);
    await ok('post', `/api/v1/proposals/${id}/reviews`, people.financialReviewer, aReviewBody());
    const reviewed = await ok(
      'post',
      `/api/v1/proposals/${id}/reviews`,
      people.technicalReviewer,
      aReviewBody({ kind: 'technical' }),
    );
    const decided = await ok(
      'post',
      `/api/v1/proposals/${id}/decision`,
      people.board,
      anApprovalBody(),
      reviewed.body.version,
    );
    const after = await read(`/api/v1/proposals/${id}`);
    expect(after.body.decision.snapshot.benefitPlanVersion).toBe(amended.body.version);
    expectProblem(
      await call(
        'patch',
        `/api/v1/proposals/${id}`,
        people.proposer,
        { benefitPlan: [] },
        decided.body.version,
      ),
      409,
      'invalid-transition',
    );
  });

  it('refuses a plan with a repeated key or a malformed one', async () => {
    const repeated = await call(
      'post',
      '/api/v1/proposals',
      people.proposer,
      aDraftBody({ benefitPlan: [PLAN[0], PLAN[0]] }),
    );
    expectProblem(repeated, 400);
    const malformed = await call(
      'post',
      '/api/v1/proposals',
      people.proposer,
      aDraftBody({ benefitPlan: [{ ...PLAN[0], key: 'Not OK' }] }),
    );
    expectProblem(malformed, 400);
    const unknownField = await call(
      'post',
      '/api/v1/proposals',
      people.proposer,
      aDraftBody({ benefitPlan: [{ ...PLAN[0], extra: 1 }] }),
    );
    expectProblem(unknownField, 400);
  });

  it.each(ROLES)('lets %s record evidence only as API.md says', async (role) => {
    const id = await approved();
    const response = await call(
      'post',
      evidencePath(id, 'licence-savings'),
      HOLDER[role],
      anEvidence(),
    );
    if (role === 'proposer' || role === 'finance') {
      expect(response.status).toBe(200);
      expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
    } else {
      expectProblem(response, 403, 'role-required');
    }
  });

  it.each(ROLES)('lets %s validate evidence only as API.md says', async (role) => {
    const id = await approved();
    const evidence = await ok(
      'post',
      evidencePath(id, 'licence-savings'),
      people.proposer,
      anEvidence(),
    );
    const response = await call(
      'post',
      validationPath(id, 'licence-savings', evidence.body.id),
      HOLDER[role],
      {
        outcome: 'validated',
        note: 'Matches the creditor ledger.',
      },
    );
    if (role === 'finance') expect(response.status).toBe(200);
    else if (role === 'proposer') expectProblem(response, 403, 'role-required');
    else expectProblem(response, 403, 'role-required');
  });

  it('refuses evidence from a proposer of another proposal, for an unknown benefit, and before approval', async () => {
    const id = await approved();
    expectProblem(
      await call('post', evidencePath(id, 'licence-savings'), people.otherProposer, anEvidence()),
      403,
      'not-own-proposal',
    );
    expectProblem(
      await call('post', evidencePath(id, 'no-such-benefit'), people.finance, anEvidence()),
      404,
      'benefit-not-found',
    );
    const drafted = await ok(
      'post',
      '/api/v1/proposals',
      people.proposer,
      aDraftBody({ benefitPlan: PLAN }),
    );
    expectProblem(
      await call(
        'post',
        evidencePath(drafted.body.id, 'licence-savings'),
        people.finance,
        anEvidence(),
      ),
      409,
      'invalid-transition',
    );
    expectProblem(
      await call(
        'post',
        evidencePath(id, 'licence-savings'),
        people.finance,
        anEvidence({ amount: '12.345' }),
      ),
      400,
    );
  });

  it('refuses self-validation, validates once, and takes new evidence after a rejection', async () => {
    const id = await approved();
    const byFinance = await ok(
      'post',
      evidencePath(id, 'staff-time'),
      people.finance,
      anEvidence({ amount: '20000.00' }),
    );
    const path = validationPath(id, 'staff-time', byFinance.body.id);
    const before = await read(`/api/v1/portfolio/summary?fiscalYear=${YEAR}`);
    expectProblem(
      await call('post', path, people.finance, { outcome: 'validated', note: '' }),
      403,
      'self-validation',
    );
    expectProblem(await call('post', path, otherFinance, { outcome: 'rejected', note: '' }), 400);
    await ok('post', path, otherFinance, { outcome: 'rejected', note: 'Hours were not measured.' });
    expectProblem(
      await call('post', path, otherFinance, { outcome: 'validated', note: '' }),
      409,
      'evidence-already-validated',
    );
    expectProblem(
      await call('post', evidencePath(id, 'licence-savings'), people.proposer, anEvidence()).then(
        async () => call('post', evidencePath(id, 'licence-savings'), people.finance, anEvidence()),
      ),
      409,
      'evidence-already-recorded',
    );
    const again = await ok(
      'post',
      evidencePath(id, 'staff-time'),
      people.finance,
      anEvidence({ amount: '15000.00' }),
    );
    await ok('post', validationPath(id, 'staff-time', again.body.id), otherFinance, {
      outcome: 'validated',
      note: 'Timesheets.',
    });
    const proposal = await read(`/api/v1/proposals/${id}`);
    expect(
      proposal.body.benefitEvidence.map((item: { benefitKey: string; status: string }) => [
        item.benefitKey,
        item.status,
      ]),
    ).toEqual([
      ['staff-time', 'rejected'],
      ['licence-savings', 'pending'],
      ['staff-time', 'validated'],
    ]);
    const after = await read(`/api/v1/portfolio/summary?fiscalYear=${YEAR}`);
    // Non-cash-releasing validated evidence is not a saving.
    expect(after.body.realisedSavings).toBe(before.body.realisedSavings);
  });

  it("refuses v1's benefits and a validation to a finance officer on their own proposal", async () => {
    const id = await approved(financeProposer);
    expectProblem(
      await call('post', `/api/v1/proposals/${id}/benefits`, financeProposer, {
        period: YEAR,
        cashableSaving: '100.00',
        nonCashableBenefit: '0.00',
        note: 'Mine.',
      }),
      403,
      'self-validation',
    );
    const evidence = await ok(
      'post',
      evidencePath(id, 'licence-savings'),
      financeProposer,
      anEvidence(),
    );
    expectProblem(
      await call('post', validationPath(id, 'licence-savings', evidence.body.id), financeProposer, {
        outcome: 'validated',
        note: '',
      }),
      403,
      'self-validation',
    );
  });

  it('answers /portfolio/benefits to every role with totals, rates and at-risk flags, now and as of a time', async () => {
    const department = `Benefits ${kind}`;
    const onTrack = await approved(people.proposer, department);
    const behind = await approved(people.proposer, department);
    const first = await ok(
      'post',
      evidencePath(onTrack, 'licence-savings'),
      people.proposer,
      anEvidence({ amount: '80000.00' }),
    );
    await ok(
      'post',
      evidencePath(behind, 'licence-savings'),
      people.proposer,
      anEvidence({ amount: '79999.99' }),
    );
    const asOf = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ok('post', validationPath(onTrack, 'licence-savings', first.body.id), people.finance, {
      outcome: 'validated',
      note: 'ok',
    });
    const behindEvidence = (await read(`/api/v1/proposals/${behind}`)).body.benefitEvidence[0];
    await ok(
      'post',
      validationPath(behind, 'licence-savings', behindEvidence.evidenceId),
      people.finance,
      { outcome: 'validated', note: 'ok' },
    );
    await ok('post', `/api/v1/proposals/${behind}/benefits`, people.finance, {
      period: YEAR,
      cashableSaving: '0.00',
      nonCashableBenefit: '1000.00',
      note: 'v1 record',
    });

    for (const role of ROLES) {
      const response = await read(`/api/v1/portfolio/benefits?fiscalYear=${YEAR}`, HOLDER[role]);
      expect(response.status).toBe(200);
    }
    const now = (await read(`/api/v1/portfolio/benefits?fiscalYear=${YEAR}`)).body;
    const rows = now.byProposal.filter(
      (row: { department: string }) => row.department === department,
    );
    const byId = Object.fromEntries(
      rows.map((row: { proposalId: string }) => [row.proposalId, row]),
    );
    expect(byId[onTrack]).toMatchObject({
      forecast: { cashReleasing: '100000.00', nonCashReleasing: '30000.00', societal: '5000.00' },
      evidenced: { cashReleasing: '80000.00', nonCashReleasing: '0.00', societal: '0.00' },
      validated: { cashReleasing: '80000.00', nonCashReleasing: '0.00', societal: '0.00' },
      realisationRate: 0.8,
      atRisk: false,
    });
    expect(byId[behind]).toMatchObject({
      evidenced: { cashReleasing: '79999.99', nonCashReleasing: '1000.00' },
      validated: { cashReleasing: '79999.99', nonCashReleasing: '1000.00' },
      realisationRate: 0.8,
      atRisk: true,
    });
    const dept = now.byDepartment.find(
      (row: { department: string }) => row.department === department,
    );
    expect(dept.validated.cashReleasing).toBe('159999.99');
    expect(dept.forecast.cashReleasing).toBe('200000.00');
    expect(dept.atRisk).toBe(true);

    const past = (
      await read(`/api/v1/portfolio/benefits?fiscalYear=${YEAR}&asOf=${encodeURIComponent(asOf)}`)
    ).body;
    expect(past.asOf).toBe(asOf);
    const pastRow = past.byProposal.find(
      (row: { proposalId: string }) => row.proposalId === onTrack,
    );
    expect(pastRow.evidenced.cashReleasing).toBe('80000.00');
    expect(pastRow.validated.cashReleasing).toBe('0.00');
    expect(pastRow.realisationRate).toBe(0);
    expect(pastRow.atRisk).toBe(true);

    const next = (await read(`/api/v1/portfolio/benefits?fiscalYear=${NEXT}`)).body;
    expect(
      next.byProposal.find((row: { proposalId: string }) => row.proposalId === onTrack).forecast
        .cashReleasing,
    ).toBe('120000.00');

    expectProblem(await read('/api/v1/portfolio/benefits?fiscalYear=2026-28'), 400);
  });
});
