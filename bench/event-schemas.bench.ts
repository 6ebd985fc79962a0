// What checking every stored event against its zod schema costs a reader: events a second folded
// with the check and with the cast it replaced, over the bench's realistic log (ten events a
// proposal). A script, not a test: timings in tests are flaky on shared machines. From the root:
//   node -e "require.extensions['.ts']=(m,f)=>m._compile(require('@swc/core').transformFileSync(f,
//     {jsc:{parser:{syntax:'typescript'},target:'es2022'},module:{type:'commonjs'}}).code,f);
//     require('./bench/event-schemas.bench.ts')"
// BENCH_PROPOSALS (20000, so 200,000 events) and BENCH_ROUNDS (5) tune it.
import {
  evolveProposal,
  initialProposalState,
  parseProposalEvent,
  type ProposalEvent,
  type ProposalState,
  type StoredEventRecord,
} from '../libs/domain/src';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { proposalEvents } = require('./lib/domain-log.js') as {
  proposalEvents: (n: number) => {
    streamId: string;
    events: { id: string; type: string; data: object }[];
  };
};

const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** The log as a store reads it back: each event's data freshly parsed from its stored JSON text. */
function storedLog(): { streamId: string; rows: { type: string; json: string }[] }[] {
  return Array.from({ length: PROPOSALS }, (_, n) => {
    const { streamId, events } = proposalEvents(n);
    return {
      streamId,
      rows: events.map((event) => ({ type: event.type, json: JSON.stringify(event.data) })),
    };
  });
}

type Reader = (record: StoredEventRecord) => ProposalEvent;

const cast: Reader = (record) => ({ type: record.type, data: record.data }) as ProposalEvent;

function foldAll(log: ReturnType<typeof storedLog>, read: Reader, fold: boolean): number {
  let position = 0;
  let folded = 0;
  for (const { streamId, rows } of log) {
    let state: ProposalState = initialProposalState();
    for (const row of rows) {
      position += 1;
      const event = read({
        position,
        streamId,
        type: row.type,
        schemaVersion: 1,
        data: JSON.parse(row.json),
      });
      if (fold) state = evolveProposal(state, event);
    }
    folded += state.version;
  }
  return position + folded;
}

function rate(log: ReturnType<typeof storedLog>, read: Reader, fold: boolean): number {
  const events = log.reduce((sum, stream) => sum + stream.rows.length, 0);
  const started = process.hrtime.bigint();
  foldAll(log, read, fold);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return events / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const log = storedLog();
  // Warm both paths so the JIT has compiled them (and zod its object parsers) before timing.
  foldAll(log.slice(0, 2000), cast, true);
  foldAll(log.slice(0, 2000), parseProposalEvent, true);
  const results: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round += 1) {
    // Interleaved, so a noisy neighbour on the shared machine slows both alike.
    for (const [name, read, fold] of [
      ['JSON.parse + cast', cast, false],
      ['JSON.parse + schema', parseProposalEvent, false],
      ['JSON.parse + cast + evolve', cast, true],
      ['JSON.parse + schema + evolve', parseProposalEvent, true],
    ] as const) {
      (results[name] ??= []).push(rate(log, read, fold));
    }
  }
  const events = PROPOSALS * 10;
  console.warn(`${events.toLocaleString('en-GB')} events, median of ${ROUNDS} rounds:`);
  for (const [name, rates] of Object.entries(results)) {
    const perSecond = median(rates);
    console.warn(
      `  ${name.padEnd(30)} ${Math.round(perSecond).toLocaleString('en-GB').padStart(10)} events/s` +
        `  ${(1e6 / perSecond).toFixed(2)} µs/event`,
    );
  }
  const schemaCost =
    1e6 / median(results['JSON.parse + schema']) - 1e6 / median(results['JSON.parse + cast']);
  console.warn(`  the schema check adds ${schemaCost.toFixed(2)} µs per event`);
}

main();
