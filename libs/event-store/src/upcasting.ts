import type { JsonObject, RecordedEvent } from './event-store.port';

/** Turns the data of one schema version of an event type into the next version's shape. */
export interface Upcaster {
  readonly type: string;
  readonly fromSchemaVersion: number;
  readonly upcast: (data: JsonObject) => JsonObject;
}

/**
 * Old event shapes are upcast on read so stored events are never rewritten; the stored data, schema
 * version and hashes stay as recorded, only the data a reader sees is brought up to date.
 */
export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): void {
    const key = keyOf(upcaster.type, upcaster.fromSchemaVersion);
    if (this.byKey.has(key)) {
      throw new Error(`Two upcasters for ${upcaster.type} v${upcaster.fromSchemaVersion}`);
    }
    this.byKey.set(key, upcaster);
  }

  get isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  apply(event: RecordedEvent): RecordedEvent {
    if (this.byKey.size === 0) return event;
    let data = event.data;
    let schemaVersion = event.schemaVersion;
    for (;;) {
      const upcaster = this.byKey.get(keyOf(event.type, schemaVersion));
      if (!upcaster) break;
      data = upcaster.upcast(data);
      schemaVersion += 1;
    }
    return schemaVersion === event.schemaVersion ? event : { ...event, data, schemaVersion };
  }
}

function keyOf(type: string, schemaVersion: number): string {
  return `${type}@${schemaVersion}`;
}
