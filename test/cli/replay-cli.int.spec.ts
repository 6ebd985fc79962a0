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
    expect(after.stdout).toMatch(/approved capital\s+300000\.00/);
    expect(after.stdout).toMatch(/remaining capital\s+700000\.00/);
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
