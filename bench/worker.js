'use strict';
// One measurement in its own process: `node bench/worker.js '<json task>'`. The orchestrator
// (bench/run.js) spawns these interleaved; each prints its figures as the last stdout line
// `@@RESULT {...}`. Keeping every system in a fresh process keeps JIT, pools and heap apart.
const { spawn } = require('node:child_process');
const { Buffer } = require('node:buffer');
const { createHmac } = require('node:crypto');
const { createWriteStream, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { setImmediate: yieldToLoop, setTimeout: sleep } = require('node:timers/promises');
const { ADAPTERS, isPg } = require('./lib/adapters');
const {
  ROOT,
  benchEvent,
  createPgDatabase,
  createTempDir,
  dropPgDatabase,
  errorText,
  median,
  now,
  requireDist,
} = require('./lib/common');
const { proposalEvents } = require('./lib/domain-log');

// Each worker drops its own database WITH (FORCE) when it is done; a driver pool that still holds an
// idle connection then gets "terminating connection due to administrator command" as an 'error'
// event with no listener, which would crash the worker before it reports. That error is expected.
process.on('uncaughtException', (error) => {
  if (error && error.code === '57P01') return;
  console.error(error);
  process.exit(1);
});

function emit(result) {
  process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`);
}

/** A fresh database for one system, dropped afterwards unless the task was given one. */
async function openTarget(task) {
  let url = task.url || null;
  let dataDir = task.dataDir || null;
  const cleanups = [];
  if (isPg(task.system) && !url) {
    const db = await createPgDatabase();
    url = db.url;
    cleanups.push(() => dropPgDatabase(db.name));
  }
  if (!isPg(task.system) && !dataDir) {
    dataDir = createTempDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  }
  const adapter = await ADAPTERS[task.system]({ url, dataDir });
  return {
    adapter,
    url,
    dataDir,
    async cleanup() {
      await adapter.close().catch(() => undefined);
      for (const cleanup of cleanups.reverse())
        await Promise.resolve()
          .then(cleanup)
          .catch(() => undefined);
    },
  };
}

/** Workloads a, b and c2: `events` events in appends of `batch`, over `streams` streams. */
async function append(task) {
  const { events, streams, concurrency, batch } = task;
  const target = await openTarget(task);
  const { adapter } = target;
  try {
    for (let i = 0; i < 30; i++) await adapter.append(`warm-${i}`, 0, [benchEvent(i, 'w')]);
    const appends = Math.floor(events / batch);
    const lanes = Array.from({ length: concurrency }, () => []);
    for (let j = 0; j < appends; j++) {
      const stream = j % streams;
      lanes[stream % concurrency].push({
        streamId: `s-${stream}`,
        events: Array.from({ length: batch }, (_, k) => benchEvent(j * batch + k)),
      });
    }
    const versions = new Map();
    let appended = 0;
    let errors = 0;
    let firstError = null;
    const started = now();
    // A peer that fails (Emmett-SQLite under concurrency) must not hold the run: stop it at the
    // time limit or after 50 errors, and report it as failed.
    const deadline = started + (task.timeLimitSec || 120) * 1000;
    let timedOut = false;
    await Promise.all(
      lanes.map(async (lane) => {
        for (const item of lane) {
          if (errors >= 50) break;
          if (now() > deadline) {
            timedOut = true;
            break;
          }
          const version = versions.get(item.streamId) || 0;
          try {
            await target.adapter.append(item.streamId, version, item.events);
            versions.set(item.streamId, version + item.events.length);
            appended += item.events.length;
          } catch (error) {
            errors += 1;
            firstError = firstError || errorText(error);
          }
        }
      }),
    );
    const seconds = (now() - started) / 1000;
    const stored = await adapter.count().catch(() => null);
    return {
      // A peer that loses more than 1% of its appends fails the workload; ours fails on any error.
      eventsPerSec: errors > appends * 0.01 ? null : appended / seconds,
      timedOut,
      attemptedRate: appended / seconds,
      appended,
      stored: stored === null ? null : stored - 30,
      errors,
      firstError,
      seconds,
    };
  } finally {
    await target.cleanup();
  }
}

/** Keeps appending single events with `concurrency` appenders until SIGTERM (for replay e). */
async function writer(task) {
  const { adapter } = await openTarget(task);
  let stopping = false;
  process.on('SIGTERM', () => (stopping = true));
  let written = 0;
  let errors = 0;
  let firstError = null;
  let ready = false;
  await Promise.all(
    Array.from({ length: task.concurrency }, async (_, lane) => {
      const versions = new Map();
      for (let i = 0; !stopping; i++) {
        const streamId = `writer-${lane}-${i % 25}`;
        const version = versions.get(streamId) || 0;
        try {
          await adapter.append(streamId, version, [benchEvent(lane * 10_000_000 + i, 'x')]);
          versions.set(streamId, version + 1);
          written += 1;
        } catch (error) {
          errors += 1;
          firstError = firstError || errorText(error);
          await sleep(2);
        }
        // better-sqlite3 is synchronous: yield so SIGTERM can be handled.
        await yieldToLoop();
        if (!ready && written > 0) {
          ready = true;
          process.stdout.write('@@READY\n');
        }
      }
    }),
  );
  await adapter.close();
  emit({ written, errors, firstError });
}

function startWriter(task, target) {
  const child = spawn(
    process.execPath,
    [
      __filename,
      JSON.stringify({
        task: 'writer',
        system: task.system,
        url: target.url,
        dataDir: target.dataDir,
        concurrency: task.writers,
      }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('@@READY')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited ${code} before it was ready`)));
  });
  const done = new Promise((resolve) => child.on('exit', () => resolve()));
  return {
    ready,
    async stop() {
      child.kill('SIGTERM');
      await done;
      const line = out.split('\n').find((l) => l.startsWith('@@RESULT '));
      return line ? JSON.parse(line.slice(9)) : null;
    },
  };
}

