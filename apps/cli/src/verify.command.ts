import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { EVENT_STORE, logHoldsDigest, verifyChain, type EventStore } from '@ledger/event-store';
import { progressBar } from './progress';

interface VerifyOptions {
  position?: number;
  hash?: string;
  json?: boolean;
}

@Command({
  name: 'verify',
  description:
    'Check that the event log is intact: recompute every hash along the chain (exit 0 when intact, 1 when not). ' +
    'With --position and --hash, check that the log still holds a digest taken earlier.',
})
export class VerifyCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(_inputs: string[], options: VerifyOptions): Promise<void> {
    if (options.position !== undefined || options.hash !== undefined) {
      if (options.position === undefined || options.hash === undefined) {
        throw new UsageError('--position and --hash go together');
      }
      const holds = await logHoldsDigest(this.store, options.position, options.hash);
      this.print(options, { ok: holds, position: options.position, hash: options.hash }, holds
        ? `The log still holds position ${options.position} with hash ${options.hash}.`
        : `The log does NOT hold position ${options.position} with hash ${options.hash}: history was rewritten or the digest is wrong.`);
      process.exitCode = holds ? 0 : 1;
      return;
    }
    const bar = progressBar('Verifying');
    const result = await verifyChain(this.store, { onProgress: (done, total) => bar.update(done, total) });
    bar.finish();
    if (result.ok) {
      this.print(options, result, `Intact: ${result.checked} events verified; head position ${result.headPosition}, hash ${result.headHash}.`);
      process.exitCode = 0;
    } else {
      this.print(options, result, `BROKEN at position ${result.firstInvalidPosition}: ${result.reason}. ${result.checked} events before it verified.`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--position <n>', description: 'global position of a digest taken earlier' })
  parsePosition(value: string): number {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError('--position must be a whole number from 1');
    return Number(value);
  }

  @Option({ flags: '--hash <hex>', description: 'hash of that digest (64 hex characters)' })
  parseHash(value: string): string {
    if (!/^[0-9a-f]{64}$/.test(value)) throw new UsageError('--hash must be 64 lowercase hex characters');
    return value;
  }

  @Option({ flags: '--json', description: 'print the result as one JSON object' })
  parseJson(): boolean {
    return true;
  }

  private print(options: VerifyOptions, result: object, text: string): void {
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${text}\n`);
  }
}

export class UsageError extends Error {}
