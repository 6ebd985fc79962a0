import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { createWriteStream, existsSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  EVENT_STORE,
  EXPORT_FORMATS,
  exportChunks,
  type EventStore,
  type ExportFormat,
} from '@ledger/event-store';
import { count, progressBar } from './progress';
import { UsageError } from './usage-error';

interface ExportOptions {
  format?: ExportFormat;
  out?: string;
  after?: number;
  force?: boolean;
}

@Command({
  name: 'export',
  description:
    'Write the global log to a file: jsonl (raw envelopes, checked offline with verify --file) or csv. ' +
    'The file must be inside the current directory.',
})
export class ExportCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(_inputs: string[], options: ExportOptions): Promise<void> {
    if (!options.format)
      throw new UsageError(`--format is required: ${EXPORT_FORMATS.join(' or ')}`);
    if (!options.out)
      throw new UsageError('--out is required: the file to write, inside the current directory');
    const target = insideWorkingDirectory(options.out);
    if (existsSync(target) && !options.force) {
      throw new UsageError(`${options.out} already exists; pass --force to replace it`);
    }
    const after = options.after ?? 0;
    const head = await this.store.readHead();
    const bar = progressBar('Exporting');
    let exported = 0;
    let last = after;
    const chunks = exportChunks(this.store, options.format, {
      after,
      toPosition: head.position,
      onPage: (count, lastPosition) => {
        exported = count;
        last = lastPosition;
        bar.update(count, Math.max(head.position - after, 0));
      },
    });
    // Written beside the target and renamed at the end, so a failed export never leaves a file that looks whole.
    const partial = `${target}.partial`;
    try {
      await pipeline(
        Readable.from(chunks, { objectMode: false }),
        createWriteStream(partial, { mode: 0o600 }),
      );
      renameSync(partial, target);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    } finally {
      bar.finish();
    }
    if (exported === 0) {
      process.stdout.write(
        `Exported 0 events to ${options.out}: nothing after position ${after}.\n`,
      );
      return;
    }
    const lastHash = last === head.position ? head.hash : await this.hashAt(last);
    process.stdout.write(
      `Exported ${count(exported)} events (positions ${after + 1}-${last}) to ${options.out}; last position ${last}, hash ${lastHash}.\n`,
    );
  }

  @Option({ flags: '--format <format>', description: `${EXPORT_FORMATS.join(' or ')}` })
  parseFormat(value: string): ExportFormat {
    if (!(EXPORT_FORMATS as readonly string[]).includes(value)) {
      throw new UsageError(`--format must be ${EXPORT_FORMATS.join(' or ')}`);
    }
    return value as ExportFormat;
  }

  @Option({ flags: '--out <file>', description: 'the file to write, inside the current directory' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--after <n>', description: 'export only the events after this position' })
  parseAfter(value: string): number {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw new UsageError('--after must be a whole number from 0');
    return Number(value);
  }

  @Option({ flags: '--force', description: 'replace the file when it exists' })
  parseForce(): boolean {
    return true;
  }

  private async hashAt(position: number): Promise<string> {
    const [event] = (await this.store.readAll({ after: position - 1, limit: 1, upcast: false }))
      .events;
    return event?.hash ?? '(unknown)';
  }
}

/**
 * The export holds every decision and the people who made them; writing it only under the working
 * directory stops a mistyped or injected path (../x, /etc/x, a symlinked folder) putting it elsewhere.
 */
export function insideWorkingDirectory(out: string): string {
  const cwd = realpathSync(process.cwd());
  const target = resolve(cwd, out);
  const escapes = (path: string) => {
    const rel = relative(cwd, path);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel);
  };
  if (escapes(target)) {
    throw new UsageError(
      `--out ${out} is outside the current directory; write the export inside ${cwd}`,
    );
  }
  const folder = dirname(target);
  if (!existsSync(folder))
    throw new UsageError(`--out ${out}: the folder ${relative(cwd, folder)} does not exist`);
  const realTarget = resolve(realpathSync(folder), basename(target));
  if (escapes(realTarget)) {
    throw new UsageError(
      `--out ${out} leads outside the current directory through a link; write the export inside ${cwd}`,
    );
  }
  return realTarget;
}
