'use strict';
// CPU per request inside each server, measured so that a shared, loaded machine does not swamp it:
// every server answers a fixed number of requests per round, and the server process's own CPU time
// (user + system, /proc/PID/stat) over the round, divided by the requests, is its cost. Throughput
// and p99 are reported too, but they follow the load; the CPU per request mostly does not.
// Builds are compared interleaved: give each build's root (a checkout with dist/ and node_modules).
//
//   node bench/lib/request-cost.js --kind sqlite --rounds 5 --requests 2000 [--root DIR]... [--prof DIR]
//
// Routes: GET /proposals/{id} and POST /proposals on the API, POST on the API without the store,
// GET and POST on a bare Fastify route. The ratios printed are the issue's: (API without store) /
// (bare POST), GET / (bare GET), POST / (API without store), from medians of the CPU per request.
const { spawn } = require('node:child_process');
const { createHmac } = require('node:crypto');
const { readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { join, resolve } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { createPgDatabase, createTempDir, dropPgDatabase, median } = require('./common');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const roots = args.flatMap((arg, i) => (args[i - 1] === '--root' ? [resolve(arg)] : []));
if (roots.length === 0) roots.push(resolve(__dirname, '..', '..'));
const kind = option('--kind', 'sqlite');
const rounds = Number(option('--rounds', 5));
const requests = Number(option('--requests', 2000));
const profDir = option('--prof');
const only = option('--only'); // comma-separated route names
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret!';
const TICK_US = 1e6 / 100; // USER_HZ

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

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

async function waitForHttp(url, child) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await sleep(100);
  }
}

