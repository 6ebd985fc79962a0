import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { ChainVerification } from '@ledger/event-store';
import { problem } from '../problems/problem-details';

export const PROGRESS_CONTENT_TYPE = 'application/x-ndjson';

/** A person watching a bar sees no difference above ten updates a second; the socket does. */
const PROGRESS_INTERVAL_MS = 100;

const logger = new Logger('VerifyChain');

export type RunVerification = (
  onProgress: (checked: number, headPosition: number) => void,
) => Promise<ChainVerification>;

/** Whether the client asked for progress lines rather than one JSON answer. */
export function wantsProgress(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => part.split(';')[0].trim().toLowerCase() === PROGRESS_CONTENT_TYPE);
}

/**
 * Runs a verification and streams it as JSON lines: first `{"checked":0,"headPosition":H}` with the
 * head read before the walk, then `{"checked","headPosition"}` at most every 100 ms, the last report
 * always sent before the verdict so a reader sees where the walk stopped, then `{"verdict": ...}`. A
 * failure after the stream began cannot become a status code any more, so it ends the stream with
 * `{"problem": ...}` instead. Once the client has gone (the stream destroyed), nothing more is
 * pushed; the walk already begun runs to its end, which costs time but raises no error.
 */
export function verificationLines(
  run: RunVerification,
  start: { readonly headPosition: number },
  now: () => number = Date.now,
): Readable {
  const stream = new Readable({ read() {} });
  const open = () => !stream.destroyed && !stream.readableEnded;
  const write = (line: unknown) => {
    if (open()) stream.push(`${JSON.stringify(line)}\n`);
  };
  let lastSent = -Infinity;
  let pending: { checked: number; headPosition: number } | null = null;
  const report = (checked: number, headPosition: number) => {
    if (!open()) return;
    pending = { checked, headPosition };
    if (now() - lastSent >= PROGRESS_INTERVAL_MS) {
      write(pending);
      pending = null;
      lastSent = now();
    }
  };
  // Node holds the headers back until the body's first bytes: a first line at once tells the client
  // the walk began and how far it goes, before the first page is checked.
  write({ checked: 0, headPosition: start.headPosition });
  lastSent = now();
  setImmediate(() => {
    const flush = () => {
      if (pending !== null) write(pending);
    };
    run(report)
      .then((verdict) => {
        flush();
        write({ verdict });
      })
      .catch((error: unknown) => {
        flush();
        logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        write({
          problem: problem(
            503,
            'verification-interrupted',
            'The verification stopped before a verdict',
            'The log could not be read to the end, so there is no verdict. Verify again.',
          ),
        });
      })
      .finally(() => {
        if (open()) stream.push(null);
      });
  });
  return stream;
}
