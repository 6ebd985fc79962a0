import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  EVENT_STORE,
  parseExportLine,
  verifyExportLines,
  type EventStore,
  type RecordedEvent,
} from '@ledger/event-store';
import { count, progressBar } from './progress';
import { assertReadableFile } from './readable-file';
import { UsageError } from './usage-error';

interface ImportOptions {
  file?: string;
  json?: boolean;
}

const BATCH = 1000;

@Command({
  name: 'import',
  description:
    "Load a JSONL export of a whole ledger into this ledger's database, exactly as recorded (same positions, times and hashes), " +
    'to move a ledger from SQLite to PostgreSQL or between servers. The file is verified first and nothing is written if it is broken. ' +
    'The database must be empty or hold a beginning of the same export (an interrupted import resumes). ' +
    'Read models catch up when the ledger next starts, or with `rebuild`.',
})
export class ImportCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(_inputs: string[], options: ImportOptions): Promise<void> {
    if (!options.file) throw new UsageError('--file is required: the JSONL export to import');
    if (!this.store.importRecorded) {
      throw new UsageError(
        'this event store cannot import recorded events yet: import into SQLite or PostgreSQL',
      );
    }
    assertReadableFile(options.file);

    const checked = await verifyExportLines(lines(options.file));
    if (!checked.ok) {
      return this.fail(
        options,
        { ok: false, imported: 0, verification: checked },
        `Nothing imported: the export is BROKEN at position ${checked.firstInvalidPosition}: ${checked.reason}.`,
      );
    }

    const head = await this.store.readHead();
    if (head.position > checked.headPosition) {
      return this.fail(
        options,
        { ok: false, imported: 0, headPosition: head.position },
        `Nothing imported: the ledger already holds ${count(head.position)} events, more than the export's ${count(checked.headPosition)}.`,
      );
    }

    const bar = progressBar('Importing');
    let imported = 0;
    let batch: RecordedEvent[] = [];
    let last = head;
    const flush = async () => {
      if (batch.length === 0) return;
      last = await this.store.importRecorded!(batch);
      imported += batch.length;
      batch = [];
      bar.update(last.position, checked.headPosition);
    };
    try {
      for await (const line of lines(options.file)) {
        const event = parseExportLine(line) as RecordedEvent;
        if (event.position < head.position) continue;
        if (event.position === head.position) {
          // The ledger holds a beginning of the file: the rest follows only if it is the same history.
          if (event.hash !== head.hash) {
            return this.fail(
              options,
              { ok: false, imported: 0, headPosition: head.position },
              `Nothing imported: the ledger's event at position ${head.position} is not the export's (hash ${head.hash}, the export has ${event.hash}): it holds another history.`,
            );
          }
          continue;
        }
        batch.push(event);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    } finally {
      bar.finish();
    }
    const resumed = head.position > 0 ? ` (it already held positions 1-${head.position})` : '';
    const result = {
      ok: true,
      imported,
      headPosition: last.position,
      headHash: last.hash,
    };
    process.stdout.write(
      options.json
        ? `${JSON.stringify(result)}\n`
        : `Imported ${count(imported)} events${resumed}; head position ${last.position}, hash ${last.hash}, as in the export. ` +
            'Read models catch up when the ledger starts; `rebuild` brings them up to date now.\n',
    );
    process.exitCode = 0;
  }

  @Option({ flags: '--file <export.jsonl>', description: 'a JSONL export of a whole ledger' })
  parseFile(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the result as one JSON object' })
  parseJson(): boolean {
    return true;
  }

  private fail(options: ImportOptions, result: object, text: string): void {
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${text}\n`);
    process.exitCode = 1;
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    yield* reader;
  } finally {
    reader.close();
    input.destroy();
  }
}