async function database() {
  if (kind === 'postgres') {
    const db = await createPgDatabase();
    return { env: { DATABASE_URL: db.url }, cleanup: () => dropPgDatabase(db.name) };
  }
  const dir = createTempDir();
  return {
    env: { LEDGER_DATA_DIR: dir },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function start(name, script, extraArgs = () => []) {
  const port = await freePort();
  const db = await database();
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LEDGER_JWT_SECRET: JWT_SECRET,
    LEDGER_RATE_LIMIT: '1000000000',
    LOG_LEVEL: 'warn',
    ...db.env,
  };
  if (kind !== 'postgres') delete env.DATABASE_URL;
  const prof = profDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...prof, script, ...extraArgs(port)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHttp(`http://127.0.0.1:${port}/health`, child);
  return { name, child, port, base: `http://127.0.0.1:${port}`, cleanup: db.cleanup };
}

async function stop(server) {
  if (server.child.exitCode === null) {
    const exited = new Promise((done) => server.child.on('exit', done));
    server.child.kill('SIGINT');
    await Promise.race([exited, sleep(15_000).then(() => server.child.kill('SIGKILL'))]);
  }
  await Promise.resolve()
    .then(server.cleanup)
    .catch(() => undefined);
}

function cannon(options) {
  const autocannon = require('autocannon');
  return new Promise((done, fail) => {
    autocannon({ connections: 16, ...options }, (error, result) =>
      error ? fail(error) : done(result),
    );
  });
}

async function measure(server, options) {
  const before = cpuMicros(server.child.pid);
  const from = process.hrtime.bigint() / 1000n;
  const result = await cannon({ ...options, amount: requests });
  const cpu = cpuMicros(server.child.pid) - before;
  // With --prof: the window to give bench/lib/request-profile.js (--from --to --requests).
  if (profDir)
    process.stderr.write(
      `window ${server.name} ${options.method ?? 'GET'} --from ${from} --to ${process.hrtime.bigint() / 1000n} --requests ${result.requests.total}\n`,
    );
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${server.name} ${options.url}: ${bad} failed requests`);
  return {
    cpuUs: cpu / result.requests.total,
    rps: result.requests.average,
    p99: result.latency.p99,
  };
}

async function main() {
  const headers = {
    authorization: `Bearer ${token(['proposer'])}`,
    'content-type': 'application/json',
  };
  const body = JSON.stringify(DRAFT);
  const servers = [];
  const stop_ = async () => {
    for (const server of servers) await stop(server);
  };
  try {
    const bare = await start('bare', join(__dirname, 'bare-fastify.js'), (port) => [String(port)]);
    bare.base = `http://127.0.0.1:${bare.port}`;
    servers.push(bare);
    const builds = [];
    for (const [index, root] of roots.entries()) {
      const api = await start(`api-${index}`, join(root, 'dist/apps/api/src/main.js'));
      servers.push(api);
      const stack = await start(`stack-${index}`, join(root, 'bench/lib/api-without-store.js'));
      servers.push(stack);
      const created = await fetch(`${api.base}/api/v1/proposals`, {
        method: 'POST',
        headers,
        body,
      });
      if (created.status !== 201) throw new Error(`POST answered ${created.status}`);
      const { id } = await created.json();
      builds.push({ root, index, api, stack, id });
    }
    const routes = (build) => ({
      get: [build.api, { url: `${build.api.base}/api/v1/proposals/${build.id}`, headers }],
      post: [
        build.api,
        { url: `${build.api.base}/api/v1/proposals`, method: 'POST', headers, body },
      ],
      stack: [
        build.stack,
        { url: `${build.stack.base}/api/v1/proposals`, method: 'POST', headers, body },
      ],
    });
    const bareRoutes = {
      bareGet: [bare, { url: `${bare.base}/proposals/1`, headers }],
      barePost: [bare, { url: `${bare.base}/proposals`, method: 'POST', headers, body }],
    };
    const wanted = (name) => !only || only.split(',').includes(name);
    // Warm every route once (JIT, caches), unmeasured.
    for (const build of builds)
      for (const [name, [, options]] of Object.entries(routes(build)))
        if (wanted(name)) await cannon({ ...options, amount: Math.min(1000, requests) });
    for (const [name, [, options]] of Object.entries(bareRoutes))
      if (wanted(name)) await cannon({ ...options, amount: 1000 });
    const samples = {};
    const add = (key, value) => (samples[key] ??= []).push(value);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? builds : [...builds].reverse();
      for (const [name, [server, options]] of Object.entries(bareRoutes))
        if (wanted(name)) add(name, await measure(server, options));
      for (const build of order)
        for (const [name, [server, options]] of Object.entries(routes(build)))
          if (wanted(name)) add(`${name}@${build.index}`, await measure(server, options));
      process.stderr.write(
        `round ${round + 1}/${rounds} done, load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}\n`,
      );
    }
    const summary = {};
    for (const [key, list] of Object.entries(samples))
      summary[key] = {
        cpuUs: Math.round(median(list.map((s) => s.cpuUs))),
        rps: Math.round(median(list.map((s) => s.rps))),
        p99: median(list.map((s) => s.p99)),
      };
    const out = {
      kind,
      requests,
      rounds,
      roots,
      load: readFileSync('/proc/loadavg', 'utf8').trim(),
      summary,
      ratios: {},
    };
    for (const build of builds) {
      const s = (name) => summary[`${name}@${build.index}`];
      const r = {};
      if (s('stack') && summary.barePost)
        r.stackVsBare = {
          cpu: +(summary.barePost.cpuUs / s('stack').cpuUs).toFixed(3),
          rps: +(s('stack').rps / summary.barePost.rps).toFixed(3),
        };
      if (s('get') && summary.bareGet)
        r.getVsBare = {
          cpu: +(summary.bareGet.cpuUs / s('get').cpuUs).toFixed(3),
          rps: +(s('get').rps / summary.bareGet.rps).toFixed(3),
        };
      if (s('post') && s('stack'))
        r.postVsStack = {
          cpu: +(s('stack').cpuUs / s('post').cpuUs).toFixed(3),
          rps: +(s('post').rps / s('stack').rps).toFixed(3),
        };
      out.ratios[build.root] = r;
    }
    process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
  } finally {
    await stop_();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
