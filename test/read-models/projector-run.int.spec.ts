import type { LedgerDatabase } from '@ledger/platform';
import {
  CheckpointedBatches,
  PROJECTIONS,
  Projector,
  ReadModelDatabase,
  rebuildProjections,
  type ProjectorLeadership,
} from '@ledger/read-models';
import { databaseKindsUnderTest } from '@ledger/testing';
import { Scenario, type Step } from './ledger-scenario';
import { freshReadModelsForEachTest } from './fresh-read-models';

/** Leadership handed out and taken back by the test, as a lock held elsewhere would be. */
class HandedLeadership implements ProjectorLeadership {
  lost = false;
  released = 0;
  private granted = false;
  private waiting: (() => void) | null = null;

  grant(): void {
    this.granted = true;
    this.lost = false;
    this.waiting?.();
  }

  takeBack(): void {
    this.granted = false;
    this.lost = true;
  }

  async acquire(signal: AbortSignal): Promise<void> {
    if (this.granted) return;
    await new Promise<void>((resolve) => {
      this.waiting = resolve;
      signal.addEventListener('abort', () => resolve());
    });
    this.waiting = null;
  }

  async release(): Promise<void> {
    this.released += 1;
  }
}

const steps = (n: number): Step[] => [
  { kind: 'envelope', capital: 900 },
  ...Array.from(
    { length: n },
    (_, i) =>
      ({
        kind: 'draft',
        proposer: 'alice',
        capital: 10 + i,
        department: 'Housing',
        statutory: false,
      }) as Step,
  ),
  { kind: 'submit', proposal: 0 },
];

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(databaseKindsUnderTest)('a running projector (%s)', (kind) => {
  let database: LedgerDatabase;
  let readModels: ReadModelDatabase;
  freshReadModelsForEachTest(kind, (fresh) => ({ database, readModels } = fresh));

  it('projects only while it leads, and after a spell standing by takes up from the stored checkpoints', async () => {
    const store = database.eventStore;
    const leadership = new HandedLeadership();
    const projector = new Projector(readModels, store, PROJECTIONS, {
      leadership,
      pollIntervalMs: 25,
    });
    projector.start();
    const head = async () => (await store.readHead()).position;
    try {
      await new Scenario(store).play(steps(3));
      expect(await projector.waitFor(await head(), 200)).toBe(false);
      expect(projector.isActive).toBe(false);

      leadership.grant();
      // Woken by the store's own appends; the poll is only the fallback.
      expect(await projector.waitFor(await head(), 5000)).toBe(true);
      expect(projector.isActive).toBe(true);

      leadership.takeBack();
      await eventually(() => !projector.isActive, 'the projector to stand by');
      await new Scenario(store).play(steps(2));
      // The leader elsewhere applies these; this one must not apply them again when it leads.
      await new CheckpointedBatches(readModels, store, PROJECTIONS).catchUp();
      await new Scenario(store).play(steps(2));

      leadership.grant();
      expect(await projector.waitFor(await head(), 5000)).toBe(true);
      expect(projector.isActive).toBe(true);
    } finally {
      await projector.stop();
    }
    expect(projector.isActive).toBe(false);
    expect(leadership.released).toBe(1);

    const projected = await readModels.query('SELECT * FROM budget_summary');
    const register = await readModels.query(
      'SELECT id, version, last_position FROM proposal_register ORDER BY id',
    );
    await rebuildProjections(readModels, store, PROJECTIONS);
    expect(await readModels.query('SELECT * FROM budget_summary')).toEqual(projected);
    expect(
      await readModels.query(
        'SELECT id, version, last_position FROM proposal_register ORDER BY id',
      ),
    ).toEqual(register);
  });
});
