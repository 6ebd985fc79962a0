import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  EVENT_STORE,
  verifyChain,
  type ChainVerification,
  type EventStore,
  type SegmentVerification,
  type SegmentVerifier,
} from '@ledger/event-store';
import { sqliteFileOf } from '../database';
import type { LedgerConfig } from '../ledger.config';
import { LEDGER_CONFIG } from '../ledger-tokens';
import type { StretchMessage, StretchTask } from './stretch.worker';

/** The compiled worker; absent when the code runs from its TypeScript sources (the tests). */
const WORKER_SCRIPT = join(__dirname, 'stretch.worker.js');

/**
 * Below this many events the log is walked in this thread: starting a worker, which loads the
 * database driver and opens its own connection, takes longer than checking them.
 */
const MINIMUM_EVENTS_FOR_WORKERS = 20_000;

/** More workers than cores only queue for the CPU; beyond four the database's reads are the limit. */
const MAXIMUM_WORKERS = 4;

/**
 * Verifies the hash chain for the API and the CLI. On SQLite and PostgreSQL a large log is cut into
 * stretches checked in worker threads, one per core, each with its own connection: the SHA-256 work
 * spreads over the cores and this thread's event loop stays free to answer other requests meanwhile.
 */
@Injectable()
export class ChainVerifier {
  private readonly stretches: SegmentVerifier | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.stretches = stretchesInWorkers(config);
  }

  verify(onProgress?: (checked: number, headPosition: number) => void): Promise<ChainVerification> {
    return verifyChain(this.store, { onProgress, segments: this.stretches });
  }
}

/**
 * Stretches checked in worker threads, or undefined where they cannot be: the KurrentDB adapter (its
 * reads go through one gRPC client), a single core, or no compiled worker script.
 */
export function stretchesInWorkers(
  config: Pick<LedgerConfig, 'dataDir' | 'databaseUrl' | 'eventStore'>,
  workers = Math.min(availableParallelism(), MAXIMUM_WORKERS),
): SegmentVerifier | undefined {
  if (config.eventStore === 'kurrentdb' || workers < 2 || !existsSync(WORKER_SCRIPT)) {
    return undefined;
  }
  const databaseUrl = config.databaseUrl;
  const sqliteFile = sqliteFileOf(config);
  return {
    count: workers,
    minimumEvents: MINIMUM_EVENTS_FOR_WORKERS,
    run: (from, to, onChecked, signal) =>
      runStretch({ databaseUrl, sqliteFile, from, to }, onChecked, signal),
  };
}

function runStretch(
  task: StretchTask,
  onChecked: (checked: number) => void,
  signal: AbortSignal,
): Promise<SegmentVerification> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, { workerData: task });
    const stop = () => void worker.terminate();
    signal.addEventListener('abort', stop, { once: true });
    let result: SegmentVerification | null = null;
    worker.on('message', (message: StretchMessage) => {
      if (message.kind === 'checked') onChecked(message.checked);
      else result = message.result;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      signal.removeEventListener('abort', stop);
      if (result !== null) resolve(result);
      else
        reject(
          new Error(
            `the worker verifying positions ${task.from}-${task.to} stopped (exit code ${code}) without an answer`,
          ),
        );
    });
  });
}
