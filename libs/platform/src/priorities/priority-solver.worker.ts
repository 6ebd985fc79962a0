/**
 * A worker thread that runs the priorities' exact selection (HiGHS, compiled WebAssembly) for
 * PrioritySolver, one request at a time, and answers each with its id. It loads the selection
 * module only, so the solver warms up here and a long solve never holds the API's event loop.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import {
  PrioritySelectionNotProven,
  StatutoryExceedsBudget,
  preloadPrioritySolver,
  selectWithinBudget,
  type PriorityCandidate,
  type PrioritySelection,
} from '@ledger/read-models/priorities/priority-selection';

export type SolverRequest =
  | { readonly id: number; readonly kind: 'preload' }
  | {
      readonly id: number;
      readonly kind: 'select';
      readonly candidates: readonly PriorityCandidate[];
      readonly budgetPence: bigint;
    }
  /** Keeps candidates under `key`, so selections at several budgets copy them across once. */
  | {
      readonly id: number;
      readonly kind: 'keep';
      readonly key: number;
      readonly candidates: readonly PriorityCandidate[];
    }
  | {
      readonly id: number;
      readonly kind: 'select-kept';
      readonly key: number;
      readonly budgetPence: bigint;
    }
  | { readonly id: number; readonly kind: 'forget'; readonly key: number };

/** How a refusal crosses the thread boundary, so the caller can rebuild the same error class. */
export type SolverFailure =
  | {
      readonly name: 'StatutoryExceedsBudget';
      readonly statutoryCapitalPence: bigint;
      readonly budgetPence: bigint;
    }
  | { readonly name: 'PrioritySelectionNotProven'; readonly solverStatus: string }
  | { readonly name: 'RangeError' | 'Error'; readonly message: string };

export type SolverAnswer =
  | { readonly id: number; readonly selection: PrioritySelection | null }
  | { readonly id: number; readonly failure: SolverFailure };

function failureOf(error: unknown): SolverFailure {
  if (error instanceof StatutoryExceedsBudget) {
    const { statutoryCapitalPence, budgetPence } = error;
    return { name: 'StatutoryExceedsBudget', statutoryCapitalPence, budgetPence };
  }
  if (error instanceof PrioritySelectionNotProven) {
    return { name: 'PrioritySelectionNotProven', solverStatus: error.solverStatus };
  }
  if (error instanceof RangeError) return { name: 'RangeError', message: error.message };
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

const kept = new Map<number, readonly PriorityCandidate[]>();

async function answer(request: SolverRequest): Promise<SolverAnswer> {
  try {
    switch (request.kind) {
      case 'preload':
        await preloadPrioritySolver();
        return { id: request.id, selection: null };
      case 'keep':
        kept.set(request.key, request.candidates);
        return { id: request.id, selection: null };
      case 'forget':
        kept.delete(request.key);
        return { id: request.id, selection: null };
      case 'select-kept': {
        const candidates = kept.get(request.key);
        if (!candidates) throw new Error(`no candidates are kept under ${request.key}`);
        return {
          id: request.id,
          selection: await selectWithinBudget(candidates, request.budgetPence),
        };
      }
      case 'select':
        return {
          id: request.id,
          selection: await selectWithinBudget(request.candidates, request.budgetPence),
        };
    }
  } catch (error) {
    return { id: request.id, failure: failureOf(error) };
  }
}

// HiGHS is 3.5 MB of WebAssembly. V8 compiles it with its baseline compiler (Liftoff) and then
// recompiles the hot functions with TurboFan on background threads; those recompilations held about
// 85 MB of the API's resident memory for as long as the process lived, and on a busy two-core host
// they took the CPU the solve needed (the warm-up took 10 s instead of 2-3 s, and a 2,000-proposal
// selection ran into its time limit). Baseline code only: set before the module is compiled (on the
// first request), it applies to every WebAssembly module compiled later in the process.
setFlagsFromString('--liftoff-only');

// Requests are answered in turn: HiGHS solves synchronously, so a queue is what the thread is.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (request: SolverRequest) => {
  queue = queue.then(async () => parentPort?.postMessage(await answer(request)));
});
