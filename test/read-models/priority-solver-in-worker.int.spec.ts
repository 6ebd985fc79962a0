import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { selectWithinBudget, type PriorityCandidate } from '@ledger/read-models';

/**
 * Worker threads run compiled JavaScript, so this suite takes PrioritySolver from the built platform
 * library (`npm test` builds first), exactly as the API starts it, and checks its answers against
 * the selection run in this thread from the sources.
 */
const BUILT = resolve(__dirname, '../../dist/libs');

interface BuiltSolver {
  select(candidates: readonly PriorityCandidate[], budgetPence: bigint): Promise<unknown>;
  selectAtBudgets(
    candidates: readonly PriorityCandidate[],
    budgets: readonly bigint[],
  ): Promise<unknown[]>;
  preload(): Promise<void>;
  onApplicationShutdown(): Promise<void>;
}

interface Built {
  PrioritySolver: new () => BuiltSolver;
  StatutoryExceedsBudget: new (...args: never[]) => Error;
}

function built(): Built {
  const platform = `${BUILT}/platform/src/index.js`;
  if (!existsSync(platform))
    throw new Error(`${platform} is missing: build first with npm run build`);
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('reflect-metadata');
  const { PrioritySolver } = require(platform) as Pick<Built, 'PrioritySolver'>;
  const { StatutoryExceedsBudget } = require(`${BUILT}/read-models/src/index.js`) as Pick<
    Built,
    'StatutoryExceedsBudget'
  >;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { PrioritySolver, StatutoryExceedsBudget };
}

/** A backlog of `count` proposals from a fixed seed, with a few statutory ones. */
function aBacklog(count: number, seed: number): PriorityCandidate[] {
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, (_, i) => ({
    id: `p-${i}`,
    capitalPence: BigInt(1_000_000 + Math.floor(random() * 99_000_000)),
    weightedScore: Math.round(random() * 10_000) / 100,
    statutory: i % 97 === 0,
  }));
}

const totalOf = (backlog: readonly PriorityCandidate[]) =>
  backlog.reduce((sum, candidate) => sum + candidate.capitalPence, 0n);

describe('the priorities solver in a worker thread', () => {
  const { PrioritySolver, StatutoryExceedsBudget } = built();
  let solver: BuiltSolver;

  beforeEach(() => {
    solver = new PrioritySolver();
  });

  afterEach(async () => {
    await solver.onApplicationShutdown();
  });

  it('answers exactly what the selection answers in this thread, for concurrent requests too', async () => {
    const backlogs = [aBacklog(300, 1), aBacklog(120, 2), aBacklog(40, 3)];
    const budgets = backlogs.map((backlog, i) => (totalOf(backlog) * BigInt(20 + 15 * i)) / 100n);
    const inWorker = await Promise.all(backlogs.map((b, i) => solver.select(b, budgets[i])));
    const here = await Promise.all(backlogs.map((b, i) => selectWithinBudget(b, budgets[i])));
    expect(inWorker).toEqual(here);
    expect(
      new Set(
        inWorker.map((answer) =>
          JSON.stringify(answer, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)),
        ),
      ).size,
    ).toBe(3);
  });

  it('answers a frontier of budgets exactly as one selection per budget, the candidates handed over once', async () => {
    const backlog = aBacklog(400, 9);
    const budgets = [0n, 1n, 5n, 20n, 45n, 80n, 100n].map(
      (share) => (totalOf(backlog) * share) / 100n,
    );
    const statutoryFree = backlog.map((candidate) => ({ ...candidate, statutory: false }));
    const here = [];
    for (const budget of budgets) here.push(await selectWithinBudget(statutoryFree, budget));
    // Another selection asked meanwhile is answered too, between the frontier's budgets.
    const [frontier, other] = await Promise.all([
      solver.selectAtBudgets(statutoryFree, budgets),
      solver.select(backlog, totalOf(backlog) / 2n),
    ]);
    expect(frontier).toEqual(here);
    expect(other).toEqual(await selectWithinBudget(backlog, totalOf(backlog) / 2n));
    // Twice over: a key is never reused, and what was kept is let go.
    expect(await solver.selectAtBudgets(statutoryFree, budgets.slice(0, 2))).toEqual(
      here.slice(0, 2),
    );
  });

  it('rebuilds a governance refusal as the same error, with its figures', async () => {
    const backlog = aBacklog(200, 4).map((candidate) => ({ ...candidate, statutory: true }));
    const refusal = await solver.select(backlog, 1_000_000n).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StatutoryExceedsBudget);
    expect(refusal).toMatchObject({
      code: 'statutory-exceeds-budget',
      statutoryCapitalPence: totalOf(backlog),
      budgetPence: 1_000_000n,
      message: expect.stringMatching(/^The statutory proposals need £[\d.]+ of capital/),
    });
  });

  it('refuses invalid input with a RangeError, as in this thread', async () => {
    await expect(solver.select(aBacklog(5, 5), -1n)).rejects.toThrow(
      new RangeError('The budget must be a non-negative whole number of pence, not -1.'),
    );
  });

  it("keeps this thread's event loop turning while it solves", async () => {
    await solver.preload();
    const backlog = aBacklog(2_000, 6);
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    await solver.select(backlog, (totalOf(backlog) * 3n) / 10n);
    spinning = false;
    // In this thread HiGHS solves synchronously between a few turns; the worker left thousands.
    expect(turns).toBeGreaterThan(100);
  });

  it('fails the requests in flight with a plain message when the worker dies, then starts a new one', async () => {
    const inFlight = solver.select(aBacklog(2_000, 7), totalOf(aBacklog(2_000, 7)) / 3n);
    await (solver as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(inFlight).rejects.toThrow(
      /the priorities solver stopped \(exit code \d+\) before answering/,
    );
    const backlog = aBacklog(50, 8);
    await expect(solver.select(backlog, totalOf(backlog) / 2n)).resolves.toEqual(
      await selectWithinBudget(backlog, totalOf(backlog) / 2n),
    );
  });
});
