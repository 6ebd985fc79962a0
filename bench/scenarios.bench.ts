// Times a scenario's evaluation (the log replayed to its evaluation point, then the exact optimum)
// and a 20-point frontier, against the ceilings, on a SQLite ledger of submitted, reviewed
// proposals. A script, not a test: timings in tests are flaky on shared machines. From the root:
//   node -e "require.extensions['.ts']=(m,f)=>m._compile(require('@swc/core').transformFileSync(f,
//     {jsc:{parser:{syntax:'typescript'},target:'es2022',transform:{legacyDecorator:true,
//     decoratorMetadata:true}},module:{type:'commonjs'}}).code,f);
//     require('tsconfig-paths/register');require('./bench/scenarios.bench.ts')"
// BENCH_SIZES (1000,5000) and BENCH_RUNS (3) tune it. Each line gives the median, the ceiling, and
// their ratio (under 1 meets it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject, StreamAppend } from '../libs/event-store/src';
import { FrontierHandler, FrontierQuery, toProposalSummary } from '../libs/ledger/src';
import { prioritise } from '../libs/ledger/src/portfolio/priorities';
import { portfolioAt } from '../libs/ledger/src/scenarios/portfolio-at';
import { openDatabase } from '../libs/platform/src';
import {
  PROJECTIONS,
  Projector,
  ReadModelDatabase,
  preloadPrioritySolver,
  selectWithinBudget,
} from '../libs/read-models/src';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { proposalEvents } = require('./lib/domain-log.js') as {
  proposalEvents: (n: number) => {
    streamId: string;
    events: { id: string; type: string; data: Record<string, unknown> }[];
  };
};

const SIZES = (process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const solver = { select: selectWithinBudget };
const actor = { id: 'bench', name: 'Bench' };
const metadata = { actor, roles: ['proposer'], correlationId: 'bench', causationId: null };

/** Drafted, submitted and five reviews, with scores that differ from proposal to proposal. */
function submittedProposal(n: number): StreamAppend {
  const { streamId, events } = proposalEvents(n);
  return {
    streamId,
    expectedVersion: 'no-stream',
    events: events.slice(0, 7).map((event, i) => {
      const data =
        event.type === 'ReviewRecorded'
          ? {
              ...event.data,
              scores: {
                strategicFit: (n * 7 + i) % 6,
                valueForMoney: (n * 3 + i) % 6,
                deliverability: (n * 5) % 6,
                riskReduction: (n + i) % 6,
                serviceImpact: (n * 11) % 6,
              },
            }
          : event.data;
      return { eventId: `${event.id}-${i}`, type: event.type, data: data as JsonObject, metadata };
    }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function line(label: string, ms: number, ceilingMs: number): void {
  process.stdout.write(
    `${label}: ${ms.toFixed(0)} ms (ceiling ${ceilingMs} ms, ratio ${(ms / ceilingMs).toFixed(2)})\n`,
  );
}

async function bench(size: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scenarios-bench-'));
  const database = await openDatabase({ dataDir, databaseUrl: null });
  try {
    const store = database.eventStore;
    for (let first = 0; first < size; first += 250) {
      const batch = [];
      for (let n = first; n < Math.min(size, first + 250); n++) batch.push(submittedProposal(n));
      await store.append(batch);
    }
    const readModels = new ReadModelDatabase(database.readModelDataSource, store);
    await new Projector(readModels, store, PROJECTIONS).catchUp();
    const head = (await store.readHead()).position;

    const evaluate = async (position: number) => {
      const started = performance.now();
      const portfolio = await portfolioAt(store, '2026-27', position, readModels);
      const replayed = performance.now();
      const total = portfolio.submitted.reduce((sum, row) => sum + row.capitalCostPence, 0n);
      await prioritise(solver, toProposalSummary, {
        fiscalYear: '2026-27',
        submitted: portfolio.submitted,
        policy: portfolio.policy,
        weights: { riskReduction: 2 },
        budgetPence: (total * 30n) / 100n,
        forceIn: [],
        forceOut: [],
      });
      if (process.env.BENCH_SPLIT === '1')
        process.stdout.write(
          `  replay ${(replayed - started).toFixed(0)} ms, solve ${(performance.now() - replayed).toFixed(0)} ms\n`,
        );
      return performance.now() - started;
    };
    // Each run evaluates at another position, so none is answered from the replay cache.
    const cold = await evaluate(head);
    const warm: number[] = [];
    for (let run = 1; run <= RUNS; run++) warm.push(await evaluate(head - run));
    process.stdout.write(
      `scenario over ${size} submitted proposals, first (cold): ${cold.toFixed(0)} ms\n`,
    );
    line(`scenario over ${size} submitted proposals, warm median`, median(warm), 2000);

    const frontier = new FrontierHandler(readModels, store, solver);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const answer = await frontier.execute(new FrontierQuery('2026-27', undefined, undefined, 20));
      times.push(performance.now() - started);
      if (answer.points.length !== 20) throw new Error('a frontier of 20 points was expected');
    }
    line(`20-point frontier over ${size}`, median(times), size <= 1000 ? 3000 : 20000);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await preloadPrioritySolver();
  for (const size of SIZES) await bench(size);
}

void main();