/** Workload e: replay `events` events from the global log while other processes keep appending. */
async function replay(task) {
  const target = await openTarget(task);
  const { adapter } = target;
  try {
    const prefill = Array.from({ length: task.events }, (_, i) => benchEvent(i, 'r'));
    await adapter.bulk(prefill);
    const writer = task.writers > 0 ? startWriter(task, target) : null;
    if (writer) await writer.ready;
    const seen = new Set();
    let delivered = 0;
    let repeated = 0;
    let cursor = null;
    const take = (ids) => {
      for (const id of ids) {
        if (seen.has(id)) repeated += 1;
        else seen.add(id);
      }
      delivered += ids.length;
    };
    const started = now();
    while (delivered < task.events) {
      const page = await adapter.readPage(cursor, 10_000);
      take(page.ids);
      cursor = page.cursor;
      if (page.ids.length === 0) await sleep(1);
    }
    const seconds = (now() - started) / 1000;
    const rate = delivered / seconds;
    const writerResult = writer ? await writer.stop() : null;
    // Drain to the head now that nobody writes: anything not delivered by then was skipped for good.
    for (let empty = 0; empty < 3;) {
      const page = await adapter.readPage(cursor, 10_000);
      take(page.ids);
      cursor = page.cursor;
      if (page.ids.length === 0) {
        empty += 1;
        await sleep(20);
      } else empty = 0;
    }
    const stored = await adapter.count();
    return {
      eventsPerSec: rate,
      seconds,
      delivered,
      stored,
      concurrentlyWritten: stored - task.events,
      missed: stored - seen.size,
      repeated,
      writer: writerResult,
    };
  } finally {
    await target.cleanup();
  }
}

/** Reading one 1,000-event stream, `reps` times. */
async function readStream(task) {
  const target = await openTarget(task);
  const { adapter } = target;
  try {
    await adapter.bulk(Array.from({ length: 5000 }, (_, i) => benchEvent(i, 'n')));
    const events = Array.from({ length: task.length }, (_, i) => benchEvent(i, 'one'));
    for (let i = 0; i < events.length; i += 100)
      await adapter.append('one', i, events.slice(i, i + 100));
    for (let i = 0; i < 3; i++) await adapter.readStream('one');
    const started = now();
    for (let i = 0; i < task.reps; i++) {
      const n = await adapter.readStream('one');
      if (n !== task.length) throw new Error(`read ${n} events, expected ${task.length}`);
    }
    const seconds = (now() - started) / 1000;
    return {
      eventsPerSec: (task.length * task.reps) / seconds,
      msPerRead: (seconds * 1000) / task.reps,
    };
  } finally {
    await target.cleanup();
  }
}

