import {
  EventStoreHarness,
  aManualClock,
  databaseKindsUnderTest,
  runBuiltCli,
} from '@ledger/testing';
import { Scenario } from '../read-models/ledger-scenario';

describe.each(databaseKindsUnderTest)('ledger replay --as-of (%s)', (kind) => {
  let harness: EventStoreHarness;

  const ledger = (...args: string[]) => runBuiltCli(harness.config, args, { timeoutMs: 30_000 });

  beforeAll(async () => {
    harness = await EventStoreHarness.create(kind);
    const clock = aManualClock('2026-09-01T09:00:00.000Z');
    const store = await harness.open({ clock: clock.now });
    const scenario = new Scenario(store, () => clock.iso());
    await scenario.play([
      { kind: 'envelope', capital: 1000 },
      { kind: 'draft', proposer: 'alice', capital: 300, department: 'Housing', statutory: false },
      { kind: 'submit', proposal: 0 },
      { kind: 'review', proposal: 0, reviewer: 'rita', reviewKind: 'financial', score: 4 },
      { kind: 'review', proposal: 0, reviewer: 'tom', reviewKind: 'technical', score: 4 },
    ]);
    clock.advance(24 * 3600_000);
    await scenario.play([{ kind: 'approve', proposal: 0 }]);
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  it('prints the portfolio as it stood before and after the board approved', () => {
    const before = ledger(
      'replay',
      '--as-of',
      '2026-09-01T12:00:00Z',
      '--fiscal-year',
      '2026-27',
      '--json',
    );
    expect(before.status).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      fiscalYear: '2026-27',
      asOf: '2026-09-01T12:00:00.000Z',
      envelope: { capital: '1000000.00' },
      approvedCapital: '0.00',
      requestedCapital: '300000.00',
      byStatus: [{ status: 'submitted', count: 1 }],
    });
    const after = ledger('replay', '--as-of', '2026-09-03T00:00:00.000Z');
    expect(after.status).toBe(0);
    expect(after.stdout).toContain('Portfolio 2026-27 as it stood at 2026-09-03T00:00:00.000Z');
    expect(after.stdout).toMatch(/^ {2}approved capital +£300,000\.00$/m);
    expect(after.stdout).toMatch(/^ {2}remaining capital +£700,000\.00$/m);
    expect(after.stdout).toMatch(/^ {2}capital envelope +£1,000,000\.00$/m);
    expect(after.stdout).toMatch(
      /^ {2}by status +proposals +requested capital +approved capital$\n^ {2}approved +1 +£300,000\.00 +£300,000\.00$/m,
    );
    expect(after.stdout).toMatch(/^ {2}Housing +1 +£300,000\.00 +£300,000\.00$/m);
    expect(after.stdout).not.toMatch(/\b300000\.00\b/);
  });

  it("prints a proposal's history with a header, who did what when, the amounts in pounds and the decision", async () => {
    const store = await harness.open();
    const drafted = (await store.readAll({ limit: 100 })).events.find(
      (event) => event.type === 'ProposalDrafted',
    )!;
    const proposalId = drafted.data.proposalId as string;
    const run = ledger('history', proposalId);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const [title, header, ...lines] = run.stdout.trimEnd().split('\n');
    expect(title).toBe(`History of proposal ${proposalId}: "Proposal 1", 5 events`);
    expect(header).toMatch(/^position +recorded at \(UTC\) +by +what$/);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(
      new RegExp(
        `^ +${drafted.position}  2026-09-01T09:00:00\\.000Z  Alice Proposer +drafted "Proposal 1" \\(Housing, 2026-27\\): ` +
          'capital £300,000\\.00, running cost £1,000\\.00 a year, savings £20,000\\.00 a year, ' +
          'other benefits £5,000\\.00 a year, over 5 years$',
      ),
    );
    expect(lines[1]).toMatch(/Alice Proposer +submitted it for review and decision$/);
    expect(lines[2]).toMatch(/Rita Reviewer +financial review: support, mean score 3\.4 of 5$/);
    expect(lines[3]).toMatch(/Tom Reviewer +technical review: support, mean score 3\.4 of 5$/);
    expect(lines[4]).toMatch(
      /^ +\d+ {2}2026-09-02T09:00:00\.000Z {2}Bob Board +APPROVED £300,000\.00 \(cabinet tier, whole-life cost £305,000\.00, on version 4\): Board decision$/,
    );
  });

  it('refuses a missing or malformed --as-of with exit 2 and a plain message', () => {
    const missing = ledger('replay');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--as-of is required/);
    const malformed = ledger('replay', '--as-of', 'yesterday');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/--as-of must be an ISO 8601 time/);
  });
});
