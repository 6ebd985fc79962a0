import { Test } from '@nestjs/testing';
import { CommandBus, CqrsModule, type Command } from '@nestjs/cqrs';
import {
  budgetStream,
  EnvelopeExceeded,
  policyStream,
  proposalStream,
  StoredEventInvalid,
  type Actor,
  type ProposalFieldsInput,
} from '@ledger/domain';
import {
  EVENT_STORE,
  StreamVersionConflict,
  type EventStore,
  type StreamAppend,
} from '@ledger/event-store';
import { anEvent, EventStoreHarness } from '@ledger/testing';
import {
  AdoptPolicyCommand,
  SetBudgetEnvelopeCommand,
  SetBudgetEnvelopeHandler,
  AdoptPolicyHandler,
} from '../index';
import { IdempotencyKeyReused, StaleVersion, VersionRequired } from '../ledger.errors';
import {
  DecideProposalCommand,
  DraftProposalCommand,
  RecordReviewCommand,
  SubmitProposalCommand,
  WithdrawProposalCommand,
} from '../proposals/proposal.commands';
import { proposalCommandHandlers } from '../proposals/proposal.handlers';
import type { RequestContext, WriteResult } from '../request-context';

const actor = (id: string, roles: string[], authorities: string[] = []): Actor => ({
  id,
  name: `Person ${id}`,
  roles,
  authorities,
});
const proposer = actor('proposer-1', ['proposer']);
const financeReviewer = actor('reviewer-1', ['reviewer']);
const techReviewer = actor('reviewer-2', ['reviewer']);
const board = actor('board-1', ['board'], ['investment-board']);
const finance = actor('finance-1', ['finance']);
const admin = actor('admin-1', ['admin']);

let clock = Date.UTC(2026, 10, 1);
function as(who: Actor, idempotencyKey: string | null = null): RequestContext {
  clock += 1000;
  return {
    actor: who,
    correlationId: `request-${clock}`,
    idempotencyKey,
    now: new Date(clock).toISOString(),
  };
}

async function refusalOf(write: Promise<unknown>): Promise<unknown> {
  try {
    await write;
  } catch (error) {
    return error;
  }
  throw new Error('The write was expected to be refused');
}

const fields = (overrides: Partial<ProposalFieldsInput> = {}): ProposalFieldsInput => ({
  title: 'Replace the payroll system',
  summary: 'Out of support in 2028.',
  department: 'HR',
  category: 'digital-service',
  fiscalYear: '2026-27',
  capitalCost: '250000',
  annualRevenueCost: '15000',
  annualCashableSaving: '40000',
  annualNonCashableBenefit: '10000',
  appraisalYears: 5,
  statutory: false,
  ...overrides,
});

/** An event store whose next appends let a competitor write first, as a concurrent request would. */
function withCompetitor(store: EventStore) {
  const competitors: ((appends: readonly StreamAppend[]) => Promise<unknown>)[] = [];
  let appendCalls = 0;
  const racing: EventStore = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'append') {
        return async (appends: readonly StreamAppend[]) => {
          appendCalls += 1;
          await competitors.shift()?.(appends);
          return target.append(appends);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    racing,
    beforeNextAppend: (competitor: (appends: readonly StreamAppend[]) => Promise<unknown>) =>
      competitors.push(competitor),
    get appendCalls() {
      return appendCalls;
    },
  };
}

