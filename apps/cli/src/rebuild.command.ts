import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LEDGER_DATABASE, type LedgerDatabase } from '@ledger/platform';
import { PROJECTIONS, ReadModelDatabase, rebuildProjections } from '@ledger/read-models';
import { count, progressBar } from './progress';
import { UsageError } from './usage-error';

@Command({
  name: 'rebuild',
  arguments: '[projection]',
  description:
    `Rebuild read models from the event log into fresh tables and swap them in when complete; the API keeps serving the old ones until then. ` +
    `Projections: ${PROJECTIONS.map((projection) => projection.name).join(', ')} (default: all)`,
})
export class RebuildCommand extends CommandRunner {
  constructor(
    @Inject(LEDGER_DATABASE) private readonly database: LedgerDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    const projections = name
      ? PROJECTIONS.filter((projection) => projection.name === name)
      : PROJECTIONS;
    if (projections.length === 0) {
      throw new UsageError(
        `there is no projection "${name}"; projections are ${PROJECTIONS.map((projection) => projection.name).join(', ')}`,
      );
    }
    const readModels = new ReadModelDatabase(this.database.dataSource, this.database.eventStore);
    const bar = progressBar('Rebuilding');
    const started = Date.now();
    const result = await rebuildProjections(readModels, this.store, projections, {
      onProgress: ({ applied, headPosition }) => bar.update(applied, headPosition),
    });
    bar.finish();
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    process.stdout.write(
      `Rebuilt ${projections.map((projection) => projection.name).join(', ')} from ${count(result.applied)} events ` +
        `(up to position ${result.position}) in ${seconds.toFixed(1)} s, ${count(result.applied / seconds)} events/s; swapped in.\n`,
    );
  }
}
