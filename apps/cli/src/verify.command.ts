import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  EVENT_STORE,
  checkDigest,
  verifyExportLines,
  type DigestCheck,
  type EventStore,
} from '@ledger/event-store';
import { ChainVerifier } from '@ledger/platform';
import { count, progressBar } from './progress';
import { assertReadableFile } from './readable-file';
import { UsageError } from './usage-error';

interface VerifyOptions {
  position?: number;
  hash?: string;
  json?: boolean;
  file?: string;
  after?: number;
  prevHash?: string;
}

@Command({
  name: 'verify',
  description:
    'Check that the event log is intact: recompute every hash along the chain (exit 0 when intact, 1 when not). ' +
    'With --position and --hash, check that the log still holds a digest taken earlier. ' +
    'With --file, check a JSONL export offline instead, without reading the database ' +
    '(an export taken with --after N needs --after N, and --prev-hash with the hash of position N when you have it).',
})
export class VerifyCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly chain: ChainVerifier,
  ) {
    super();
  }

  async run(_inputs: string[], options: VerifyOptions): Promise<void> {
    if (options.file !== undefined) return this.verifyFile(options.file, options);
    if (options.after !== undefined || options.prevHash !== undefined) {
      throw new UsageError('--after and --prev-hash describe an export: use them with --file');
    }
    if (options.position !== undefined || options.hash !== undefined) {
      if (options.position === undefined || options.hash === undefined) {
        throw new UsageError('--position and --hash go together');
      }
      const check = await checkDigest(this.store, options.position, options.hash);
      this.print(options, check, describeDigestCheck(check));
      process.exitCode = check.ok ? 0 : 1;
      return;
    }
    const bar = progressBar('Verifying');
    const result = await this.chain.verify((done, total) => bar.update(done, total));
    bar.finish();
    if (result.ok) {
      this.print(
        options,
        result,
        `Intact: ${count(result.checked)} events verified; head position ${result.headPosition}, hash ${result.headHash}.`,
      );
      process.exitCode = 0;
    } else {
      this.print(
        options,
        result,
        `BROKEN at position ${result.firstInvalidPosition}: ${result.reason}. ${count(result.checked)} events before it verified.`,
      );
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--position <n>', description: 'global position of a digest taken earlier' })
  parsePosition(value: string): number {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new UsageError('--position must be a whole number from 1');
    return Number(value);
  }

  @Option({ flags: '--hash <hex>', description: 'hash of that digest (64 hex characters)' })
  parseHash(value: string): string {
    if (!/^[0-9a-f]{64}$/.test(value))
      throw new UsageError('--hash must be 64 lowercase hex characters');
    return value;
  }

  @Option({ flags: '--file <export.jsonl>', description: 'a JSONL export to check offline' })
  parseFile(value: string): string {
    return value;
  }

  @Option({
    flags: '--after <n>',
    description: 'with --file: the --after the export was taken with',
  })
  parseAfter(value: string): number {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw new UsageError('--after must be a whole number from 0');
    return Number(value);
  }

  @Option({
    flags: '--prev-hash <hex>',
    description: 'with --file and --after N: the hash of position N, from a digest kept outside',
  })
  parsePrevHash(value: string): string {
    if (!/^[0-9a-f]{64}$/.test(value))
      throw new UsageError('--prev-hash must be 64 lowercase hex characters');
    return value;
  }

  @Option({ flags: '--json', description: 'print the result as one JSON object' })
  parseJson(): boolean {
    return true;
  }

  private async verifyFile(file: string, options: VerifyOptions): Promise<void> {
    if (options.position !== undefined || options.hash !== undefined) {
      throw new UsageError(
        '--position and --hash check the database; with --file use --after and --prev-hash',
      );
    }
    if (options.prevHash !== undefined && !options.after)
      throw new UsageError('--prev-hash needs --after: the position it is the hash of');
    assertReadableFile(file);
    const input = createReadStream(file, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    const result = await verifyExportLines(lines, {
      after: options.after,
      prevHash: options.prevHash,
    });
    lines.close();
    input.destroy();
    if (!result.ok) {
      this.print(
        options,
        result,
        `BROKEN at position ${result.firstInvalidPosition}: ${result.reason}. ${count(result.checked)} events before it verified.`,
      );
      process.exitCode = 1;
      return;
    }
    const range =
      result.checked === 0
        ? 'no events'
        : `positions ${result.headPosition - result.checked + 1}-${result.headPosition}`;
    const trust = result.anchor?.trusted
      ? ` It was chained from the first event's prevHash, taken on trust: confirm it with verify --position ${result.anchor.position} --hash ${result.anchor.hash}, or a digest of that position.`
      : '';
    this.print(
      options,
      result,
      `Export intact: ${count(result.checked)} events verified (${range}); last position ${result.headPosition}, hash ${result.headHash}. ` +
        `Compare them with a digest kept outside the system to be sure nothing was cut off or recomputed.${trust}`,
    );
    process.exitCode = 0;
  }

  private print(options: VerifyOptions, result: object, text: string): void {
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${text}\n`);
  }
}

function describeDigestCheck(check: DigestCheck): string {
  const digest = `position ${check.position} with hash ${check.hash}`;
  if (check.ok) return `The log still holds ${digest}.`;
  switch (check.reason) {
    case 'beyond-head':
      return (
        `The log does NOT hold ${digest}: it ends at position ${check.headPosition} ` +
        '(events were cut off the end, or this is another ledger).'
      );
    case 'hash-differs':
      return (
        `The log does NOT hold ${digest}: position ${check.position} holds hash ${check.heldHash}, ` +
        'so history up to it was rewritten (or the digest was copied wrongly).'
      );
    case 'position-missing':
      return (
        `The log does NOT hold ${digest}: nothing stands at position ${check.position}, ` +
        `though the log goes on to position ${check.headPosition} (the event was deleted).`
      );
  }
}