describe('the decider command handler', () => {
  let harness: EventStoreHarness;
  let store: EventStore;
  let competition: ReturnType<typeof withCompetitor>;
  let bus: CommandBus;

  beforeEach(async () => {
    harness = await EventStoreHarness.create('sqlite');
    store = await harness.open();
    competition = withCompetitor(store);
    const moduleRef = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [
        ...proposalCommandHandlers,
        SetBudgetEnvelopeHandler,
        AdoptPolicyHandler,
        { provide: EVENT_STORE, useValue: competition.racing },
      ],
    }).compile();
    await moduleRef.init();
    bus = moduleRef.get(CommandBus);
  });

  afterEach(() => harness.dispose());

  const run = (command: Command<WriteResult>): Promise<WriteResult> => bus.execute(command);
  const head = async () => (await store.readHead()).position;

  async function aSubmittedProposal(capitalCost = '250000'): Promise<string> {
    const { id } = await run(new DraftProposalCommand(fields({ capitalCost }), as(proposer)));
    await run(new SubmitProposalCommand(id, as(proposer)));
    for (const [reviewer, kind] of [
      [financeReviewer, 'financial'],
      [techReviewer, 'technical'],
    ] as const) {
      await run(
        new RecordReviewCommand(
          id,
          {
            kind,
            scores: {
              strategicFit: 4,
              valueForMoney: 3,
              deliverability: 4,
              riskReduction: 2,
              serviceImpact: 5,
            },
            recommendation: 'support',
            comments: 'Sound.',
          },
          as(reviewer),
        ),
      );
    }
    return id;
  }

  const approve = (id: string, ifMatch: number | undefined, amount = '250000', key?: string) =>
    new DecideProposalCommand(
      id,
      {
        outcome: 'approved',
        authority: 'investment-board',
        reason: 'Good value.',
        approvedAmount: amount,
      },
      as(board, key ?? null),
      ifMatch,
    );

  it('answers the id, the new version and the position, and appends the decided events', async () => {
    const drafted = await run(new DraftProposalCommand(fields(), as(proposer)));
    expect(drafted).toEqual({ id: drafted.id, version: 1, position: 1, duplicate: false });
    const events = await store.readStream(proposalStream(drafted.id));
    expect(events.map((event) => [event.type, event.schemaVersion])).toEqual([
      ['ProposalDrafted', 1],
    ]);
  });

  it('answers a retried request with the first answer and appends nothing', async () => {
    const first = await run(new DraftProposalCommand(fields(), as(proposer, 'key-1')));
    const again = await run(new DraftProposalCommand(fields(), as(proposer, 'key-1')));
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await head()).toBe(1);

    const submitted = await run(new SubmitProposalCommand(first.id, as(proposer, 'key-2')));
    const resubmitted = await run(new SubmitProposalCommand(first.id, as(proposer, 'key-2')));
    expect(resubmitted).toEqual({ ...submitted, duplicate: true });
    expect(await head()).toBe(2);
  });

  it('refuses a stale If-Match with 412 and appends nothing', async () => {
    const { id } = await run(new DraftProposalCommand(fields(), as(proposer)));
    await run(new SubmitProposalCommand(id, as(proposer)));
    const before = await head();
    const stale = await refusalOf(
      run(new WithdrawProposalCommand(id, 'Dropped.', as(proposer), 1)),
    );
    expect(stale).toBeInstanceOf(StaleVersion);
    expect(stale).toMatchObject({ expected: 1, actual: 2 });
    expect(await head()).toBe(before);
  });

  it('refuses a decision without If-Match with 428 and appends nothing', async () => {
    const id = await aSubmittedProposal();
    const before = await head();
    expect(await refusalOf(run(approve(id, undefined)))).toBeInstanceOf(VersionRequired);
    expect(await head()).toBe(before);
  });

  it('turns a concurrent write to the same version into 412 for a client that named it, else 409', async () => {
    const { id } = await run(new DraftProposalCommand(fields(), as(proposer)));
    const submitFirst = () =>
      store.append([
        {
          streamId: proposalStream(id),
          expectedVersion: 1,
          events: [
            anEvent({
              type: 'ProposalSubmitted',
              data: { submittedAt: '2026-11-01T00:00:00.000Z' },
            }),
          ],
        },
      ]);
    competition.beforeNextAppend(submitFirst);
    const stale = await refusalOf(
      run(new WithdrawProposalCommand(id, 'Dropped.', as(proposer), 1)),
    );
    expect(stale).toBeInstanceOf(StaleVersion);
    expect(stale).toMatchObject({ expected: 1, actual: 2 });

    const { id: other } = await run(new DraftProposalCommand(fields(), as(proposer)));
    competition.beforeNextAppend(() =>
      store.append([
        {
          streamId: proposalStream(other),
          expectedVersion: 1,
          events: [
            anEvent({
              type: 'ProposalSubmitted',
              data: { submittedAt: '2026-11-01T00:00:00.000Z' },
            }),
          ],
        },
      ]),
    );
    const before = await head();
    expect(
      await refusalOf(run(new WithdrawProposalCommand(other, 'Dropped.', as(proposer)))),
    ).toBeInstanceOf(StreamVersionConflict);
    expect(await head()).toBe(before + 1);
  });

  it('decides again when another approval committed funds on the same budget meanwhile', async () => {
    await run(
      new SetBudgetEnvelopeCommand(
        { fiscalYear: '2026-27', capitalEnvelope: '500000', revenueEnvelope: '0' },
        as(finance),
      ),
    );
    const first = await aSubmittedProposal();
    const second = await aSubmittedProposal();
    competition.beforeNextAppend(() => run(approve(second, 4)));
    const approved = await run(approve(first, 4));
    expect(approved).toMatchObject({ id: first, version: 5, duplicate: false });
    const budget = await store.readStream(budgetStream('2026-27'));
    expect(budget.map((event) => [event.type, event.data.proposalId ?? null])).toEqual([
      ['BudgetEnvelopeSet', null],
      ['FundsCommitted', second],
      ['FundsCommitted', first],
    ]);
    const [approval] = (await store.readStream(proposalStream(first))).slice(-1);
    expect(approval.type).toBe('ProposalApproved');
    expect(budget[2].metadata.causationId).toBe(approval.eventId);
  });

  it('refuses the racing approval that no longer fits the budget', async () => {
    await run(
      new SetBudgetEnvelopeCommand(
        { fiscalYear: '2026-27', capitalEnvelope: '400000', revenueEnvelope: '0' },
        as(finance),
      ),
    );
    const first = await aSubmittedProposal();
    const second = await aSubmittedProposal();
    competition.beforeNextAppend(() => run(approve(second, 4)));
    await expect(run(approve(first, 4))).rejects.toBeInstanceOf(EnvelopeExceeded);
    expect((await store.readStream(proposalStream(first))).length).toBe(4);
  });

  it('answers a keyed copy that lost the race to its own first copy, If-Match and all, with the first answer', async () => {
    await run(
      new SetBudgetEnvelopeCommand(
        { fiscalYear: '2026-27', capitalEnvelope: '900000', revenueEnvelope: '0' },
        as(finance),
      ),
    );
    const id = await aSubmittedProposal();
    let first: WriteResult | undefined;
    competition.beforeNextAppend(async () => {
      first = await run(approve(id, 4, '250000', 'decide-once'));
    });
    const copy = await run(approve(id, 4, '250000', 'decide-once'));
    expect(first).toMatchObject({ position: await head(), duplicate: false });
    expect(copy).toEqual({ ...first, duplicate: true });

    // The HTTP layer's digest of each body is what tells two copies of one key apart.
    const other = await aSubmittedProposal();
    const copyOf = (amount: string) =>
      new DecideProposalCommand(
        other,
        {
          outcome: 'approved',
          authority: 'investment-board',
          reason: 'Good.',
          approvedAmount: amount,
        },
        { ...as(board, 'decide-other'), requestDigest: `digest-of-${amount}` },
        4,
      );
    competition.beforeNextAppend(() => run(copyOf('200000')));
    expect(await refusalOf(run(copyOf('250000')))).toBeInstanceOf(IdempotencyKeyReused);
  });

  it('answers a retried approval with the position of its last event, FundsCommitted on the budget', async () => {
    await run(
      new SetBudgetEnvelopeCommand(
        { fiscalYear: '2026-27', capitalEnvelope: '900000', revenueEnvelope: '0' },
        as(finance),
      ),
    );
    const id = await aSubmittedProposal();
    const first = await run(approve(id, 4, '250000', 'approve-key'));
    await run(new DraftProposalCommand(fields(), as(proposer)));
    const again = await run(approve(id, 4, '250000', 'approve-key'));
    expect(again).toEqual({ ...first, duplicate: true });
    const [funds] = (await store.readStream(budgetStream('2026-27'))).slice(-1);
    expect(first.position).toBe(funds.position);
  });

  it('gives up after five budget races', async () => {
    await run(
      new SetBudgetEnvelopeCommand(
        { fiscalYear: '2026-27', capitalEnvelope: '500000', revenueEnvelope: '0' },
        as(finance),
      ),
    );
    const id = await aSubmittedProposal('1000');
    const raceOnce = () =>
      store.append([
        {
          streamId: budgetStream('2026-27'),
          expectedVersion: 'any',
          events: [
            anEvent({
              type: 'BudgetEnvelopeSet',
              data: {
                fiscalYear: '2026-27',
                capitalEnvelope: '500000.00',
                revenueEnvelope: '0.00',
                setAt: '2026-11-01T00:00:00.000Z',
              },
            }),
          ],
        },
      ]);
    for (let i = 0; i < 5; i += 1) competition.beforeNextAppend(raceOnce);
    const callsBefore = competition.appendCalls;
    await expect(run(approve(id, 4, '1000'))).rejects.toBeInstanceOf(StreamVersionConflict);
    expect(competition.appendCalls - callsBefore).toBe(5);
    expect((await store.readStream(proposalStream(id))).length).toBe(4);
  });

  it('honours If-Match on a budget, so two finance officers do not overwrite each other', async () => {
    const envelope = { fiscalYear: '2026-27', capitalEnvelope: '500000', revenueEnvelope: '0' };
    const set = await run(new SetBudgetEnvelopeCommand(envelope, as(finance), 0));
    expect(set).toMatchObject({ id: '2026-27', version: 1 });
    await run(
      new SetBudgetEnvelopeCommand({ ...envelope, capitalEnvelope: '600000' }, as(finance), 1),
    );
    const stale = await refusalOf(
      run(new SetBudgetEnvelopeCommand({ ...envelope, capitalEnvelope: '700000' }, as(finance), 1)),
    );
    expect(stale).toBeInstanceOf(StaleVersion);
    expect(stale).toMatchObject({ resource: 'The 2026-27 budget', expected: 1, actual: 2 });
    const events = await store.readStream(budgetStream('2026-27'));
    expect(events.map((event) => event.data.capitalEnvelope)).toEqual(['500000.00', '600000.00']);
  });

  it('honours If-Match on the policy', async () => {
    const policy = {
      delegation: [{ authority: 'cabinet', upTo: null }],
      requiredReviewKinds: ['financial'],
      criteriaWeights: {
        strategicFit: 1,
        valueForMoney: 1,
        deliverability: 1,
        riskReduction: 1,
        serviceImpact: 1,
      },
    };
    await run(new AdoptPolicyCommand(policy, as(admin), 0));
    const stale = await refusalOf(run(new AdoptPolicyCommand(policy, as(admin), 0)));
    expect(stale).toBeInstanceOf(StaleVersion);
    expect(stale).toMatchObject({
      resource: 'The policy',
      expected: 0,
      actual: 1,
    });
    expect(await store.readStream(policyStream())).toHaveLength(1);
    await expect(run(new AdoptPolicyCommand(policy, as(admin)))).resolves.toMatchObject({
      version: 2,
    });
  });

  it('stops with StoredEventInvalid, not a cast, when a stored event does not match its schema', async () => {
    const { id } = await run(new DraftProposalCommand(fields(), as(proposer)));
    await store.append([
      {
        streamId: proposalStream(id),
        expectedVersion: 1,
        events: [
          anEvent({
            type: 'ProposalSubmitted',
            schemaVersion: 1,
            data: { submittedAt: 'yesterday' },
          }),
        ],
      },
    ]);
    const refusal = run(new WithdrawProposalCommand(id, 'Dropped.', as(proposer)));
    await expect(refusal).rejects.toBeInstanceOf(StoredEventInvalid);
    await expect(refusal).rejects.toMatchObject({
      position: 2,
      streamId: proposalStream(id),
      type: 'ProposalSubmitted',
      schemaVersion: 1,
      path: 'data.submittedAt',
    });
    expect(await head()).toBe(2);
  });
});