/** The priorities' exact selection over `count` submitted proposals (random backlogs, as bench/priority-selection.bench.ts). */
async function priorities(task) {
  const { selectWithinBudget } = requireDist('read-models');
  const runs = [];
  for (let seed = 1; seed <= task.seeds; seed++) {
    let state = seed >>> 0;
    const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
    const candidates = Array.from({ length: task.count }, (_, i) => ({
      id: `p${i}`,
      capitalPence: BigInt(1_000_000 + Math.floor(random() * 199_000_001)),
      weightedScore: Math.round(random() * 10_000) / 100,
      statutory: false,
    }));
    const total = candidates.reduce((sum, c) => sum + c.capitalPence, 0n);
    const started = now();
    const selection = await selectWithinBudget(candidates, (total * 30n) / 100n);
    runs.push({ seed, ms: now() - started, selected: selection.selected.length });
  }
  return {
    coldMs: runs[0].ms,
    warmMedianMs: median(runs.slice(1).map((r) => r.ms)),
    maxMs: Math.max(...runs.map((r) => r.ms)),
    runs,
  };
}

async function openOurs(task) {
  const { openDatabase } = requireDist('platform');
  return openDatabase({ dataDir: task.dataDir || '/nonexistent', databaseUrl: task.url || null });
}

/** Fills the given database with `events` domain events (10 per proposal) through our append. */
async function prefillDomain(task) {
  const database = await openOurs(task);
  try {
    const perCall = 100;
    const calls = Math.ceil(task.events / 10 / perCall);
    const started = now();
    for (let c = 0; c < calls; c += 2) {
      await Promise.all(
        [c, c + 1]
          .filter((k) => k < calls)
          .map((k) =>
            database.eventStore.append(
              Array.from({ length: perCall }, (_, p) => proposalEvents(k * perCall + p)).map(
                (proposal) => ({
                  streamId: proposal.streamId,
                  expectedVersion: 'no-stream',
                  events: proposal.events.map((e) => ({
                    eventId: e.id,
                    type: e.type,
                    data: e.data,
                    metadata: {
                      actor: { id: 'bench-user', name: 'Bench Runner' },
                      roles: ['proposer'],
                      correlationId: e.id,
                      causationId: null,
                    },
                  })),
                }),
              ),
            ),
          ),
      );
    }
    const head = await database.eventStore.readHead();
    return { events: head.position, eventsPerSec: head.position / ((now() - started) / 1000) };
  } finally {
    await database.close();
  }
}

/** verify as the API and the CLI run it: stretches in worker threads, one per core. */
async function verify(task) {
  const { verifyChain } = requireDist('event-store');
  const { stretchesInWorkers } = requireDist('platform');
  const database = await openOurs(task);
  const segments = stretchesInWorkers({
    dataDir: task.dataDir || '/nonexistent',
    databaseUrl: task.url || null,
    eventStore: 'sql',
  });
  try {
    const rates = [];
    let checked = 0;
    for (let run = 0; run < (task.runs || 1); run++) {
      const started = now();
      const result = await verifyChain(database.eventStore, { segments });
      if (!result.ok)
        throw new Error(`verify failed at ${result.firstInvalidPosition}: ${result.reason}`);
      checked = result.checked;
      rates.push(result.checked / ((now() - started) / 1000));
    }
    return { eventsPerSec: median(rates), rates, checked, hashLimit: await hashLimit(database) };
  } finally {
    await database.close();
  }
}

/**
 * The CPU's own ceiling for verify: the rate at which this process can do nothing but the two
 * SHA-256 digests verify needs per event (the stored payload text and the envelope), over the first
 * 100,000 events of the same log, with the texts prepared beforehand and no reading or checking.
 */
async function hashLimit(database) {
  const { envelopeJson } = requireDist('event-store');
  const { hash } = require('node:crypto');
  const texts = [];
  for (let after = 0; texts.length < 200_000;) {
    const page = await database.eventStore.readStored(after, 5000);
    for (const event of page.events)
      texts.push(
        event.dataJson,
        event.prevHash + envelopeJson({ ...event, metadata: JSON.parse(event.metadataJson) }),
      );
    if (page.nextAfter === null) break;
    after = page.nextAfter;
  }
  const started = now();
  for (const text of texts) hash('sha256', text, 'hex');
  return texts.length / 2 / ((now() - started) / 1000);
}

