// One of several writer processes on one PostgreSQL database (postgres-writers.int.spec.ts). Opens
// the built store, prints `ready`, waits for a line on stdin so every process starts together, then
// appends from four concurrent lanes: to streams of its own, and to streams every process shares
// with the exact version it last read (a conflict is read again and retried, as the API's commands
// are). Prints each acknowledged append as a JSON line, then `done` with the store's commit counts.
const { randomUUID } = require('node:crypto');
const { createInterface } = require('node:readline');
const { openDatabase } = require('../../dist/libs/platform/src');

const METADATA = {
  actor: { id: 'writer', name: 'Writer Process' },
  roles: ['proposer'],
  correlationId: 'writers',
  causationId: null,
};

async function main() {
  const [databaseUrl, name, perLane] = process.argv.slice(2);
  const database = await openDatabase({ databaseUrl, dataDir: '/nonexistent' });
  const store = database.eventStore;
  process.stdout.write('ready\n');
  const input = createInterface({ input: process.stdin });
  await new Promise((resolve) => input.once('line', resolve));
  input.close();
  const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const event = (data) => ({ eventId: randomUUID(), type: 'Written', data, metadata: METADATA });

  const lane = async (n) => {
    let own = 0;
    for (let i = 0; i < Number(perLane); i += 1) {
      if (i % 2 === 0) {
        const streamId = `${name}-${n}`;
        const events = [event({ name, n, i }), event({ name, n, i, second: true })];
        const result = await store.append([
          { streamId, expectedVersion: own === 0 ? 'no-stream' : own, events },
        ]);
        own += 2;
        print({ ids: events.map((e) => e.eventId), streamId, ...result });
        continue;
      }
      const streamId = `shared-${i % 3}`;
      for (;;) {
        const version = (await store.readStream(streamId)).length;
        const events = [event({ name, n, i, shared: true })];
        try {
          const result = await store.append([
            { streamId, expectedVersion: version === 0 ? 'no-stream' : version, events },
          ]);
          print({ ids: events.map((e) => e.eventId), streamId, ...result });
          break;
        } catch (error) {
          if (error.code !== 'stream-version-conflict') throw error;
          print({ conflict: streamId });
        }
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(lane));
  process.stdout.write(`done ${JSON.stringify(store.commitCounts)}\n`);
  await database.close();
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
