import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { proposalStream } from '@ledger/domain';
import { EVENT_STORE, logEventView, type EventStore } from '@ledger/event-store';
import { UsageError } from './usage-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Names come from tokens: a control character in one must not be able to drive the terminal.
function printable(text: string): string {
  return Array.from(text, (char) => {
    const code = char.codePointAt(0)!;
    return code < 0x20 || (code >= 0x7f && code < 0xa0) ? '?' : char;
  }).join('');
}

@Command({
  name: 'history',
  arguments: '<proposal-id>',
  description:
    "Print a proposal's events in order: position, time, event and who caused it (exit 1 when there is no such proposal)",
})
export class HistoryCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(inputs: string[], options: { json?: boolean }): Promise<void> {
    const [proposalId] = inputs;
    if (!proposalId || !UUID.test(proposalId))
      throw new UsageError('the proposal id must be a UUID');
    const events = await this.store.readStream(proposalStream(proposalId));
    if (events.length === 0) {
      process.stderr.write(`There is no proposal ${proposalId}.\n`);
      process.exitCode = 1;
      return;
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ proposalId, events: events.map(logEventView) })}\n`);
      return;
    }
    const positionWidth = String(events[events.length - 1].position).length;
    const typeWidth = Math.max(...events.map((event) => event.type.length));
    for (const event of events) {
      const position = String(event.position).padStart(positionWidth);
      process.stdout.write(
        `${position}  ${event.recordedAt}  ${printable(event.type.padEnd(typeWidth))}  ${printable(event.metadata.actor.name)}\n`,
      );
    }
  }

  @Option({ flags: '--json', description: 'print { proposalId, events } as one JSON object' })
  parseJson(): boolean {
    return true;
  }
}
