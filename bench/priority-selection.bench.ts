// Times the exact selection over a council-sized backlog. A script, not a test: timings in tests
// are flaky on shared CI machines. Run from the repository root:
//   node -e "require.extensions['.ts']=(m,f)=>m._compile(require('@swc/core').transformFileSync(f,
//     {jsc:{parser:{syntax:'typescript'},target:'es2022'},module:{type:'commonjs'}}).code,f);
//     require('./bench/priority-selection.bench.ts')"
// BENCH_COUNT (5000), BENCH_SEEDS (5), BENCH_FIRST_SEED (1) and BENCH_PRELOAD=1 (warm the solver first) tune it.
import {
  type PriorityCandidate,
  preloadPrioritySolver,
  selectWithinBudget,
} from '../libs/read-models/src/priorities/priority-selection';

/** Capital £10k-£2m, scores 0-100 to two decimals, budget 30% of the total asked for. */
function randomBacklog(
  count: number,
  seed: number,
): { candidates: PriorityCandidate[]; budgetPence: bigint } {
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  const candidates = Array.from({ length: count }, (_, i) => ({
    id: `p${i}`,
    capitalPence: BigInt(1_000_000 + Math.floor(random() * 199_000_001)),
    weightedScore: Math.round(random() * 10_000) / 100,
    statutory: false,
  }));
  const total = candidates.reduce((sum, c) => sum + c.capitalPence, 0n);
  return { candidates, budgetPence: (total * 30n) / 100n };
}

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_COUNT ?? 5000);
  const seeds = Number(process.env.BENCH_SEEDS ?? 5);
  const firstSeed = Number(process.env.BENCH_FIRST_SEED ?? 1);
  if (process.env.BENCH_PRELOAD === '1') {
    const started = performance.now();
    await preloadPrioritySolver();
    process.stdout.write(
      `preload (load + warm-up solve): ${(performance.now() - started).toFixed(0)} ms\n`,
    );
  }
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const { candidates, budgetPence } = randomBacklog(count, seed);
    const started = performance.now();
    const selection = await selectWithinBudget(candidates, budgetPence);
    const ms = performance.now() - started;
    process.stdout.write(
      `seed ${seed}: ${count} candidates, ${selection.selected.length} selected, ` +
        `score ${selection.totalScore.toFixed(2)}, ` +
        `unspent ${budgetPence - selection.totalCapitalPence} pence, ${ms.toFixed(0)} ms\n`,
    );
  }
}

void main();
