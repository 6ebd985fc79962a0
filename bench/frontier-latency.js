'use strict';
// Issue 19: one frontier request must not hold the API. p99 of GET /proposals/{id} while 20-point
// frontiers are being solved (back to back, so the whole measurement falls inside a solve) against
// the same route with nothing else running, in interleaved rounds of one run; and how long a
// frontier takes over HTTP. A script, not a test (timings in tests are flaky on shared machines).
// Needs the built API (`npx nest build api`); from the repository root:
//   node bench/frontier-latency.js
//   BENCH_SIZES=1000,5000 BENCH_ROUNDS=3 BENCH_DURATION=6 BENCH_ROOT=/path/to/another/build …
// The ledger is SQLite in a temporary directory: submitted proposals with five reviews each, as
// bench/scenarios.bench.ts builds it, appended through the store before the API starts.
const { spawn } = require('node:child_process');
const { createHmac } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir, loadavg } = require('node:os');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const autocannon = require('autocannon');
const { proposalEvents } = require('./lib/domain-log');

const ROOT = process.env.BENCH_ROOT ?? join(__dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const SECRET = 'frontier-latency-bench-secret-of-some-length';
const YEAR = '2026-27';

function token(roles) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub: 'bench',
    name: 'Bench',
    roles,
    exp: Math.floor(Date.now() / 1000) + 7200,
  })}`;
  return `Bearer ${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}
const AUTH = token(['finance', 'auditor']);

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Drafted, submitted and five reviews, with scores that differ from proposal to proposal. */
function submittedProposal(n) {
  const { streamId, events } = proposalEvents(n);
  const metadata = {
    actor: { id: 'bench', name: 'Bench' },
    roles: ['proposer'],
    correlationId: 'bench',
    causationId: null,
  };
  return {
    streamId,
    expectedVersion: 'no-stream',
    events: events.slice(0, 7).map((event, i) => ({
      eventId: `${event.id}-${i}`,
      type: event.type,
      data:
        event.type === 'ReviewRecorded'
          ? {
              ...event.data,
              scores: {
                strategicFit: (n * 7 + i) % 6,
                valueForMoney: (n * 3 + i) % 6,
                deliverability: (n * 5) % 6,
                riskReduction: (n + i) % 6,
                serviceImpact: (n * 11) % 6,
              },
            }
          : event.data,
      metadata,
    })),
  };
}

async function prefill(dataDir, size) {
  const { openDatabase } = require(join(ROOT, 'dist/libs/platform/src'));
  const database = await openDatabase({ dataDir, databaseUrl: null });
  try {
    for (let first = 0; first < size; first += 250) {
      const batch = [];
      for (let n = first; n < Math.min(size, first + 250); n++) batch.push(submittedProposal(n));
      await database.eventStore.append(batch);
    }
    return proposalEvents(0).streamId.replace(/^proposal-/, '');
  } finally {
    await database.close();
  }
}

async function startApi(dataDir, port) {
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LEDGER_JWT_SECRET: SECRET,
    LEDGER_RATE_LIMIT: '1000000000',
    LOG_LEVEL: 'warn',
    LEDGER_DATA_DIR: dataDir,
  };
  delete env.DATABASE_URL;
  const flags = process.env.BENCH_API_FLAGS ? process.env.BENCH_API_FLAGS.split(' ') : [];
  const child = spawn(process.execPath, [...flags, join(ROOT, 'dist/apps/api/src/main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let tries = 0; tries < 600; tries++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('the API did not start');
}

async function getJson(url) {
  const response = await fetch(url, { headers: { authorization: AUTH } });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

function cannon(url, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: 8, duration, headers: { authorization: AUTH } },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(size) {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontier-latency-'));
  let api = null;
  try {
    const proposalId = await prefill(dataDir, size);
    const port = await freePort();
    api = await startApi(dataDir, port);
    const base = `http://127.0.0.1:${port}/api/v1`;
    // The projector catches up at start; wait until the register holds every proposal.
    for (;;) {
      const listed = await getJson(`${base}/portfolio/priorities?fiscalYear=${YEAR}&budget=100000000000.00`);
      if (listed.ranking.length === size) break;
      await sleep(500);
    }
    const frontierUrl = `${base}/portfolio/frontier?fiscalYear=${YEAR}&steps=20`;
    const getUrl = `${base}/proposals/${proposalId}`;
    await getJson(frontierUrl);
    await cannon(getUrl, 1);

    const idle = [];
    const during = [];
    const frontiers = [];
    for (let round = 0; round < ROUNDS; round++) {
      idle.push((await cannon(getUrl, DURATION)).latency);
      let solving = true;
      const solver = (async () => {
        while (solving) {
          const started = performance.now();
          const answer = await getJson(frontierUrl);
          if (answer.points.length !== 20) throw new Error('a frontier of 20 points was expected');
          frontiers.push(performance.now() - started);
        }
      })();
      // Let the first solve start before the measurement does.
      await sleep(100);
      const load = await cannon(getUrl, DURATION);
      solving = false;
      await solver;
      during.push(load.latency);
    }
    const p99 = (list) => median(list.map((latency) => latency.p99));
    const p50 = (list) => median(list.map((latency) => latency.p50));
    process.stdout.write(
      `${size} proposals: GET /proposals/{id} p99 ${p99(during)} ms during frontiers ` +
        `(p50 ${p50(during)}), ${p99(idle)} ms without (p50 ${p50(idle)}); ` +
        `ceiling 100 ms, ratio ${(p99(during) / 100).toFixed(2)}; ` +
        `20-point frontier over HTTP: median ${median(frontiers).toFixed(0)} ms of ${frontiers.length}; ` +
        `load average ${loadavg()[0].toFixed(1)}\n`,
    );
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api.on('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  process.stdout.write(`build: ${ROOT}\n`);
  for (const size of SIZES) await measure(size);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
