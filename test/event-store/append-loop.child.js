// Appends in a loop from four concurrent writers and prints each acknowledged event id, until killed.
const { randomUUID } = require('node:crypto');
const { openDatabase } = require('../../dist/libs/platform/src');

async function main() {
  const [databaseUrl, dataDir] = process.argv.slice(2);
  const database = await openDatabase({
    databaseUrl: databaseUrl === '-' ? null : databaseUrl,
    dataDir,
  });
  process.stdout.write('ready\n');
  const writer = async (n) => {
    for (let i = 0; ; i += 1) {
      const eventId = randomUUID();
      await database.eventStore.append([
        {
          streamId: `crash-${n}-${i % 7}`,
          expectedVersion: 'any',
          events: [
            {
              eventId,
              type: 'SomethingHappened',
              data: { writer: n, i },
              metadata: {
                actor: { id: 'u', name: 'U' },
                roles: [],
                correlationId: eventId,
                causationId: null,
              },
            },
          ],
        },
      ]);
      process.stdout.write(`${eventId}\n`);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
