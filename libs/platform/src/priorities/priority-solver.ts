import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  PrioritySelectionNotProven,
  StatutoryExceedsBudget,
  preloadPrioritySolver,
  selectWithinBudget,
  type PriorityCandidate,
  type PrioritySelection,
} from '@ledger/read-models';
import type { SolverAnswer, SolverFailure, SolverRequest } from './priority-solver.worker';

/** The compiled worker; absent when the code runs from its TypeScript sources (the tests). */
const WORKER_SCRIPT = join(__dirname, 'priority-solver.worker.js');

interface Pending {
  readonly resolve: (selection: PrioritySelection | null) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The priorities' exact selection, solved in a worker thread. HiGHS runs synchronously: on the
 * API's thread a 5,000-proposal backlog held every other request for about half a second, and the
 * warm-up at start-up for over two. The worker is started on first use, kept for later selections,
 * and started again if it dies. Without the compiled worker (code run from its sources) the
 * selection runs in this thread, with the same answers and errors.
 */
@Injectable()
export class PrioritySolver implements OnApplicationShutdown {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly inWorker = existsSync(WORKER_SCRIPT);

  select(
    candidates: readonly PriorityCandidate[],
    budgetPence: bigint,
  ): Promise<PrioritySelection> {
    if (!this.inWorker) return selectWithinBudget(candidates, budgetPence);
    return this.ask({ id: this.nextId++, kind: 'select', candidates, budgetPence }).then(
      (selection) => selection as PrioritySelection,
    );
  }

  /**
   * The exact selection at each budget, in order (the frontier). The candidates cross to the worker
   * once and are kept there until the last budget is answered; each budget is still one request,
   * sent when the one before is answered, so other selections are answered between them.
   */
  async selectAtBudgets(
    candidates: readonly PriorityCandidate[],
    budgets: readonly bigint[],
  ): Promise<PrioritySelection[]> {
    const selections: PrioritySelection[] = [];
    if (!this.inWorker) {
      for (const budgetPence of budgets)
        selections.push(await selectWithinBudget(candidates, budgetPence));
      return selections;
    }
    const key = this.nextId++;
    let keptBy: Worker | null = null;
    try {
      for (const budgetPence of budgets) {
        // A worker started since (the last one died between two budgets) has not kept them.
        if (keptBy === null || keptBy !== this.worker) {
          await this.ask({ id: this.nextId++, kind: 'keep', key, candidates });
          keptBy = this.worker;
        }
        const selection = await this.ask({
          id: this.nextId++,
          kind: 'select-kept',
          key,
          budgetPence,
        });
        selections.push(selection as PrioritySelection);
      }
      return selections;
    } finally {
      if (keptBy !== null && keptBy === this.worker)
        void this.ask({ id: this.nextId++, kind: 'forget', key }).catch(() => undefined);
    }
  }

  /** Compiles the solver and runs one representative solve, so the first selection is quick. */
  async preload(): Promise<void> {
    if (!this.inWorker) return preloadPrioritySolver();
    await this.ask({ id: this.nextId++, kind: 'preload' });
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ask(request: SolverRequest): Promise<PrioritySelection | null> {
    return new Promise((resolve, reject) => {
      const worker = this.started();
      this.pending.set(request.id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SCRIPT);
    worker.on('message', (answer: SolverAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      // An idle solver must not keep a CLI or a test process alive.
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if ('failure' in answer) waiting.reject(errorFrom(answer.failure));
      else waiting.resolve(answer.selection);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const { reject } of waiting) reject(error);
    };
    worker.once('error', fail);
    worker.once('exit', (code) =>
      fail(new Error(`the priorities solver stopped (exit code ${code}) before answering`)),
    );
    this.worker = worker;
    return worker;
  }
}

function errorFrom(failure: SolverFailure): Error {
  switch (failure.name) {
    case 'StatutoryExceedsBudget':
      return new StatutoryExceedsBudget(failure.statutoryCapitalPence, failure.budgetPence);
    case 'PrioritySelectionNotProven':
      return new PrioritySelectionNotProven(failure.solverStatus);
    case 'RangeError':
      return new RangeError(failure.message);
    default:
      return new Error(failure.message);
  }
}
