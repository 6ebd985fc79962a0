'use strict';
// One small interface over each system under test, so every workload runs the same code on each:
//   append(streamId, currentVersion, events)  exact expected version (0 = the stream is new)
//   bulk(events)                              fast prefill, not timed
//   readPage(cursor, limit) -> { ids, cursor } the global log in order, from an opaque cursor
//   readStream(streamId) -> number of events
//   count() -> events stored;  close()
const { join } = require('node:path');
const { requireDist, requirePeer } = require('./common');

const METADATA = {
  actor: { id: 'bench-user', name: 'Bench Runner' },
  roles: [],
  correlationId: 'bench-correlation',
  causationId: null,
};

/** Our store on PostgreSQL (`url`) or SQLite (`dataDir`), through openDatabase like the API. */
async function ours({ url, dataDir }) {
  const { openDatabase } = requireDist('platform');
  const database = await openDatabase({
    dataDir: dataDir || '/nonexistent',
    databaseUrl: url || null,
  });
  const store = database.eventStore;
  const toNew = (e) => ({ eventId: e.id, type: e.type, data: e.data, metadata: METADATA });
  const sqlite = database.kind === 'sqlite' ? database.dataSource.driver.databaseConnection : null;
  return {
    name: `ours-${database.kind}`,
    database,
    store,
    append: (streamId, version, events) =>
      store.append([
        {
          streamId,
          expectedVersion: version === 0 ? 'no-stream' : version,
          events: events.map(toNew),
        },
      ]),
    async bulk(events, perStream = 10, perCall = 1000) {
      const calls = [];
      for (let i = 0; i < events.length; i += perCall) {
        const slice = events.slice(i, i + perCall);
        const appends = [];
        for (let j = 0; j < slice.length; j += perStream) {
          appends.push({
            streamId: `bulk-${i + j}`,
            expectedVersion: 'no-stream',
            events: slice.slice(j, j + perStream).map(toNew),
          });
        }
        calls.push(appends);
      }
      // Two calls in flight so group commit fills its transactions.
      for (let i = 0; i < calls.length; i += 2) {
        await Promise.all(calls.slice(i, i + 2).map((appends) => store.append(appends)));
      }
    },
    async readPage(cursor, limit) {
      const page = await store.readAll({ after: cursor || 0, limit });
      const ids = page.events.map((e) => e.eventId);
      const last = page.events.length ? page.events[page.events.length - 1].position : cursor || 0;
      return { ids, cursor: last };
    },
    readStream: async (streamId) => (await store.readStream(streamId)).length,
    async count() {
      if (sqlite) return sqlite.prepare('SELECT count(*) AS n FROM ledger_events').get().n;
      const rows = await database.dataSource.query('SELECT count(*)::int AS n FROM ledger_events');
      return rows[0].n;
    },
    close: () => database.close(),
  };
}

/** Emmett 0.42.0 on PostgreSQL; the global log is read with its own readMessagesBatch. */
async function emmettPg({ url }) {
  const emmett = requirePeer('emmett-postgresql', '@event-driven-io/emmett-postgresql');
  const { dumbo } = requirePeer('emmett-postgresql', '@event-driven-io/dumbo');
  const store = emmett.getPostgreSQLEventStore(url);
  await store.schema.migrate();
  const reader = dumbo({ connectionString: url });
  const toEvent = (e) => ({ type: e.type, data: e.data });
  return {
    name: 'emmett-pg',
    append: (streamId, version, events) =>
      store.appendToStream(streamId, events.map(toEvent), {
        expectedStreamVersion: version === 0 ? 'STREAM_DOES_NOT_EXIST' : BigInt(version),
      }),
    async bulk(events, perStream = 100, concurrency = 8) {
      const chunks = [];
      for (let i = 0; i < events.length; i += perStream)
        chunks.push(events.slice(i, i + perStream));
      for (let i = 0; i < chunks.length; i += concurrency) {
        await Promise.all(
          chunks.slice(i, i + concurrency).map((chunk, k) =>
            store.appendToStream(`bulk-${i + k}`, chunk.map(toEvent), {
              expectedStreamVersion: 'STREAM_DOES_NOT_EXIST',
            }),
          ),
        );
      }
    },
    async readPage(cursor, limit) {
      const result = await emmett.readMessagesBatch(reader.execute, {
        after: cursor === null || cursor === undefined ? 0n : cursor,
        batchSize: limit,
      });
      return {
        ids: result.messages.map((m) => m.data.id),
        cursor: result.messages.length ? result.currentGlobalPosition : cursor,
      };
    },
    readStream: async (streamId) => (await store.readStream(streamId)).events.length,
    async count() {
      const { Client } = require('pg');
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query('SELECT count(*)::int AS n FROM emt_messages')).rows[0].n;
      } finally {
        await client.end();
      }
    },
    async close() {
      await store.close();
      await reader.close();
    },
  };
}

