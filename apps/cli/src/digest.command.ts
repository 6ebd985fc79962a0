import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';

@Command({
  name: 'digest',
  description:
    'Print the head of the log ({ position, hash, recordedAt }): keep it outside the system to detect a rewritten history later',
})
export class DigestCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(_inputs: string[], options: { json?: boolean }): Promise<void> {
    const head = await this.store.readHead();
    const digest = { position: head.position, hash: head.hash, recordedAt: head.recordedAt };
    process.stdout.write(
      options.json
        ? `${JSON.stringify(digest)}\n`
        : `position ${digest.position}\nhash ${digest.hash}\nrecordedAt ${digest.recordedAt ?? '(empty log)'}\n`,
    );
  }

  @Option({ flags: '--json', description: 'print the digest as one JSON object' })
  parseJson(): boolean {
    return true;
  }
}
