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
 * Runs a verification and streams it as JSON lines: `{"checked","headPosition"}` at most every
 * 100 ms, the last report always sent before the verdict so a reader sees the walk reach the head,
 * then `{"verdict": ...}`. A failure after the stream began cannot become a status code any more, so
 * it ends the stream with `{"problem": ...}` instead. Once the client has gone (`isClosed`), nothing
 * more is pushed; the verification itself runs to its end, which costs a walk but no error.
 */
export function verificationLines(run: RunVerification, now: () => number = Date.now): Readable {
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
  // Started on the next tick so the reply's headers go out before the first line is computed.
  setImmediate(() => {
    run(report)
      .then((verdict) => {
        if (pending !== null) write(pending);
        write({ verdict });
      })
      .catch((error: unknown) => {
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
