#!/usr/bin/env node
// A bounded soak on loopback: the built API under a sustained write+read mix for a fixed time,
// then a report of 5xx answers, open sockets and RSS before and after. It stops by itself.
// "Before" is taken after a warm-up under the same load (pools fill, code is compiled), and RSS is
// sampled through the run, so a leak (steady growth) can be told from a heap settling (a plateau).
// Usage: npm run soak [-- --seconds 60 --warmup 15 --connections 16 --database sqlite|postgres]
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomUUID } = require('node:crypto');
const autocannon = require('autocannon');
const { Client } = require('pg');

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (pairs, arg, i, all) =>
        arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs,
      [],
    ),
);
const seconds = Math.min(Number(args.seconds ?? 60), 600);
const connections = Math.min(Number(args.connections ?? 16), 256);
const warmup = Math.min(Number(args.warmup ?? Math.min(15, Math.ceil(seconds / 4))), 120);
const databaseKind = args.database ?? 'sqlite';
const root = join(__dirname, '..');
const API = join(root, 'dist/apps/api/src/main.js');
const SECRET = randomUUID() + randomUUID();
const PORT = 3900 + (process.pid % 90);

const rssOf = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
const socketsOf = (pid) =>
  readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-soak-'));
  let databaseUrl = null;
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  const dbName = `ledger_soak_${process.pid}`;
  if (databaseKind === 'postgres') {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  }
  const env = {
    PATH: process.env.PATH,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    LEDGER_DATA_DIR: dataDir,
    LEDGER_JWT_SECRET: SECRET,
    LEDGER_RATE_LIMIT: '100000000',
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const api = spawn(process.execPath, [API], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (let i = 0; i < 300; i += 1) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/health`)).status === 200) break;
      } catch {
        /* starting */
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { AccessTokens, loadConfig } = require(join(root, 'dist/libs/platform/src'));
    const tokens = new AccessTokens(
      loadConfig({ LEDGER_JWT_SECRET: SECRET, LEDGER_DATA_DIR: dataDir }),
    );
    const proposer = await tokens.mint({ sub: 'soak', name: 'Soak Proposer', roles: ['proposer'] });
    const body = JSON.stringify({
      title: 'Soak proposal',
      summary: 'Load test',
      department: 'ICT',
      category: 'infrastructure',
      fiscalYear: '2026-27',
      capitalCost: '125000.00',
      annualRevenueCost: '1000',
      annualCashableSaving: '30000',
      annualNonCashableBenefit: '0',
      appraisalYears: 5,
      statutory: false,
    });
    const seed = await (
      await fetch(`http://127.0.0.1:${PORT}/api/v1/proposals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${proposer}` },
        body,
      })
    ).json();
    // Time bounds the load; the watchdog bounds the whole run even if something hangs.
    const watchdog = setTimeout(
      () => {
        console.error('The soak overran its time bound; stopping');
        api.kill('SIGKILL');
        process.exit(1);
      },
      (warmup + seconds + 60) * 1000,
    );
    watchdog.unref();
    const load = (duration) =>
      autocannon({
        url: `http://127.0.0.1:${PORT}`,
        connections,
        duration,
        headers: { authorization: `Bearer ${proposer}`, 'content-type': 'application/json' },
        requests: [
          { method: 'POST', path: '/api/v1/proposals', body },
          { method: 'GET', path: `/api/v1/proposals/${seed.id}` },
          { method: 'GET', path: '/api/v1/proposals?limit=10' },
        ],
      });
    const warm = warmup > 0 ? await load(warmup) : null;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = { rss: rssOf(api.pid), sockets: socketsOf(api.pid) };
    // RSS beside the V8 heap the API reports on /metrics: a heap that keeps growing is a leak in
    // our code; RSS growing with a flat heap is native memory (SQLite's cache, buffers) settling.
    const heapOf = async () => {
      try {
        const text = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
        const used = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(text);
        return used ? mb(Number(used[1])) : null;
      } catch {
        return null;
      }
    };
    const rssSamples = [];
    const loadStarted = Date.now();
    const sampler = setInterval(() => {
      const at = Math.round((Date.now() - loadStarted) / 1000);
      const rss = rssOf(api.pid);
      void heapOf().then((heap) => rssSamples.push({ at, rss: mb(rss), heap, rssBytes: rss }));
    }, 5000);
    let result;
    try {
      result = await load(seconds);
    } finally {
      clearInterval(sampler);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = { rss: rssOf(api.pid), sockets: socketsOf(api.pid) };
    const verify = await (
      await fetch(`http://127.0.0.1:${PORT}/api/v1/audit/verify`, {
        headers: { authorization: `Bearer ${await tokens.mint({ sub: 'a', roles: ['auditor'] })}` },
      })
    ).json();
    const report = {
      database: databaseKind,
      seconds,
      warmupSeconds: warmup,
      warmupStatus5xx: warm ? warm['5xx'] : 0,
      connections,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      status2xx: result['2xx'],
      status4xx: result['4xx'],
      status5xx: result['5xx'],
      errors: result.errors,
      timeouts: result.timeouts,
      rssBefore: mb(before.rss),
      rssAfter: mb(after.rss),
      // Flatness over the second half of the run: the median RSS of its last minute against that
      // of the minute before the half-way mark (medians, so one sample on a collection's peak or
      // trough does not decide it), and the highest sample.
      rssSecondHalfGrowth: secondHalfGrowth(rssSamples, seconds),
      rssPeak: mb(Math.max(...rssSamples.map((sample) => sample.rssBytes))),
      memoryEvery5s: rssSamples
        .sort((a, b) => a.at - b.at)
        .map(({ at, rss, heap }) => ({ at, rss, heap })),
      openSocketsBefore: before.sockets,
      openSocketsAfter: after.sockets,
      chain: verify,
    };
    console.log(JSON.stringify(report, null, 2));
    const failed =
      result['5xx'] > 0 ||
      (warm !== null && warm['5xx'] > 0) ||
      result.errors > 0 ||
      after.sockets > before.sockets + 2 ||
      !verify.ok;
    process.exitCode = failed ? 1 : 0;
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseKind === 'postgres') {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

function secondHalfGrowth(samples, totalSeconds) {
  const medianOf = (from, to) => {
    const values = samples
      .filter((sample) => sample.at > from && sample.at <= to)
      .map((sample) => sample.rssBytes)
      .sort((a, b) => a - b);
    return values.length ? values[Math.floor(values.length / 2)] : null;
  };
  const half = totalSeconds / 2;
  const window = Math.min(60, half);
  const middle = medianOf(half - window, half);
  const end = medianOf(totalSeconds - window, totalSeconds);
  if (middle === null || end === null) return null;
  return `${(((end - middle) / middle) * 100).toFixed(1)}% (${mb(middle)} -> ${mb(end)})`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