function procStatus(pid = 'self') {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number((text.match(new RegExp(`${key}:\\s+(\\d+) kB`)) || [])[1] || 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** The JSONL export of the whole log to a file; this process's peak RSS is the figure. */
async function exportLog(task) {
  const { exportChunks } = requireDist('event-store');
  const database = await openOurs(task);
  const file = join(createTempDir('ledger-export-'), 'export.jsonl');
  try {
    const before = procStatus();
    const head = await database.eventStore.readHead();
    const started = now();
    // As `ledger export` and GET /audit/export stream it: in byte mode, so at most one page is read
    // ahead of the file (object mode would buffer 16 pages, ~100 MB more at the peak).
    await pipeline(
      Readable.from(exportChunks(database.eventStore, 'jsonl', { toPosition: head.position }), {
        objectMode: false,
      }),
      createWriteStream(file),
    );
    const seconds = (now() - started) / 1000;
    const after = procStatus();
    return {
      events: head.position,
      eventsPerSec: head.position / seconds,
      peakRssMb: Math.max(process.resourceUsage().maxRSS / 1024, after.hwmMb),
      rssBeforeMb: before.rssMb,
    };
  } finally {
    rmSync(join(file, '..'), { recursive: true, force: true });
    await database.close();
  }
}

async function rebuild(task) {
  const { ReadModelDatabase, PROJECTIONS, rebuildProjections } = requireDist('read-models');
  const database = await openOurs(task);
  try {
    const readModels = new ReadModelDatabase(database.dataSource, database.eventStore);
    const rates = [];
    let applied = 0;
    for (let run = 0; run < (task.runs || 1); run++) {
      const started = now();
      const result = await rebuildProjections(readModels, database.eventStore, PROJECTIONS);
      applied = result.applied;
      rates.push(result.applied / ((now() - started) / 1000));
    }
    const rows = await readModels.query('SELECT count(*) AS n FROM proposal_register');
    return { eventsPerSec: median(rates), rates, applied, proposals: Number(rows[0].n) };
  } finally {
    await database.close();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

function token(roles) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub: 'bench-user',
    name: 'Bench Runner',
    roles,
    exp: Math.floor(Date.now() / 1000) + 3600,
  })}`;
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
}

async function waitForHttp(url, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function startApi(task, port, script = join(ROOT, 'dist/apps/api/src/main.js')) {
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LEDGER_JWT_SECRET: JWT_SECRET,
    LEDGER_RATE_LIMIT: '1000000000',
    LOG_LEVEL: 'warn',
    LEDGER_DATA_DIR: task.dataDir || createTempDir(),
  };
  const ownDir = task.dataDir ? null : env.LEDGER_DATA_DIR;
  if (task.url) env.DATABASE_URL = task.url;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [script], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (ownDir) child.on('exit', () => rmSync(ownDir, { recursive: true, force: true }));
  await waitForHttp(`http://127.0.0.1:${port}/health`, child);
  return child;
}

/**
 * Waits until the API's priorities solver has warmed up: it compiles and runs a sample solve in a
 * worker thread after start, which would take a core from the first seconds of a measurement. The
 * solver answers in turn, so a priorities request returns once the warm-up is done.
 */
async function solverWarm(base) {
  const headers = { authorization: `Bearer ${token(['finance'])}` };
  const url = `${base}/portfolio/priorities?fiscalYear=2026-27&budget=1.00`;
  const answer = await fetch(url, { headers });
  if (answer.status !== 200)
    throw new Error(`GET /portfolio/priorities answered ${answer.status}: ${await answer.text()}`);
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  const timer = sleep(10_000).then(() => child.kill('SIGKILL'));
  await Promise.race([exited, timer]);
}

/** The API's resident memory once it serves a log of `events` events (after the rebuild). */
async function apiRss(task) {
  const port = await freePort();
  const child = await startApi(task, port);
  try {
    const base = `http://127.0.0.1:${port}/api/v1`;
    await solverWarm(base);
    const headers = { authorization: `Bearer ${token(['proposer', 'finance', 'auditor'])}` };
    for (let i = 0; i < 20; i++)
      await (await fetch(`${base}/proposals?limit=25`, { headers })).text();
    await sleep(2000);
    return procStatus(child.pid);
  } finally {
    await stopChild(child);
  }
}

