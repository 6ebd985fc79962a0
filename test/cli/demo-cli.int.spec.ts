import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evolveProposal,
  initialProposalState,
  type ProposalEvent,
  type ProposalState,
} from '@ledger/domain';
import { DEMO_COUNCIL } from '@ledger/platform';
import { createSqliteTestDatabase, runBuiltCli, type TestDatabase } from '@ledger/testing';

interface LoggedEvent {
  readonly position: number;
  readonly streamId: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: { actor: { id: string; name: string }; roles: string[] };
  readonly recordedAt: string;
}

/** The whole log of a data dir, through the CLI's own export. */
function exportedLog(database: TestDatabase): LoggedEvent[] {
  const cwd = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
  try {
    const exported = runBuiltCli(database, ['export', '--format', 'jsonl', '--out', 'log.jsonl'], {
      cwd,
    });
    expect(exported.status).toBe(0);
    return readFileSync(join(cwd, 'log.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LoggedEvent);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function statusesOf(log: readonly LoggedEvent[]): Map<string, string> {
  const states = new Map<string, ProposalState>();
  for (const event of log) {
    if (!event.streamId.startsWith('proposal-')) continue;
    const state = states.get(event.streamId) ?? initialProposalState();
    states.set(
      event.streamId,
      evolveProposal(state, { type: event.type, data: event.data } as ProposalEvent),
    );
  }
  return new Map([...states].map(([stream, state]) => [stream, state.status]));
}

function headOf(database: TestDatabase): string {
  const digest = runBuiltCli(database, ['digest', '--json']);
  expect(digest.status).toBe(0);
  return digest.stdout;
}

describe('ledger demo (sqlite)', () => {
  let database: TestDatabase;
  let first: ReturnType<typeof runBuiltCli>;
  let log: LoggedEvent[];

  beforeAll(() => {
    database = createSqliteTestDatabase();
    first = runBuiltCli(database, ['demo']);
    log = exportedLog(database);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('loads the portfolio and prints a summary of it', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Loaded the demo portfolio: 41 proposals, \d+ events\./);
    expect(first.stdout).toMatch(/2026-27\s+£4,200,000\.00\s+committed\s+£[\d,]+\.\d\d/);
    expect(first.stdout).toContain(`Head of the log: position ${log.length}, hash `);
  });

  it('records a chain that verifies', () => {
    const verified = runBuiltCli(database, ['verify']);
    expect(verified.stdout).toMatch(/^Intact/);
    expect(verified.status).toBe(0);
  });

  it('has the counts the summary states, folded from the log itself', () => {
    const statuses = [...statusesOf(log).values()];
    expect(statuses).toHaveLength(41);
    const stated = [...first.stdout.matchAll(/^ {2}([a-z]+) +(\d+)$/gm)].map(
      ([, status, n]) => [status, Number(n)] as const,
    );
    expect(stated.length).toBeGreaterThanOrEqual(6);
    for (const [status, n] of stated) {
      expect([status, statuses.filter((s) => s === status).length]).toEqual([status, n]);
    }
    expect(stated.reduce((sum, [, n]) => sum + n, 0)).toBe(41);
    const events = Number(/41 proposals, (\d+) events/.exec(first.stdout)![1]);
    expect(events).toBe(log.length);
  });

  it('gives the board a portfolio with every kind of decision and work awaiting it', () => {
    const types = new Set(log.map((event) => event.type));
    for (const type of [
      'PolicyAdopted',
      'BudgetEnvelopeSet',
      'ProposalDrafted',
      'ProposalAmended',
      'ProposalSubmitted',
      'ReviewRecorded',
      'ConflictOfInterestDeclared',
      'ProposalReturned',
      'ProposalWithdrawn',
      'ProposalApproved',
      'FundsCommitted',
      'ProposalRejected',
      'ProposalDeferred',
      'BenefitsRecorded',
    ]) {
      expect(types).toContain(type);
    }
    const tiers = new Set(
      log
        .filter((event) => event.type.match(/^Proposal(Approved|Rejected|Deferred)$/))
        .map((event) => (event.data.snapshot as { authority: string }).authority),
    );
    expect([...tiers].sort()).toEqual(['cabinet', 'chief-officer', 'investment-board']);
    expect(first.stdout).toMatch(/Awaiting decision: 17 \((\d+) ready, (\d+) blocked\)/);
    const [, ready, blocked] = /\((\d+) ready, (\d+) blocked\)/.exec(first.stdout)!;
    expect(Number(ready)).toBeGreaterThan(0);
    expect(Number(blocked)).toBeGreaterThan(0);
  });

  it('records every event with a real actor of the demo council, and never backdates one', () => {
    const people = new Map<string, { name: string; roles: readonly string[] }>(
      Object.values(DEMO_COUNCIL).map((person) => [person.id, person]),
    );
    for (const event of log) {
      const person = people.get(event.metadata.actor.id);
      expect(person?.name).toBe(event.metadata.actor.name);
      expect(event.metadata.roles).toEqual(person?.roles);
      for (const [field, value] of Object.entries(event.data)) {
        if (field.endsWith('At') && typeof value === 'string') {
          expect(value <= event.recordedAt).toBe(true);
        }
      }
    }
  });

  it('gives finance benefit plans to realise: evidence by the services, validated or rejected by someone else', () => {
    const types = log.map((event) => event.type);
    for (const type of ['BenefitEvidenced', 'BenefitValidated', 'BenefitEvidenceRejected'])
      expect(types).toContain(type);
    const recorders = new Map(
      log
        .filter((event) => event.type === 'BenefitEvidenced')
        .map((event) => [event.data.evidenceId as string, event.metadata.actor.id]),
    );
    const decisions = log.filter((event) =>
      ['BenefitValidated', 'BenefitEvidenceRejected'].includes(event.type),
    );
    expect(decisions.length).toBeGreaterThan(5);
    for (const decision of decisions) {
      const recorder = recorders.get(decision.data.evidenceId as string);
      expect(recorder).toBeDefined();
      expect(decision.metadata.actor.id).not.toBe(recorder);
    }
    expect(first.stdout).toMatch(
      /Benefits: \d+ approved proposals with a benefit plan; \d+ pieces of evidence \(\d+ validated, 1 rejected, \d+ awaiting validation\)/,
    );
    expect(first.stdout).toMatch(/2026-27\s+£650,000\.00\s+approved\s+£[\d,]+\.\d\d\s+remaining/);

    const benefits = runBuiltCli(database, ['benefits', '--fiscal-year', '2026-27', '--json']);
    expect(benefits.status).toBe(0);
    const answer = JSON.parse(benefits.stdout) as {
      totals: { forecast: { cashReleasing: string }; validated: { cashReleasing: string } };
      byProposal: { title: string; atRisk: boolean; realisationRate: number | null }[];
    };
    expect(Number(answer.totals.forecast.cashReleasing)).toBeGreaterThan(0);
    expect(Number(answer.totals.validated.cashReleasing)).toBeGreaterThan(0);
    const rated = answer.byProposal.filter((row) => row.realisationRate !== null);
    expect(rated.some((row) => row.atRisk)).toBe(true);
    expect(rated.some((row) => !row.atRisk)).toBe(true);
  });

  it('refuses to run again without --force, appending nothing', () => {
    const head = headOf(database);
    const again = runBuiltCli(database, ['demo']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(
      /already holds [\d,]+ events, so the demo was not loaded.*--force/,
    );
    expect(again.stdout).toBe('');
    expect(headOf(database)).toBe(head);
  });

  it('loads the same portfolio in every run: the same streams, events and ids', () => {
    const other = createSqliteTestDatabase();
    try {
      expect(runBuiltCli(other, ['demo']).status).toBe(0);
      const otherLog = exportedLog(other);
      const shape = (events: readonly LoggedEvent[]) =>
        events.map((event) => [event.streamId, event.type, event.eventId].join(' '));
      expect(shape(otherLog)).toEqual(shape(log));
      const scores = (events: readonly LoggedEvent[]) =>
        events.filter((e) => e.type === 'ReviewRecorded').map((e) => e.data.scores);
      expect(scores(otherLog)).toEqual(scores(log));
    } finally {
      void other.drop();
    }
  });
});
