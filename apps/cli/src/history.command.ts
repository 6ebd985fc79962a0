import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { proposalStream } from '@ledger/domain';
import { EVENT_STORE, logEventView, type EventStore } from '@ledger/event-store';
import { describeProposalEvent } from './history-line';
import { printable, table } from './readable';
import { UsageError } from './usage-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Command({
  name: 'history',
  arguments: '<proposal-id>',
  description:
    "Print a proposal's history, one line per event: position, time, who, and what they did, with the amounts in pounds " +
    "and each decision's outcome, delegation tier and approved amount (exit 1 when there is no such proposal)",
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
    const drafted = events.find((event) => event.type === 'ProposalDrafted');
    const title =
      typeof drafted?.data.title === 'string' ? `: "${printable(drafted.data.title)}"` : '';
    const lines = table(
      ['position', 'recorded at (UTC)', 'by', 'what'],
      events.map((event) => [
        String(event.position),
        event.recordedAt,
        printable(event.metadata.actor.name),
        describeProposalEvent(event),
      ]),
      new Set([0]),
    );
    process.stdout.write(
      `History of proposal ${proposalId}${title}, ${events.length} ${events.length === 1 ? 'event' : 'events'}\n${lines.join('\n')}\n`,
    );
  }

  @Option({ flags: '--json', description: 'print { proposalId, events } as one JSON object' })
  parseJson(): boolean {
    return true;
  }
}