/** Emmett-SQLite 0.38.5 (node-sqlite3; it opens a connection per operation). */
async function emmettSqlite({ dataDir }) {
  const emmett = requirePeer('emmett-sqlite', '@event-driven-io/emmett-sqlite');
  const fileName = join(dataDir, 'emmett.sqlite');
  const store = emmett.getSQLiteEventStore({ fileName });
  const toEvent = (e) => ({ type: e.type, data: e.data });
  // Creates the schema on first use.
  await store.readStream('warm-up');
  return {
    name: 'emmett-sqlite',
    append: (streamId, version, events) =>
      store.appendToStream(streamId, events.map(toEvent), {
        expectedStreamVersion: version === 0 ? 'STREAM_DOES_NOT_EXIST' : BigInt(version),
      }),
    async bulk(events, perStream = 100) {
      for (let i = 0; i < events.length; i += perStream) {
        await store.appendToStream(`bulk-${i}`, events.slice(i, i + perStream).map(toEvent), {
          expectedStreamVersion: 'STREAM_DOES_NOT_EXIST',
        });
      }
    },
    async readPage(cursor, limit) {
      const connection = emmett.sqliteConnection({ fileName });
      try {
        const result = await emmett.readMessagesBatch(connection, {
          after: cursor === null || cursor === undefined ? 0n : cursor,
          batchSize: limit,
        });
        return {
          ids: result.messages.map((m) => m.data.id),
          cursor: result.messages.length ? result.currentGlobalPosition : cursor,
        };
      } finally {
        connection.close();
      }
    },
    readStream: async (streamId) => (await store.readStream(streamId)).events.length,
    async count() {
      const connection = emmett.sqliteConnection({ fileName });
      try {
        const rows = await connection.query('SELECT count(*) AS n FROM emt_messages');
        return rows[0].n;
      } finally {
        connection.close();
      }
    },
    close: async () => undefined,
  };
}

const RAW_COLUMNS = 'stream_id, version, event_id, type, data';

/** The driver's limit: plain INSERTs into a simple table and keyset reads, no event-store logic. */
async function rawPg({ url }, poolSize = 16) {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: url, max: poolSize });
  await pool.query(`CREATE TABLE IF NOT EXISTS raw_events (
    position bigserial PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL,
    event_id text NOT NULL, type text NOT NULL, data json NOT NULL)`);
  await pool.query(
    'CREATE INDEX IF NOT EXISTS raw_events_stream ON raw_events (stream_id, version)',
  );
  const insert = (streamId, version, events) => {
    const params = [];
    const rows = events.map((e, i) => {
      params.push(streamId, version + i + 1, e.id, e.type, JSON.stringify(e.data));
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
    });
    return pool.query(`INSERT INTO raw_events (${RAW_COLUMNS}) VALUES ${rows.join(', ')}`, params);
  };
  return {
    name: 'raw-pg',
    append: insert,
    async bulk(events) {
      for (let i = 0; i < events.length; i += 1000) {
        await insert(`bulk-${i}`, 0, events.slice(i, i + 1000));
      }
    },
    async readPage(cursor, limit) {
      const { rows } = await pool.query(
        `SELECT position, ${RAW_COLUMNS} FROM raw_events WHERE position > $1 ORDER BY position LIMIT $2`,
        [cursor || 0, limit],
      );
      return {
        ids: rows.map((r) => r.event_id),
        cursor: rows.length ? rows[rows.length - 1].position : cursor || 0,
      };
    },
    async readStream(streamId) {
      const { rows } = await pool.query(
        `SELECT position, ${RAW_COLUMNS} FROM raw_events WHERE stream_id = $1 ORDER BY version`,
        [streamId],
      );
      return rows.length;
    },
    async count() {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM raw_events');
      return rows[0].n;
    },
    close: () => pool.end(),
  };
}

/** better-sqlite3 with the same durability as ours: WAL, synchronous=FULL. */
async function rawSqlite({ dataDir }) {
  const Database = require('better-sqlite3');
  const db = new Database(join(dataDir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS raw_events (
    position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
    event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL)`);
  db.exec('CREATE INDEX IF NOT EXISTS raw_events_stream ON raw_events (stream_id, version)');
  const insert = db.prepare(`INSERT INTO raw_events (${RAW_COLUMNS}) VALUES (?, ?, ?, ?, ?)`);
  const insertMany = db.transaction((streamId, version, events) => {
    events.forEach((e, i) =>
      insert.run(streamId, version + i + 1, e.id, e.type, JSON.stringify(e.data)),
    );
  });
  const page = db.prepare(
    `SELECT position, ${RAW_COLUMNS} FROM raw_events WHERE position > ? ORDER BY position LIMIT ?`,
  );
  const stream = db.prepare(
    `SELECT position, ${RAW_COLUMNS} FROM raw_events WHERE stream_id = ? ORDER BY version`,
  );
  return {
    name: 'raw-sqlite',
    async append(streamId, version, events) {
      if (events.length === 1) {
        const e = events[0];
        insert.run(streamId, version + 1, e.id, e.type, JSON.stringify(e.data));
      } else insertMany(streamId, version, events);
    },
    async bulk(events) {
      for (let i = 0; i < events.length; i += 1000)
        insertMany(`bulk-${i}`, 0, events.slice(i, i + 1000));
    },
    async readPage(cursor, limit) {
      const rows = page.all(cursor || 0, limit);
      for (const r of rows) JSON.parse(r.data);
      return {
        ids: rows.map((r) => r.event_id),
        cursor: rows.length ? rows[rows.length - 1].position : cursor || 0,
      };
    },
    async readStream(streamId) {
      const rows = stream.all(streamId);
      for (const r of rows) JSON.parse(r.data);
      return rows.length;
    },
    count: async () => db.prepare('SELECT count(*) AS n FROM raw_events').get().n,
    close: async () => db.close(),
  };
}

const ADAPTERS = {
  'ours-pg': ours,
  'ours-sqlite': ours,
  'emmett-pg': emmettPg,
  'emmett-sqlite': emmettSqlite,
  'raw-pg': rawPg,
  'raw-sqlite': rawSqlite,
};

function isPg(system) {
  return system.endsWith('-pg');
}

module.exports = { ADAPTERS, isPg, METADATA };
