import { randomUUID } from 'node:crypto';
import {
  InvalidAppend,
  KurrentDbEventStore,
  StoreUnavailable,
  verifyChain,
  type EventStore,
  type KurrentDbEventStoreOptions,
  type RecordedEvent,
} from '@ledger/event-store';
import {
  binaryEvent,
  connectionString,
  jsonEvent,
  type EventData,
} from '@ledger/event-store/kurrentdb/kurrentdb-client';
import {
  linkData,
  packChainLinkMetadata,
  packEventMetadata,
  revisionOfVersion,
} from '@ledger/event-store/kurrentdb/kurrentdb-mapping';
import { anEvent } from '@ledger/testing';
import {
  appendALogOfFive,
  eventStoreContract,
  type EventStoreFactory,
} from './event-store.contract';

/**
 * The shared contract suite, and what only KurrentDB has, against a real KurrentDB server. Every
 * test gets its own namespace, so runs never see each other's streams and no server reset is needed.
 */
const KURRENTDB_URL = process.env.KURRENTDB_URL;

if (!KURRENTDB_URL) {
  console.warn(
    'SKIPPED KurrentDB event store guarantees: set KURRENTDB_URL to run them ' +
      '(for example KURRENTDB_URL="kurrentdb://127.0.0.1:2113?tls=false", KurrentDB 25.1 or later).',
  );
}
const describeWithKurrentDb = KURRENTDB_URL ? describe : describe.skip;

/** What an attacker with write access to the cluster can do: the client's raw calls. */
interface RawKurrentDb {
  appendToStream(streamName: string, events: EventData | EventData[]): Promise<unknown>;
  deleteStream(streamName: string): Promise<unknown>;
  dispose(): Promise<void>;
}

class KurrentDbHarness {
  readonly namespace = `t${randomUUID().replace(/-/g, '')}`;
  private readonly opened: KurrentDbEventStore[] = [];
  private rawClient: RawKurrentDb | null = null;

  async open(options: Omit<KurrentDbEventStoreOptions, 'namespace'> = {}): Promise<EventStore> {
    const store = await KurrentDbEventStore.connect(KURRENTDB_URL!, {
      ...options,
      namespace: this.namespace,
    });
    this.opened.push(store);
    return store;
  }

  get raw(): RawKurrentDb {
    this.rawClient ??= connectionString(KURRENTDB_URL!) as unknown as RawKurrentDb;
    return this.rawClient;
  }

  stream(streamId: string): string {
    return `${this.namespace}/${streamId}`;
  }

  get chain(): string {
    return `${this.namespace}-chain`;
  }

  /** KurrentDB deletes no single event; deleting its stream is what someone with access can do. */
  async remove(event: RecordedEvent): Promise<void> {
    await this.raw.deleteStream(this.stream(event.streamId));
  }

  /** Appends the forged event to its stream and links it into the chain, as the adapter would. */
  async forge(
    original: RecordedEvent,
    changes: Pick<RecordedEvent, 'position' | 'version' | 'eventId' | 'prevHash' | 'hash'>,
  ): Promise<void> {
    const forged: RecordedEvent = { ...original, ...changes };
    await this.raw.appendToStream(
      this.stream(forged.streamId),
      jsonEvent({
        id: forged.eventId,
        type: forged.type,
        data: forged.data,
        metadata: packEventMetadata(forged),
      }),
    );
    await this.raw.appendToStream(
      this.chain,
      binaryEvent({
        type: '$>',
        data: linkData(revisionOfVersion(forged.version), this.stream(forged.streamId)),
        metadata: packChainLinkMetadata(forged),
      }),
    );
  }

  async dispose(): Promise<void> {
    await Promise.all(this.opened.map((store) => store.close()));
    await this.rawClient?.dispose();
  }
}

const kurrentDbFactory: EventStoreFactory = {
  sql: null,
  async create() {
    const harness = new KurrentDbHarness();
    return {
      open: (options) => harness.open({ clock: options?.clock, upcasters: options?.upcasters }),
      remove: (event) => harness.remove(event),
      forge: (original, changes) => harness.forge(original, changes),
      dispose: () => harness.dispose(),
    };
  },
};

describe('KurrentDB event store without a reachable server', () => {
  it('refuses to connect, naming KURRENTDB_URL, as StoreUnavailable', async () => {
    const attempt = KurrentDbEventStore.connect('kurrentdb://127.0.0.1:1?tls=false');
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(attempt).rejects.toThrow(/KURRENTDB_URL/);
  });

  it('reports reads against an unreachable server as StoreUnavailable', async () => {
    const store = new KurrentDbEventStore('kurrentdb://127.0.0.1:1?tls=false');
    try {
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(store.readStream('s')).rejects.toBeInstanceOf(StoreUnavailable);
    } finally {
      await store.close();
    }
  });
});

describeWithKurrentDb('KurrentDB event store', () => {
  eventStoreContract(kurrentDbFactory);
});

describeWithKurrentDb('KurrentDB event store, what only it has', () => {
  let harness: KurrentDbHarness;
  let store: EventStore;

  beforeEach(async () => {
    harness = new KurrentDbHarness();
    store = await harness.open();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('runs on a server of version 25.1 or later', async () => {
    const info = await (store as KurrentDbEventStore).serverInfo();
    expect(info.supportsMultiStreamAppend).toBe(true);
    const [major, minor] = info.version.split('.').map(Number);
    expect(major > 25 || (major === 25 && minor >= 1)).toBe(true);
  });

  it('refuses one append naming a stream twice in different case', async () => {
    await expect(
      store.append([
        { streamId: 'Budget', expectedVersion: 'any', events: [anEvent()] },
        { streamId: 'budget', expectedVersion: 'any', events: [anEvent()] },
      ]),
    ).rejects.toBeInstanceOf(InvalidAppend);
    expect((await store.readHead()).position).toBe(0);
  });

  describe('verification', () => {
    const aLogOfFive = () => appendALogOfFive(store);

    it('detects an event linked into the chain a second time', async () => {
      await aLogOfFive();
      const [third] = (await store.readAll({ after: 2, limit: 1, upcast: false })).events;
      await harness.raw.appendToStream(
        harness.chain,
        binaryEvent({
          type: '$>',
          data: linkData(revisionOfVersion(third.version), harness.stream(third.streamId)),
          metadata: packChainLinkMetadata({ ...third, position: 6 }),
        }),
      );
      await expect(verifyChain(store)).resolves.toMatchObject({
        ok: false,
        reason: expect.stringMatching(/appears again/),
      });
    });
  });
});