const DRAFT = {
  title: 'Replace the council data centre network',
  summary: 'Core switches are out of support and fail monthly.',
  department: 'Digital Services',
  category: 'infrastructure',
  fiscalYear: '2026-27',
  capitalCost: '80000.00',
  annualRevenueCost: '2000.00',
  annualCashableSaving: '30000.00',
  annualNonCashableBenefit: '5000.00',
  appraisalYears: 5,
  statutory: false,
};

function cannon(options) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    autocannon({ connections: 16, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function summarise(result) {
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** HTTP on loopback: POST /proposals and GET /proposals/{id}, beside a bare Fastify route. */
async function http(task) {
  const target = await openTarget({ system: `ours-${task.kind}` });
  await target.adapter.close();
  const apiPort = await freePort();
  const barePort = await freePort();
  const api = await startApi({ url: target.url, dataDir: target.dataDir }, apiPort);
  // The same API with drafting answered without the store: the stack's own limit for POST. It has
  // a database of its own, or its projector would project the real API's appends too.
  const stackTarget = await openTarget({ system: `ours-${task.kind}` });
  await stackTarget.adapter.close();
  const stackPort = await freePort();
  const stack = await startApi(
    { url: stackTarget.url, dataDir: stackTarget.dataDir },
    stackPort,
    join(__dirname, 'lib', 'api-without-store.js'),
  );
  const bare = spawn(
    process.execPath,
    [join(__dirname, 'lib', 'bare-fastify.js'), String(barePort)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitForHttp(`http://127.0.0.1:${barePort}/health`, bare);
    const base = `http://127.0.0.1:${apiPort}/api/v1`;
    await solverWarm(base);
    await solverWarm(`http://127.0.0.1:${stackPort}/api/v1`);
    const headers = {
      authorization: `Bearer ${token(['proposer'])}`,
      'content-type': 'application/json',
    };
    const body = JSON.stringify(DRAFT);
    const created = await fetch(`${base}/proposals`, { method: 'POST', headers, body });
    if (created.status !== 201)
      throw new Error(`POST /proposals answered ${created.status}: ${await created.text()}`);
    const { id } = await created.json();
    const getOne = await fetch(`${base}/proposals/${id}`, { headers });
    if (getOne.status !== 200) throw new Error(`GET /proposals/{id} answered ${getOne.status}`);
    const duration = task.duration;
    // Warm both servers briefly, then measure each route.
    await cannon({ url: `${base}/proposals/${id}`, headers, duration: 1 });
    await cannon({ url: `${base}/proposals`, method: 'POST', headers, body, duration: 1 });
    const post = summarise(
      await cannon({ url: `${base}/proposals`, method: 'POST', headers, body, duration }),
    );
    const barePost = summarise(
      await cannon({
        url: `http://127.0.0.1:${barePort}/proposals`,
        method: 'POST',
        headers,
        body,
        duration,
      }),
    );
    const stackUrl = `http://127.0.0.1:${stackPort}/api/v1/proposals`;
    await cannon({ url: stackUrl, method: 'POST', headers, body, duration: 1 });
    const stackPost = summarise(
      await cannon({ url: stackUrl, method: 'POST', headers, body, duration }),
    );
    const get = summarise(await cannon({ url: `${base}/proposals/${id}`, headers, duration }));
    const bareGet = summarise(
      await cannon({ url: `http://127.0.0.1:${barePort}/proposals/${id}`, headers, duration }),
    );
    const apiMemory = procStatus(api.pid);
    return { post, barePost, stackPost, get, bareGet, apiRssMb: apiMemory.rssMb };
  } finally {
    await stopChild(api);
    await stopChild(stack);
    await stackTarget.cleanup();
    await stopChild(bare);
    await target.cleanup();
  }
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * POST /proposals on `processes` API processes against one PostgreSQL database (issue 20: API
 * replicas), autocannon's 16 connections spread evenly across them. Afterwards the database must
 * hold exactly one ProposalDrafted event per 201 answered, the positions must be gap-free, and the
 * chain must verify. `script` runs another build of the API (a "before" build in the same run).
 */
async function replicas(task) {
  const { verifyChain } = requireDist('event-store');
  const db = await createPgDatabase();
  const script = task.script || join(ROOT, 'dist/apps/api/src/main.js');
  const children = [];
  try {
    const ports = [];
    for (let i = 0; i < task.processes; i++) ports.push(await freePort());
    // The first one migrates the fresh database; the others find nothing pending.
    children.push(await startApi({ url: db.url }, ports[0], script));
    children.push(
      ...(await Promise.all(ports.slice(1).map((port) => startApi({ url: db.url }, port, script)))),
    );
    const bases = ports.map((port) => `http://127.0.0.1:${port}/api/v1`);
    await Promise.all(bases.map(solverWarm));
    const headers = {
      authorization: `Bearer ${token(['proposer'])}`,
      'content-type': 'application/json',
    };
    const body = JSON.stringify(DRAFT);
    const connections = Math.max(1, Math.floor(16 / bases.length));
    // The id of every proposal an API acknowledged (201), to look for in the log afterwards.
    const acknowledged = [];
    const requests = [
      {
        method: 'POST',
        path: '/api/v1/proposals',
        headers,
        body,
        onResponse: (status, text) => {
          if (status === 201) acknowledged.push(JSON.parse(text).id);
        },
      },
    ];
    const all = (duration) =>
      Promise.all(
        bases.map((base) =>
          cannon({ url: base.replace(/\/api\/v1$/, ''), requests, duration, connections }),
        ),
      );
    await all(1);
    const cpuBefore = children.map((child) => cpuSeconds(child.pid));
    const measured = await all(task.duration);
    const cpu = children.map((child, i) => cpuSeconds(child.pid) - cpuBefore[i]);
    for (const child of children) await stopChild(child);
    const answered = measured.reduce((sum, r) => sum + r.requests.total, 0);
    const { Client } = require('pg');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    let stored;
    try {
      const { rows } = await client.query(
        `SELECT count(*) FILTER (WHERE type = 'ProposalDrafted')::int AS drafted,
                count(*) FILTER (WHERE type = 'ProposalDrafted' AND stream_id = ANY($1))::int AS acknowledged,
                count(*)::int AS events, coalesce(max(position), 0)::int AS last
           FROM ledger_events`,
        [acknowledged.map((id) => `proposal-${id}`)],
      );
      stored = rows[0];
    } finally {
      await client.end();
    }
    const database = await openOurs({ url: db.url });
    let verified;
    try {
      verified = await verifyChain(database.eventStore);
    } finally {
      await database.close();
    }
    return {
      processes: task.processes,
      connections,
      reqPerSec: measured.reduce((sum, r) => sum + r.requests.average, 0),
      p99Ms: Math.max(...measured.map((r) => r.latency.p99)),
      non2xx: measured.reduce((sum, r) => sum + r.non2xx, 0),
      errors: measured.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
      apiCpuMsPerRequest: (cpu.reduce((sum, c) => sum + c, 0) * 1000) / Math.max(answered, 1),
      acknowledged: acknowledged.length,
      distinctAcknowledged: new Set(acknowledged).size,
      stored,
      // An acknowledged proposal missing from the log; drafts beyond the acknowledged ones are
      // requests still in flight when autocannon stopped, answered after it stopped listening.
      lost: acknowledged.length - stored.acknowledged,
      gapFree: stored.last === stored.events,
      verified: { ok: verified.ok, checked: verified.checked },
    };
  } finally {
    for (const child of children) await stopChild(child);
    await dropPgDatabase(db.name);
  }
}

const TASKS = {
  append,
  writer,
  replay,
  stream: readStream,
  priorities,
  'prefill-domain': prefillDomain,
  verify,
  export: exportLog,
  rebuild,
  'api-rss': apiRss,
  http,
  replicas,
};

async function main() {
  const task = JSON.parse(process.argv[2]);
  const run = TASKS[task.task];
  if (!run) throw new Error(`unknown task ${task.task}`);
  const result = await run(task);
  if (task.task !== 'writer') emit(result);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(
      `worker ${process.argv[2]}: ${error && error.stack ? error.stack : error}\n`,
    );
    emit({ error: errorText(error) });
    process.exit(1);
  },
);
