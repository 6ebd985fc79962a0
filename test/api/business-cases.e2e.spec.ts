import type { Response } from 'supertest';
import {
  aBudgetBody,
  aDraftBody,
  aPolicyBody,
  databaseKindsUnderTest,
  ledgerOverHttp,
  people,
  type Person,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const YEAR = '2026-27';
const PROPOSALS = '/api/v1/proposals';

const OUTLINE = {
  strategic: 'The revenues system is out of support in March 2028.',
  economic: 'Options: do nothing, re-platform, replace with a SaaS product.',
};
const FULL_CASE = {
  ...OUTLINE,
  commercial: 'A call-off from the Crown Commercial Service framework.',
  financial: 'Capital from the ICT reserve; revenue within the service budget.',
  management: 'A programme board meeting monthly, chaired by the S151 officer.',
};

// 250,000 capital + 5 × 15,000 = 325,000 whole-life cost: above 300,000, so SOC → OBC → FBC.
const THRESHOLD = '300000.00';

describe.each(databaseKindsUnderTest)('business cases and stage gates over HTTP (%s)', (kind) => {
  const ledger = ledgerOverHttp(kind, createApp);
  const { write } = ledger;

  async function read(path: string, by: Person = people.auditor): Promise<Response> {
    const response = await ledger.read(path, by);
    expect(response.status).toBe(200);
    return response;
  }

  /** What the budget has committed: a gate must leave it untouched. */
  const budget = async () => (await read(`/api/v1/budgets/${YEAR}`, people.finance)).body;

  const proposal = async (id: string, query = '') =>
    (await read(`${PROPOSALS}/${id}${query}`)).body;

  const draft = (overrides: Record<string, unknown> = {}): Promise<string> =>
    ledger.draft(aDraftBody({ fiscalYear: YEAR, ...overrides }));

  const submit = (id: string) => write('post', `${PROPOSALS}/${id}/submit`, people.proposer);

  const amend = async (id: string, body: object) => {
    const { version } = await proposal(id);
    return write('patch', `${PROPOSALS}/${id}`, people.proposer, body, {
      'If-Match': `"${version}"`,
    });
  };

  async function reviewBoth(id: string): Promise<void> {
    await ledger.reviewBoth(id);
  }

  async function decide(id: string, body: object, by: Person = people.board) {
    const { version } = await proposal(id);
    return write(
      'post',
      `${PROPOSALS}/${id}/decision`,
      by,
      {
        outcome: 'approved',
        authority: 'investment-board',
        reason: 'The case for change is made.',
        meetingRef: 'IB-2026-12',
        ...body,
      },
      { 'If-Match': `"${version}"` },
    );
  }

  /** A refusal with its problem type, after which the log holds nothing new. */
  const expectRefused = ledger.refusedAppendingNothing;

  beforeAll(async () => {
    const policy = await write(
      'put',
      '/api/v1/policy',
      people.admin,
      aPolicyBody({ fullBusinessCaseAbove: THRESHOLD }),
    );
    expect(policy.status).toBe(200);
    const envelope = await write('put', `/api/v1/budgets/${YEAR}`, people.finance, aBudgetBody());
    expect(envelope.status).toBe(200);
  });

  it('reads the threshold in the policy', async () => {
    expect((await read('/api/v1/policy')).body.fullBusinessCaseAbove).toBe(THRESHOLD);
  });

  describe('a proposal above the threshold, from SOC to approval at FBC', () => {
    let id: string;
    let submittedAtSoc: number;
    let passedSoc: number;

    beforeAll(async () => {
      id = await draft();
    });

    it('has no stage before it is submitted, and readiness names the missing sections', async () => {
      const body = await proposal(id);
      expect(body.caseStage).toBeNull();
      expect(body.stageHistory).toEqual([]);
      expect(body.businessCase).toEqual({});
      expect(body.readiness.blockers.map((blocker: { code: string }) => blocker.code)).toContain(
        'business-case-incomplete',
      );
    });

    it('refuses the SOC without its strategic and economic cases, appending nothing', async () => {
      const refused = await expectRefused(() => submit(id), 422, 'business-case-incomplete');
      expect(refused.body.detail).toContain('strategic and economic');
      expect(refused.body.detail).toContain('SOC');
      expect((await proposal(id)).status).toBe('draft');
    });

    it('submits at SOC once the outline sections are written', async () => {
      expect((await amend(id, { businessCase: OUTLINE })).status).toBe(200);
      const submitted = await submit(id);
      expect(submitted.status).toBe(200);
      submittedAtSoc = submitted.body.position;
      const body = await proposal(id);
      expect(body.businessCase).toEqual(OUTLINE);
      expect(body.caseStage).toBe('SOC');
      expect(body.stageHistory).toEqual([
        { stage: 'SOC', enteredAt: body.submittedAt, gate: null },
      ]);
    });

    it('refuses the gate without the stage’s reviews, with too low a tier, or with an amount', async () => {
      await expectRefused(() => decide(id, {}), 422, 'review-kind-missing');
      await reviewBoth(id);
      await expectRefused(
        () => decide(id, { authority: 'chief-officer' }, people.chiefOfficer),
        422,
        'tier-limit-exceeded',
      );
      const withAmount = await expectRefused(
        () => decide(id, { approvedAmount: '250000.00' }),
        400,
        'invalid-field',
      );
      expect(withAmount.body.detail).toContain('commits no funds');
    });

    it('passes the SOC gate: back to draft at OBC, with no funds committed', async () => {
      const before = await budget();
      const passed = await decide(id, { conditions: ['Soft market testing before the OBC'] });
      expect(passed.status).toBe(200);
      passedSoc = passed.body.position;
      const body = await proposal(id);
      expect(body.status).toBe('draft');
      expect(body.caseStage).toBe('OBC');
      expect(body.decision).toBeNull();
      expect(body.stageHistory).toHaveLength(2);
      expect(body.stageHistory[1]).toMatchObject({
        stage: 'OBC',
        gate: {
          from: 'SOC',
          reason: 'The case for change is made.',
          meetingRef: 'IB-2026-12',
          decidedBy: { id: people.board.sub },
          conditions: ['Soft market testing before the OBC'],
          snapshot: { caseStage: 'SOC', authority: 'investment-board', wholeLifeCost: '325000.00' },
        },
      });
      expect(body.reviews.map((review: { caseStage: string }) => review.caseStage)).toEqual([
        'SOC',
        'SOC',
      ]);
      expect(body.readiness.missingReviewKinds).toEqual(['financial', 'technical']);
      expect(await budget()).toEqual(before);
      expect(before.committedCapital).toBe('0.00');
    });

    it('asks the OBC for all five sections, then its own reviews', async () => {
      const refused = await expectRefused(() => submit(id), 422, 'business-case-incomplete');
      expect(refused.body.detail).toContain('commercial, financial and management');
      // One section at a time: the others are kept.
      expect((await amend(id, { businessCase: { commercial: FULL_CASE.commercial } })).status).toBe(
        200,
      );
      expect(
        (
          await amend(id, {
            businessCase: { financial: FULL_CASE.financial, management: FULL_CASE.management },
          })
        ).status,
      ).toBe(200);
      expect((await proposal(id)).businessCase).toEqual(FULL_CASE);
      expect((await submit(id)).status).toBe(200);
      expect((await proposal(id)).caseStage).toBe('OBC');
      await expectRefused(() => decide(id, {}), 422, 'review-kind-missing');
      await reviewBoth(id);
      expect((await decide(id, {})).status).toBe(200);
      const body = await proposal(id);
      expect(body.status).toBe('draft');
      expect(body.caseStage).toBe('FBC');
      expect(body.stageHistory.map((entry: { stage: string }) => entry.stage)).toEqual([
        'SOC',
        'OBC',
        'FBC',
      ]);
      expect((await budget()).committedCapital).toBe('0.00');
    });

    it('approves at FBC, committing funds as v1 did, with the stage in the snapshot', async () => {
      expect((await submit(id)).status).toBe(200);
      await reviewBoth(id);
      const ready = await proposal(id);
      expect(ready.ready).toBe(true);
      await expectRefused(() => decide(id, {}), 400, 'invalid-field');
      const approved = await decide(id, { approvedAmount: '250000.00' });
      expect(approved.status).toBe(200);
      const body = await proposal(id);
      expect(body.status).toBe('approved');
      expect(body.decision.snapshot.caseStage).toBe('FBC');
      expect(body.decision.approvedAmount).toBe('250000.00');
      const after = await budget();
      expect(after.committedCapital).toBe('250000.00');
      expect(after.commitments).toHaveLength(1);
    });

    it('reads the stage as it stood at each point in the log', async () => {
      const atSoc = await proposal(id, `?atPosition=${submittedAtSoc}`);
      expect(atSoc).toMatchObject({ status: 'submitted', caseStage: 'SOC' });
      expect(atSoc.stageHistory).toHaveLength(1);
      const afterGate = await proposal(id, `?atPosition=${passedSoc}`);
      expect(afterGate).toMatchObject({ status: 'draft', caseStage: 'OBC' });
      expect(afterGate.stageHistory).toHaveLength(2);
    });

    it('lists the proposal with its stage', async () => {
      const listed = await read(`${PROPOSALS}?limit=100`);
      const item = listed.body.items.find((entry: { id: string }) => entry.id === id);
      expect(item).toMatchObject({ status: 'approved', caseStage: 'FBC' });
    });

    it('keeps the gates in the proposal’s history', async () => {
      const history = await read(`${PROPOSALS}/${id}/history`);
      const gates = history.body.events.filter(
        (event: { type: string }) => event.type === 'StageGatePassed',
      );
      expect(gates.map((event: { data: { from: string; to: string } }) => event.data)).toEqual([
        expect.objectContaining({ from: 'SOC', to: 'OBC' }),
        expect.objectContaining({ from: 'OBC', to: 'FBC' }),
      ]);
    });
  });

  describe('a proposal whose cost is exactly the threshold', () => {
    // 225,000 + 5 × 15,000 = 300,000: not above it, so one BJC stage.
    const atThreshold = { capitalCost: '225000.00' };

    it('is a BJC that needs all five sections', async () => {
      const id = await draft({ ...atThreshold, businessCase: OUTLINE });
      const refused = await expectRefused(() => submit(id), 422, 'business-case-incomplete');
      expect(refused.body.detail).toContain('BJC');
      expect((await amend(id, { businessCase: FULL_CASE })).status).toBe(200);
      expect((await submit(id)).status).toBe(200);
      expect((await proposal(id)).caseStage).toBe('BJC');
    });

    it('commits funds on its one approval', async () => {
      const id = await draft({ ...atThreshold, businessCase: FULL_CASE });
      expect((await submit(id)).status).toBe(200);
      await reviewBoth(id);
      const before = await budget();
      expect((await decide(id, { approvedAmount: '225000.00' })).status).toBe(200);
      const body = await proposal(id);
      expect(body.status).toBe('approved');
      expect(body.decision.snapshot.caseStage).toBe('BJC');
      expect(body.stageHistory).toEqual([
        { stage: 'BJC', enteredAt: body.submittedAt, gate: null },
      ]);
      const after = await budget();
      expect(after.commitments).toHaveLength(before.commitments.length + 1);
    });
  });

  describe('a proposal amended above the threshold after a return (issue 17)', () => {
    // Drafted at exactly the threshold (BJC), returned, amended a penny above it: the resubmission
    // starts the SOC → OBC → FBC path instead of carrying the costlier scheme through on one BJC.
    const atThreshold = { capitalCost: '225000.00' };

    async function returned(): Promise<string> {
      const id = await draft({ ...atThreshold, businessCase: FULL_CASE });
      expect((await submit(id)).status).toBe(200);
      await reviewBoth(id);
      expect((await proposal(id)).caseStage).toBe('BJC');
      const { version } = await proposal(id);
      const sentBack = await write(
        'post',
        `${PROPOSALS}/${id}/return`,
        people.board,
        { reason: 'Get a second quote.' },
        { 'If-Match': `"${version}"` },
      );
      expect(sentBack.status).toBe(200);
      return id;
    }

    it('moves onto SOC at the resubmission, says why in its history, and asks for SOC reviews', async () => {
      const id = await returned();
      expect((await amend(id, { capitalCost: '225000.01' })).status).toBe(200);
      expect((await submit(id)).status).toBe(200);
      const body = await proposal(id);
      expect(body.caseStage).toBe('SOC');
      expect(body.stageHistory).toEqual([
        { stage: 'BJC', enteredAt: expect.any(String), gate: null },
        {
          stage: 'SOC',
          enteredAt: body.submittedAt,
          gate: null,
          reassessed: {
            from: 'BJC',
            to: 'SOC',
            wholeLifeCost: '300000.01',
            fullBusinessCaseAbove: THRESHOLD,
          },
        },
      ]);
      expect(body.readiness.missingReviewKinds).toEqual(['financial', 'technical']);
      // An approval with an amount, as if it were still a BJC, is refused: the reviews it had no
      // longer count, and the SOC gate commits no funds.
      await expectRefused(
        () => decide(id, { approvedAmount: '225000.01' }),
        422,
        'review-kind-missing',
      );
      await reviewBoth(id);
      const withAmount = await expectRefused(
        () => decide(id, { approvedAmount: '225000.01' }),
        400,
        'invalid-field',
      );
      expect(withAmount.body.detail).toContain('commits no funds');
      const commitments = (await budget()).commitments.length;
      expect((await decide(id, {})).status).toBe(200);
      const gated = await proposal(id);
      expect(gated.status).toBe('draft');
      expect(gated.caseStage).toBe('OBC');
      const gate = gated.stageHistory[2].gate;
      expect(gate.snapshot).toMatchObject({
        caseStage: 'SOC',
        stageReassessed: {
          from: 'BJC',
          to: 'SOC',
          wholeLifeCost: '300000.01',
          fullBusinessCaseAbove: THRESHOLD,
          submittedAt: body.submittedAt,
        },
      });
      expect((await budget()).commitments).toHaveLength(commitments);
    });

    it('stays BJC when amended to another cost still at or below the threshold', async () => {
      const id = await returned();
      expect((await amend(id, { capitalCost: '200000.00' })).status).toBe(200);
      expect((await submit(id)).status).toBe(200);
      const body = await proposal(id);
      expect(body.caseStage).toBe('BJC');
      expect(body.stageHistory).toHaveLength(1);
    });
  });

  it('refuses a section longer than 20,000 characters, appending nothing', async () => {
    await expectRefused(
      () =>
        write(
          'post',
          PROPOSALS,
          people.proposer,
          aDraftBody({ businessCase: { strategic: 'x'.repeat(20_001) } }),
        ),
      400,
      'validation-failed',
    );
    await expectRefused(
      () =>
        write(
          'post',
          PROPOSALS,
          people.proposer,
          aDraftBody({ businessCase: { vision: 'Be the best council' } }),
        ),
      400,
      'validation-failed',
    );
  });
});
